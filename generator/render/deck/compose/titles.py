"""Titles and subtitles: in the layout's title placeholder (or one added where the layout has
no usable title), fitted in the weight the master draws them in."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.render.deck.compose.pen import Pen
from generator.render.deck.compose.placed import Placed
from generator.render.deck.fit.paragraphs import paragraphs, plain
from generator.render.deck.ooxml.names import TITLE_TYPES, placeholder_type
from generator.render.deck.ooxml.write import add_title_placeholder
from generator.render.deck.units import Box
from generator.render.outline import SlideSpec


def write_title(pen: Pen, placed: Placed, kind: str, title: str) -> None:
    """Write `title` in the slide's title placeholder, as large as the layout sets it (at
    most 40 pt on title and section slides, 36 pt elsewhere) and no smaller than 20 pt."""
    shape = placed.title
    if not title:
        return
    paras = [replace(p, kind="para", level=0, space_before=0) for p in paragraphs(title)]
    if shape is None:  # the layout has no usable title: the slide gets one of its own
        shape = add_title(placed)
    placed.use(shape)
    largest = placed.info.sizes.get(shape.placeholder_format.idx) or 32
    largest = min(largest, 40 if kind in ("title", "section") else 36)
    if placed.is_bold(shape):  # measured in the weight the master draws it in
        paras = [replace(p, bold=True) for p in paras]
    box = placed.box(shape)
    slot = placed.info.roles.title
    if slot is not None and slot.vertical and slot.idx == shape.placeholder_format.idx:
        box = along(box)  # the text runs down the box: it is measured along its length
    size = pen.heading.fit(paras, box, largest, min(20, largest)) or min(20, largest)
    # Titles of one layout are one size (a layout's title box is its designer's: the titles
    # of a caption layout are not those of its content layout); title and section slides
    # are kinds of their own.
    role = f"{kind} titles" if kind in ("title", "section") else (
        f"titles of {placed.slide.slide_layout.name!r} slides")
    size = pen.sized(role, size)
    if pen.heading.breaks_words(paras, size, box.text_width):
        pen.warn(placed, "a word of the title is wider than the title's box even at the "
                         "smallest size, so it is hyphenated — shorten it or add spaces")
    pen.write(placed, shape, pen.fitted(placed, paras, box, size, pen.heading), size,
              box=box, measure=pen.heading)


def along(box: Box) -> Box:
    """Return `box` as text running down it sees it: its height as the line's length."""
    left, top, right, bottom = box.insets
    return Box(box.left, box.top, box.height, box.width, (top, right, bottom, left))


def add_title(placed: Placed) -> Any:
    """Add a title placeholder to a slide whose layout has no usable one (none, or one that
    runs vertically), in the band the layout leaves at the top; return it."""
    slide = placed.slide
    for shape in list(slide.placeholders):  # an unusable title of the layout's
        if placeholder_type(shape) in TITLE_TYPES:
            shape._element.getparent().remove(shape._element)
    box = placed.info.roles.added_title
    assert box is not None  # a layout without a usable title always has the band
    shape = add_title_placeholder(slide, box)
    placed.shapes[shape.placeholder_format.idx] = shape
    placed.moved[shape.placeholder_format.idx] = box
    return shape


def write_subtitle(pen: Pen, placed: Placed, spec: SlideSpec) -> None:
    """Write the subtitle and the detail lines (audience, duration) under the title."""
    paras = [*paragraphs(spec.subtitle, space_before=0.2)]
    for i, line in enumerate(spec.details):
        first = i == 0 and bool(paras)
        paras.append(plain(line, scale=0.8, space_before=0.9 if first else 0.25))
    paras = [replace(p, kind="para", level=0) for p in paras]
    if paras:
        paras[0] = replace(paras[0], space_before=0)
    else:
        return
    target = placed.subtitle or (placed.bodies[0] if placed.bodies else None)
    if target is not None:
        placed.use(target)
        largest = min(placed.info.sizes[target.placeholder_format.idx] or 20, 24)
        pen.fit_into(placed, target, paras, placed.box(target), pen.body, largest, 11,
                     role="subtitles")
    else:
        pen.write_text_box(placed, paras, placed.info.area, 20, 11, role="subtitles")
