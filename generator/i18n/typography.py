"""The spacing a language's readers expect around punctuation.

French sets a narrow no-break space (U+202F) before `; : ! ?` and inside « », so that
"Public : …" and « Scrumban » never break apart at a line's end; a space typed there becomes
that one, and one left out is added.  Other languages keep their text as written.  Applied
to the deck's outline and to the PDFs' HTML (text only: never tags, styles or code), so
every output sets the same.
"""

from __future__ import annotations

import re

from generator.i18n.languages import primary_subtag

NARROW_NBSP = "\u202f"
# After a word, a closing quote or bracket, or Markdown emphasis, before ; ! ? (not "?!"'s
# second mark, not an image's "![") and before a colon that ends a phrase (not 10:30, https:).
_BEFORE = r"(?<=[\w»)\]”’\"'*_`])[ \u00a0\u202f]?"
_FRENCH = (
    (re.compile(_BEFORE + r"([;!?])(?![\[\w])"), NARROW_NBSP + r"\1"),
    (re.compile(_BEFORE + r"(:)(?=\s|$)"), NARROW_NBSP + r"\1"),
    (re.compile(r"«[ \u00a0\u202f]?"), "«" + NARROW_NBSP),
    (re.compile(r"[ \u00a0\u202f]?»"), NARROW_NBSP + "»"),
)
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_VERBATIM = {"style", "script", "code", "pre", "kbd", "samp"}


def typeset(text: str, language: str) -> str:
    """Return `text` (plain or Markdown) with `language`'s spacing around punctuation."""
    if primary_subtag(language) != "fr" or not text:
        return text
    for pattern, replacement in _FRENCH:
        text = pattern.sub(replacement, text)
    return text


def typeset_html(html: str, language: str) -> str:
    """Return `html` with `typeset` applied to its text, outside tags and verbatim elements."""
    if primary_subtag(language) != "fr":
        return html
    pieces = _TAG_OR_TEXT.split(html)
    verbatim = 0
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            name = re.match(r"</?\s*([A-Za-z0-9]+)", piece)
            if name and name.group(1).lower() in _VERBATIM and not piece.endswith("/>"):
                verbatim += -1 if piece.startswith("</") else 1
        elif verbatim <= 0 and piece:
            pieces[index] = typeset(piece, language)
    return "".join(pieces)
