"""`coursepack new`: a commented example course in the trainer's language, never overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from generator.cli import cli
from generator.i18n.labels import labels_for
from generator.source.load import load_source
from generator.source.starter import starter_languages


@pytest.mark.parametrize("language", starter_languages())
def test_a_new_course_is_a_valid_commented_source_in_its_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["new", "my-course", "--language", language])
    assert result.exit_code == 0, result.output
    path = tmp_path / "content" / "my-course.yaml"
    assert "wrote content/my-course.yaml" in result.output
    assert "coursepack preview content/my-course.yaml" in result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#") and "coursepack check" in text  # it explains itself
    course = load_source(path)
    assert course.language == language and len(course.subjects) >= 2
    checked = CliRunner().invoke(cli, ["check", str(path)])
    assert checked.exit_code == 0 and "warning" not in checked.output, checked.output


def test_a_new_course_builds_and_its_deck_speaks_its_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["new", "cours", "-l", "fr"]).exit_code == 0
    result = CliRunner().invoke(cli, ["build", "content/cours.yaml", "--format", "slides"])
    assert result.exit_code == 0, result.output
    deck = Presentation(tmp_path / "output" / "default" / "cours-slides.pptx")
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert labels_for("fr")["agenda"] in titles and "Délai de réponse" in titles


def test_a_language_without_a_starter_gets_the_english_example_and_says_so(
        tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "kurs", "-l", "ja", "--folder", str(tmp_path)])
    assert result.exit_code == 0
    assert "note: the example is written in English" in result.output
    assert load_source(tmp_path / "kurs.yaml").language == "ja"


def test_new_never_overwrites_and_refuses_what_is_no_language(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("my own course", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", str(path)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert path.read_text(encoding="utf-8") == "my own course"
    result = CliRunner().invoke(cli, ["new", "x", "-l", "fr_FR", "--folder", str(tmp_path)])
    assert result.exit_code == 2 and "is not a language tag" in result.output
    assert not (tmp_path / "x.yaml").exists()
