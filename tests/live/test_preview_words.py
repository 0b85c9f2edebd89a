"""The preview page's words: said in every language coursepack ships labels in."""

from __future__ import annotations

import re

import pytest

from generator.i18n.labels import CATALOGUE
from generator.i18n.preview_words import PREVIEW_WORDS, WORD_KEYS, preview_words
from generator.render import FORMATS


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{([^{}]*)\}", text))


@pytest.mark.parametrize("language", list(CATALOGUE))
def test_every_language_says_every_word_with_its_placeholders(language: str) -> None:
    words = PREVIEW_WORDS.get(language)
    assert words is not None, f"no preview words in {language!r}"
    assert set(words) == set(WORD_KEYS), language
    for key, text in words.items():
        assert text.strip(), (language, key)
        assert placeholders(text) == placeholders(PREVIEW_WORDS["en"][key]), (language, key)
    # what is never translated
    assert "coursepack" in words["title"] and "coursepack" in words["stopped"]
    assert "apt install libreoffice-impress" in words["slides_unavailable"]
    for key in ("slides_unavailable", "slides_pending", "slides_failed"):
        assert "LibreOffice" in words[key], (language, key)
    # the guide is called what the documents call it
    assert words["format_guide"] == CATALOGUE[language]["guide"]


def test_languages_other_than_english_are_translated() -> None:
    english = PREVIEW_WORDS["en"]
    for language, words in PREVIEW_WORDS.items():
        if language != "en":
            same = [key for key in ("side_by_side", "speaker_notes", "problems", "slides_pending")
                    if words[key] == english[key]]
            assert not same, (language, same)


def test_every_format_is_named() -> None:
    assert {f"format_{name}" for name in FORMATS} <= set(WORD_KEYS)


@pytest.mark.parametrize(("language", "key"), [
    ("fr", "fr"), ("fr-CA", "fr"), ("de-CH", "de"), ("zh-TW", "zh-Hant"), ("zh-Hans", "zh"),
    ("iw", "he"), ("xx", "en"), ("en-GB", "en"),
])
def test_words_are_looked_up_as_the_labels_are(language: str, key: str) -> None:
    assert preview_words(language) == PREVIEW_WORDS[key]


def test_a_word_a_language_does_not_say_is_said_in_english(monkeypatch) -> None:
    partial = {key: text for key, text in PREVIEW_WORDS["fr"].items() if key != "speaker_notes"}
    monkeypatch.setitem(PREVIEW_WORDS, "fr", partial)
    words = preview_words("fr")
    assert words["speaker_notes"] == "Speaker notes"
    assert words["side_by_side"] == "Côte à côte"
