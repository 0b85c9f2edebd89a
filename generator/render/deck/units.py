"""Lengths on a slide and the rectangles everything is placed in: EMU (English Metric Units,
what OOXML counts in), points and inches, and `Box`.  Defined here once for the whole deck
engine; no python-pptx, no XML."""

from __future__ import annotations

from dataclasses import dataclass, replace

INCH = 914_400  # EMU
EMU_PER_PT = 12_700
# A text frame's insets when it says none: left, top, right, bottom (PowerPoint's own).
DEFAULT_INSETS = (int(0.1 * INCH), int(0.05 * INCH), int(0.1 * INCH), int(0.05 * INCH))
# The space we leave between pieces we draw ourselves: a takeaway band and the text above
# it, a logo and the text it was made room for.
GAP = INCH // 4
# How far a placeholder moved clear of another (a body under a title, an area above the
# slide number) stays from it: a designer's master is tighter than the gaps we draw.
CLEARANCE = int(0.2 * INCH)
HAIRLINE = EMU_PER_PT  # two boxes touching by this much or less do not overlap


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide in EMU, with the text insets of the frame it becomes."""

    left: int
    top: int
    width: int
    height: int
    insets: tuple[int, int, int, int] = DEFAULT_INSETS

    @property
    def text_width(self) -> float:
        """Return the width available to text, in points."""
        return (self.width - self.insets[0] - self.insets[2]) / EMU_PER_PT

    @property
    def text_height(self) -> float:
        """Return the height available to text, in points."""
        return (self.height - self.insets[1] - self.insets[3]) / EMU_PER_PT

    @property
    def right(self) -> int:
        """Return the right edge in EMU."""
        return self.left + self.width

    @property
    def bottom(self) -> int:
        """Return the bottom edge in EMU."""
        return self.top + self.height

    def with_insets(self, insets: tuple[int, int, int, int]) -> Box:
        """Return this box with other insets."""
        return replace(self, insets=insets)


def overlap(one: Box, other: Box, tolerance: int = 0) -> bool:
    """Return whether two boxes share more than `tolerance` EMU both across and down."""
    return (min(one.right, other.right) - max(one.left, other.left) > tolerance
            and min(one.bottom, other.bottom) - max(one.top, other.top) > tolerance)


def inches(emu: int) -> str:
    """Return a length for messages: `2.5` (inches, at most two decimals)."""
    return f"{emu / INCH:.2f}".rstrip("0").rstrip(".")
