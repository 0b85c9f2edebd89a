"""Write the default kit's logo.svg: the coursepack mark and its wordmark as glyph outlines.

The wordmark is drawn from Inter SemiBold's outlines rather than SVG <text>, so the logo looks
the same whatever fonts a machine has, and WeasyPrint draws it as one path instead of shaping
ten letters on every page.  Run from the repo root: python scripts/make_default_logo.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from make_northwind_kit import Line

KIT = Path(__file__).resolve().parent.parent / "templates" / "default"
NAVY, ORANGE, WHITE = "#1F3A5F", "#E07A2E", "#FFFFFF"


def logo_svg() -> str:
    """Return the logo: the mark's three rounded bars and the outlined word "coursepack"."""
    word = Line(KIT / "fonts" / "Inter-SemiBold.otf", "coursepack", 22)
    pen = SVGPathPen(word.glyphs, ntos=lambda n: f"{n:.2f}".rstrip("0").rstrip("."))
    word.draw(46, 33, lambda transform: TransformPen(pen, transform))
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="240" height="48" viewBox="0 0 240 48" \
role="img" aria-labelledby="title">
  <title id="title">coursepack</title>
  <rect x="0" y="6" width="36" height="36" rx="8" fill="{NAVY}"/>
  <rect x="9" y="15" width="8" height="18" rx="2" fill="{WHITE}"/>
  <rect x="19" y="15" width="8" height="18" rx="2" fill="{ORANGE}"/>
  <path fill="{NAVY}" d="{pen.getCommands()}"/>
</svg>
"""


if __name__ == "__main__":
    (KIT / "logo.svg").write_text(logo_svg(), encoding="utf-8")
