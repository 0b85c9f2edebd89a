"""Write the default kit's logo.svg and logo.png: the coursepack mark and its wordmark.

Both are drawn from one geometry.  The wordmark is Inter SemiBold's glyph outlines rather than
SVG <text>, so the logo looks the same whatever fonts a machine has, and WeasyPrint draws it as
one path instead of shaping ten letters on every page.  The canvas ends where the wordmark
ends, so a right-aligned logo lines up with the margin.  logo.png is the SVG's twin for the
deck.  Run from the repo root: python scripts/make_default_logo.py
"""

from __future__ import annotations

import math
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from make_northwind_kit import Line, _FlatPen, _paint
from PIL import Image, ImageChops, ImageDraw

KIT = Path(__file__).resolve().parent.parent / "templates" / "default"
NAVY, ORANGE, WHITE = "#1F3A5F", "#E07A2E", "#FFFFFF"
HEIGHT = 48
# (x, y, width, height, corner radius, colour): the mark, in logo units
MARK = ((0, 6, 36, 36, 8, NAVY), (9, 15, 8, 18, 2, WHITE), (19, 15, 8, 18, 2, ORANGE))
WORD_X, WORD_BASELINE, WORD_SIZE = 46, 33, 22
PNG_SCALE = 4  # px per logo unit in logo.png (684 px wide: sharp on a projected title slide)


def wordmark() -> Line:
    """Return the word "coursepack" set in Inter SemiBold."""
    return Line(KIT / "fonts" / "Inter-SemiBold.ttf", "coursepack", WORD_SIZE)


def logo_width(word: Line) -> int:
    """Return the logo's width in units: up to the end of the wordmark."""
    return math.ceil(WORD_X + word.width)


def logo_svg() -> str:
    """Return the logo as a standalone SVG: rounded bars and the outlined word."""
    word = wordmark()
    width = logo_width(word)
    pen = SVGPathPen(word.glyphs, ntos=lambda n: f"{n:.2f}".rstrip("0").rstrip("."))
    word.draw(WORD_X, WORD_BASELINE, lambda transform: TransformPen(pen, transform))
    bars = "\n".join(f'  <rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{c}"/>'
                     for x, y, w, h, r, c in MARK)
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" \
viewBox="0 0 {width} {HEIGHT}" role="img" aria-labelledby="title">
  <title id="title">coursepack</title>
{bars}
  <path fill="{NAVY}" d="{pen.getCommands()}"/>
</svg>
"""


def logo_png() -> Image.Image:
    """Return the same logo drawn with Pillow (supersampled 4×), transparent background."""
    word = wordmark()
    width = logo_width(word)
    ss = 4 * PNG_SCALE
    size = (width * ss, HEIGHT * ss)
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    for x, y, w, h, r, colour in MARK:
        draw.rounded_rectangle((x * ss, y * ss, (x + w) * ss - 1, (y + h) * ss - 1),
                               radius=r * ss, fill=colour)
    pen = _FlatPen(word.glyphs)
    word.draw(WORD_X, WORD_BASELINE, lambda transform: TransformPen(pen, transform))
    mask = Image.new("1", size, 0)
    for contour in pen.contours:  # even-odd: counters (the holes of o, e, p, a) stay open
        one = Image.new("1", size, 0)
        ImageDraw.Draw(one).polygon([(px * ss, py * ss) for px, py in contour], fill=1)
        mask = ImageChops.logical_xor(mask, one)
    _paint(canvas, mask.convert("L"), NAVY)
    return canvas.resize((width * PNG_SCALE, HEIGHT * PNG_SCALE), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    (KIT / "logo.svg").write_text(logo_svg(), encoding="utf-8")
    logo_png().save(KIT / "logo.png", "PNG", optimize=True)
