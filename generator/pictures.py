"""Pictures in a source's Markdown: the checks a build makes on them before rendering."""

from __future__ import annotations

from typing import Any

from generator.located.yaml import line_and_column
from generator.source.markdown import undescribed_pictures
from generator.source.model import texts_in


def pictures_without_alt(source_name: str, data: Any, source_text: str = "") -> list[str]:
    """Return a message for each picture in `data` (a source as plain data) that has no
    description for screen readers and for the deck, located where its file name first
    appears in `source_text` (the source file as written), if given."""
    found = []
    for text in texts_in(data):
        for src in undescribed_pictures(text):
            where = source_name
            at = source_text.find(src) if src else -1
            if at >= 0:
                line, column = line_and_column(source_text, at)
                where = f"{source_name}:{line}:{column}"
            message = (f"{where}: the picture {src!r} has no description — write what it "
                       "shows between the brackets, e.g. ![The 2027 roadmap](roadmap.png); "
                       "screen readers and the deck read it")
            if message not in found:
                found.append(message)
    return found
