"""French typography in every output: a narrow no-break space before ; : ! ? and inside « »."""

from __future__ import annotations

import io
from pathlib import Path

import pptx
import pypdf
import pytest

from generator.i18n.typography import typeset, typeset_html
from generator.kits.load import load_brand
from generator.render import FORMATS
from generator.render.job import RenderJob
from generator.source.load import load_source

NNBSP = "\u202f"
SOURCE = """\
title: Courriel ou messagerie ?
subtitle: "Public : les chefs de produit"
language: {language}
subjects:
  - key: a
    name: « Scrumban »
  - key: b
    name: Kanban
dimensions:
  - name: Durée
    a: "Deux semaines ; parfois trois. Voir https://example.org/?q=1 à 10:30."
    b: Continue !
takeaways:
  - "Retenez : « une fois » suffit"
"""


@pytest.mark.parametrize(("text", "expected"), [
    ("Titre : sous-titre", f"Titre{NNBSP}: sous-titre"),
    ("Public: les chefs", f"Public{NNBSP}: les chefs"),  # the space left out is added
    ("Vraiment ?!", f"Vraiment{NNBSP}?!"),
    ("« Scrumban »", f"«{NNBSP}Scrumban{NNBSP}»"),
    ("«Scrumban»", f"«{NNBSP}Scrumban{NNBSP}»"),
    ("*texte* ?", f"*texte*{NNBSP}?"),
    ("à 10:30 sur https://x.org/?q=1", "à 10:30 sur https://x.org/?q=1"),  # not times, URLs
    ("Voir ![schéma](x.png)", "Voir ![schéma](x.png)"),  # not a Markdown picture's "!"
])
def test_french_spacing(text: str, expected: str) -> None:
    assert typeset(text, "fr") == expected
    assert typeset(expected, "fr-CA") == expected  # applied twice, the same
    assert typeset(text, "de") == text  # other languages keep their own rules


def test_html_is_typeset_outside_tags_styles_and_code() -> None:
    html = '<p title="a : b">Public : x</p><style>a:hover { x: y; }</style><code>a ; b</code>'
    assert typeset_html(html, "fr") == (
        f'<p title="a : b">Public{NNBSP}: x</p><style>a:hover {{ x: y; }}</style>'
        "<code>a ; b</code>")


def render(tmp_path: Path, language: str, name: str) -> bytes:
    source = tmp_path / f"{language}.yaml"
    source.write_text(SOURCE.format(language=language), encoding="utf-8")
    return FORMATS[name].render(RenderJob(load_source(source), load_brand(), source))


@pytest.mark.parametrize("name", ["handout", "cheatsheet"])
def test_french_pdfs_keep_punctuation_with_its_word(tmp_path: Path, name: str) -> None:
    text = "".join(page.extract_text() for page in pypdf.PdfReader(
        io.BytesIO(render(tmp_path, "fr", name))).pages)
    assert f"messagerie{NNBSP}?" in text and f"«{NNBSP}Scrumban{NNBSP}»" in text
    assert f"Retenez{NNBSP}:" in text
    assert "10:30" in text or name == "cheatsheet"  # times are no phrases (the detail's)
    german = "".join(page.extract_text() for page in pypdf.PdfReader(
        io.BytesIO(render(tmp_path, "de", name))).pages)
    assert NNBSP not in german


def test_french_decks_keep_punctuation_with_its_word(tmp_path: Path) -> None:
    deck = pptx.Presentation(io.BytesIO(render(tmp_path, "fr", "slides")))
    texts = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                      if shape.has_text_frame)
    assert f"messagerie{NNBSP}?" in texts and f"Public{NNBSP}: les chefs" in texts
    assert f"Continue{NNBSP}!" in texts
    assert f"Retenez{NNBSP}: «{NNBSP}une fois{NNBSP}»" in texts
