"""Native tables on slides: column widths, a font size that fits, and splitting over slides."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import product
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu

from generator.render.colors import mix
from generator.render.deck.compose.pen import Pen
from generator.render.deck.fit.measure import Measure
from generator.render.deck.fit.paragraphs import Para, first_in_box, paragraphs
from generator.render.deck.units import EMU_PER_PT, INCH, Box
from generator.render.outline import Table

CELL_INSETS = (int(0.08 * INCH), int(0.05 * INCH), int(0.08 * INCH), int(0.05 * INCH))
TIGHT_INSETS = (int(0.05 * INCH), int(0.025 * INCH), int(0.05 * INCH), int(0.025 * INCH))
TABLE_SIZES = (18, 16, 14, 13, 12, 11)  # one slide at the first of these that fits
READABLE = 12  # a table on one slide smaller than this is worth another layout's room
TABLE_SPLIT_SIZE = 11  # else split over slides at this size
ROLE = "table cells"  # the role of table text (see `Pen.sized`)
FIRST_COLUMN_SHARES = (0.12, 0.16, 0.2, 0.24)  # of a wide table's width, for its row names


@dataclass
class TableLayout:
    """A table fitted to an area: its text size, column widths, row heights and pages."""

    header: list[list[Para]]
    source: list[list[list[Para]]]  # the rows' cells in full
    widths: list[int]
    rows: list[list[list[Para]]] = field(default_factory=list)  # as drawn: huge cells cut
    size: float = TABLE_SPLIT_SIZE
    header_height: int = 0
    heights: list[int] = field(default_factory=list)
    pages: list[list[int]] = field(default_factory=list)
    cut: dict[int, str] = field(default_factory=dict)  # row index: the full text of cut cells
    insets: tuple[int, int, int, int] = CELL_INSETS  # TIGHT_INSETS for a table kept on one slide

    @classmethod
    def plan(cls, pen: Pen, table: Table, area: Box) -> TableLayout:
        """Return the layout of `table` in `area`: one slide at the largest of TABLE_SIZES
        that fits (one that breaks no word if there is one; with the usual cell padding and
        column widths if they allow, else tighter padding or another first column), else
        split over slides at TABLE_SPLIT_SIZE."""
        header = [[replace(p, kind="para", bold=True, color=pen.colors.background)
                   for p in paragraphs(cell)] for cell in table.header]
        rows = [[[replace(p, bold=p.bold or i == 0) for p in paragraphs(cell, space_before=0.2)]
                 for i, cell in enumerate(row)] for row in table.rows]
        options = _width_options(pen.body, table, area.width)
        layout = cls(header, rows, options[0])
        sizes = [size for size in TABLE_SIZES if size <= pen.caps.get(ROLE, size)]
        for whole_words in (True, False):
            for size in sizes:  # the usual padding and widths first, then tighter ones
                for insets, widths in product((CELL_INSETS, TIGHT_INSETS), options):
                    layout.insets, layout.widths = insets, widths
                    layout._measure(pen.body, size, area)
                    if layout.header_height + sum(layout.heights) <= area.height and not (
                            whole_words and layout._breaks_words(pen.body)):
                        layout.pages = [list(range(len(rows)))]
                        pen.sized(ROLE, size)
                        return layout
        layout.insets = CELL_INSETS
        split_size = pen.sized(ROLE, TABLE_SPLIT_SIZE)
        layout.widths = min(options, key=lambda widths: layout._total(
            pen.body, split_size, area, widths))
        layout._measure(pen.body, split_size, area)
        layout.pages = _pages(layout.heights, area.height - layout.header_height)
        return layout

    def _total(self, measure: Measure, size: float, area: Box, widths: list[int]) -> int:
        """Return the table's height with `widths` at `size`."""
        self.widths = widths
        self._measure(measure, size, area)
        return self.header_height + sum(self.heights)

    def _breaks_words(self, measure: Measure) -> bool:
        """Return whether some word is wider than its cell at the current size."""
        return any(measure.breaks_words(paras, self.size, self._cell_box(c).text_width)
                   for cells in (self.header, *self.rows) for c, paras in enumerate(cells))

    def _cell_box(self, column: int) -> Box:
        return Box(0, 0, self.widths[column], 10 * INCH, self.insets)

    def _height(self, measure: Measure, cells: list[list[Para]]) -> int:
        tallest = max((measure.height(paras, self.size, self._cell_box(c).text_width)
                       for c, paras in enumerate(cells)), default=0.0)
        return int(tallest * EMU_PER_PT) + self.insets[1] + self.insets[3] + EMU_PER_PT

    def _measure(self, measure: Measure, size: float, area: Box) -> None:
        self.size = size
        self.header_height = self._height(measure, self.header)
        room = area.height - self.header_height
        self.heights, self.rows, self.cut = [], [list(cells) for cells in self.source], {}
        for r, cells in enumerate(self.rows):
            height = self._height(measure, cells)
            if height > room:  # one huge row: cut its cells so that it fits a slide
                for c, paras in enumerate(cells):
                    box = replace(self._cell_box(c), height=room)
                    cells[c] = _cut(measure, paras, box, size)
                    if cells[c] != paras:
                        full = "\n".join(para.text for para in paras)
                        self.cut[r] = f"{self.cut[r]}\n{full}" if r in self.cut else full
                height = min(room, self._height(measure, cells))
            self.heights.append(height)

    def draw(self, pen: Pen, slide: Any, area: Box, rows: list[int], *,
             right_to_left: bool = False) -> Any:
        """Draw the header and `rows` (indexes) as a native table at the top of `area`, its
        first column on the right when `right_to_left`."""
        heights = [self.header_height, *(self.heights[r] for r in rows)]
        shape = slide.shapes.add_table(len(heights), len(self.widths), Emu(area.left),
                                       Emu(area.top), Emu(sum(self.widths)), Emu(sum(heights)))
        table = shape.table
        table.first_row, table.horz_banding = True, False
        if right_to_left:
            table._tbl.tblPr.set("rtl", "1")
        for column, width in zip(table.columns, self.widths, strict=True):
            column.width = Emu(width)
        for row, height in zip(table.rows, heights, strict=True):
            row.height = Emu(height)
        colors = pen.colors
        stripe = mix(colors.primary, colors.background, 0.07)
        for r, cells in enumerate([self.header, *(self.rows[i] for i in rows)]):
            fill = colors.primary if r == 0 else (stripe if r % 2 == 0 else colors.background)
            for c, paras in enumerate(cells):
                cell = table.cell(r, c)
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(fill[1:])
                (cell.margin_left, cell.margin_top, cell.margin_right,
                 cell.margin_bottom) = (Emu(v) for v in self.insets)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE if r == 0 else MSO_ANCHOR.TOP
                text = paras if r == 0 else [replace(p, color=p.color or colors.text)
                                             for p in paras]
                text_width = self._cell_box(c).text_width
                text = [pen.body.hyphenated(p, self.size, text_width)
                        for p in first_in_box(text)]
                pen.write_on(cell.text_frame, text, self.size, on=fill)
        return shape


def _column_widths(measure: Measure, table: Table, width: int) -> list[int]:
    """Return column widths in EMU: the first (row names) as wide as they need, within limits
    that leave the other columns room; the others share the rest equally."""
    count = len(table.header)
    if count == 1:
        return [width]
    longest_word = max((measure.width(word, TABLE_SPLIT_SIZE, True)
                        for row in table.rows for word in row[0].split()), default=0.0)
    longest_name = max((measure.width(row[0], TABLE_SPLIT_SIZE, True) for row in table.rows),
                       default=0.0)
    margins = CELL_INSETS[0] + CELL_INSETS[2]
    wanted = int(max(longest_word, min(longest_name, 160.0)) * EMU_PER_PT) + margins
    widest = min(int(width * 0.28), int(width / count * 1.4))
    first = max(int(width * 0.14), min(wanted, widest))
    rest = (width - first) // (count - 1)
    return [first, *([rest] * (count - 1))]


def _width_options(measure: Measure, table: Table, width: int) -> list[list[int]]:
    """Return column widths to try: the usual ones (`_column_widths`), then with the first
    column at other shares of `width` (never narrower than its longest word), for a table
    that fits one slide only with its row names wrapped differently."""
    usual = _column_widths(measure, table, width)
    count = len(usual)
    if count < 3:
        return [usual]
    longest_word = max((measure.width(word, TABLE_SPLIT_SIZE, True)
                        for row in table.rows for word in row[0].split()), default=0.0)
    least = int(longest_word * EMU_PER_PT) + CELL_INSETS[0] + CELL_INSETS[2]
    options = [usual]
    for share in FIRST_COLUMN_SHARES:
        first = max(int(width * share), least)
        rest = (width - first) // (count - 1)
        if rest > least // 2 and first != usual[0]:
            options.append([first, *([rest] * (count - 1))])
    return options


def _pages(heights: list[int], room: int) -> list[list[int]]:
    """Return row indexes split into pages of at most `room` EMU: as few pages as filling
    each one up needs, with the rows shared out evenly between them."""
    greedy: list[list[int]] = [[]]
    used = 0
    for index, height in enumerate(heights):
        if greedy[-1] and used + height > room:
            greedy.append([])
            used = 0
        greedy[-1].append(index)
        used += height
    pages: list[list[int]] = []
    index = 0
    for left in range(len(greedy), 0, -1):
        target = sum(heights[index:]) / left  # what each remaining page should hold
        page: list[int] = []
        used = 0
        while index < len(heights) and (
                not page or left == 1
                or (used + heights[index] <= room and used + heights[index] / 2 <= target)):
            page.append(index)
            used += heights[index]
            index += 1
        pages.append(page)
    if all(sum(heights[i] for i in page) <= room for page in pages) and all(pages):
        return pages
    return greedy


def _cut(measure: Measure, paras: list[Para], box: Box, size: float) -> list[Para]:
    """Return `paras` shortened with an ellipsis to fit `box` at `size`."""
    kept = list(paras)
    while kept and not measure.fits(kept, size, box):
        if len(kept) > 1:
            kept.pop()
            continue
        kept[0] = measure.truncated(kept[0], size, box)
        break
    return kept

