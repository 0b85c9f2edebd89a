"""What a slide shows at a point: the layout's and master's shapes and pictures there, with
translucent ones blended over what lies below, else the slide's background there (a
gradient's or a picture's colour at that spot).  Asked to choose a readable text colour and to
verify it."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

from generator.render.colors import mix
from generator.render.deck.ooxml.colors import (
    Gradient,
    background,
    background_fill,
    fill_color,
    gradient_at,
    gradient_of,
    opacity,
    own_fill,
    shows_background,
)
from generator.render.deck.ooxml.names import R_NS


def colors_under(slide: Any, left: int, top: int, width: int, height: int) -> list[str]:
    """Return the colours a box on `slide` sits on, sampled at fifteen points across it (a
    glow at its edge counts): what the layout and master draw there (bands, pictures,
    gradients at that spot, glows blended in), else the slide's background there."""
    points = [(left + width * fx, top + height * fy)
              for fy in (0.1, 0.5, 0.9) for fx in (0.03, 0.25, 0.5, 0.75, 0.97)]
    behind = _background_sampler(slide)  # the slide's background, worked out once
    return list(dict.fromkeys(color_at(slide, int(x), int(y), behind) for x, y in points))


def color_under(slide: Any, left: int, top: int, width: int, height: int) -> str:
    """Return the colour at the centre of a box on `slide` (see colors_under)."""
    return color_at(slide, left + width // 2, top + height // 2)


def color_at(slide: Any, x: int, y: int,
             behind: Callable[[int, int], str] | None = None) -> str:
    """Return the colour the layout, the master or the background shows at point (x, y),
    translucent shapes (a glow, a tint) blended over what lies below them; `behind` gives
    the slide's background at a point (see `_background_sampler`), to reuse between calls."""
    overlays: list[tuple[str, float]] = []  # translucent colours over the point, top first
    found = None
    for left, top, right, bottom, picture, paint, alpha in _drawn(slide.slide_layout):
        if left <= x <= right and top <= y <= bottom:
            fx, fy = (x - left) / max(right - left, 1), (y - top) / max(bottom - top, 1)
            color = image_color_at(picture, fx, fy) if picture else (
                gradient_at(paint, fx, fy) if isinstance(paint, tuple) else paint)
            if not color:
                continue
            if alpha < 1.0:
                overlays.append((color, alpha))
                continue
            found = color
            break
    if found is None:
        found = (behind or _background_sampler(slide))(x, y)
    for color, alpha in reversed(overlays):
        found = mix(color, found, alpha)
    return found


def _background_sampler(slide: Any) -> Callable[[int, int], str]:
    """Return a function giving the colour of the slide's own background at a point: a
    gradient's or picture's colour there, else the background's one colour (looked up once,
    when first asked)."""
    size = slide.part.package.presentation_part.presentation
    wide, high = max(size.slide_width or 1, 1), max(size.slide_height or 1, 1)
    found_fill = background_fill(slide)
    kind = etree.QName(found_fill[0]).localname if found_fill is not None else ""
    if found_fill is not None and kind == "gradFill":
        gradient = gradient_of(*found_fill)
        if gradient is not None:
            return lambda x, y: gradient_at(gradient, x / wide, y / high)
    if found_fill is not None and kind == "blipFill":
        fill, owner = found_fill
        blip = fill.find(qn("a:blip"))
        r_id = blip.get(f"{{{R_NS}}}embed") if blip is not None else None
        if r_id and r_id in owner.part.rels:
            picture = bytes(owner.part.rels[r_id].target_part.blob)
            plain: list[str] = []

            def at_picture(x: int, y: int) -> str:
                color = image_color_at(picture, x / wide, y / high)
                if color:
                    return color
                if not plain:
                    plain.append(background(slide))
                return plain[0]

            return at_picture
    plain_color: list[str] = []

    def at_plain(_x: int, _y: int) -> str:
        if not plain_color:
            plain_color.append(background(slide))
        return plain_color[0]

    return at_plain


# (left, top, right, bottom, picture bytes or None, colour or gradient or None, opacity)
Drawn = tuple[int, int, int, int, bytes | None, "str | Gradient | None", float]
_DRAWN: dict[int, tuple[Any, list[Drawn]]] = {}  # id(layout part) -> (the part, what it draws)


def _drawn(layout: Any) -> list[Drawn]:
    """Return what a layout and the master under it draw besides placeholders, topmost first.
    Kept per layout part (python-pptx's shape properties are slow, and a deck samples
    hundreds of points)."""
    cached = _DRAWN.get(id(layout.part))
    if cached is not None and cached[0] is layout.part:
        return cached[1]
    levels = [layout]
    if layout._element.get("showMasterSp") not in ("0", "false"):
        levels.append(layout.slide_master)
    drawn: list[Drawn] = []
    for level in levels:  # the layout's shapes lie over the master's
        for shape in reversed(list(level.shapes)):
            if getattr(shape, "is_placeholder", False) or None in (
                    shape.left, shape.top, shape.width, shape.height):
                continue
            box = (int(shape.left), int(shape.top), int(shape.left + shape.width),
                   int(shape.top + shape.height))
            if shape.shape_type == 13:  # a picture: sampled where the point falls
                try:
                    drawn.append((*box, bytes(shape.image.blob), None, 1.0))
                except (AttributeError, KeyError, ValueError):
                    continue
                continue
            if shows_background(shape):  # a panel in the background's colour
                drawn.append((*box, None, background(level), 1.0))
                continue
            fill = own_fill(shape)
            if fill is None or etree.QName(fill).localname == "noFill":
                continue
            paint: str | Gradient | None = (
                gradient_of(fill, level) if etree.QName(fill).localname == "gradFill"
                else fill_color(fill, level, shape.part))
            if paint:
                drawn.append((*box, None, paint, opacity(fill)))
    if len(_DRAWN) > 64:
        _DRAWN.clear()
    _DRAWN[id(layout.part)] = (layout.part, drawn)
    return drawn


@lru_cache(maxsize=32)
def _thumbnail(blob: bytes) -> Any:
    """Return a small RGBA copy of an image, for sampling colours (None if unreadable)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(blob)) as image:
            if image.width * image.height > 80_000_000:
                return None
            image.draft("RGB", (128, 128))
            return image.convert("RGBA").resize((48, 48))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def image_color_at(blob: bytes, fx: float, fy: float) -> str | None:
    """Return the colour of an image around a point given as fractions of its size (an
    opaque average of the few pixels there; None where it is transparent or unreadable)."""
    thumb = _thumbnail(blob)
    if thumb is None:
        return None
    x = min(max(int(fx * thumb.width), 0), thumb.width - 1)
    y = min(max(int(fy * thumb.height), 0), thumb.height - 1)
    box = (max(x - 2, 0), max(y - 2, 0), min(x + 3, thumb.width), min(y + 3, thumb.height))
    raw = thumb.crop(box).tobytes()
    pixels = [raw[i:i + 4] for i in range(0, len(raw), 4)]
    pixels = [p for p in pixels if p[3] > 128]
    if not pixels:
        return None
    return "#" + "".join(f"{round(sum(p[i] for p in pixels) / len(pixels)):02X}"
                         for i in range(3))
