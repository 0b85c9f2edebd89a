"""A slide being filled: its layout's info, its placeholders, and what has been put where."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pptx.util import Emu

from generator.render.deck.masters.resolve import LayoutInfo, Slot
from generator.render.deck.units import Box


@dataclass
class Placed:
    """A slide being filled: its layout's info, its placeholders and the shapes kept so far."""

    slide: Any
    info: LayoutInfo
    shapes: dict[int, Any]
    name: str = ""  # "slide 3 (Duration)", for warnings about it
    used: set[int] = field(default_factory=set)
    moved: dict[int, Box] = field(default_factory=dict)
    needs: dict[int, int] = field(default_factory=dict)  # shape id -> height its text needs
    cut: list[str] = field(default_factory=list)  # texts cut short on it, for its notes

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
