"""A master's layouts as the deck writer sees them: each placeholder by role with its real
geometry (the layout's own, else the master's, clamped to the slide), which are unusable and
why (an off-slide box, a body whose text runs vertically), and the area content goes in (its
bodies, else the slide's free area beside the title), worked out once per layout.

Where the designer put a title (at the top, at the bottom, in a band at the side, turned or
vertical) is where it goes: a title placeholder is a title whatever its geometry.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pptx.enum.shapes import MSO_SHAPE_TYPE

from generator.render.deck.ooxml.colors import shape_fill
from generator.render.deck.ooxml.inherit import (
    inherited_bold,
    inherited_size,
    is_rotated,
    is_vertical,
    shape_box,
)
from generator.render.deck.ooxml.names import TITLE_TYPES, placeholder_type
from generator.render.deck.units import CLEARANCE, INCH, Box, inches, overlap

BODY_TYPES = ("body", "obj")
FOOTER_TYPES = ("dt", "ftr", "sldNum", "hdr")
MARGIN = INCH // 2  # between the slide's edge and what we place on a layout that says nothing
MIN_TEXT_HEIGHT = int(0.3 * INCH)  # one line of small text and its insets
TOUCH = int(0.05 * INCH)  # placeholders overlapping this little were drawn to touch


@dataclass(frozen=True)
class Slot:
    """A placeholder of a layout as the deck writer may use it."""

    shape: Any  # the layout's placeholder
    idx: int
    type: str  # the ph type as written: title, ctrTitle, subTitle, body, obj, pic, dt …
    box: Box | None  # where it is, within the slide (None: unusable, see `problem`)
    problem: str = ""
    moved: bool = False  # whether `box` differs from where the layout puts it
    vertical: bool = False  # its text runs down the box (vert, vert270, eaVert …)

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
    type: str = ""  # the layout's type as written (title, obj, twoObj, secHead, picTx …)
    part_name: str = ""  # the layout's part in the package, as the sample slides name it
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
    resolved = ResolvedLayout(layout, layout.name or "", slide_width, slide_height,
                              layout._element.get("type", ""), str(layout.part.partname))
    slots = [_slot(shape, slide_width, slide_height) for shape in layout.placeholders]
    titles = [s for s in slots if s.type in TITLE_TYPES]
    usable_titles = [s for s in titles if s.box is not None]
    if usable_titles:
        resolved.title = min(usable_titles, key=lambda s: (s.at.top, -s.at.width))
    elif titles:
        resolved.title_problem = f"its title placeholder {titles[0].problem}"
    else:
        resolved.title_problem = "it has no title placeholder"
    subtitle = next((s for s in slots if s.type == "subTitle" and s.box), None)
    if subtitle is not None and resolved.title is not None:  # a designer's slight overlap
        subtitle = _clear_of(subtitle, resolved.title.box, "the title")
    resolved.subtitle = subtitle if subtitle is not None and subtitle.box else None
    resolved.footers = tuple(s for s in slots if s.type in FOOTER_TYPES and s.box)
    bodyish = [s for s in slots if s.type in BODY_TYPES and s.box is not None]
    resolved.others = tuple(s for s in slots if s not in (resolved.title, resolved.subtitle)
                            and s.type != "subTitle" and s not in bodyish
                            and s not in resolved.footers)
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
        beside(s.at, b.at) for b in bodyish if b.at.height >= tallest / 2)]
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
    vertical = is_vertical(shape)
    if kind in (*BODY_TYPES, "subTitle") and (vertical or is_rotated(shape)):
        # text the designer meant to run down or at an angle: our lists and paragraphs do not
        return Slot(shape, idx, kind, None, "runs vertically" if vertical else "is turned")
    box = shape_box(shape)
    clamped = _clamped(box, slide_width, slide_height)
    if clamped is None:
        return Slot(shape, idx, kind, None, "lies off the slide")
    across, down = (clamped.height, clamped.width) if vertical else (clamped.width,
                                                                      clamped.height)
    if down < MIN_TEXT_HEIGHT or across < 2 * MIN_TEXT_HEIGHT:
        return Slot(shape, idx, kind, None,
                    f"is only {inches(clamped.width)} × {inches(clamped.height)} in")
    return Slot(shape, idx, kind, clamped, vertical=vertical)


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


def beside(heading: Box, body: Box) -> bool:
    """Return whether `heading` sits just above or just below `body`, over the same column
    (a column's heading, or its caption under it)."""
    shared = min(heading.right, body.right) - max(heading.left, body.left)
    return shared > 0.5 * min(heading.width, body.width) and (
        heading.top < body.top or heading.top >= body.bottom - MIN_TEXT_HEIGHT)


_NO_FOOTER = Slot(None, -1, "none", None)


def _clear_of(slot: Slot, other: Box | None, what: str, *, keep: str = "") -> Slot:
    """Return `slot` cut clear of `other` where they overlap: a box below `other` starts
    under it, one above ends over it (or `keep` says which edge stays); unusable if too
    little is left."""
    box = slot.box
    if other is None or box is None or not overlap(box, other, TOUCH):
        return slot  # apart, or touching as the designer drew them
    below = other.top + other.height / 2 <= box.top + box.height / 2
    if keep == "top" and other.top < box.top + box.height / 2:
        return slot  # a slide number beside the body, not under it: left as the layout has it
    if keep == "top" or not below:
        box = replace(box, height=other.top - CLEARANCE // 2 - box.top)
    else:
        top = other.bottom + CLEARANCE
        box = replace(box, top=top, height=box.bottom - top)
    if box.height < MIN_TEXT_HEIGHT:
        return replace(slot, box=None, problem=f"is covered by {what}")
    return replace(slot, box=box, moved=True)


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
    vertical = resolved.title is not None and resolved.title.vertical
    if title is not None and (vertical or title.height > title.width):
        # a title running down a band at the side: the content takes the other side
        if title.left + title.width / 2 < width / 2:
            left = max(left, title.right + CLEARANCE)
        else:
            right = min(right, title.left - CLEARANCE)
    elif title is not None:
        if title.width >= 0.6 * width:  # a wide title marks the text column; a narrow one
            left, right = title.left, title.left + title.width  # (centred) does not
        if resolved.title_at_top or title.top + title.height / 2 < 0.55 * height:
            top = title.bottom + CLEARANCE
        else:
            bottom = title.top - CLEARANCE
    elif resolved.added_title is not None:
        top = resolved.added_title.bottom + CLEARANCE  # below the title band added to the slide
    for footer in resolved.footers:
        if footer.at.top > top and footer.at.top < bottom and footer.at.top > 0.7 * height:
            bottom = footer.at.top - CLEARANCE // 2
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
    if not overlap(area, decoration):
        return area
    right, bottom = area.left + area.width, area.bottom
    cuts = {
        "below": Box(area.left, decoration.bottom + CLEARANCE, area.width,
                     bottom - decoration.bottom - CLEARANCE),
        "above": Box(area.left, area.top, area.width, decoration.top - CLEARANCE - area.top),
        "right": Box(decoration.left + decoration.width + CLEARANCE, area.top,
                     right - decoration.left - decoration.width - CLEARANCE, area.height),
        "left": Box(area.left, area.top, decoration.left - CLEARANCE - area.left, area.height),
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
                left = max(left, box.left + box.width + CLEARANCE)
            else:
                right = min(right, box.left - CLEARANCE)
    return Box(left, MARGIN // 2, max(right - left, 0), INCH)


@dataclass(frozen=True)
class LayoutInfo:
    """What the writer needs of one layout, worked out once (python-pptx's inheritance
    lookups are slow): its resolved placeholders (see `resolve_layout`), their boxes,
    inherited sizes and weights by idx, and the area content goes in."""

    roles: ResolvedLayout
    boxes: dict[int, Box]
    sizes: dict[int, float | None]
    bold: dict[int, bool]
    area: Box
    text_insets: tuple[int, int, int, int]

    @classmethod
    def of(cls, resolved: ResolvedLayout) -> LayoutInfo:
        """Return the info of a resolved slide layout."""
        layout = resolved.layout
        title = resolved.title
        styles = {s.placeholder_format.idx: "title" if placeholder_type(s) in TITLE_TYPES
                  else "body"
            for s in layout.placeholders}
        sizes = {idx: inherited_size(s, styles[idx]) for s in layout.placeholders
                 if (idx := s.placeholder_format.idx) is not None}
        bold = {idx: inherited_bold(s, styles[idx]) for s in layout.placeholders
                if (idx := s.placeholder_format.idx) is not None}
        title_box = title.box if title is not None else resolved.added_title
        text_insets = (title_box.insets[0] if title_box else 0, int(0.05 * INCH),
                       title_box.insets[2] if title_box else 0, int(0.05 * INCH))
        return cls(resolved, resolved.boxes, sizes, bold, resolved.area, text_insets)

    @property
    def slide_number(self) -> Any:
        """Return the layout's slide number placeholder, if it has a usable one."""
        slot = self.roles.slide_number
        return slot.shape if slot is not None else None


