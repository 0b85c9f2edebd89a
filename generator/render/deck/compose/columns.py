"""Subjects side by side: a Comparison layout's heading and body placeholders where the
layout has them, else two or three drawn columns (heading, hairline, text), else a grid of
cards; every column's text at one size, so they read as equals."""

from __future__ import annotations

from dataclasses import replace

from pptx.enum.text import MSO_ANCHOR

from generator.render.colors import mix
from generator.render.deck.compose.pen import HEADING_FONT, Pen
from generator.render.deck.compose.placed import Placed
from generator.render.deck.fit.measure import font_sizes
from generator.render.deck.fit.paragraphs import Para, paragraphs, plain
from generator.render.deck.ooxml.write import add_rect, set_insets
from generator.render.deck.units import EMU_PER_PT, GAP, INCH, Box
from generator.render.outline import Column

MIN_BODY = INCH // 2  # the least height a column's body gets under its heading
ROOMY = int(3.5 * INCH)  # layouts with a content area this tall keep air above headings
CELLS, HEADINGS = "cells", "column headings"  # roles of text (see `Pen.sized`)
HEADING_READABLE = 14  # column headings shrink to this, then wrap onto two lines
HEADING_SMALLEST = 12  # and on two lines to this before they are cut


def write_columns(pen: Pen, placed: Placed, columns: tuple[Column, ...], area: Box) -> None:
    """Write columns: a Comparison layout's placeholders, drawn columns or a grid of cards."""
    if len(columns) == 1:
        paras = [plain(columns[0].heading, bold=True),
                 *paragraphs(columns[0].body, pictures=False)]
        pen.write_text_box(placed, paras, area, 24, 12, role=CELLS)
    elif len(columns) == 2 and len(placed.headers) >= 2 and len(placed.bodies) >= 2:
        _fill_comparison(pen, placed, columns, area)
    elif len(columns) <= 3:
        _draw_columns(pen, placed, columns, area)
    else:
        _draw_cards(pen, placed, columns, area)


def above_captions(placed: Placed, area: Box, columns: tuple[Column, ...]) -> Box:
    """Return `area` above the column headings where a Comparison layout puts them under its
    columns, as captions (what is drawn at the bottom of the area, a takeaway, must not
    cover them); else `area`."""
    if len(columns) != 2 or len(placed.headers) < 2 or len(placed.bodies) < 2:
        return area
    heads = [placed.box(h) for h in placed.headers[:2]]
    bodies = [placed.box(b) for b in placed.bodies[:2]]
    if not all(h.top >= b.top + b.height // 2 for h, b in zip(heads, bodies, strict=True)):
        return area
    return replace(area, height=max(min(h.top for h in heads) - GAP - area.top, 0))


def _fill_comparison(pen: Pen, placed: Placed, columns: tuple[Column, ...], area: Box) -> None:
    headers, bodies = placed.headers[:2], placed.bodies[:2]
    if pen.script.rtl:  # the first subject in the right-hand column
        headers, bodies = headers[::-1], bodies[::-1]
    heads = [[plain(c.heading, bold=True)] for c in columns]
    texts = [paragraphs(c.body, pictures=False) for c in columns]
    inherited = placed.info.sizes[headers[0].placeholder_format.idx]
    head_size, head_height = heading_fit(pen, heads, [placed.box(h) for h in headers],
                                         min(inherited or 20, 24))
    head_size = pen.sized(HEADINGS, head_size)
    for header, body in zip(headers, bodies, strict=True):
        head_box, box = placed.box(header), placed.box(body)
        grow = max(0, head_height - head_box.height)
        if grow:  # a heading wrapped onto two lines pushes its column's body down
            placed.move(header, replace(head_box, height=head_height))
            box = replace(box, top=box.top + grow, height=box.height - grow)
        if box.bottom > area.bottom or grow:
            placed.move(body, replace(box, height=min(box.bottom, area.bottom) - box.top))
    body_size = pen.common_size(pen.body, texts, [placed.box(b) for b in bodies], 24, 12,
                                role=CELLS)
    for shape, paras in zip((*headers, *bodies), (*heads, *texts), strict=True):
        placed.use(shape)
        size, measure = (head_size, pen.heading) if shape in headers else (body_size, pen.body)
        box = placed.box(shape)
        pen.write(placed, shape, pen.fitted(placed, paras, box, size, measure), size, box=box,
                  measure=measure)


def heading_fit(pen: Pen, heads: list[list[Para]], boxes: list[Box],
                largest: float) -> tuple[float, int]:
    """Return the common size of column headings and the height (EMU) their boxes need:
    shrunk down to HEADING_READABLE in their boxes, else wrapped onto two lines (taller
    boxes if need be) down to HEADING_SMALLEST; a word is hyphenated only when no size
    avoids it. Headings that do not fit even then are cut by `Pen.fitted`, with a warning."""
    height = max(box.height for box in boxes)
    vertical = max(box.insets[1] + box.insets[3] for box in boxes)

    def two_lines(size: float) -> int:
        return max(height, int(2 * pen.heading.line_height(size) * EMU_PER_PT) + vertical + 1)

    def fit_all(size: float, tall: int, whole_words: bool) -> bool:
        return all(pen.heading.fits(paras, size, replace(box, height=tall)) and not (
            whole_words and pen.heading.breaks_words(paras, size, box.text_width))
            for paras, box in zip(heads, boxes, strict=True))

    sizes = list(font_sizes(largest, HEADING_SMALLEST))
    for whole_words in (True, False):
        for size in sizes:
            if size >= HEADING_READABLE and fit_all(size, height, whole_words):
                return size, height
        for size in sizes:
            if fit_all(size, two_lines(size), whole_words):
                return size, two_lines(size)
    return HEADING_SMALLEST, two_lines(HEADING_SMALLEST)


def _draw_columns(pen: Pen, placed: Placed, columns: tuple[Column, ...], area: Box) -> None:
    """Draw two or three columns: heading, hairline, summary, like the Comparison layout."""
    count = len(columns)
    gutter = int(0.4 * INCH)
    width = (area.width - gutter * (count - 1)) // count
    insets = placed.info.text_insets
    head_h = int(0.75 * INCH)
    heads = [[plain(c.heading, bold=True)] for c in columns]
    texts = [paragraphs(c.body, pictures=False) for c in columns]
    lefts = [area.left + i * (width + gutter) for i in range(count)]
    if pen.script.rtl:  # the first subject on the right
        lefts.reverse()
    head_size, head_h = heading_fit(
        pen, heads, [Box(x, area.top, width, head_h, insets) for x in lefts], 20)
    head_size = pen.sized(HEADINGS, head_size)
    text_width = Box(0, 0, width, head_h, insets).text_width
    needed = int(max(pen.heading.height(head, head_size, text_width) for head in heads)
                 * EMU_PER_PT) + insets[1] + insets[3] + 1
    if placed.info.area.height < ROOMY:  # no air above headings where cells need the room
        head_h = min(head_h, needed)
    head_boxes = [Box(x, area.top, width, head_h, insets) for x in lefts]
    rule_top = area.top + head_h + int(0.06 * INCH)
    body_top = rule_top + int(0.25 * INCH)
    if area.bottom - body_top < MIN_BODY:  # a small content area: each column one text
        _draw_compact_columns(pen, placed, heads, texts, lefts, width, area)
        return
    body_boxes = [Box(x, body_top, width, area.bottom - body_top, insets) for x in lefts]
    body_size = pen.common_size(pen.body, texts, body_boxes, 24, 12, role=CELLS)
    for x, head_box, body_box, head, text in zip(lefts, head_boxes, body_boxes, heads, texts,
                                                  strict=True):
        pen.text_box(placed, head_box,
                     pen.fitted(placed, head, head_box, head_size, pen.heading), head_size,
                     anchor=MSO_ANCHOR.BOTTOM, font=HEADING_FONT)
        add_rect(placed.slide, Box(x, rule_top, width, int(0.025 * INCH)),
                 pen.visible(pen.colors.secondary, placed))
        pen.text_box(placed, body_box, pen.fitted(placed, text, body_box, body_size), body_size)


def _draw_compact_columns(pen: Pen, placed: Placed, heads: list[list[Para]],
                          texts: list[list[Para]], lefts: list[int], width: int,
                          area: Box) -> None:
    """Draw columns as one text box each, the heading as its first line: for a content
    area too low for a heading row, a rule and a body."""
    boxes = [Box(x, area.top, width, area.height, placed.info.text_insets) for x in lefts]
    columns = [[*head, *[replace(p, space_before=p.space_before or 0.3) for p in text]]
               for head, text in zip(heads, texts, strict=True)]
    size = pen.common_size(pen.body, columns, boxes, 20, 10, role=CELLS)
    for box, paras in zip(boxes, columns, strict=True):
        pen.text_box(placed, box, pen.fitted(placed, paras, box, size), size)


def _draw_cards(pen: Pen, placed: Placed, columns: tuple[Column, ...], area: Box) -> None:
    """Draw four to six columns as a grid of cards, two or three to a row."""
    per_row = 2 if len(columns) == 4 else 3
    rows = -(-len(columns) // per_row)
    gap = int(0.25 * INCH)
    width = (area.width - gap * (per_row - 1)) // per_row
    height = (area.height - gap * (rows - 1)) // rows
    bar = int(0.07 * INCH)
    pad = int(0.18 * INCH)
    insets = pen.from_start((bar + pad, int(0.12 * INCH), pad, int(0.12 * INCH)))
    lefts = [area.left + i * (width + gap) for i in range(per_row)]
    if pen.script.rtl:  # rows read from the right
        lefts.reverse()
    boxes = [Box(lefts[i % per_row], area.top + (i // per_row) * (height + gap), width,
                 height, insets)
             for i in range(len(columns))]
    texts = [[plain(c.heading, bold=True, color=pen.colors.primary),
              *paragraphs(c.body, space_before=0.4, pictures=False)] for c in columns]
    for text in texts:
        if len(text) > 1:
            text[1] = replace(text[1], space_before=0.4)
    size = pen.common_size(pen.body, texts, boxes, 20, 11, role=CELLS)
    fill = mix(pen.colors.primary, pen.colors.background, 0.07)
    for box, text in zip(boxes, texts, strict=True):
        card = add_rect(placed.slide, box, fill)
        set_insets(card.text_frame, box.insets)
        card.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        # left aligned and coloured explicitly: shapes centre their text, in white
        pen.write_on(card.text_frame, pen.coloured(pen.fitted(placed, text, box, size)), size,
                     on=fill, align="l")
        add_rect(placed.slide, pen.start_bar(box, bar), pen.colors.secondary)
