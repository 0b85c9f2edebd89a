"""Convert a kit's CFF-flavoured OpenType fonts (.otf) to TrueType outlines (.ttf).

Where HarfBuzz's subsetter is missing, WeasyPrint subsets every font it embeds with fontTools,
and a CFF font costs about three times what the same font in TrueType outlines does (fontTools
runs each CFF charstring to remove hints and recompute bounds).  The default kit ships Inter
converted with this script; client kits can run it on theirs.  Curves are approximated by
quadratic ones within 1 font unit (fontTools' cu2qu, as Google Fonts' builds do), which no
page shows; metrics, kerning, features and names are kept.  The fonts' licence must allow
modified versions (Inter's OFL does, and reserves no font name).

    python scripts/fonts_to_truetype.py templates/default/fonts/Inter-*.otf
writes Inter-Regular.ttf … next to each .otf (remove the .otf files and list the .ttf ones in
brand.yaml afterwards).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

MAX_ERROR = 1.0  # font units


def to_truetype(source: Path, target: Path) -> None:
    """Write the CFF font at `source` with TrueType outlines to `target`."""
    font = TTFont(source)
    if "CFF " not in font:
        raise SystemExit(f"{source}: has no CFF outlines to convert")
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    metrics = font["hmtx"]
    for name, glyph in glyphs.items():  # TrueType wants the left side bearing to be xMin
        if hasattr(glyph, "xMin"):
            metrics[name] = (metrics[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(target)


def main() -> None:
    for name in sys.argv[1:]:
        source = Path(name)
        target = source.with_suffix(".ttf")
        to_truetype(source, target)
        print(f"{target}: {target.stat().st_size // 1024} KB (was {source.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
