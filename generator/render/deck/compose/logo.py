"""The kit's logo on slides: the picture the deck takes (a PNG or JPEG, or one drawn from an
SVG), placed in the first free corner of a slide (where a letterhead puts it first), room made
for it when text boxes reach into every corner, and a chip under it where it would not stand
out from what it sits on."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from generator.errors import KitError
from generator.guards.images import check_logo
from generator.kits.model import BrandKit
from generator.render.colors import contrast
from generator.render.deck.compose.pen import Pen
from generator.render.deck.compose.placed import Placed
from generator.render.deck.ooxml.backdrop import colors_under
from generator.render.deck.ooxml.colors import image_color
from generator.render.deck.ooxml.write import add_rect
from generator.render.deck.units import GAP, HAIRLINE, INCH, Box, overlap
from generator.render.pdf.raster import svg_to_png

LOGO_CONTRAST = 3.0  # WCAG's for graphics: a logo reads on what it sits on at 3:1 or more
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
Logo = tuple[Any, tuple[int, int]]  # the picture (a path or PNG bytes) and its pixel size


def layout_shows_picture(layout: Any) -> bool:
    """Return whether `layout`, or the master shapes it shows, already holds a logo: a
    picture small enough to be one (not a background, band or strip of the design)."""
    width, height = layout.part.package.presentation_part.presentation.slide_width, \
        layout.part.package.presentation_part.presentation.slide_height

    def logo_like(shape: Any) -> bool:
        if shape.shape_type != MSO_SHAPE_TYPE.PICTURE or None in (shape.width, shape.height):
            return False
        wide, high = int(shape.width), int(shape.height)
        return (0 < wide <= width * LOGO_LIKE and 0 < high <= height * LOGO_LIKE
                and max(wide / high, high / wide) <= LOGO_LIKE_ASPECT)

    if any(logo_like(shape) for shape in layout.shapes):
        return True
    shows_master = layout._element.get("showMasterSp") not in ("0", "false")
    return shows_master and any(logo_like(shape) for shape in layout.slide_master.shapes)


LOGO_LIKE = 0.25  # a master's picture at most this share of the slide's width and height…
LOGO_LIKE_ASPECT = 8  # …and at most this long for its width is taken for the client's logo
LOGO_PIXELS_HIGH = 300  # a logo is shown about half an inch high: 600 dpi


def deck_logo(kit: BrandKit, warn: Callable[[str], None]) -> tuple[Any, tuple[int, int]] | None:
    """Return the kit's logo as the deck takes it — a PNG or JPEG file, or a PNG rendered
    from an SVG (its PNG twin when the kit ships one) — with its size in pixels; or None
    with a warning."""
    logo = kit.logo
    if logo is None:
        return None
    if logo.suffix.lower() in (".png", ".jpg", ".jpeg"):
        return logo, _pixel_size(logo.read_bytes())  # checked when the kit was loaded
    png = logo.with_suffix(".png")
    if (png.is_file() and png.resolve().is_relative_to(logo.parent.resolve())
            and png.read_bytes()[:8] == PNG_SIGNATURE):
        try:
            check_logo(png)  # the SVG's twin: the same pixel budget as any logo
        except KitError as err:
            warn(f"{err.message} — the title slide has no logo")
            return None
        return png, _pixel_size(png.read_bytes())
    try:
        data = svg_to_png(logo, LOGO_PIXELS_HIGH)
    except KitError as err:
        warn(f"{err.message} — the title slide has no logo")
        return None
    return io.BytesIO(data), _pixel_size(data)


def _pixel_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


def add_logo(pen: Pen, placed: Placed, logo: Logo, slide_size: tuple[int, int],
             logo_alt: str) -> None:
    """Add the kit's logo in the first corner of the slide where it covers no text: top
    left on the title's edge (top right, right to left), where a letterhead puts it, then
    the other corners.  When text boxes reach into every corner, the first box that can
    give up the corner (its text still fits without it) is shortened to make room."""
    if layout_shows_picture(placed.slide.slide_layout):
        return  # a client master that draws its own logo keeps it, without a second one
    image, (pixels_wide, pixels_high) = logo
    width, height = slide_size
    taken = [(s, Box(int(s.left), int(s.top), int(s.width), int(s.height)))
             for s in placed.slide.shapes
             if None not in (s.left, s.top, s.width, s.height) and (
                 (s.has_text_frame and s.text_frame.text.strip()) or s.is_placeholder)]
    title = placed.info.roles.title
    title_box = placed.info.boxes[title.idx] if title is not None else None
    spots = []
    margin = int(0.3 * INCH)
    for tall in (int(0.5 * INCH), int(0.35 * INCH)):
        wide = int(tall * pixels_wide / max(pixels_high, 1))
        top, bottom = margin, height - margin - tall
        start, end = int(0.4 * INCH), width - int(0.4 * INCH) - wide  # the slide's corners
        if pen.script.rtl:  # the letterhead corner is the top right, on the title's edge
            first = (title_box.right if title_box is not None else width - int(0.75 * INCH)
                     ) - wide
            xs = [first, end, start]
        else:
            xs = [title_box.left if title_box is not None else int(0.75 * INCH), start, end]
        xs = list(dict.fromkeys(min(max(x, margin), width - margin - wide) for x in xs))
        spots += [Box(x, y, wide, tall) for y in (top, bottom) for x in xs
                  if x >= 0 and y >= 0 and wide <= width - 2 * margin]
        spots.sort(key=lambda spot: spot.top != top)  # the top corners first
    spot = next((spot for spot in spots if not any(overlap(spot, box, HAIRLINE)
                                                   for _, box in taken)), None)
    if spot is None:
        spot = next((spot for spot in spots if _make_room(placed, spot, taken, height)), None)
    if spot is None:
        pen.warn(placed, "no corner of the slide is free of text, so it has no logo")
        return
    _chip(pen, placed, spot, image)
    if hasattr(image, "seek"):
        image.seek(0)
    picture = placed.slide.shapes.add_picture(
        image if hasattr(image, "read") else str(image), Emu(spot.left), Emu(spot.top),
        height=Emu(spot.height))
    picture.name = "Logo"
    if logo_alt:
        picture._element.nvPicPr.cNvPr.set("descr", logo_alt)


def _make_room(placed: Placed, spot: Box, taken: list[tuple[Any, Box]], slide_height: int
               ) -> bool:
    """Shorten the text boxes that reach into `spot` from the spot's side (top or bottom
    of the slide) so that it is free, if each keeps the height its text needs; return
    whether it is free."""
    upper = spot.top + spot.height // 2 < slide_height // 2
    shortened = []
    for shape, box in taken:
        if not overlap(spot, box, HAIRLINE):
            continue
        need = placed.needs.get(shape.shape_id)
        if need is None:
            return False  # a picture or an empty placeholder: not ours to move
        top = spot.bottom + GAP if upper else box.top
        bottom = box.bottom if upper else spot.top - GAP
        if bottom - top < need:
            return False
        shortened.append((shape, replace(placed.box(shape) if shape.is_placeholder else box,
                                         top=top, height=bottom - top)))
    for shape, box in shortened:
        if shape.is_placeholder:
            placed.move(shape, box)
        else:
            shape.top, shape.height = Emu(box.top), Emu(box.height)
    return True


def _chip(pen: Pen, placed: Placed, spot: Box, image: Any) -> None:
    """Put a chip of the kit's light colour under the logo where the logo would not stand
    out from what it sits on (a dark master, a dark band, a picture): where its ink's
    contrast with any colour under it is below 3:1."""
    if hasattr(image, "seek"):
        image.seek(0)
    data = image.read() if hasattr(image, "read") else Path(image).read_bytes()
    ink = image_color(data, opaque_only=True)
    if ink is None:
        return
    under = colors_under(placed.slide, spot.left, spot.top, spot.width, spot.height)
    if min(contrast(ink, color) for color in under) >= LOGO_CONTRAST:
        return
    pad = int(0.08 * INCH)
    add_rect(placed.slide, Box(spot.left - pad, spot.top - pad, spot.width + 2 * pad,
                               spot.height + 2 * pad), chip_color(pen, ink))


def chip_color(pen: Pen, ink: str) -> str:
    """Return the colour of a logo's chip: the kit's background (its light colour), else
    its text colour, whichever the logo's ink stands out from; white or black if neither."""
    candidates = [pen.colors.background, pen.colors.text, "#FFFFFF", "#000000"]
    return next((c for c in candidates if contrast(ink, c) >= LOGO_CONTRAST),
                max(candidates, key=lambda c: contrast(ink, c)))
