"""PowerPoint masters restyled: the kit's colours and fonts written into the master's theme,
the language's font for its script, mirrored for right-to-left text; and the fonts a theme
names.  Masters are opened by `package.open_master`, their layouts chosen by `choose`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.errors import KitError
from generator.i18n.languages import primary_subtag
from generator.render.deck.ooxml.names import A_NS, SAFE_XML

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationObject


# -- theme -----------------------------------------------------------------------------------

# fonts that come with Windows, macOS or Office: no warning for these
COMMON_FONTS = {
    "arial", "calibri", "cambria", "candara", "century gothic", "consolas", "constantia",
    "corbel", "courier new", "franklin gothic", "garamond", "georgia", "gill sans",
    "helvetica", "helvetica neue", "aptos", "palatino", "segoe ui", "tahoma",
    "times new roman", "trebuchet ms", "verdana",
}


THEME_SLOTS = {"text": ("dk1",), "background": ("lt1",), "primary": ("dk2", "accent1"),
               "secondary": ("accent2",), "accent": ("accent3",)}
HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


def apply_theme(prs: PresentationObject, colors: dict[str, str], heading_font: str,
                body_font: str) -> None:
    """Write the kit's colours and fonts into the theme of every slide master of `prs`.

    `colors` maps primary, secondary, accent, text and background to #RRGGBB; keys left out
    keep the theme's colour. The heading font becomes the major (+mj-lt) latin font, the body
    font the minor (+mn-lt) one.
    """
    for key, value in colors.items():
        if key not in THEME_SLOTS:
            raise KitError(f"colors: unknown colour {key!r} — colours are "
                           f"{', '.join(THEME_SLOTS)}")
        if not HEX_COLOR.fullmatch(value or ""):
            raise KitError(f"colors.{key}: {value!r} is not a #RRGGBB colour")
    for role, font in (("heading", heading_font), ("body", body_font)):
        if not font or not font.strip():
            raise KitError(f"fonts.{role}: a font family name is required")
    for theme in _themes(prs):
        theme.blob = _themed(theme.blob, colors, heading_font.strip(), body_font.strip())


def _themes(prs: PresentationObject) -> list[Any]:
    """Return the theme parts of `prs`'s slide masters, each once (masters may share one)."""
    themes: dict[int, Any] = {}
    for master in prs.slide_masters:
        theme = master.part.part_related_by(RT.THEME)
        themes.setdefault(id(theme), theme)
    return list(themes.values())


def _themed(blob: bytes, colors: dict[str, str], heading_font: str, body_font: str) -> bytes:
    """Return theme XML `blob` with the colours and latin fonts replaced."""
    root = etree.fromstring(blob, SAFE_XML)
    scheme = root.find(f".//{{{A_NS}}}clrScheme")
    for key, value in colors.items():
        for slot in THEME_SLOTS[key]:
            el = scheme.find(f"{{{A_NS}}}{slot}") if scheme is not None else None
            if el is None:
                continue
            for child in list(el):
                el.remove(child)
            etree.SubElement(el, f"{{{A_NS}}}srgbClr", val=value[1:].upper())
    for which, font in (("majorFont", heading_font), ("minorFont", body_font)):
        latin = root.find(f".//{{{A_NS}}}fontScheme/{{{A_NS}}}{which}/{{{A_NS}}}latin")
        if latin is not None:
            latin.set("typeface", font)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# East Asian languages take the theme's `ea` font; scripts with complex shaping the `cs` one.
EAST_ASIAN = {"ja", "zh", "ko"}


def set_language_font(prs: PresentationObject, language: str, family: str) -> None:
    """Make `family` the theme's font for `language`'s script in every slide master (its
    `ea` font for Chinese, Japanese and Korean, else its `cs` one), headings and body alike,
    so that PowerPoint sets text in that language in the kit's font for it."""
    slot = "ea" if primary_subtag(language) in EAST_ASIAN else "cs"
    for theme in _themes(prs):
        root = etree.fromstring(theme.blob, SAFE_XML)
        for which in ("majorFont", "minorFont"):
            fonts = root.find(f".//{{{A_NS}}}fontScheme/{{{A_NS}}}{which}")
            if fonts is None:
                continue
            element = fonts.find(f"{{{A_NS}}}{slot}")
            if element is None:
                element = etree.SubElement(fonts, f"{{{A_NS}}}{slot}")
            element.set("typeface", family)
        theme.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)


# -- direction -------------------------------------------------------------------------------


def mirror_for_right_to_left(prs: PresentationObject) -> None:
    """Mirror every master and layout of `prs` left to right: each shape placed at the other
    side of the slide (placeholders, bands, rules), drawn shapes flipped, pictures not (a
    logo must not read backwards).  For the base master only: a client's master is theirs."""
    width = prs.slide_width or 0
    for master in prs.slide_masters:
        for owner in (master, *master.slide_layouts):
            for shape in owner.shapes:
                xfrm = shape._element.find(f".//{{{A_NS}}}xfrm")
                if xfrm is None or None in (shape.left, shape.width):
                    continue
                shape.left = width - shape.left - shape.width
                if shape.shape_type != MSO_SHAPE_TYPE.PICTURE and not shape.is_placeholder:
                    xfrm.set("flipH", "0" if xfrm.get("flipH") in ("1", "true") else "1")


def theme_fonts(prs: Any) -> tuple[str, str]:
    """Return the heading (major) and body (minor) latin fonts of the first master's theme."""
    theme = prs.slide_masters[0].part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob, SAFE_XML)
    names = []
    for which in ("majorFont", "minorFont"):
        latin = root.find(f".//{{{A_NS}}}fontScheme/{{{A_NS}}}{which}/{{{A_NS}}}latin")
        names.append(latin.get("typeface") if latin is not None else "Calibri")
    return names[0] or "Calibri", names[1] or "Calibri"


@dataclass(frozen=True)
class TemplateLook:
    """What a client's template says of its look, for a kit started from it: the kit's
    colours ({kit colour: (#RRGGBB, the theme slot it came from)}) and its fonts."""

    theme: str
    colors: dict[str, tuple[str, str]]
    heading: str
    body: str


def template_look(prs: PresentationObject) -> TemplateLook:
    """Return the colours and fonts of the first slide master's theme as a kit's: text and
    background from dk1 and lt1; primary (headings, table headers on white paper) from dk2
    where it reads on lt1, else accent1; secondary and accent from the next accents."""
    from generator.render.colors import contrast
    from generator.render.deck.ooxml.colors import theme_colors

    master = prs.slide_masters[0]
    slots = theme_colors(master)
    order = (["dk2"] if contrast(slots["dk2"], slots["lt1"]) >= 4.5 else []) + [
        "accent1", "accent2", "accent3"]
    colors = {"text": (slots["dk1"], "dk1"), "background": (slots["lt1"], "lt1")}
    for role, slot in zip(("primary", "secondary", "accent"), order, strict=False):
        colors[role] = (slots[slot], slot)
    theme = master.part.part_related_by(RT.THEME)
    name = etree.fromstring(theme.blob, SAFE_XML).get("name", "") or "its theme"
    heading, body = theme_fonts(prs)
    return TemplateLook(name, colors, heading, body)
