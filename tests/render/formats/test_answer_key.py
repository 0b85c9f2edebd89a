"""Learner-safe handouts: the answer key printed or not, and trainer notes never printed."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from conftest import SAMPLE, build_sample, make_kit
from pptx import Presentation

from generator.cli import cli
from generator.source.load import load_source
from generator.source.markdown import to_plain_text

DOC = load_source(SAMPLE)


def words(text: str) -> str:
    """Return `text` as its letters only, to compare whatever the line breaks."""
    return re.sub(r"[\W_]+", "", text.replace("\u00ad", "")).lower()


def pdf_words(path: Path) -> str:
    return words(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


def answer_fragments() -> list[str]:
    """Return each answer whole (parts of them echo the cells' details)."""
    return [words(to_plain_text(item.answer)) for item in DOC.review]


def build(tmp_path: Path, *options: str, kit: Path | None = None) -> Path:
    return build_sample(tmp_path / "out", *options, kit=kit)


def test_the_handout_prints_the_answer_key_by_default(tmp_path: Path) -> None:
    folder = build(tmp_path, "--format", "handout")
    text = pdf_words(folder / "product-vs-project-management-handout.pdf")
    assert all(fragment in text for fragment in answer_fragments())


@pytest.mark.parametrize("how", ["option", "kit"])
def test_without_the_answer_key_no_answer_text_is_in_any_learner_pdf(tmp_path: Path,
                                                                      how: str) -> None:
    kit = None
    if how == "kit":  # and its template asks for the answers: they are not in its data
        kit = make_kit(tmp_path, "name: Learners\nanswer_key: false\n", {"handout.html.j2": (
            '{% extends "default/handout.html.j2" %}{% block sources %}'
            '{% for r in doc.review %}<p>ANSWER:{{ r.answer }}</p>{% endfor %}{% endblock %}')})
    folder = build(tmp_path, *(["--no-answer-key"] if how == "option" else []), kit=kit)
    edition = "-no-answers" if how == "option" else ""  # the kit's says nothing of it
    for name in ("handout", "cheatsheet"):
        text = pdf_words(folder / f"product-vs-project-management-{name}{edition}.pdf")
        assert not any(fragment in text for fragment in answer_fragments()), name
        if name == "handout" and how == "option":  # the rest is there
            assert words("Asking ChatGPT") in text
    handout = pdf_words(folder / f"product-vs-project-management-handout{edition}.pdf")
    assert all(words(to_plain_text(item.question))[:60] in handout for item in DOC.review)
    assert (words("ANSWER:") in handout) is (how == "kit")  # the kit's template ran, empty
    # the trainer's deck keeps the answers in its speaker notes
    deck = Presentation(folder / "product-vs-project-management-slides.pptx")
    notes = words(" ".join(s.notes_slide.notes_text_frame.text for s in deck.slides))
    assert all(fragment in notes for fragment in answer_fragments())


def test_the_command_line_beats_the_kit(tmp_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Learners\nanswer_key: false\n")
    folder = build(tmp_path, "--answer-key", "--format", "handout", kit=kit)
    text = pdf_words(folder / "product-vs-project-management-handout.pdf")
    assert all(fragment in text for fragment in answer_fragments())


def test_facilitator_notes_never_reach_a_learner_pdf(tmp_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Nosy\n", {"handout.html.j2": (
        '{% extends "default/handout.html.j2" %}{% block sources %}'
        '<p>NOTES:{{ doc.notes }}</p>{% endblock %}')})
    folder = build(tmp_path, "--format", "handout", "--format", "slides", kit=kit)
    text = pdf_words(folder / "product-vs-project-management-handout.pdf")
    assert words("Print the handout and the cards for the card sort") not in text
    deck = Presentation(folder / "product-vs-project-management-slides.pptx")
    notes = words(" ".join(s.notes_slide.notes_text_frame.text for s in deck.slides))
    assert words("Print the handout and the cards for the card sort") in notes


def test_a_kit_answer_key_that_is_not_true_or_false_is_located(tmp_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Odd\nanswer_key: maybe\n")
    result = CliRunner().invoke(cli, ["build", str(SAMPLE), "--brand", str(kit),
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "brand.yaml:2:13: answer_key: expected true or false, found 'maybe' — write `true` " \
           "or `false`" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.p*"))
