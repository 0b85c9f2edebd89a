"""PowerPoint masters: map our layout kinds onto their layouts, and restyle them.

Masters are opened by `master_package.open_master`, which checks and contains them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.errors import KitError
from generator.model import LAYOUT_KINDS
from generator.render.ooxml import A_NS, SAFE_XML

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationObject
    from pptx.slide import SlideLayout

__all__ = [
    "LAYOUT_KINDS", "USUAL_LAYOUT_NAMES", "LayoutChoice", "PlaceholderRoles", "apply_theme",
    "map_layouts", "placeholders_by_role",
]

USUAL_LAYOUT_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide", "Titelfolie", "Diapositive de titre", "Diapositiva de título"),
    "section": ("Section Header", "Abschnittsüberschrift", "Titre de section",
                "Encabezado de sección"),
    "content": ("Title and Content", "Titel und Inhalt", "Titre et contenu", "Título y objetos"),
    "two_content": ("Two Content", "Zwei Inhalte", "Deux contenus", "Dos objetos"),
    "comparison": ("Comparison", "Vergleich", "Comparaison", "Comparación"),
    "title_only": ("Title Only", "Nur Titel", "Titre seul", "Solo el título"),
    "blank": ("Blank", "Leer", "Vide", "En blanco"),
}
KIND_LABELS = {kind: names[0] for kind, names in USUAL_LAYOUT_NAMES.items()}
# when a master has no layout for a kind, the first of these it does have stands in
FALLBACKS: dict[str, tuple[str, ...]] = {
    "title": ("section", "content"),
    "section": ("title", "content"),
    "content": (),
    "two_content": ("content",),
    "comparison": ("two_content", "content"),
    "title_only": ("content",),
    "blank": ("title_only", "content"),
}


# -- placeholders ----------------------------------------------------------------------------

TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
BODY_TYPES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
IGNORED_TYPES = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER,
                 PP_PLACEHOLDER.HEADER}


@dataclass(frozen=True)
class PlaceholderRoles:
    """A slide's (or layout's) placeholders by role.

    `headers` are the small body placeholders (less than half as tall as the tallest), e.g.
    the two column headings of a Comparison layout; `bodies` are the others. Both run left to
    right (then top to bottom). `others` are pictures, charts, tables and vertical text;
    dates, footers and slide numbers are left out.
    """

    title: Any = None
    subtitle: Any = None
    headers: tuple[Any, ...] = ()
    bodies: tuple[Any, ...] = ()
    others: tuple[Any, ...] = ()
    centred_title: bool = False


def placeholders_by_role(slide: Any) -> PlaceholderRoles:
    """Return the placeholders of `slide` (a slide or a slide layout) grouped by role."""
    title = subtitle = None
    centred = False
    bodyish: list[Any] = []
    others: list[Any] = []
    for shape in slide.placeholders:
        kind = shape.placeholder_format.type
        vertical = shape._element.ph_orient == "vert"
        if kind in IGNORED_TYPES:
            continue
        if kind in TITLE_TYPES and not vertical and title is None:
            title, centred = shape, kind == PP_PLACEHOLDER.CENTER_TITLE
        elif kind == PP_PLACEHOLDER.SUBTITLE and subtitle is None:
            subtitle = shape
        elif kind in BODY_TYPES and not vertical:
            bodyish.append(shape)
        else:
            others.append(shape)
    bodyish.sort(key=lambda s: (_geometry(s)[0], _geometry(s)[1]))
    tallest = max((_geometry(s)[3] for s in bodyish), default=0)
    headers = tuple(s for s in bodyish if _geometry(s)[3] < tallest / 2)
    bodies = tuple(s for s in bodyish if s not in headers)
    return PlaceholderRoles(title, subtitle, headers, bodies, tuple(others), centred)


def _geometry(shape: Any) -> tuple[int, int, int, int]:
    """Return left, top, width, height in EMU (0 where neither layout nor master says)."""
    return (shape.left or 0, shape.top or 0, shape.width or 0, shape.height or 0)


# -- layout mapping --------------------------------------------------------------------------


@dataclass(frozen=True)
class LayoutChoice:
    """The layout used for one layout kind, and in words why it was chosen."""

    kind: str
    layout: SlideLayout
    reason: str


def map_layouts(prs: PresentationObject,
                names: dict[str, str] | None = None) -> dict[str, LayoutChoice]:
    """Return a LayoutChoice for every layout kind, looking through all slide masters.

    Per kind: the kit's explicit name in `names`, else a usual (possibly translated) name,
    else the placeholder structure; kinds still missing borrow another kind's layout (see
    FALLBACKS). Raises KitError for unknown kinds or names, or when no layout can hold content.
    """
    names = names or {}
    layouts = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    slide_height = prs.slide_height or 6858000
    roles = {id(layout): placeholders_by_role(layout) for layout in layouts}
    available = ", ".join(f'"{layout.name}"' for layout in layouts) or "none"
    for kind in names:
        if kind not in LAYOUT_KINDS:
            raise KitError(f"slides.layouts: unknown layout kind {kind!r} — "
                           f"kinds are {', '.join(LAYOUT_KINDS)}")
    found: dict[str, LayoutChoice] = {}
    for kind in LAYOUT_KINDS:
        if kind in names:
            found[kind] = _named(kind, names[kind], layouts, roles, available)
            continue
        choice = _usual(kind, layouts, roles) or _structural(kind, layouts, roles, slide_height)
        if choice:
            found[kind] = choice
    if "content" not in found:
        raise KitError(f"the slide master has no layout for content slides (a title and one "
                       f"body placeholder); its layouts are {available} — add one, or name one "
                       f"under slides.layouts.content in brand.yaml")
    chosen = dict(found)
    for kind in LAYOUT_KINDS:
        if kind in chosen:
            continue
        stand_in = next(k for k in FALLBACKS[kind] if k in found)
        layout = found[stand_in].layout
        named = "" if layout.name == KIND_LABELS[stand_in] else f' ("{layout.name}")'
        chosen[kind] = LayoutChoice(kind, layout, f"fallback: no {KIND_LABELS[kind]} layout, "
                                                  f"using {KIND_LABELS[stand_in]}{named}")
    return chosen


def _usable(kind: str, roles: PlaceholderRoles) -> bool:
    """Return whether a layout has the placeholders the deck writer needs for `kind`."""
    needed_bodies = {"content": 1, "two_content": 2, "comparison": 2}.get(kind, 0)
    has_title = roles.title is not None or kind == "blank"
    return has_title and len(roles.headers) + len(roles.bodies) >= needed_bodies


def _named(kind: str, wanted: str, layouts: list[SlideLayout], roles: dict[int, PlaceholderRoles],
           available: str) -> LayoutChoice:
    """Return the choice for the kit's explicit layout name, or raise KitError."""
    for layout in layouts:
        if layout.name.strip().casefold() == wanted.strip().casefold():
            if not _usable(kind, roles[id(layout)]):
                raise KitError(f'slides.layouts.{kind}: layout "{layout.name}" lacks the '
                               f"placeholders a {KIND_LABELS[kind]} slide needs — name another "
                               f"layout; the master has {available}")
            return LayoutChoice(kind, layout, f'named "{layout.name}" in the brand kit')
    raise KitError(f'slides.layouts.{kind}: the slide master has no layout called "{wanted}" — '
                   f"its layouts are {available}")


def _usual(kind: str, layouts: list[SlideLayout],
           roles: dict[int, PlaceholderRoles]) -> LayoutChoice | None:
    """Return the first layout carrying a usual name for `kind` and fitting placeholders."""
    for usual in USUAL_LAYOUT_NAMES[kind]:
        for layout in layouts:
            if (layout.name.strip().casefold() == usual.casefold()
                    and _usable(kind, roles[id(layout)])):
                return LayoutChoice(kind, layout, f'named "{layout.name}" (usual name)')
    return None


def _structural(kind: str, layouts: list[SlideLayout], roles: dict[int, PlaceholderRoles],
                slide_height: int) -> LayoutChoice | None:
    """Return the first layout whose placeholders have the structure of `kind`."""
    for layout in layouts:
        shape = _structure(roles[id(layout)], slide_height)
        if shape and shape[0] == kind:
            return LayoutChoice(kind, layout, f"by placeholder structure ({shape[1]})")
    return None


def _structure(roles: PlaceholderRoles, slide_height: int) -> tuple[str, str] | None:
    """Return (kind, description) for a layout's placeholder structure, if it is one of ours."""
    if roles.others:
        return None
    boxes = [_geometry(s) for s in (*roles.headers, *roles.bodies)]
    if roles.title is None:
        return None if boxes or roles.subtitle else ("blank", "no title or body placeholders")
    if roles.centred_title or roles.subtitle is not None:
        if boxes:
            return None
        return ("title", "centred title + subtitle" if roles.subtitle else "centred title")
    if not boxes:
        return ("title_only", "title only")
    if len(boxes) == 1:
        _, title_top, _, title_height = _geometry(roles.title)
        low_title = title_top + title_height / 2 > 0.4 * slide_height
        if low_title or boxes[0][3] < 0.3 * slide_height:
            return ("section", "title + 1 short body, title low on the slide")
        return ("content", "title + 1 body")
    if len(roles.headers) == 0 and len(roles.bodies) == 2 and _side_by_side(*roles.bodies):
        return ("two_content", "title + 2 bodies side by side")
    if (len(roles.headers) == 2 and len(roles.bodies) == 2 and _side_by_side(*roles.bodies)
            and all(_geometry(h)[1] < _geometry(b)[1]
                    for h, b in zip(roles.headers, roles.bodies, strict=True))):
        return ("comparison", "title + 2 headers + 2 bodies")
    return None


def _side_by_side(left: Any, right: Any) -> bool:
    """Return whether two placeholders sit next to each other, overlapping vertically."""
    l_left, l_top, l_width, l_height = _geometry(left)
    r_left, r_top, _, r_height = _geometry(right)
    return (l_left + l_width <= r_left + l_width // 10
            and l_top < r_top + r_height and r_top < l_top + l_height)


# -- theme -----------------------------------------------------------------------------------

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
    done: set[int] = set()
    for master in prs.slide_masters:
        theme = master.part.part_related_by(RT.THEME)
        if id(theme) in done:
            continue
        done.add(id(theme))
        theme.blob = _themed(theme.blob, colors, heading_font.strip(), body_font.strip())


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
