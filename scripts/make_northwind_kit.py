"""Generate the binary assets of the example client kit templates/northwind/.

Run from anywhere: ``python scripts/make_northwind_kit.py [KIT_FOLDER]``. It writes

- ``fonts/``: Lato (body: Regular, Italic, Semibold, SemiboldItalic, Bold, BoldItalic) and
  Vollkorn SemiBold and Bold (headings),
  copied from the Debian packages fonts-lato and fonts-vollkorn, plus ``OFL.txt`` built from
  the packages' copyright files (both fonts are under the SIL Open Font License 1.1). When the
  packages are not installed the copies already in the kit are kept.
- ``logo.svg`` and ``logo.png``: a compass mark and the wordmark. Both are drawn from the same
  geometry; the wordmark's letters are the fonts' own glyph outlines, so the SVG needs no font
  and the PNG (drawn with Pillow) matches it.
- ``northwind-master.potx``: a 16:9 PowerPoint template with renamed layouts ("NW Title" ...),
  a teal title and section look, the logo on the slide master and two sample slides, the way
  client templates usually arrive. python-pptx cannot save a .potx, so the deck is saved as a
  .pptx and copied member by member with the template content type for the main part.

``brand.yaml`` is written by hand and is not touched here.
"""

from __future__ import annotations

import datetime
import io
import logging
import shutil
import sys
import zipfile
from pathlib import Path

from fontTools.pens.basePen import BasePen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image, ImageChops, ImageDraw
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from slide_xml import (
    NS,
    NSDECL,
    levels,
    placeholder,
    rect,
    replace_shapes,
    text_styles,
    themed,
    title_ph,
    with_slide_number,
    xfrm,
)

logging.getLogger("fontTools").setLevel(logging.ERROR)  # Lato's old 'created' timestamps

KIT = Path(__file__).resolve().parent.parent / "templates" / "northwind"
MASTER_NAME = "northwind-master.potx"

# -- palette (kept in step with brand.yaml) --------------------------------------------------
PRIMARY = "#0F4C5C"    # deep teal
SECONDARY = "#2C7A7B"  # teal
ACCENT = "#E36414"     # coral / amber
TEXT = "#1B262C"
BACKGROUND = "#FFFFFF"
PALE = "#A9D1CF"       # light teal for text and marks on the deep teal
ACCENT_DARK = "#B94E0C"  # the shaded half of the north point

# -- fonts -----------------------------------------------------------------------------------
LATO = Path("/usr/share/fonts/truetype/lato")
VOLLKORN = Path("/usr/share/fonts/truetype/vollkorn")
# the default stylesheets use weights 400, 600 and 700: without a 600 face in the kit, a
# machine with Lato or Vollkorn installed would use its own SemiBold instead of the kit's Bold
FONT_FILES = {
    "Lato-Regular.ttf": LATO, "Lato-Italic.ttf": LATO, "Lato-Semibold.ttf": LATO,
    "Lato-SemiboldItalic.ttf": LATO, "Lato-Bold.ttf": LATO, "Lato-BoldItalic.ttf": LATO,
    "Vollkorn-SemiBold.ttf": VOLLKORN, "Vollkorn-Bold.ttf": VOLLKORN,
}
COPYRIGHTS = (("Lato", Path("/usr/share/doc/fonts-lato/copyright")),
              ("Vollkorn", Path("/usr/share/doc/fonts-vollkorn/copyright")))
HEADING_FONT, BODY_FONT = "Vollkorn", "Lato"


def copy_fonts(kit: Path) -> None:
    """Copy the font files and their licence into `kit`/fonts, if the packages are installed."""
    fonts = kit / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for name, folder in FONT_FILES.items():
        if (folder / name).is_file():
            shutil.copyfile(folder / name, fonts / name)
        elif not (fonts / name).is_file():
            raise SystemExit(f"{name}: not in {folder} nor in the kit — apt-get install "
                             "fonts-lato fonts-vollkorn")
    if all(path.is_file() for _, path in COPYRIGHTS):
        (fonts / "OFL.txt").write_text(licence_text(), encoding="utf-8")


def _files_star(copyright_file: Path) -> tuple[list[str], list[str]]:
    """Return the copyright lines and the licence text of a Debian copyright's `Files: *`."""
    paragraphs = copyright_file.read_text(encoding="utf-8").split("\n\n")
    para = next(p for p in paragraphs if p.startswith("Files: *"))
    holders: list[str] = []
    licence: list[str] = []
    field = ""
    for line in para.splitlines():
        if not line.startswith(" "):
            field, _, value = line.partition(":")
            value = value.strip()
            if field == "Copyright":
                holders.append(value)
            continue
        text = "" if line.strip() == "." else line[1:].rstrip()
        if field == "Copyright":
            holders.append(text.strip())
        elif field == "License":
            licence.append(text)
    return holders, licence


def licence_text() -> str:
    """Return OFL.txt: each family's copyright notice, then the SIL OFL 1.1 text."""
    out = ["Fonts in this folder, from the Debian packages fonts-lato and fonts-vollkorn.", ""]
    body: list[str] = []
    for family, path in COPYRIGHTS:
        holders, licence = _files_star(path)
        out.append(f"{family} typeface - Copyright " + "; ".join(h.lstrip("(c) ").strip()
                                                              for h in holders if h))
        if "SIL OPEN FONT LICENSE Version 1.1" in "\n".join(licence):
            body = licence
    if not body:
        raise SystemExit("no SIL OFL 1.1 text found in the Debian copyright files")
    out += ["", *body]
    return "\n".join(out).rstrip() + "\n"


# -- the logo: one geometry for the SVG and the PNG ---------------------------------------------
LOGO_W, LOGO_H = 480, 120  # the wordmark ends at about x = 470
MARK_C, MARK_R, RING_W = 60.0, 52.0, 5.0
WORD_X = 132.0


def star_facets(cx: float, cy: float, scale: float, north: str, north_shade: str,
                light: str, dark: str) -> list[tuple[list[tuple[float, float]], str]]:
    """Return the compass star as (polygon, colour) facets, drawn in this order.

    The mark is designed on a 120-unit square (centre 60, 60); `scale` and the centre move it.
    North and south are long points, east and west short ones; each point has a lit and a
    shaded half, and north is in the accent colour.
    """
    def pts(*xy: tuple[float, float]) -> list[tuple[float, float]]:
        return [(cx + x * scale, cy + y * scale) for x, y in xy]

    long_r, short_r, half_w = 40.0, 27.0, 9.5
    return [
        (pts((0, 0), (short_r, 0), (0, -half_w * 0.8)), light),   # east
        (pts((0, 0), (short_r, 0), (0, half_w * 0.8)), dark),
        (pts((0, 0), (-short_r, 0), (0, -half_w * 0.8)), dark),   # west
        (pts((0, 0), (-short_r, 0), (0, half_w * 0.8)), light),
        (pts((0, 0), (0, long_r), (-half_w, 0)), light),          # south
        (pts((0, 0), (0, long_r), (half_w, 0)), dark),
        (pts((0, 0), (0, -long_r), (-half_w, 0)), north),         # north
        (pts((0, 0), (0, -long_r), (half_w, 0)), north_shade),
    ]


LOGO_COLOURS = {
    # ring, north, north shade, light facet, dark facet, centre, wordmark, tagline
    "standard": (PRIMARY, ACCENT, ACCENT_DARK, SECONDARY, PRIMARY, BACKGROUND, PRIMARY,
                 SECONDARY),
    "reversed": (BACKGROUND, ACCENT, ACCENT_DARK, BACKGROUND, PALE, PRIMARY, BACKGROUND, PALE),
    "watermark": ("#1E6470", ACCENT, ACCENT_DARK, "#2A6F7A", "#1E6470", PRIMARY, "", ""),
}


class _FlatPen(BasePen):
    """A pen that flattens glyph outlines into polygons (one per contour)."""

    def __init__(self, glyph_set: object) -> None:
        super().__init__(glyph_set)
        self.contours: list[list[tuple[float, float]]] = []

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.contours.append([pt])

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.contours[-1].append(pt)

    def _curveToOne(self, p1, p2, p3) -> None:
        p0 = self.contours[-1][-1]
        for i in range(1, 13):
            t = i / 12
            u = 1 - t
            self.contours[-1].append((
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1]))

    def _qCurveToOne(self, p1, p2) -> None:
        p0 = self.contours[-1][-1]
        for i in range(1, 9):
            t = i / 8
            u = 1 - t
            self.contours[-1].append((u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0],
                                      u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1]))

    def _closePath(self) -> None:
        pass


class Line:
    """One line of the wordmark: text in a font at a size, with optional letter spacing."""

    def __init__(self, font_path: Path, text: str, size: float, tracking: float = 0.0) -> None:
        self.font = TTFont(font_path)
        self.text, self.size, self.tracking = text, size, tracking
        self.upm = self.font["head"].unitsPerEm
        self.cmap = self.font.getBestCmap()
        self.glyphs = self.font.getGlyphSet()

    def _advances(self) -> list[tuple[str, float]]:
        hmtx = self.font["hmtx"]
        scale = self.size / self.upm
        out = []
        for ch in self.text:
            name = self.cmap[ord(ch)]
            out.append((name, hmtx[name][0] * scale + self.tracking))
        return out

    @property
    def width(self) -> float:
        """Return the width from the first glyph's origin to the last glyph's advance."""
        return sum(adv for _, adv in self._advances()) - self.tracking

    def draw(self, x: float, baseline: float, pen_factory) -> None:
        """Draw each glyph with a pen made by `pen_factory(transform)`."""
        scale = self.size / self.upm
        for name, adv in self._advances():
            pen = pen_factory((scale, 0, 0, -scale, x, baseline))
            self.glyphs[name].draw(pen)
            x += adv


def wordmark_lines(fonts: Path) -> tuple[Line, Line]:
    """Return the two lines of the wordmark, the tagline tracked to the name's width."""
    name = Line(fonts / "Vollkorn-Bold.ttf", "Northwind", 64)
    academy = Line(fonts / "Lato-Bold.ttf", "ACADEMY", 21)
    academy.tracking = (name.width - academy.width) / (len(academy.text) - 1)
    return name, academy


NAME_BASELINE, ACADEMY_BASELINE = 70.0, 101.0


def logo_svg(fonts: Path) -> str:
    """Return the logo as a standalone SVG: shapes and glyph outlines, no text or links."""
    ring, north, shade, light, dark, centre, word, tag = LOGO_COLOURS["standard"]
    facets = "\n    ".join(
        f'<polygon points="{" ".join(f"{x:.2f},{y:.2f}" for x, y in poly)}" fill="{colour}"/>'
        for poly, colour in star_facets(MARK_C, MARK_C, 1.0, north, shade, light, dark))
    paths = []
    for line, colour, baseline in zip(wordmark_lines(fonts), (word, tag),
                                      (NAME_BASELINE, ACADEMY_BASELINE), strict=True):
        pen = SVGPathPen(line.glyphs)
        line.draw(WORD_X, baseline, lambda t, pen=pen: TransformPen(pen, t))
        paths.append(f'<path fill="{colour}" d="{pen.getCommands()}"/>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{LOGO_W}" height="{LOGO_H}" \
viewBox="0 0 {LOGO_W} {LOGO_H}" role="img" aria-labelledby="title">
  <title id="title">Northwind Academy</title>
  <g id="mark">
    <circle cx="{MARK_C}" cy="{MARK_C}" r="{MARK_R}" fill="none" stroke="{ring}" stroke-width="{RING_W}"/>
    {facets}
    <circle cx="{MARK_C}" cy="{MARK_C}" r="3.2" fill="{centre}"/>
  </g>
  <g id="wordmark">
    {paths[0]}
    {paths[1]}
  </g>
</svg>
"""


def _rgba(colour: str) -> tuple[int, int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), 255)


def _paint(canvas: Image.Image, mask: Image.Image, colour: str) -> None:
    """Composite a solid `colour` onto `canvas` through the greyscale `mask`."""
    canvas.alpha_composite(Image.composite(Image.new("RGBA", canvas.size, _rgba(colour)),
                                           Image.new("RGBA", canvas.size, (0, 0, 0, 0)), mask))


def draw_mark(canvas: Image.Image, scale: float, colours: tuple[str, ...],
              origin: tuple[float, float] = (0, 0)) -> None:
    """Draw the compass mark (designed on 120 units) onto `canvas` at `scale` px per unit."""
    ring, north, shade, light, dark, centre = colours[:6]
    ox, oy = origin
    c = MARK_C * scale
    draw = ImageDraw.Draw(canvas)
    outer, inner = (MARK_R + RING_W / 2) * scale, (MARK_R - RING_W / 2) * scale
    ring_mask = Image.new("L", canvas.size, 0)
    rd = ImageDraw.Draw(ring_mask)
    rd.ellipse((ox + c - outer, oy + c - outer, ox + c + outer, oy + c + outer), fill=255)
    rd.ellipse((ox + c - inner, oy + c - inner, ox + c + inner, oy + c + inner), fill=0)
    _paint(canvas, ring_mask, ring)
    for poly, colour in star_facets(ox + c, oy + c, scale, north, shade, light, dark):
        draw.polygon(poly, fill=_rgba(colour))
    dot = 3.2 * scale
    draw.ellipse((ox + c - dot, oy + c - dot, ox + c + dot, oy + c + dot), fill=_rgba(centre))


def logo_png(fonts: Path, variant: str = "standard", width: int = LOGO_W) -> Image.Image:
    """Return the logo drawn with Pillow, `width` px wide, on a transparent background."""
    colours = LOGO_COLOURS[variant]
    ss = 4 * width / LOGO_W  # supersampling factor: px per logo unit while drawing
    size = (round(LOGO_W * ss), round(LOGO_H * ss))
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    draw_mark(canvas, ss, colours)
    for line, colour, baseline in zip(wordmark_lines(fonts), colours[6:],
                                      (NAME_BASELINE, ACADEMY_BASELINE), strict=True):
        pen = _FlatPen(line.glyphs)
        line.draw(WORD_X, baseline, lambda t, pen=pen: TransformPen(pen, t))
        # glyph contours do not overlap, so even-odd filling (XOR of the contours) is exact
        mask = Image.new("L", size, 0)
        for contour in pen.contours:
            one = Image.new("L", size, 0)
            ImageDraw.Draw(one).polygon([(x * ss, y * ss) for x, y in contour], fill=255)
            mask = ImageChops.logical_xor(mask.convert("1"), one.convert("1")).convert("L")
        _paint(canvas, mask, colour)
    return canvas.resize((width, round(LOGO_H * width / LOGO_W)), Image.Resampling.LANCZOS)


def watermark_png(px: int = 900) -> Image.Image:
    """Return the mark alone, tone on tone for the deep teal title slide, `px` square."""
    ss = 4 * px / 120
    canvas = Image.new("RGBA", (round(120 * ss),) * 2, (0, 0, 0, 0))
    draw_mark(canvas, ss, LOGO_COLOURS["watermark"])
    return canvas.resize((px, px), Image.Resampling.LANCZOS)


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


# -- the PowerPoint master -------------------------------------------------------------------
SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
SLIDE_W, SLIDE_H = 12192000, 6858000

# grid (inches)
BAND_W = 0.3                    # deep teal band down the left of content slides
LEFT, RIGHT = 0.95, 0.75        # text starts right of the band
CONTENT_W = SLIDE_W_IN - LEFT - RIGHT
GUTTER = 0.5
COL_W = (CONTENT_W - GUTTER) / 2
RIGHT_X = LEFT + COL_W + GUTTER
TITLE_Y, TITLE_H = 0.4, 1.0
RULE_Y = 1.5
BODY_Y, BODY_BOTTOM = 1.85, 6.4
FOOT_Y, FOOT_H = 6.88, 0.3
LOGO_BOX_W = 1.6
LOGO_BOX = (SLIDE_W_IN - RIGHT - LOGO_BOX_W, 6.82, LOGO_BOX_W, LOGO_BOX_W * LOGO_H / LOGO_W)
LOGO_PNG_W = 600  # logo.png is 600 x 150 px
NUM_W = 0.8
NUM_X = LOGO_BOX[0] - 0.25 - NUM_W
DATE_W = 2.0
DATE_X = NUM_X - 0.2 - DATE_W
FOOTER_W = DATE_X - 0.3 - LEFT

# theme: the slots coursepack's apply_theme writes (dk1 text, lt1 background, dk2 + accent1
# primary, accent2 secondary, accent3 accent) carry the palette; the rest complement it
THEME_COLORS = {
    "dk1": TEXT, "lt1": BACKGROUND, "dk2": PRIMARY, "lt2": "#E8F1F1",
    "accent1": PRIMARY, "accent2": SECONDARY, "accent3": ACCENT,
    "accent4": "#F2A541", "accent5": "#6A8EAE", "accent6": "#8A5A83",
    "hlink": SECONDARY, "folHlink": "#5F4B8B",
}
ON_DARK = '<a:schemeClr val="lt1"/>'
ON_DARK_MUTED = '<a:schemeClr val="lt1"><a:lumMod val="80000"/></a:schemeClr>'
MUTED = '<a:schemeClr val="tx1"><a:lumMod val="65000"/><a:lumOff val="35000"/></a:schemeClr>'
BODY_PROMPTS = ("Click to edit Master text styles", "Second level", "Third level",
                "Fourth level", "Fifth level")

# layout name, layout type, index of the source layout in python-pptx's default template
LAYOUTS = (
    ("NW Title", "title", 0, "Title Slide"),
    ("NW Section", "secHead", 2, "Section Header"),
    ("NW Text", "obj", 1, "Title and Content"),
    ("NW Two Columns", "twoObj", 3, "Two Content"),
    ("NW Side by Side", "twoTxTwoObj", 4, "Comparison"),
    ("NW Heading Only", "titleOnly", 5, "Title Only"),
    ("NW Empty", "blank", 6, "Blank"),
)


def picture(sp_id: int, name: str, r_id: str, box: tuple[float, float, float, float],
            descr: str = "") -> str:
    """Return a decorative picture referencing image relationship `r_id`."""
    return (f'<p:pic {NSDECL}><p:nvPicPr><p:cNvPr id="{sp_id}" name="{name}" descr="{descr}"/>'
            f'<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr userDrawn="1"/>'
            f'</p:nvPicPr><p:blipFill><a:blip r:embed="{r_id}"/><a:stretch><a:fillRect/>'
            f'</a:stretch></p:blipFill><p:spPr>{xfrm(*box)}<a:prstGeom prst="rect"><a:avLst/>'
            f"</a:prstGeom></p:spPr></p:pic>")


def footer_placeholders(first_id: int, *, master: bool = False, on_dark: bool = False,
                        footer_x: float = LEFT) -> list[str]:
    """Return date, footer and slide-number placeholders along the bottom edge."""
    body_pr = '<a:bodyPr anchor="ctr"/>'
    if master:
        body_pr = ('<a:bodyPr vert="horz" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" '
                   'anchor="ctr"/>')
    colour = ON_DARK_MUTED if on_dark else (MUTED if master else "")

    def lst(align: str) -> str:
        fill = f"<a:solidFill>{colour}</a:solidFill>" if colour else ""
        size = ' sz="1000"' if master else ""
        return f'<a:lvl1pPr algn="{align}"><a:defRPr{size}>{fill}</a:defRPr></a:lvl1pPr>'

    date = placeholder(first_id, "Date Placeholder", 'type="dt" sz="half" idx="10"',
                       (DATE_X, FOOT_Y, DATE_W, FOOT_H), body_pr, lst("r"))
    footer = placeholder(first_id + 1, "Footer Placeholder", 'type="ftr" sz="quarter" idx="11"',
                         (footer_x, FOOT_Y, DATE_X - 0.3 - footer_x, FOOT_H), body_pr, lst("l"))
    number = placeholder(first_id + 2, "Slide Number Placeholder",
                         'type="sldNum" sz="quarter" idx="12"',
                         (NUM_X, FOOT_Y, NUM_W, FOOT_H), body_pr, lst("r"))
    number = with_slide_number(number, "6F1C3A2B-4D5E-4F60-9A7B-8C9D0E1F2A3B")
    return [date, footer, number]


def title_rule(sp_id: int) -> str:
    """Return the short coral rule under a content slide's title."""
    return rect(sp_id, "Title Rule", (LEFT, RULE_Y, 0.9, 0.06), "accent3")


def layout_shapes(name: str, images: dict[str, str]) -> list[str]:
    """Return the shapes of layout `name`; `images` maps image keys to relationship ids."""
    std_title = title_ph(2, (LEFT, TITLE_Y, CONTENT_W, TITLE_H))
    body_h = BODY_BOTTOM - BODY_Y
    col_sizes = levels((18, 16, 14))
    hero_w = 7.6
    if name == "NW Title":
        return [
            picture(9, "Compass", images["watermark"], (8.95, 1.2, 4.2, 4.2)),
            title_ph(2, (LEFT, 1.35, hero_w, 2.65), 'type="ctrTitle"', '<a:bodyPr anchor="b"/>',
                     f'<a:lvl1pPr algn="l"><a:defRPr sz="4400">'
                     f"<a:solidFill>{ON_DARK}</a:solidFill></a:defRPr></a:lvl1pPr>"),
            rect(8, "Title Rule", (LEFT, 4.2, 1.2, 0.07), "accent3"),
            placeholder(3, "Subtitle", 'type="subTitle" idx="1"', (LEFT, 4.45, hero_w, 1.5),
                        '<a:bodyPr anchor="t"/>', levels((22, 18), color=ON_DARK_MUTED, flat=True),
                        ("Click to edit Master subtitle style",)),
            picture(10, "Logo", images["reversed"], (LEFT, 6.4, 2.2, 2.2 * LOGO_H / LOGO_W),
                    "Northwind Academy"),
        ]
    if name == "NW Section":
        return [
            rect(7, "Band", (0, 0, BAND_W, SLIDE_H_IN), "accent2"),
            title_ph(2, (LEFT, 2.2, 10.4, 2.0), body_pr='<a:bodyPr anchor="b"/>',
                     lst=f'<a:lvl1pPr><a:defRPr sz="4000"><a:solidFill>{ON_DARK}</a:solidFill>'
                         "</a:defRPr></a:lvl1pPr>"),
            rect(8, "Title Rule", (LEFT, 4.4, 1.2, 0.07), "accent3"),
            placeholder(3, "Text Placeholder", 'type="body" idx="1"', (LEFT, 4.65, 10.4, 1.3),
                        '<a:bodyPr anchor="t"/>',
                        levels((20, 18, 16), color=ON_DARK_MUTED, flat=True), BODY_PROMPTS[:1]),
            *footer_placeholders(4, on_dark=True),
            picture(10, "Logo", images["reversed"], LOGO_BOX, "Northwind Academy"),
        ]
    if name == "NW Text":
        return [std_title, title_rule(7),
                placeholder(3, "Content Placeholder", 'idx="1"', (LEFT, BODY_Y, CONTENT_W, body_h),
                            prompts=BODY_PROMPTS),
                *footer_placeholders(4)]
    if name == "NW Two Columns":
        return [std_title, title_rule(8),
                placeholder(3, "Content Placeholder", 'sz="half" idx="1"',
                            (LEFT, BODY_Y, COL_W, body_h), lst=col_sizes, prompts=BODY_PROMPTS),
                placeholder(4, "Content Placeholder", 'sz="half" idx="2"',
                            (RIGHT_X, BODY_Y, COL_W, body_h), lst=col_sizes, prompts=BODY_PROMPTS),
                *footer_placeholders(5)]
    if name == "NW Side by Side":
        head_y, head_h, cmp_y = BODY_Y, 0.55, BODY_Y + 0.75
        head = levels((18,), bold=True, flat=True, color=ON_DARK)
        head_pr = '<a:bodyPr lIns="137160" rIns="137160" anchor="ctr"><a:normAutofit/></a:bodyPr>'
        secondary = '<a:schemeClr val="accent2"/>'
        return [std_title, title_rule(11),
                placeholder(3, "Text Placeholder", 'type="body" idx="1"',
                            (LEFT, head_y, COL_W, head_h), head_pr, head, BODY_PROMPTS[:1],
                            fill=secondary),
                placeholder(4, "Content Placeholder", 'sz="half" idx="2"',
                            (LEFT, cmp_y, COL_W, BODY_BOTTOM - cmp_y), lst=col_sizes,
                            prompts=BODY_PROMPTS),
                placeholder(5, "Text Placeholder", 'type="body" sz="quarter" idx="3"',
                            (RIGHT_X, head_y, COL_W, head_h), head_pr, head, BODY_PROMPTS[:1],
                            fill=secondary),
                placeholder(6, "Content Placeholder", 'sz="quarter" idx="4"',
                            (RIGHT_X, cmp_y, COL_W, BODY_BOTTOM - cmp_y), lst=col_sizes,
                            prompts=BODY_PROMPTS),
                *footer_placeholders(7)]
    if name == "NW Heading Only":
        return [std_title, title_rule(6), *footer_placeholders(3)]
    if name == "NW Empty":
        return footer_placeholders(2)
    raise ValueError(name)


def master_shapes(logo_rid: str) -> list[str]:
    """Return the slide master's shapes: placeholders, the left band and the logo."""
    return [
        rect(8, "Band", (0, 0, BAND_W, SLIDE_H_IN), "accent1"),
        title_ph(2, (LEFT, TITLE_Y, CONTENT_W, TITLE_H),
                 body_pr='<a:bodyPr vert="horz" lIns="0" tIns="45720" rIns="0" bIns="45720" '
                         'rtlCol="0" anchor="b"><a:normAutofit/></a:bodyPr>'),
        placeholder(3, "Text Placeholder", 'type="body" idx="1"',
                    (LEFT, BODY_Y, CONTENT_W, BODY_BOTTOM - BODY_Y),
                    '<a:bodyPr vert="horz" lIns="0" tIns="45720" rIns="0" bIns="45720" rtlCol="0">'
                    "<a:normAutofit/></a:bodyPr>", prompts=BODY_PROMPTS),
        *footer_placeholders(4, master=True),
        picture(9, "Logo", logo_rid, LOGO_BOX, "Northwind Academy"),
    ]


def master_text_styles() -> tuple[str, str]:
    """Return the master's titleStyle (Vollkorn Bold, teal) and bodyStyle (Lato) XML."""
    return text_styles(title_color="accent1", indent=285750, line_spacing=105000, bullets=(
        '<a:buClr><a:schemeClr val="accent3"/></a:buClr><a:buSzPct val="70000"/>'
        '<a:buFont typeface="Arial"/><a:buChar char="■"/>',
        '<a:buClr><a:schemeClr val="accent2"/></a:buClr>'
        '<a:buFont typeface="Arial"/><a:buChar char="–"/>'))


def set_background(c_sld: etree._Element, scheme_color: str) -> None:
    """Give a layout a solid background in `scheme_color`, ahead of its shape tree."""
    for old in c_sld.findall("p:bg", NS):
        c_sld.remove(old)
    c_sld.insert(0, parse_xml(
        f'<p:bg {NSDECL}><p:bgPr><a:solidFill><a:schemeClr val="{scheme_color}"/></a:solidFill>'
        "<a:effectLst/></p:bgPr></p:bg>"))


def restyle_theme(theme_xml: bytes) -> bytes:
    """Return the theme XML with the Northwind colours and fonts."""
    return themed(theme_xml, "Northwind Academy", THEME_COLORS, HEADING_FONT, BODY_FONT)


def _image_rid(part: object, blob: bytes) -> str:
    """Return the relationship id from `part` to an image part holding PNG `blob`."""
    _, r_id = part.get_or_add_image_part(io.BytesIO(blob))  # type: ignore[attr-defined]
    return r_id


def add_sample_slides(prs: object) -> None:
    """Add the two example slides client templates usually ship with."""
    by_name = {layout.name: layout for layout in prs.slide_layouts}  # type: ignore[attr-defined]
    slide = prs.slides.add_slide(by_name["NW Title"])  # type: ignore[attr-defined]
    slide.shapes.title.text = "Northwind Academy presentation template"
    slide.placeholders[1].text = "Sample slide — replace or delete it"
    slide = prs.slides.add_slide(by_name["NW Text"])  # type: ignore[attr-defined]
    slide.shapes.title.text = "Using this template"
    frame = slide.placeholders[1].text_frame
    frame.text = "Pick a layout from Home › Layout: every one starts with NW"
    for text, level in (("Titles are set in Vollkorn, text in Lato", 0),
                        ("Both fonts ship with the brand kit", 1),
                        ("Keep the logo corner clear", 0)):
        para = frame.add_paragraph()
        para.text, para.level = text, level


def build_master(kit: Path) -> bytes:
    """Return the .potx bytes of the Northwind master."""
    fonts = kit / "fonts"
    logo = (kit / "logo.png").read_bytes()
    reversed_logo = png_bytes(logo_png(fonts, "reversed", width=900))
    watermark = png_bytes(watermark_png())

    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    prs.part._element.find("p:sldSz", NS).attrib.pop("type", None)  # was screen4x3

    master = prs.slide_masters[0]
    layouts = list(master.slide_layouts)
    id_lst = master._element.find("p:sldLayoutIdLst", NS)
    rel_of = {master.part.related_part(el.rId): el for el in master._element.sldLayoutIdLst}
    keep = []
    for number, (name, kind, index, source_name) in enumerate(LAYOUTS, start=1):
        layout = layouts[index]
        if layout.name != source_name:  # python-pptx's bundled template changed under us
            raise RuntimeError(f"expected layout {source_name!r} at {index}, found {layout.name!r}")
        layout._element.set("type", kind)
        layout._element.cSld.set("name", name)
        images = {}
        if name in ("NW Title", "NW Section"):
            layout._element.set("showMasterSp", "0")  # the teal logo would vanish on teal
            set_background(layout._element.cSld, "accent1")
            images["reversed"] = _image_rid(layout.part, reversed_logo)
            images["watermark"] = _image_rid(layout.part, watermark)
        replace_shapes(layout.shapes._spTree, layout_shapes(name, images))
        layout.part.partname = PackURI(f"/ppt/slideLayouts/slideLayout{number}.xml")
        keep.append(rel_of[layout.part])
    for el in list(id_lst):
        id_lst.remove(el)
        if el not in keep:
            master.part.drop_rel(el.rId)
    for offset, el in enumerate(keep, start=1):
        el.set("id", str(2147483648 + offset))
        id_lst.append(el)

    replace_shapes(master.shapes._spTree, master_shapes(_image_rid(master.part, logo)))
    tx_styles = master._element.find("p:txStyles", NS)
    title_style, body_style = master_text_styles()
    tx_styles.replace(tx_styles.find("p:titleStyle", NS), parse_xml(title_style))
    tx_styles.replace(tx_styles.find("p:bodyStyle", NS), parse_xml(body_style))
    theme = master.part.part_related_by(RT.THEME)
    theme.blob = restyle_theme(theme.blob)

    add_sample_slides(prs)

    package = prs.part.package
    for r_id, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(r_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part.blob = (rel.target_part.blob
                                    .replace(b"On-screen Show (4:3)", b"Widescreen")
                                    .replace(b"Office Theme", b"Northwind Academy"))
    props = prs.core_properties
    props.title = "Northwind Academy master"
    props.author, props.last_modified_by = "Northwind Academy", ""
    props.revision = 1
    props.created = props.modified = datetime.datetime(*FIXED_DATE)
    out = io.BytesIO()
    prs.save(out)
    return as_template(out.getvalue())


TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_MAIN = ("application/vnd.openxmlformats-officedocument.presentationml."
                     "presentation.main+xml")


FIXED_DATE = (2024, 1, 1, 0, 0, 0)


def as_template(pptx: bytes) -> bytes:
    """Return a copy of the .pptx package whose main part is typed as a template (.potx)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(pptx)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "[Content_Types].xml":
                text = blob.decode("utf-8")
                if PRESENTATION_MAIN not in text:
                    raise RuntimeError("no presentation main part in [Content_Types].xml")
                blob = text.replace(PRESENTATION_MAIN, TEMPLATE_MAIN).encode("utf-8")
            # a fixed date: running the script again gives the same bytes when nothing changed
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_DATE[:6]), blob,
                         zipfile.ZIP_DEFLATED)
    return out.getvalue()


def build(kit: Path) -> None:
    """Write every generated file of the kit."""
    kit.mkdir(parents=True, exist_ok=True)
    copy_fonts(kit)
    fonts = kit / "fonts"
    (kit / "logo.svg").write_text(logo_svg(fonts), encoding="utf-8")
    logo_png(fonts, width=LOGO_PNG_W).save(kit / "logo.png", "PNG", optimize=True)
    (kit / MASTER_NAME).write_bytes(build_master(kit))


def main(argv: list[str]) -> int:
    """Build the kit's assets into argv[1] (default: templates/northwind)."""
    kit = Path(argv[1]) if len(argv) > 1 else KIT
    build(kit)
    for path in sorted(kit.rglob("*")):
        if path.is_file():
            print(f"{path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
