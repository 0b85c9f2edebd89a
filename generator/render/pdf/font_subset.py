"""Font subsetting in PDFs, on machines without HarfBuzz's subsetter.

WeasyPrint embeds only the glyphs a PDF uses.  With libharfbuzz-subset (C) that takes
milliseconds; without it WeasyPrint falls back to fontTools (pure Python), which spent three
quarters of its time decompiling the fonts' GSUB and GPOS tables (fontTools compacts layout
tables before subsetting) only for WeasyPrint to drop them: text is shaped long before a PDF
is written, and the subset never keeps them.  So on that path coursepack removes the two
tables (and the legacy kern table fontTools drops when GPOS is there) before subsetting,
which gives the same subset two to three times sooner.  Where HarfBuzz's subsetter is present
nothing is changed.  (Fonts with TrueType outlines subset about three times faster than CFF
ones on this path: the default kit's Inter is TrueType, see scripts/fonts_to_truetype.py.)
"""

from __future__ import annotations

import io
from typing import Any

SLOW_NOTE = ("PDFs are written about twice as slowly here: HarfBuzz's subsetter is missing, so "
             "fonts are subset in Python — install libharfbuzz-subset0 (Debian, Ubuntu), "
             "harfbuzz (Fedora, Homebrew) or the GTK runtime's HarfBuzz (Windows)")


def has_fast_subsetting() -> bool:
    """Return whether WeasyPrint subsets fonts with HarfBuzz (imports WeasyPrint): the test
    WeasyPrint's `Font.subset` makes, on the names it uses."""
    from weasyprint.pdf import fonts

    if getattr(fonts, "harfbuzz_subset", None) is None:
        return False
    try:
        return bool(fonts.harfbuzz.hb_version_atleast(4, 1, 0))
    except AttributeError:  # a WeasyPrint this was not written for: assume its own test
        return True


def speed_up_python_subsetting() -> bool:
    """Make WeasyPrint's fontTools subsetting skip the layout tables it drops anyway; return
    whether it did (False where HarfBuzz subsets, or the WeasyPrint code is not the one this
    was written for)."""
    if has_fast_subsetting():
        return False
    from weasyprint.pdf import fonts

    font_class = getattr(fonts, "Font", None)
    original = getattr(font_class, "_fonttools_subset", None)
    if original is None or getattr(original, "coursepack", False):
        return False
    subset, ttfont = fonts.subset, fonts.TTFont

    def fonttools_subset(self: Any, to_unicode: Any, hinting: Any) -> None:
        # WeasyPrint 70's Font._fonttools_subset, with GSUB and GPOS removed before the
        # subset: its options drop them, but fontTools decompiles them first.  A font
        # fontTools cannot read (a kit's broken one: WeasyPrint catches only TTLibError) is
        # embedded whole, as WeasyPrint embeds those.
        options = subset.Options(
            retain_gids=True, passthrough_tables=True, ignore_missing_glyphs=True,
            hinting=hinting, desubroutinize=True, notdef_outline=bool(self.missing))
        options.drop_tables += ["GSUB", "GPOS", "SVG"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=to_unicode)
        try:
            # the subset keeps the font's own date: the same inputs give the same PDF bytes
            font = ttfont(io.BytesIO(self.file_content), fontNumber=self.index,
                          recalcTimestamp=False)
            # fontTools drops a legacy kern table where GPOS is present: so do we
            doomed = ["GSUB", "GPOS", "kern"] if "GPOS" in font else ["GSUB"]
            for tag in doomed:
                if tag in font:
                    del font[tag]
            subsetter.subset(font)
            out = io.BytesIO()
            font.save(out)
        except MemoryError:
            raise
        except Exception:  # fontTools raises many kinds on broken data
            return
        self.file_content = out.getvalue()

    fonttools_subset.coursepack = True  # type: ignore[attr-defined]
    fonttools_subset.original = original  # type: ignore[attr-defined]
    assert font_class is not None  # it has the method
    font_class._fonttools_subset = fonttools_subset
    return True
