"""Pictures on slides: the source's images read safely and laid out in a free area.

A slide's pictures come in groups (a subject's, under its name; or the slide's own, under no
heading), side by side; within a group they stack from the heading's start, each as wide as
its group allows (or the share a `{width=…}` hint asks for), their shapes kept, scaled down
together to fit.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx.enum.text import MSO_ANCHOR

from generator.render.deck.compose.pen import Pen
from generator.render.deck.compose.placed import Placed
from generator.render.deck.fit.paragraphs import plain
from generator.render.deck.units import EMU_PER_PT, INCH, Box
from generator.render.outline import SlideSpec
from generator.source.markdown import ImageRef, images_of

Groups = list[tuple[str, list["LoadedPicture"]]]  # (heading, pictures) side by side
GROUP_HEADING_SIZE = 16.0

HEADING_HEIGHT = 0.45  # of an inch, for a group's heading line
GUTTER = 0.35  # inches between groups
SPACING = 0.12  # inches between stacked pictures



@dataclass(frozen=True)
class LoadedPicture:
    """A picture ready for the deck: PNG/JPEG bytes, its pixel size and description."""

    data: bytes
    pixels: tuple[int, int]
    alt: str
    share: float  # of its group's width: 1.0 unless a width hint asks for less

    @property
    def aspect(self) -> float:
        """Return height over width."""
        return self.pixels[1] / max(self.pixels[0], 1)


def load_picture(image: ImageRef) -> LoadedPicture:
    """Return `image`, which `picture_problem` found fit to show, read for the deck (an SVG
    drawn as PNG, a GIF, BMP or TIFF as PNG); raise ValueError saying why it cannot be shown
    after all (it changed since)."""
    from PIL import Image, UnidentifiedImageError

    from generator.guards.images import MAX_PICTURE_BYTES, read_regular_file

    path = image.path
    if path.suffix.lower() == ".svg":
        from generator.errors import KitError
        from generator.render.pdf.raster import svg_to_png

        try:
            data = svg_to_png(path, 600)
        except KitError as err:
            raise ValueError(str(err.message)) from None
    else:
        data, problem = read_regular_file(path, MAX_PICTURE_BYTES)
        if problem is not None:
            raise ValueError(problem[0])
    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind, pixels = picture.format, picture.size
            if kind not in ("PNG", "JPEG"):  # PowerPoint takes these everywhere
                out = io.BytesIO()
                picture.convert("RGBA").save(out, "PNG")
                data = out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as err:
        raise ValueError(f"it cannot be read as a picture ({err})") from None
    return LoadedPicture(data, pixels, image.alt, _share(image.width))


def _share(width: str | None) -> float:
    """Return a width hint as a share of the group's width (lengths count against 6 in)."""
    if not width:
        return 1.0
    if width.endswith("%"):
        return max(0.05, min(1.0, float(width[:-1]) / 100))
    value, unit = float(width[:-2]), width[-2:]
    inches = value / {"mm": 25.4, "cm": 2.54, "in": 1.0}[unit]
    return max(0.05, min(1.0, inches / 6.0))


@dataclass(frozen=True)
class Placement:
    """Where one group's heading and pictures go."""

    heading: Box | None
    pictures: list[tuple[LoadedPicture, Box]]


def lay_out(groups: Groups, area: Box, *,
            right_to_left: bool = False, heading_size: float = 16) -> list[Placement]:
    """Return where each group goes in `area`: side by side (from the right, right to left),
    each heading above its pictures, the pictures stacked and scaled together to fit."""
    count = len(groups)
    gutter = int(GUTTER * INCH)
    width = (area.width - gutter * (count - 1)) // count
    lefts = [area.left + i * (width + gutter) for i in range(count)]
    if right_to_left:
        lefts.reverse()
    heading_height = int(max(HEADING_HEIGHT * INCH, heading_size * 1.6 * EMU_PER_PT))
    headed = any(heading for heading, _ in groups)
    top = area.top + (heading_height if headed else 0)
    room = area.bottom - top
    spacing = int(SPACING * INCH)
    placements = []
    for left, (heading, pictures) in zip(lefts, groups, strict=True):
        # each group scaled down together until its stack fits the height
        stacked = sum(width * p.share * p.aspect for p in pictures)
        free = room - spacing * (len(pictures) - 1)
        scale = min(1.0, max(free, 1) / max(stacked, 1))
        y = top
        placed = []
        for picture in pictures:
            wide = int(width * picture.share * scale)
            high = int(wide * picture.aspect)
            x = left + width - wide if right_to_left else left  # under its heading's start
            placed.append((picture, Box(x, y, wide, high)))
            y += high + spacing
        head = Box(left, area.top, width, heading_height) if heading else None
        placements.append(Placement(head, placed))
    return placements


def picture_groups(columns: list[tuple[str, list[ImageRef]]], allowed: frozenset[Path],
                   problems: list[str], unusable: frozenset[Path] = frozenset()
                   ) -> list[tuple[str, list[LoadedPicture]]]:
    """Return the pictures of each (heading, images) group loaded, each file once per group;
    files outside `allowed` (what the source's own Markdown shows, fit to show) or unreadable
    ones are left out with what is wrong added to `problems`, and those of `unusable`
    (judged unfit, and reported so for every output) are left out."""
    groups: dict[str, list[LoadedPicture]] = {}
    seen: dict[str, set[Path]] = {}
    for heading, images in columns:
        for image in images:
            if image.path in seen.setdefault(heading, set()) or image.path in unusable:
                continue
            seen[heading].add(image.path)
            if image.path not in allowed:
                problems.append(f"{image.path.name}: not a picture of the source's own — "
                                "the deck shows only pictures beside the source")
                continue
            try:
                groups.setdefault(heading, []).append(load_picture(image))
            except (ValueError, OSError) as err:
                problems.append(f"{image.path.name}: {err}")
    return [(heading, pictures) for heading, pictures in groups.items() if pictures]


def add_picture(slide: Any, picture: LoadedPicture, box: Box) -> Any:
    """Add `picture` at `box` with its description for screen readers; return the shape."""
    from pptx.util import Emu

    shape = slide.shapes.add_picture(io.BytesIO(picture.data), Emu(box.left), Emu(box.top),
                                     Emu(box.width), Emu(box.height))
    shape.name = f"Picture {shape.shape_id}"
    if picture.alt:
        shape._element.nvPicPr.cNvPr.set("descr", picture.alt)
    return shape


def pictures_of(spec: SlideSpec, folder: Path, allowed: frozenset[Path],
                problems: list[str], unusable: frozenset[Path] = frozenset()) -> Groups:
    """Return the pictures of `spec`'s Markdown (its body's, then each column's and
    `pictures` entry's under its heading), loaded, but those of `unusable`; what cannot be
    shown goes to `problems`."""
    columns = [(c.heading, images_of(c.body, folder)) for c in (*spec.columns, *spec.pictures)]
    columns.insert(0, ("", images_of(spec.body, folder)))
    return picture_groups([c for c in columns if c[1]], allowed, problems, unusable)


def draw_pictures(pen: Pen, placed: Placed, groups: Groups) -> None:
    """Draw `groups` in the slide's content area, each under its heading."""
    for placement, (heading, _) in zip(
            lay_out(groups, placed.info.area, right_to_left=pen.script.rtl,
                    heading_size=GROUP_HEADING_SIZE), groups, strict=True):
        if placement.heading is not None:
            pen.write_text_box(placed, [plain(heading, bold=True)], placement.heading,
                               GROUP_HEADING_SIZE, 11, role="picture headings",
                               anchor=MSO_ANCHOR.BOTTOM,
                               measure=pen.heading, bold=True)
        for picture, box in placement.pictures:
            add_picture(placed.slide, picture, box)
