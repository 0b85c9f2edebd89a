"""What a shape inherits: a placeholder on a slide takes what its layout's placeholder says,
which takes what the master's says, which takes the master's text styles.  Everything the
deck engine reads through that chain is read here: the master behind any part, a shape's
box and insets, its first-level size, weight and alignment, whether its text runs vertically
or it is turned."""

from __future__ import annotations

from typing import Any

from pptx.oxml.ns import qn

from generator.render.deck.ooxml.names import TITLE_TYPES, base_placeholder
from generator.render.deck.units import DEFAULT_INSETS, Box


def master_of(item: Any) -> Any:
    """Return the slide master behind a slide, layout or master, or a shape on one of them."""
    for candidate in (item, getattr(item, "part", None)):
        if candidate is None:
            continue
        master = getattr(candidate, "slide_master", None)
        if master is not None:
            return master
        layout = getattr(candidate, "slide_layout", None)
        if layout is not None:
            return layout.slide_master
    return item


def shape_box(shape: Any) -> Box:
    """Return the box of a placeholder or shape, with its effective (inherited) insets."""
    return Box(int(shape.left or 0), int(shape.top or 0), int(shape.width or 0),
               int(shape.height or 0), effective_insets(shape))


def effective_insets(shape: Any) -> tuple[int, int, int, int]:
    """Return a shape's text insets, following placeholder inheritance to the master."""
    found: list[int | None] = [None, None, None, None]
    current = shape
    while current is not None:
        body_pr = current._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
        if body_pr is not None:
            for i, name in enumerate(("lIns", "tIns", "rIns", "bIns")):
                value = body_pr.get(name)
                if found[i] is None and value is not None and value.isdigit():  # EMU
                    found[i] = int(value)
        current = base_placeholder(current)
    left, top, right, bottom = (v if v is not None else d
                                for v, d in zip(found, DEFAULT_INSETS, strict=True))
    return left, top, right, bottom


def inherited_size(shape: Any, style: str) -> float | None:
    """Return the first-level font size a placeholder inherits (layout, master, text styles)."""
    size = inherited_run_property(shape, style, "sz")
    return int(size) / 100 if size else None


def inherited_bold(shape: Any, style: str) -> bool:
    """Return whether a placeholder's first-level text is bold by inheritance."""
    return inherited_run_property(shape, style, "b") in ("1", "true")


def inherited_run_property(shape: Any, style: str, name: str) -> str | None:
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
            master = master_of(current)
            styles = master._element.find(qn("p:txStyles")) if master is not None else None
            tag = "p:titleStyle" if style == "title" else "p:bodyStyle"
            rpr = styles.find(f"{qn(tag)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}") \
                if styles is not None else None
            return str(rpr.get(name)) if rpr is not None and rpr.get(name) else None
        current = base
    return None


def inherited_align(shape: Any) -> str | None:
    """Return the first-level alignment a placeholder inherits (its own list style, the
    placeholders it inherits from, then the master's title or body style)."""
    current, style = shape, "body"
    while current is not None:
        p_pr = current._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}")
        if p_pr is not None and p_pr.get("algn"):
            return str(p_pr.get("algn"))
        ph = getattr(current._element, "ph", None)
        if ph is not None and ph.get("type") in TITLE_TYPES:
            style = "title"
        base = base_placeholder(current)
        if base is None:
            break
        current = base
    master = master_of(shape)
    styles = master._element.find(qn("p:txStyles")) if master is not None else None
    tag = "p:titleStyle" if style == "title" else "p:bodyStyle"
    p_pr = styles.find(f"{qn(tag)}/{qn('a:lvl1pPr')}") if styles is not None else None
    return str(p_pr.get("algn")) if p_pr is not None and p_pr.get("algn") else None


def inherited_elements(shape: Any, path: str) -> list[Any]:
    """Return the elements at `path` below `shape` and each placeholder it inherits from."""
    found = []
    current = shape
    while current is not None:
        element = current._element.find(path)
        if element is not None:
            found.append(element)
        current = base_placeholder(current)
    return found


def is_vertical(shape: Any) -> bool:
    """Return whether a placeholder's text runs vertically (by itself or inherited)."""
    if shape._element.ph is not None and shape._element.ph.get("orient") == "vert":
        return True
    for body_pr in inherited_elements(shape, f"{qn('p:txBody')}/{qn('a:bodyPr')}"):
        vert = body_pr.get("vert")
        if vert is not None:
            return vert != "horz"
    return False


def is_rotated(shape: Any) -> bool:
    """Return whether a placeholder is turned by other than a half turn (by itself or
    inherited): text in it would not run across the slide."""
    for xfrm in inherited_elements(shape, f"{qn('p:spPr')}/{qn('a:xfrm')}"):
        rot = xfrm.get("rot")
        if rot is not None:
            return int(rot) % 10800000 != 0
    return False
