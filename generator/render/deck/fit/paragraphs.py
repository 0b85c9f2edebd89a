"""Paragraphs as the deck measures and writes them: styled runs from the content's Markdown,
with their list kind, level, scale and spacing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from generator.source.markdown import Run, to_blocks

BULLET_INDENT = 1.1  # ems per list level: room for "•"
NUMBER_INDENT = 1.8  # ems: room for "10."


@dataclass(frozen=True)
class Para:
    """A paragraph to measure and write: styled runs and how it is set.

    `scale` multiplies the frame's font size (a smaller caption line, say); `kind` is `para`,
    `bullet` or `number`; `space_before` is in ems of the paragraph's size.
    """

    runs: tuple[Run, ...]
    kind: str = "para"
    level: int = 0
    scale: float = 1.0
    bold: bool = False
    space_before: float = 0.0
    color: str | None = None  # #RRGGBB; None inherits
    start: int = 1  # the first number of a numbered list continued from another slide

    @property
    def text(self) -> str:
        """Return the paragraph's plain text."""
        return "".join(run.text for run in self.runs)

    def hanging(self, size: float) -> float:
        """Return how far the bullet or number hangs left of the text, in points."""
        own = size * self.scale
        return 0.0 if self.kind == "para" else own * (
            NUMBER_INDENT if self.kind == "number" else BULLET_INDENT)

    def indent(self, size: float) -> float:
        """Return the left indent of the text at `size` (the frame's), in points."""
        return self.hanging(size) + BULLET_INDENT * size * self.scale * self.level


def paragraphs(markdown: str | None, *, space_before: float = 0.4, pictures: bool = True,
               **style: Any) -> list[Para]:
    """Return the Markdown `markdown` as Paras (later ones `space_before` ems below the last);
    a picture as its description, or left out where the deck shows the picture itself (not
    `pictures`: a slide's body and columns, whose pictures a follow-on slide shows)."""
    return [Para(tuple(block.runs), block.kind, block.level,
                 space_before=space_before if i else 0.0, **style)
            for i, block in enumerate(to_blocks(markdown, pictures_as_text=pictures))]


def plain(text: str, **style: Any) -> Para:
    """Return a Para of literal `text` (no Markdown)."""
    return Para((Run(text),), **style)


def first_in_box(paras: list[Para]) -> list[Para]:
    """Return `paras` with no space above the first one (it starts a box)."""
    return [replace(paras[0], space_before=0), *paras[1:]] if paras else []
