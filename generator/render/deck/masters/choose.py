"""Which layout of a client's master each kind of slide goes on, chosen by what it is.

Every layout is resolved once into a `ResolvedLayout`: its placeholders by role with their
real geometry (the layout's own, else the master's, clamped to the slide), which of them are
unusable and why (a title that runs vertically, a rotated or off-slide box), and the area
content goes in (its bodies, else the slide's free area beside the title).  Each layout is
then scored for each kind of slide; names (the kit's mapping, usual names in several
languages, LibreOffice's) are hints that add to a score but never make an unusable layout
usable.  A kind no layout fits takes the best layout of a kind it can stand in for, else the
best layout with a title, and its content is drawn in the free area.  Only a master with
nothing usable is refused, with the reason of each layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

from generator.errors import KitError
from generator.kits.model import LAYOUT_KINDS
from generator.render.deck.fit.measure import Box
from generator.render.deck.ooxml.colors import shape_fill
from generator.render.deck.ooxml.names import base_placeholder
from generator.render.deck.ooxml.write import shape_box

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationObject
    from pptx.slide import SlideLayout


@dataclass(frozen=True)
class LayoutKind:
    """One kind of slide the outline asks for: what PowerPoint calls its layout, the names
    masters give it, the kinds it falls back to, and what it needs of a layout."""

    name: str
    label: str
    usual_names: tuple[str, ...]
    fallbacks: tuple[str, ...]
    bodies: int = 0  # body placeholders it fills side by side
    headers: int = 0  # small body placeholders above them (column headings)
    content: bool = True  # whether it puts content under its title
    title_top: bool = True  # whether its title belongs at the top of the slide


KINDS: dict[str, LayoutKind] = {kind.name: kind for kind in (
    LayoutKind("title", "Title Slide", (
        "Title Slide", "Titelfolie", "Diapositive de titre", "Diapositiva de título",
        "タイトル スライド", "شريحة عنوان", "Cover", "Title"),
        ("section", "title_only", "content"), content=False, title_top=False),
    LayoutKind("section", "Section Header", (
        "Section Header", "Abschnittsüberschrift", "Titre de section", "Encabezado de sección",
        "セクション見出し", "رأس المقطع", "Divider", "Section"),
        ("title", "title_only", "content"), content=False, title_top=False),
    LayoutKind("content", "Title and Content", (
        "Title and Content", "Titel und Inhalt", "Titre et contenu", "Título y objetos",
        "タイトルとコンテンツ", "عنوان ومحتوى", "Title, Content", "1-Up", "One Content"),
        ("title_only",), bodies=1),
    LayoutKind("two_content", "Two Content", (
        "Two Content", "Zwei Inhalte", "Deux contenus", "Dos objetos", "2 つのコンテンツ",
        "محتوى مزدوج", "Title, 2 Content", "2-Up", "Side by Side"),
        ("comparison", "content", "title_only"), bodies=2),
    LayoutKind("comparison", "Comparison", (
        "Comparison", "Vergleich", "Comparaison", "Comparación", "比較", "مقارنة"),
        ("two_content", "title_only", "content"), bodies=2, headers=2),
    LayoutKind("title_only", "Title Only", (
        "Title Only", "Nur Titel", "Titre seul", "Solo el título", "タイトルのみ",
        "العنوان فقط", "Heading Only"),
        ("content",)),
    LayoutKind("blank", "Blank", (
        "Blank", "Leer", "Vide", "En blanco", "白紙", "فارغ", "Blank Slide", "Empty"),
        ("title_only", "content"), content=True, title_top=False),
)}
assert tuple(KINDS) == LAYOUT_KINDS, "one table of layout kinds, in the model's order"

TITLE_TYPES = ("title", "ctrTitle")
BODY_TYPES = ("body", "obj")
FOOTER_TYPES = ("dt", "ftr", "sldNum", "hdr")
GAP = int(Inches(0.2))
MARGIN = int(Inches(0.5))
MIN_TEXT_HEIGHT = int(Inches(0.3))  # one line of small text and its insets
MIN_AREA_HEIGHT = 0.2  # share of the slide's height a content area needs
MIN_AREA_WIDTH = 0.35  # and of its width


@dataclass(frozen=True)
class Slot:
    """A placeholder of a layout as the deck writer may use it."""

    shape: Any  # the layout's placeholder
    idx: int
    type: str  # the ph type as written: title, ctrTitle, subTitle, body, obj, pic, dt …
    box: Box | None  # where it is, within the slide (None: unusable, see `problem`)
    problem: str = ""
    moved: bool = False  # whether `box` differs from where the layout puts it

    @property
    def at(self) -> Box:
        """Return the box of a usable slot (every role of a ResolvedLayout is one)."""
        assert self.box is not None, self.problem
        return self.box


@dataclass
class ResolvedLayout:
    """A layout's usable placeholders by role, their geometry, and where content goes."""

    layout: Any
    name: str
    slide_width: int
    slide_height: int
    title: Slot | None = None
    title_problem: str = ""  # why the layout has no usable title
    subtitle: Slot | None = None
    headers: tuple[Slot, ...] = ()
    bodies: tuple[Slot, ...] = ()
    others: tuple[Slot, ...] = ()  # pictures, charts, tables, vertical text: never filled
    footers: tuple[Slot, ...] = ()  # date, footer, slide number
    area: Box = field(default_factory=lambda: Box(0, 0, 0, 0))
    added_title: Box | None = None  # where to put a title the layout lacks
    drawn: tuple[Box, ...] = ()  # what the layout and master draw (see `decorations`)

    @property
    def free_area(self) -> int:
        """Return the content area's size (EMU²) less what decorations cover of it."""
        area = self.area
        covered = sum(max(min(area.left + area.width, d.left + d.width) - max(area.left, d.left),
                          0) * max(min(area.bottom, d.bottom) - max(area.top, d.top), 0)
                      for d in self.drawn)
        return max(area.width * area.height - covered, 0)

    @property
    def slide_number(self) -> Slot | None:
        return next((s for s in self.footers if s.type == "sldNum"), None)

    @property
    def title_at_top(self) -> bool:
        """Return whether the title starts in the top 30 % of the slide."""
        box = self.title.box if self.title else None
        return box is not None and box.top < 0.3 * self.slide_height

    @property
    def boxes(self) -> dict[int, Box]:
        """Return the box of every usable placeholder by idx."""
        slots = [self.title, self.subtitle, *self.headers, *self.bodies, *self.footers]
        return {s.idx: s.box for s in slots if s is not None and s.box is not None}


# -- resolving a layout ---------------------------------------------------------------------


def resolve_layout(layout: Any, slide_width: int, slide_height: int) -> ResolvedLayout:
    """Return the resolved geometry and roles of `layout`'s placeholders."""
    resolved = ResolvedLayout(layout, layout.name or "", slide_width, slide_height)
    slots = [_slot(shape, slide_width, slide_height) for shape in layout.placeholders]
    titles = [s for s in slots if s.type in TITLE_TYPES]
    usable_titles = [s for s in titles if s.box is not None]
    if usable_titles:
        resolved.title = min(usable_titles, key=lambda s: (s.at.top, -s.at.width))
    elif titles:
        resolved.title_problem = f"its title placeholder {titles[0].problem}"
    else:
        resolved.title_problem = "it has no title placeholder"
    resolved.subtitle = next((s for s in slots if s.type == "subTitle" and s.box), None)
    resolved.footers = tuple(s for s in slots if s.type in FOOTER_TYPES and s.box)
    bodyish = [s for s in slots if s.type in BODY_TYPES and s.box is not None]
    resolved.others = tuple(s for s in slots if s not in (resolved.title, resolved.subtitle)
                            and s not in bodyish and s not in resolved.footers)
    if resolved.title is None:  # the band a title will be added in comes first
        resolved.added_title = _title_band(resolved, slots)
    bodyish = [_clear_of(_clear_of(s, resolved.title.box if resolved.title else
                                   resolved.added_title, "the title"), footer.box,
                         "the slide number", keep="top")
               for s in bodyish for footer in (resolved.slide_number or _NO_FOOTER,)]
    bodyish = [s for s in bodyish if s.box is not None]
    bodyish.sort(key=lambda s: (s.at.left, s.at.top))
    tallest = max((s.at.height for s in bodyish), default=0)
    headers = [s for s in bodyish if s.at.height < tallest / 2 and any(
        _above(s.at, b.at) for b in bodyish if b.at.height >= tallest / 2)]
    resolved.headers = tuple(headers)
    resolved.bodies = tuple(s for s in bodyish if s not in headers)
    resolved.drawn = tuple(decorations(layout, slide_width, slide_height))
    resolved.area = _content_area(resolved)
    return resolved


def in_masters_geometry(resolved: ResolvedLayout) -> ResolvedLayout | None:
    """Return `resolved` with its title and bodies moved to where the master puts them, for
    content slides, when its own title leaves content less than half the slide while the
    master's title sits higher and its body is taller; else None.  Exports such as
    LibreOffice's write every layout with the title slide's geometry (a title in the middle
    of the slide), while the master keeps the designed one (its title in the band at the
    top)."""
    height = resolved.slide_height
    title = resolved.title
    if title is None or title.type != "title" or resolved.subtitle is not None or (
            resolved.area.height >= 0.5 * height):
        return None
    master = [_slot(shape, resolved.slide_width, height)
              for shape in resolved.layout.slide_master.placeholders]
    master_title = next((s.box for s in master if s.type == "title" and s.box), None)
    master_body = next((s.box for s in master if s.type in BODY_TYPES and s.box), None)
    if master_title is None or master_body is None or not (
            master_title.bottom <= title.at.top and master_body.top >= master_title.bottom
            and master_body.height > resolved.area.height * 1.25):
        return None
    resolved = replace(resolved)  # a copy: title and section slides keep the layout's own
    slots = (*resolved.headers, *resolved.bodies)
    if slots:  # the layout's arrangement of bodies, scaled into the master's body box
        left = min(s.at.left for s in slots)
        top = min(s.at.top for s in slots)
        across = max(s.at.left + s.at.width for s in slots) - left
        down = max(s.at.bottom for s in slots) - top

        def mapped(slot: Slot) -> Slot:
            box = slot.at
            x = master_body.left + (box.left - left) * master_body.width // max(across, 1)
            y = master_body.top + (box.top - top) * master_body.height // max(down, 1)
            return replace(slot, moved=True, box=replace(
                box, left=x, top=y, width=box.width * master_body.width // max(across, 1),
                height=box.height * master_body.height // max(down, 1)))

        resolved.headers = tuple(mapped(s) for s in resolved.headers)
        resolved.bodies = tuple(mapped(s) for s in resolved.bodies)
    resolved.title = replace(title, box=replace(title.at, left=master_title.left,
                                                top=master_title.top,
                                                width=master_title.width,
                                                height=master_title.height), moved=True)
    resolved.area = _content_area(resolved)
    return resolved


def _slot(shape: Any, slide_width: int, slide_height: int) -> Slot:
    """Return a layout placeholder as a Slot, with its geometry resolved and checked."""
    ph = shape._element.ph
    kind = ph.get("type", "obj") if ph is not None else "obj"
    idx = shape.placeholder_format.idx
    if None in (shape.left, shape.top, shape.width, shape.height):
        return Slot(shape, idx, kind, None, "has no position in the layout or the master")
    if _rotated(shape):
        return Slot(shape, idx, kind, None, "is rotated")
    if kind in (*TITLE_TYPES, *BODY_TYPES, "subTitle") and _vertical(shape):
        return Slot(shape, idx, kind, None, "runs vertically")
    box = shape_box(shape)
    clamped = _clamped(box, slide_width, slide_height)
    if clamped is None:
        return Slot(shape, idx, kind, None, "lies off the slide")
    if clamped.height < MIN_TEXT_HEIGHT or clamped.width < 2 * MIN_TEXT_HEIGHT:
        return Slot(shape, idx, kind, None,
                    f"is only {_inches(clamped.width)} × {_inches(clamped.height)} in")
    return Slot(shape, idx, kind, clamped)


def _inherited(shape: Any, path: str) -> list[Any]:
    """Return the elements at `path` below `shape` and each placeholder it inherits from."""
    found = []
    current = shape
    while current is not None:
        element = current._element.find(path)
        if element is not None:
            found.append(element)
        current = base_placeholder(current)
    return found


def _vertical(shape: Any) -> bool:
    """Return whether a placeholder's text runs vertically (by itself or inherited)."""
    if shape._element.ph is not None and shape._element.ph.get("orient") == "vert":
        return True
    for body_pr in _inherited(shape, f"{qn('p:txBody')}/{qn('a:bodyPr')}"):
        vert = body_pr.get("vert")
        if vert is not None:
            return vert != "horz"
    return False


def _rotated(shape: Any) -> bool:
    """Return whether a placeholder is turned by other than a half turn (by itself or
    inherited): text in it would not run across the slide."""
    for xfrm in _inherited(shape, f"{qn('p:spPr')}/{qn('a:xfrm')}"):
        rot = xfrm.get("rot")
        if rot is not None:
            return int(rot) % 10800000 != 0
    return False


def _clamped(box: Box, slide_width: int, slide_height: int) -> Box | None:
    """Return `box` cut to the slide, or None when less than half of it lies on the slide."""
    left, top = max(box.left, 0), max(box.top, 0)
    right = min(box.left + box.width, slide_width)
    bottom = min(box.top + box.height, slide_height)
    if right <= left or bottom <= top:
        return None
    if (right - left) * (bottom - top) < 0.5 * max(box.width * box.height, 1):
        return None
    return replace(box, left=left, top=top, width=right - left, height=bottom - top)


def _above(upper: Box, lower: Box) -> bool:
    """Return whether `upper` sits above `lower`, over the same column."""
    overlap = min(upper.left + upper.width, lower.left + lower.width) - max(upper.left, lower.left)
    return upper.top < lower.top and overlap > 0.5 * min(upper.width, lower.width)


_NO_FOOTER = Slot(None, -1, "none", None)


def _clear_of(slot: Slot, other: Box | None, what: str, *, keep: str = "") -> Slot:
    """Return `slot` cut clear of `other` where they overlap: a box below `other` starts
    under it, one above ends over it (or `keep` says which edge stays); unusable if too
    little is left."""
    box = slot.box
    if other is None or box is None or not _overlap(box, other):
        return slot
    below = other.top + other.height / 2 <= box.top + box.height / 2
    if keep == "top" and other.top < box.top + box.height / 2:
        return slot  # a slide number beside the body, not under it: left as the layout has it
    if keep == "top" or not below:
        box = replace(box, height=other.top - GAP // 2 - box.top)
    else:
        top = other.bottom + GAP
        box = replace(box, top=top, height=box.bottom - top)
    if box.height < MIN_TEXT_HEIGHT:
        return replace(slot, box=None, problem=f"is covered by {what}")
    return replace(slot, box=box, moved=True)


def _overlap(one: Box, other: Box) -> bool:
    return (one.left < other.left + other.width and other.left < one.left + one.width
            and one.top < other.bottom and other.top < one.bottom)


def _content_area(resolved: ResolvedLayout) -> Box:
    """Return where content goes: the union of the body placeholders, else the part of the
    slide beside the title (below a title at the top, above one at the bottom), clear of
    the footers and of a title that runs vertically."""
    width, height = resolved.slide_width, resolved.slide_height
    content = [s.box for s in (*resolved.headers, *resolved.bodies) if s.box]
    if content:
        left, top = min(b.left for b in content), min(b.top for b in content)
        right = max(b.left + b.width for b in content)
        area = Box(left, top, right - left, max(b.bottom for b in content) - top)
        # what is drawn across the whole area (a takeaway band) must clear the slide number
        number = resolved.slide_number
        clear = _clear_of(Slot(None, -1, "area", area), number.box if number else None,
                          "the slide number", keep="top")
        area = clear.box or area
        for decoration in resolved.drawn:  # what is drawn along the bottom edge (the
            area = _clear_of_decoration(area, decoration, sides=("above",))  # bodies stay)
        return area
    left, right, top, bottom = MARGIN, width - MARGIN, MARGIN, height - MARGIN
    title = resolved.title.box if resolved.title else None
    if title is not None:
        if title.width >= 0.6 * width:  # a wide title marks the text column; a narrow one
            left, right = title.left, title.left + title.width  # (centred) does not
        if resolved.title_at_top or title.top + title.height / 2 < 0.55 * height:
            top = title.bottom + GAP
        else:
            bottom = title.top - GAP
    elif resolved.added_title is not None:
        top = resolved.added_title.bottom + GAP  # below the title band added to the slide
    for strip in resolved.others:  # a vertical title strip keeps its side of the slide
        if strip.type in TITLE_TYPES and strip.box is None:
            box = shape_box(strip.shape)
            if box.left + box.width / 2 < width / 2:
                left = max(left, box.left + box.width + GAP)
            else:
                right = min(right, box.left - GAP)
    for footer in resolved.footers:
        if footer.at.top > top and footer.at.top < bottom and footer.at.top > 0.7 * height:
            bottom = footer.at.top - GAP // 2
    area = Box(left, top, max(right - left, 0), max(bottom - top, 0))
    for decoration in resolved.drawn:
        area = _clear_of_decoration(area, decoration)
    return area


def decorations(layout: Any, slide_width: int, slide_height: int) -> list[Box]:
    """Return the boxes of what a layout, and the master under it, draw besides placeholders
    that content should not cover: bands, pictures, filled shapes; not a background that
    covers most of the slide, a thin rule, an outline or a translucent glow."""
    levels = [layout]
    if layout._element.get("showMasterSp") not in ("0", "false"):
        levels.append(layout.slide_master)
    found = []
    for level in levels:
        for shape in level.shapes:
            if getattr(shape, "is_placeholder", False) or None in (
                    shape.left, shape.top, shape.width, shape.height):
                continue
            box = _clamped(Box(int(shape.left), int(shape.top), int(shape.width),
                               int(shape.height)), slide_width, slide_height)
            if box is None or box.width * box.height > 0.6 * slide_width * slide_height or (
                    box.width < 0.02 * slide_width or box.height < 0.02 * slide_height):
                continue
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE or shape_fill(shape, level):
                found.append(box)  # seen: a picture, or a fill not mostly transparent
    return found


def _clear_of_decoration(area: Box, decoration: Box,
                         sides: tuple[str, ...] = ("below", "above", "right", "left")) -> Box:
    """Return `area` cut clear of `decoration`, keeping the part on one of `sides` of it that
    is largest, or as it is when every cut would lose more than half (a picture in the middle
    of the slide: the text over it gets a panel instead)."""
    if not _overlap(area, decoration):
        return area
    right, bottom = area.left + area.width, area.bottom
    cuts = {
        "below": Box(area.left, decoration.bottom + GAP, area.width,
                     bottom - decoration.bottom - GAP),
        "above": Box(area.left, area.top, area.width, decoration.top - GAP - area.top),
        "right": Box(decoration.left + decoration.width + GAP, area.top,
                     right - decoration.left - decoration.width - GAP, area.height),
        "left": Box(area.left, area.top, decoration.left - GAP - area.left, area.height),
    }
    best = max((cuts[side] for side in sides),
               key=lambda b: max(b.width, 0) * max(b.height, 0))
    if best.width <= 0 or best.height <= 0 or best.width * best.height < 0.5 * (
            area.width * area.height):
        return area
    return best


def _title_band(resolved: ResolvedLayout, slots: list[Slot]) -> Box:
    """Return where a title goes on a layout that has no usable one: a band at the top of
    the slide, beside any vertical strip the layout draws."""
    left, right = MARGIN, resolved.slide_width - MARGIN
    for strip in slots:
        if strip.type in TITLE_TYPES and strip.box is None and strip.shape is not None:
            box = shape_box(strip.shape)
            if box.left + box.width / 2 < resolved.slide_width / 2:
                left = max(left, box.left + box.width + GAP)
            else:
                right = min(right, box.left - GAP)
    return Box(left, MARGIN // 2, max(right - left, 0), int(Inches(1.0)))


def _inches(emu: int) -> str:
    return f"{Emu(emu).inches:.2f}".rstrip("0").rstrip(".")


# -- scoring ---------------------------------------------------------------------------------


def _normal_name(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _named_as(resolved: ResolvedLayout, kind: LayoutKind) -> bool:
    name = _normal_name(resolved.name)
    return bool(name) and any(_normal_name(usual) == name for usual in kind.usual_names)


def fitness(resolved: ResolvedLayout, kind: LayoutKind) -> tuple[float, str]:
    """Return how well `resolved` suits `kind` (0: not at all) and, in words, why."""
    width, height = resolved.slide_width, resolved.slide_height
    area = resolved.area
    useful_area = area.width >= MIN_AREA_WIDTH * width and area.height >= MIN_AREA_HEIGHT * height
    if kind.name == "blank":
        if resolved.title is not None or resolved.bodies:
            return 0.0, "it has placeholders"
        if _named_as(resolved, kind):
            return 6.0, f'named "{resolved.name}"; no title or body placeholders'
        return 3.0, "no title or body placeholders"
    if resolved.title is None:
        return 0.0, resolved.title_problem
    score = 1.0
    bodies, headers = resolved.bodies, resolved.headers
    if kind.title_top and not resolved.title_at_top:
        return 0.0, "its title is not at the top of the slide"
    if not kind.content:  # title and section slides: a title, a subtitle or short body
        if len(bodies) + len(headers) > 1:
            return 0.0, f"it has {len(bodies) + len(headers)} body placeholders"
        centred = resolved.title.type == "ctrTitle"
        short_body = len(bodies) == 1 and bodies[0].at.height < 0.3 * height
        if kind.name == "title":  # a centred title over a subtitle
            score += (2.0 if centred else 0.0) + (1.0 if resolved.subtitle is not None else 0.0)
            score -= 1.0 if bodies else 0.0
        else:  # a section header: a title lower down over a short body, not centred
            score += (1.0 if short_body else 0.0) + (0.0 if resolved.title_at_top else 1.0)
            score -= 1.0 if centred else 0.0
        reason = "centred title" if centred else "title"
        if resolved.subtitle is not None:
            reason += " + subtitle"
        elif bodies:
            reason += " + short body"
    else:
        if not useful_area:
            return 0.0, (f"it leaves {_inches(area.width)} × {_inches(area.height)} in for "
                         "content")
        if kind.bodies and len(bodies) < kind.bodies:
            return 0.0, f"it has {len(bodies)} body placeholders, not {kind.bodies}"
        score -= 0.5 * (len(bodies) - kind.bodies) if kind.bodies else 0.0  # left unused
        if kind.bodies == 2 and not _side_by_side(bodies[0].at, bodies[1].at):
            return 0.0, "its two bodies are not side by side"
        if kind.headers and (len(headers) != kind.headers or not all(
                _above(h.at, b.at) for h, b in zip(headers, bodies, strict=True))):
            return 0.0, "it has no heading placeholder above each body"
        if not kind.bodies and bodies:
            score -= 0.5 * len(bodies)  # unused bodies are removed; a clean layout is better
        if not kind.headers and headers:
            return 0.0, f"it has {len(headers)} heading placeholders"
        score += 2.0 * resolved.free_area / (width * height)  # room not drawn over
        reason = {0: "title + free area", 1: "title + 1 body",
                  2: "title + 2 bodies side by side"}[min(kind.bodies, 2)]
        if kind.headers:
            reason = "title + 2 headings + 2 bodies side by side"
    if _named_as(resolved, kind):
        score += 3.0
        reason = f'named "{resolved.name}"; {reason}'
    return score, reason


def _side_by_side(left: Box, right: Box) -> bool:
    """Return whether two boxes sit next to each other, overlapping vertically."""
    return (left.left + left.width <= right.left + left.width // 10
            and left.top < right.bottom and right.top < left.bottom)


# -- choosing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayoutChoice:
    """The layout used for one kind of slide, and in words why it was chosen."""

    kind: str
    layout: SlideLayout
    reason: str
    resolved: ResolvedLayout


def map_layouts(prs: PresentationObject,
                names: dict[str, str] | None = None) -> dict[str, LayoutChoice]:
    """Return a LayoutChoice for every kind of slide.

    Per kind: the kit's explicit name in `names` (refused if that layout cannot hold the
    kind), else the best-scoring layout of the master that suits the most kinds best, else
    a stand-in (see `LayoutKind.fallbacks`), else the layout with a title and the largest
    free area.  Raises KitError for unknown kinds or names, or when no layout is usable.
    """
    names = names or {}
    for kind in names:
        if kind not in KINDS:
            raise KitError(f"slides.layouts: unknown layout kind {kind!r} — "
                           f"kinds are {', '.join(KINDS)}")
    width, height = prs.slide_width or 9144000, prs.slide_height or 6858000
    masters = [[resolve_layout(layout, width, height) for layout in master.slide_layouts]
               for master in prs.slide_masters]
    everything = [r for layouts in masters for r in layouts]
    if not everything:
        raise KitError("the slide master has no layouts — use a master saved by PowerPoint")
    available = ", ".join(f'"{r.name}"' for r in everything)
    # content slides may use a layout in its master's geometry (see in_masters_geometry)
    moved = {id(r): in_masters_geometry(r) for r in everything}

    def view(r: ResolvedLayout, kind: str) -> ResolvedLayout:
        return (moved[id(r)] or r) if KINDS[kind].content else r

    scores = {id(r): {kind: fitness(view(r, kind), KINDS[kind]) for kind in KINDS}
              for r in everything}

    def best(candidates: list[ResolvedLayout], kind: str) -> ResolvedLayout | None:
        fitting = [r for r in candidates if scores[id(r)][kind][0] > 0]
        return max(fitting, key=lambda r: scores[id(r)][kind][0], default=None)

    def master_value(layouts: list[ResolvedLayout]) -> float:
        return sum(scores[id(found)][kind][0] for kind in KINDS
                   if (found := best(layouts, kind)) is not None)

    main = max(masters, key=master_value)
    chosen: dict[str, LayoutChoice] = {}
    for kind in KINDS:
        if kind in names:
            named = _named(kind, names[kind], everything, scores, available)
            chosen[kind] = replace(named, resolved=view(named.resolved, kind))
            continue
        found = best(main, kind) or best(everything, kind)
        if found is not None:
            reason = scores[id(found)][kind][1]
            if view(found, kind) is not found:
                reason += "; title and body where the master puts them"
            chosen[kind] = LayoutChoice(kind, found.layout, reason, view(found, kind))
    for kind in KINDS:
        if kind in chosen:
            continue
        stand_in = next((k for k in KINDS[kind].fallbacks if k in chosen), None)
        if stand_in is not None:
            found = chosen[stand_in].resolved
            chosen[kind] = LayoutChoice(kind, found.layout, (
                f"no layout suits {KINDS[kind].label}; using the {KINDS[stand_in].label} one "
                f'("{found.name}")'), found)
            continue
        chosen[kind] = _last_resort(kind, everything, scores, available)
    return chosen


def _named(kind: str, wanted: str, layouts: list[ResolvedLayout],
           scores: dict[int, dict[str, tuple[float, str]]], available: str) -> LayoutChoice:
    """Return the choice for the kit's explicit layout name, or raise KitError."""
    for resolved in layouts:
        if resolved.name.strip().casefold() == wanted.strip().casefold():
            score, reason = scores[id(resolved)][kind]
            if score <= 0:
                raise KitError(f'slides.layouts.{kind}: layout "{resolved.name}" cannot hold '
                               f"a {KINDS[kind].label} slide: {reason} — name another layout; "
                               f"the master has {available}")
            return LayoutChoice(kind, resolved.layout,
                                f'named "{resolved.name}" in the brand kit', resolved)
    raise KitError(f'slides.layouts.{kind}: the slide master has no layout called "{wanted}" — '
                   f"its layouts are {available}")


def _last_resort(kind: str, layouts: list[ResolvedLayout],
                 scores: dict[int, dict[str, tuple[float, str]]], available: str) -> LayoutChoice:
    """Return the layout with the largest usable free area for `kind`, drawing content
    there (and adding a title where the layout has none), or raise KitError."""
    width, height = layouts[0].slide_width, layouts[0].slide_height
    usable = [r for r in layouts if r.area.width >= MIN_AREA_WIDTH * width
              and r.area.height >= MIN_AREA_HEIGHT * height]
    if not usable:
        reasons = "; ".join(f'"{r.name}": {scores[id(r)]["content"][1]}' for r in layouts)
        raise KitError(f"the slide master has no layout a {KINDS[kind].label} slide can use "
                       f"({reasons}) — add a layout with a title and room for content, or "
                       f"name one under slides.layouts.{kind} in brand.yaml")
    found = max(usable, key=lambda r: (r.title is not None, r.area.width * r.area.height))
    how = "its free area" if found.title is not None else (
        f"its free area, with a title added ({found.title_problem})")
    return LayoutChoice(kind, found.layout, f'no layout suits {KINDS[kind].label}; "{found.name}"'
                        f" with content drawn in {how}", found)
