"""What a slide layout offers the deck writer, and a slide being filled on it.

python-pptx looks placeholders' positions and sizes up through layout and master on every
access, so each layout is read once into a `LayoutInfo`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Emu

from generator.render import masters
from generator.render.deck_text import Box, shape_box

INCH = 914400


@dataclass(frozen=True)
class LayoutInfo:
    """What the writer needs of one layout, worked out once (python-pptx's inheritance
    lookups are slow): placeholders by role, their boxes and sizes by idx, the free area."""

    roles: masters.PlaceholderRoles
    boxes: dict[int, Box]
    sizes: dict[int, float | None]
    bold: dict[int, bool]
    area: Box
    text_insets: tuple[int, int, int, int]
    slide_number: Any = None

    @classmethod
    def of(cls, layout: Any, slide_width: int, slide_height: int) -> LayoutInfo:
        """Return the info of slide layout `layout`."""
        roles = masters.placeholders_by_role(layout)
        boxes = {s.placeholder_format.idx: shape_box(s) for s in layout.placeholders}
        title_idx = roles.title.placeholder_format.idx if roles.title is not None else None
        styles = {s.placeholder_format.idx: "title" if s.placeholder_format.idx == title_idx
                  else "body" for s in layout.placeholders}
        sizes = {s.placeholder_format.idx: _inherited_size(s, styles[s.placeholder_format.idx])
                 for s in layout.placeholders}
        bold = {s.placeholder_format.idx: _inherited_bold(s, styles[s.placeholder_format.idx])
                for s in layout.placeholders}
        number = next((s for s in layout.placeholders
                       if s.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER), None)
        title = boxes[roles.title.placeholder_format.idx] if roles.title is not None else None
        text_insets = (title.insets[0] if title else 0, int(0.05 * INCH),
                       title.insets[2] if title else 0, int(0.05 * INCH))
        return cls(roles, boxes, sizes, bold,
                   _free_area(roles, boxes, title, slide_width, slide_height), text_insets,
                   number)


def _free_area(roles: masters.PlaceholderRoles, boxes: dict[int, Box], title: Box | None,
               slide_width: int, slide_height: int) -> Box:
    """Return where content goes: the layout's body placeholders, else below the title."""
    content = [boxes[s.placeholder_format.idx] for s in (*roles.headers, *roles.bodies)]
    if content:
        left, top = min(b.left for b in content), min(b.top for b in content)
        right = max(b.left + b.width for b in content)
        return Box(left, top, right - left, max(b.bottom for b in content) - top)
    if title is not None and not roles.centred_title:
        top = title.bottom + int(0.4 * INCH)
        return Box(title.left, top, title.width, slide_height - int(0.95 * INCH) - top)
    margin = int(0.75 * INCH)
    return Box(margin, int(1.8 * INCH), slide_width - 2 * margin, slide_height - int(2.75 * INCH))


@dataclass
class Placed:
    """A slide being filled: its layout's info, its placeholders and the shapes kept so far."""

    slide: Any
    info: LayoutInfo
    shapes: dict[int, Any]
    used: set[int] = field(default_factory=set)
    moved: dict[int, Box] = field(default_factory=dict)

    def role(self, layout_shape: Any) -> Any:
        """Return the slide's placeholder for the layout's `layout_shape` (None if absent)."""
        if layout_shape is None:
            return None
        return self.shapes.get(layout_shape.placeholder_format.idx)

    @property
    def title(self) -> Any:
        return self.role(self.info.roles.title)

    @property
    def subtitle(self) -> Any:
        return self.role(self.info.roles.subtitle)

    @property
    def headers(self) -> list[Any]:
        return [s for s in map(self.role, self.info.roles.headers) if s is not None]

    @property
    def bodies(self) -> list[Any]:
        return [s for s in map(self.role, self.info.roles.bodies) if s is not None]

    def is_bold(self, shape: Any) -> bool:
        """Return whether text in placeholder `shape` is bold by inheritance."""
        return self.info.bold.get(shape.placeholder_format.idx, False)

    def box(self, shape: Any) -> Box:
        """Return the box of placeholder `shape` (as moved, else as the layout has it)."""
        idx = shape.placeholder_format.idx
        return self.moved.get(idx) or self.info.boxes[idx]

    def move(self, shape: Any, box: Box) -> None:
        """Give placeholder `shape` its own position and size."""
        self.moved[shape.placeholder_format.idx] = box
        shape.left, shape.top, shape.width, shape.height = (
            Emu(v) for v in (box.left, box.top, box.width, box.height))

    def use(self, shape: Any) -> Any:
        """Mark placeholder `shape` as filled (unused ones are removed) and return it."""
        self.used.add(shape.shape_id)
        return shape


def _inherited_size(shape: Any, style: str) -> float | None:
    """Return the first-level font size a placeholder inherits (layout, master, text styles)."""
    size = _inherited_run_property(shape, style, "sz")
    return int(size) / 100 if size else None


def _inherited_bold(shape: Any, style: str) -> bool:
    """Return whether a placeholder's first-level text is bold by inheritance."""
    return _inherited_run_property(shape, style, "b") in ("1", "true")


def _inherited_run_property(shape: Any, style: str, name: str) -> str | None:
    """Return attribute `name` of the first-level run properties a placeholder inherits
    (its own list style, its layout's and master's placeholder, the master's text styles)."""
    current = shape
    while current is not None:
        rpr = current._element.find(
            f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
        if rpr is not None and rpr.get(name):
            return str(rpr.get(name))
        base = getattr(current, "_base_placeholder", None)
        if base is None:
            master = _master_of(current)
            styles = master._element.find(qn("p:txStyles")) if master is not None else None
            tag = "p:titleStyle" if style == "title" else "p:bodyStyle"
            rpr = styles.find(f"{qn(tag)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}") \
                if styles is not None else None
            return str(rpr.get(name)) if rpr is not None and rpr.get(name) else None
        current = base
    return None


def _master_of(shape: Any) -> Any:
    part = shape.part
    for name in ("slide_master", "slide_layout"):
        owner = getattr(part, name, None)
        if owner is not None:
            return owner if name == "slide_master" else owner.slide_master
    return getattr(part, "slide_master", None)


