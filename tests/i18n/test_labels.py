"""Labels (the fixed wording of every output) in every shipped language."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import generated_source, write_yaml

from generator.cli import cli
from generator.i18n.labels import (
    CATALOGUE,
    LABEL_KEYS,
    labels_for,
    placeholder_problem,
    untranslated_labels,
)

ISSUE_LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs",
                   "tr", "ja", "zh", "ko", "ar", "he"]


@pytest.mark.parametrize("language", sorted(CATALOGUE))
def test_every_shipped_language_translates_every_label_with_its_placeholders(
        language: str) -> None:
    labels = CATALOGUE[language]
    assert list(labels) == list(LABEL_KEYS)
    for key, text in labels.items():
        assert text.strip() == text and text, (language, key)
        assert placeholder_problem(key, text) == "", (language, key, text)
    if language != "en":  # a translation, not English copied over
        # "Agenda", "Version", "Notes" may match; "Total" and "min" are many languages' words
        same = [k for k in LABEL_KEYS if labels[k] == CATALOGUE["en"][k]
                and k not in ("total", "minutes")]
        assert len(same) <= 4, (language, same)


def test_at_least_the_sixteen_languages_asked_for_are_shipped() -> None:
    assert set(ISSUE_LANGUAGES) <= set(CATALOGUE)


@pytest.mark.parametrize(("tag", "expected"), [
    ("de-CH", "Zusammenfassung"), ("pt-PT", "Resumo"), ("no", "Oppsummering"),
    ("nb-NO", "Oppsummering"), ("zh-CN", "总结"), ("zh-Hans", "总结"), ("zh-TW", "總結"),
    ("zh-Hant-HK", "總結"), ("ja-JP", "まとめ"), ("he-IL", "סיכום"), ("iw", "סיכום"),
    ("ru", "Summary"),
])
def test_language_tags_pick_their_catalogue(tag: str, expected: str) -> None:
    assert labels_for(tag)["summary"] == expected


def test_kit_overrides_win_and_count_as_translated() -> None:
    assert labels_for("ja", {"summary": "総括"})["summary"] == "総括"
    assert untranslated_labels("ja") == []
    assert untranslated_labels("ru", {"summary": "Итоги"}) == [
        k for k in LABEL_KEYS if k != "summary"]
    assert untranslated_labels("ru", dict.fromkeys(LABEL_KEYS, "x")) == []


def test_a_language_without_labels_warns_naming_the_english_ones(tmp_path: Path) -> None:
    russian = write_yaml(tmp_path / "ru.yaml", generated_source(2, 2, language="ru"))
    japanese = write_yaml(tmp_path / "ja.yaml", generated_source(2, 2, language="ja"))
    result = CliRunner().invoke(cli, ["build", str(russian), str(japanese), "--format",
                                      "cheatsheet", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "no labels" in line]
    assert warnings == [
        f"warning: ru.yaml: coursepack has no labels in 'ru', so {len(LABEL_KEYS)} labels stay "
        "in English ("
        + ", ".join(LABEL_KEYS) + ") — translate them under labels: in the kit's brand.yaml, "
        "or write the source in one of: " + ", ".join(CATALOGUE)]


@pytest.mark.parametrize(("tag", "rtl", "office"), [
    ("he", True, "he-IL"), ("iw", True, "he-IL"), ("ar-EG", True, "ar-EG"), ("fa", True, "fa-IR"),
    ("ur", True, "ur-PK"), ("en", False, "en-US"), ("in", False, "id-ID")])
def test_direction_and_office_tag_know_deprecated_subtags(tag: str, rtl: bool,
                                                           office: str) -> None:
    from generator.i18n.languages import is_rtl, office_language

    assert is_rtl(tag) is rtl and office_language(tag) == office
