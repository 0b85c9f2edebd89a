"""The slide handout: the slides on the kit's paper, several to a page (`slide_handout:
{per_page: 3, lines: true}` in the kit: 1, 2, 3, 4, 6 or 9), each framed, in deck order, with
ruled lines for notes beside each slide on pages of one, two or three; a header with the
course's title and the logo, a footer with the kit's footer and "Page 1 of 5".  For learners:
no speaker notes.  Right-to-left courses are mirrored.

Where everything goes is decided here (`sheet_layout`, in points); the kit's
`slide-handout.html.j2` draws the pages around those places (WeasyPrint), and the slides
LibreOffice drew are then placed in the frames as vector content."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from generator.i18n.languages import is_rtl
from generator.render.context import template_context
from generator.render.job import PAPER_SIZES, RenderJob
from generator.render.office import NOT_UNIVERSAL, draw_slides
from generator.render.pdf.document import lay_out
from generator.render.pdf.engine import forget_styles as forget_caches  # noqa: F401
from generator.render.pdf.engine import write_pdf
from generator.render.pdf.place import Placement, place_pages

MM = 72 / 25.4
MARGIN, TOP, BOTTOM, GAP = 15 * MM, 26 * MM, 20 * MM, 7 * MM  # the page's frame of content
LINE = 8 * MM  # between two ruled lines for notes
GRIDS = {4: (2, 2), 6: (2, 3), 9: (3, 3)}  # columns, rows


@dataclass(frozen=True)
class Box:
    """A rectangle on the page, in points from its top left corner."""

    x: float
    y: float
    w: float
    h: float

    def mirrored(self, page_width: float) -> Box:
        return Box(page_width - self.x - self.w, self.y, self.w, self.h)


@dataclass(frozen=True)
class Slot:
    """Where one slide of a page goes, and the lines for notes beside it (if any)."""

    slide: Box
    lines: Box | None


def sheet_layout(page: tuple[float, float], per_page: int, lines: bool, aspect: float,
                 rtl: bool = False) -> list[Slot]:
    """Return the slots of one page of `page` size (points) for `per_page` slides of width
    over height `aspect`: one or two slides down the page, each with lines under it; three
    down one side with lines beside them (when `lines`); else a grid, each slide centred in
    its cell.  Mirrored for right-to-left."""
    width, height = page
    left, top, room_w, room_h = MARGIN, TOP, width - 2 * MARGIN, height - TOP - BOTTOM
    slots: list[Slot] = []
    if per_page in (1, 2):  # each slide as wide as it may be, the lines under it
        row = (room_h - (per_page - 1) * GAP) / per_page
        for index in range(per_page):
            top_of_row = top + index * (row + GAP)
            slots.append(_over_lines(Box(left, top_of_row, room_w, row), aspect, lines))
    elif per_page == 3:  # PowerPoint's handout of three: the slides down one side, lines beside
        row = (room_h - 2 * GAP) / 3
        for index in range(3):
            w = min(room_w * (0.5 if lines else 1.0), row * aspect)
            h = w / aspect
            y = top + index * (row + GAP) + (row - h) / 2
            x = left if lines else left + (room_w - w) / 2
            notes = Box(x + w + GAP, y, room_w - w - GAP, h) if lines else None
            slots.append(Slot(Box(x, y, w, h), notes))
    else:
        columns, rows = GRIDS[per_page]
        cell_w = (room_w - (columns - 1) * GAP) / columns
        cell_h = (room_h - (rows - 1) * GAP) / rows
        w = min(cell_w, cell_h * aspect)
        h = w / aspect
        for index in range(per_page):
            down, across = divmod(index, columns)
            x = left + across * (cell_w + GAP) + (cell_w - w) / 2
            y = top + down * (cell_h + GAP) + (cell_h - h) / 2
            slots.append(Slot(Box(x, y, w, h), None))
    if rtl:
        slots = [Slot(s.slide.mirrored(width), s.lines.mirrored(width) if s.lines else None)
                 for s in slots]
    return slots


def _over_lines(room: Box, aspect: float, lines: bool) -> Slot:
    """Return a slot filling `room`: the slide at its top, as wide as the room allows while
    leaving the lines under it at least 45% of the height; centred when there are no lines."""
    w = room.w
    h = w / aspect
    most = room.h * (0.55 if lines else 1.0)
    if h > most:
        h, w = most, most * aspect
    y = room.y if lines else room.y + (room.h - h) / 2
    slide = Box(room.x + (room.w - w) / 2, y, w, h)
    notes = Box(room.x, y + h + GAP, room.w, room.h - h - GAP) if lines else None
    return Slot(slide, notes)


def points(length: str) -> float:
    """Return a CSS length in mm or in as points."""
    number, unit = re.fullmatch(r"([\d.]+)(mm|in)", length).groups()  # type: ignore[union-attr]
    return float(number) * (MM if unit == "mm" else 72)


def render(job: RenderJob) -> bytes:
    """Return the slide handout PDF for `job`."""
    drawn = draw_slides(job)
    settings = job.kit.slide_handout
    page = tuple(points(side) for side in PAPER_SIZES[job.paper])
    slots = sheet_layout((page[0], page[1]), settings.per_page, settings.lines,
                         drawn.size[0] / drawn.size[1], is_rtl(job.language))
    count = len(drawn.titles)
    total = math.ceil(count / len(slots))
    pages: list[dict[str, Any]] = []
    placements = []
    for number in range(1, total + 1):
        first = (number - 1) * len(slots)
        placed = []
        for index, slot in enumerate(slots[:count - first]):
            placed.append({"number": first + index + 1, "title": drawn.titles[first + index],
                           "slide": _css(slot.slide),
                           "lines": {**_css(slot.lines),
                                     "count": int(slot.lines.h // LINE)} if slot.lines else None})
            scale = slot.slide.w / drawn.size[0]
            placements.append(Placement(number - 1, first + index, slot.slide.x,
                                        page[1] - slot.slide.y - slot.slide.h, scale))
        pages.append({"number": number, "slots": placed,
                      "page_of": job.labels["page_of"].format(page=number, pages=total)})
    context = template_context(job, pages=pages, sheet_width=f"{page[0]:.3f}pt",
                               sheet_height=f"{page[1]:.3f}pt")
    if job.pdf_variant:
        job.warn(f"the slide handout {NOT_UNIVERSAL}")
    sheets = write_pdf(lay_out(job, "slide-handout", context), refused=job.refused,
                       unloadable=job.unloadable)
    return place_pages(sheets, drawn.pdf, placements)


def _css(box: Box) -> dict[str, str]:
    """Return a box as CSS lengths (left, top, width, height)."""
    return {"left": f"{box.x:.3f}pt", "top": f"{box.y:.3f}pt", "width": f"{box.w:.3f}pt",
            "height": f"{box.h:.3f}pt"}
