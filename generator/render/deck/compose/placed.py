"""What a slide layout offers the deck writer, and a slide being filled on it.

python-pptx looks placeholders' positions and sizes up through layout and master on every
access, so each layout is read once into a `LayoutInfo`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

from generator.render.deck.fit.measure import Box
from generator.render.deck.masters.choose import ResolvedLayout, Slot
from generator.render.deck.ooxml.names import base_placeholder

INCH = int(Inches(1))


@dataclass(frozen=True)
class LayoutInfo:
    """What the writer needs of one layout, worked out once (python-pptx's inheritance
    lookups are slow): its resolved placeholders (see `layouts.resolve_layout`), their boxes,
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
        styles = {s.placeholder_format.idx: "title" if s.placeholder_format.type in (
            PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE) else "body"
            for s in layout.placeholders}
        sizes = {idx: _inherited_size(s, styles[idx]) for s in layout.placeholders
                 if (idx := s.placeholder_format.idx) is not None}
        bold = {idx: _inherited_bold(s, styles[idx]) for s in layout.placeholders
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


@dataclass
class Placed:
    """A slide being filled: its layout's info, its placeholders and the shapes kept so far."""

    slide: Any
    info: LayoutInfo
    shapes: dict[int, Any]
    used: set[int] = field(default_factory=set)
    moved: dict[int, Box] = field(default_factory=dict)
    needs: dict[int, int] = field(default_factory=dict)  # shape id -> height its text needs

    def role(self, slot: Slot | None) -> Any:
        """Return the slide's placeholder for the layout's `slot` (None if absent)."""
        if slot is None:
            return None
        return self.shapes.get(slot.idx)

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
        """Mark placeholder `shape` as filled (unused ones are removed) and return it; one
        whose box the layout's resolution moved (clear of the title, say) goes there."""
        self.used.add(shape.shape_id)
        idx = shape.placeholder_format.idx
        roles = self.info.roles
        slot = next((s for s in (roles.title, roles.subtitle, *roles.headers, *roles.bodies)
                     if s is not None and s.idx == idx), None)
        if slot is not None and slot.moved and idx not in self.moved:
            self.move(shape, slot.at)
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
        base = base_placeholder(current)
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


