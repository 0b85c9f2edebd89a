"""Writing text on a slide so that it fits and reads: sized to its box with the fitter,
hyphenated or, as a last resort, cut short (with a warning and the full text in the notes),
and in a colour that reads on whatever it sits on (a shade of the one it inherits, or a
panel of the kit's background behind text over a busy picture)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR

from generator.kits.model import BrandColors
from generator.render.colors import contrast, needed_contrast, readable_on
from generator.render.deck.compose.placed import Placed
from generator.render.deck.fit.measure import Measure
from generator.render.deck.fit.paragraphs import Para
from generator.render.deck.ooxml.backdrop import colors_under
from generator.render.deck.ooxml.colors import (
    background,
    inherited_text_color,
    sample_text_color,
    shape_fill,
)
from generator.render.deck.ooxml.inherit import inherited_align
from generator.render.deck.ooxml.write import Script, add_text_box, write_paras
from generator.render.deck.units import EMU_PER_PT, Box

HEADING_FONT = "+mj-lt"  # the theme's heading font


class Pen:
    """Writes fitted, readable text for one deck: its measures (heading and body fonts), the
    kit's colours and the source's script; warnings about a slide go to `warn`."""

    def __init__(self, *, heading: Measure, body: Measure, colors: BrandColors, script: Script,
                 warn: Callable[[str], None], caps: dict[str, float] | None = None) -> None:
        self.heading, self.body = heading, body
        self.colors, self.script = colors, script
        self._warn = warn
        self.caps = dict(caps or {})  # the deck's size for each role of text (see `sized`)
        self.fitted_sizes: dict[str, float] = {}  # the smallest size each role fitted at
        self.fullest: dict[str, str] = {}  # the slide where it did
        self.slide = ""  # the slide being filled
        self._backgrounds: dict[int, str] = {}  # per layout

    def sized(self, role: str, size: float) -> float:
        """Return `size` (what text of `role` fits at here) no larger than the deck's size for
        that role, so that the same kind of text is one size across the deck, the size of its
        fullest slide; the size is noted for the next pass (see `writer.compose`)."""
        if size < self.fitted_sizes.get(role, size + 1):
            self.fitted_sizes[role], self.fullest[role] = size, self.slide
        return min(size, self.caps.get(role, size))

    def warn(self, placed: Placed, message: str) -> None:
        """Warn about the slide being filled (`pm.yaml: slide 3 (Duration): …`)."""
        self._warn(f"{placed.name}: {message}")

    # -- text boxes and placeholders ---------------------------------------------------------

    def write_text_box(self, placed: Placed, paras: list[Para], area: Box, largest: float,
                       smallest: float, *, role: str, anchor: Any = MSO_ANCHOR.TOP,
                       measure: Measure | None = None, bold: bool = False) -> None:
        """Add a text box filling `area` with `paras`, at the largest size from `largest`
        down to `smallest` at which they fit (and the deck's size for text of `role`)."""
        box = replace(area, insets=placed.info.text_insets)
        measure = measure or self.body
        size = self.sized(role, measure.fit(paras, box, largest, smallest) or smallest)
        paras = [replace(p, bold=p.bold or bold) for p in paras]
        self.text_box(placed, box, self.fitted(placed, paras, box, size, measure), size,
                      anchor=anchor, font=HEADING_FONT if measure is self.heading else None)

    def text_box(self, placed: Placed, box: Box, paras: list[Para], size: float, *,
                 anchor: Any = MSO_ANCHOR.TOP, font: str | None = None) -> Any:
        """Add a text box at `box` holding `paras` (already fitted) at `size`; return it."""
        shape = add_text_box(placed.slide, box, anchor=anchor)
        self.write(placed, shape, paras, size, box=box,
                   measure=self.heading if font == HEADING_FONT else self.body, font=font)
        return shape

    def fit_into(self, placed: Placed, shape: Any, paras: list[Para], box: Box,
                 measure: Measure, largest: float, smallest: float, *, role: str) -> None:
        """Write `paras` into `shape` at `box`, at the largest size that fits (and the deck's
        size for text of `role`)."""
        size = self.sized(role, measure.fit(paras, box, largest, smallest) or smallest)
        self.write(placed, shape, self.fitted(placed, paras, box, size, measure), size, box=box,
                   measure=measure)

    def common_size(self, measure: Measure, texts: list[list[Para]], boxes: list[Box],
                    largest: float, smallest: float, *, role: str) -> float:
        """Return the largest size at which every text fits its box (so columns match), and
        no larger than the deck's size for text of `role`."""
        sizes = [measure.fit(paras, box, largest, smallest) or smallest
                 for paras, box in zip(texts, boxes, strict=True) if paras]
        return self.sized(role, min(sizes, default=largest))

    # -- fitting -----------------------------------------------------------------------------

    def fitted(self, placed: Placed, paras: list[Para], box: Box, size: float,
               measure: Measure | None = None) -> list[Para]:
        """Return `paras` as written into `box` at `size`: over-wide words hyphenated, and
        as a last resort the last ones cut short with an ellipsis (with a warning, and the
        full text added to the notes) if they still overflow `box`."""
        measure = measure or self.body
        written = [measure.hyphenated(para, size, box.text_width) for para in paras]
        kept = list(written)
        while kept and not measure.fits(kept, size, box):
            rest = replace(box, height=box.height - int(
                measure.height(kept[:-1], size, box.text_width) * EMU_PER_PT))
            cut = measure.truncated(kept[-1], size, rest)
            if len(kept) > 1 and cut.text == "…":
                kept.pop()
                continue
            kept[-1] = cut
            break
        if kept != written:
            self.note_cut(placed, "\n".join(para.text for para in paras[max(len(kept) - 1, 0):]))
        return kept

    def note_cut(self, placed: Placed, text: str) -> None:
        """Warn that `text` was cut short on `placed`; its notes get it whole."""
        shown = text if len(text) <= 60 else text[:59].rstrip() + "…"
        self.warn(placed, f"cut \"{shown}\" short with \"…\" to fit its box — shorten it (the "
                          "full text is in the speaker notes)")
        placed.cut.append(text)

    # -- writing, readably -------------------------------------------------------------------

    def background(self, placed: Placed) -> str:
        """Return the colour of the slide's background (the same on every slide of a
        layout)."""
        layout = placed.slide.slide_layout
        if id(layout) not in self._backgrounds:
            self._backgrounds[id(layout)] = background(placed.slide)
        return self._backgrounds[id(layout)]

    def write(self, placed: Placed, shape: Any, paras: list[Para], size: float, *,
              box: Box, measure: Measure, font: str | None = None) -> None:
        """Write `paras` into `shape` (a placeholder or text box on the slide at `box`), in
        the colour it inherits if that reads on what the shape sits on, else a readable one;
        note the height the text needs (set as `measure` sets it) for the logo's sake."""
        placed.needs[shape.shape_id] = box.insets[1] + box.insets[3] + int(
            measure.height(paras, size, box.text_width) * EMU_PER_PT)
        fill = shape_fill(shape, placed.slide)
        on = [fill] if fill else colors_under(placed.slide, *self._box_of(placed, shape))
        designed = sample_text_color(shape, placed.slide)
        if designed:  # the master's sample text shows the colour meant; its styles do not
            paras = [p if p.color else replace(p, color=designed) for p in paras]
        inherited = inherited_text_color(shape, placed.slide)
        if not fill and not all(self._can_read(p, on, inherited, size) for p in paras):
            # text over a busy background (two colours no one colour reads on): it gets a
            # panel of the kit's background colour, as a designer would put behind it
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor.from_string(self.colors.background[1:])
            on = [self.colors.background]
        self.write_on(shape.text_frame, paras, size, on=on, inherited=inherited, font=font,
                      inherited_align=inherited_align(shape) if shape.is_placeholder else None)

    def _can_read(self, para: Para, on: list[str], inherited: str | None, size: float) -> bool:
        """Return whether some shade of `para`'s colour reads on every colour of `on`."""
        needed = needed_contrast(size * para.scale, para.bold)
        color = readable_on(on, para.color or inherited or self.colors.text, needed)
        return min(contrast(color, background) for background in on) >= needed

    def _box_of(self, placed: Placed, shape: Any) -> tuple[int, int, int, int]:
        if shape.is_placeholder:
            box = placed.box(shape)
            return box.left, box.top, box.width, box.height
        return int(shape.left), int(shape.top), int(shape.width), int(shape.height)

    def write_on(self, frame: Any, paras: list[Para], size: float, *, on: str | list[str],
                 inherited: str | None = None, font: str | None = None,
                 align: str | None = None, inherited_align: str | None = None) -> None:
        """Write `paras` into `frame`, on a background of colour(s) `on`: each paragraph in
        its own colour, else the `inherited` one, else the kit's text colour, where that
        reads on all of them (contrast 4.5:1, 3:1 for large text), else in the nearest
        shade of it that does."""
        readable = []
        for para in paras:
            color = para.color or inherited or self.colors.text
            fixed = readable_on(on, color, needed_contrast(size * para.scale, para.bold))
            if para.color is not None or inherited is None or fixed != color:
                para = replace(para, color=fixed)
            readable.append(para)
        backgrounds = [on] if isinstance(on, str) else on
        write_paras(frame, readable, size, script=self.script, font=font,
                    bullet_color=self.visible(self.colors.primary, on=backgrounds[0]),
                    align=align, inherited_align=inherited_align)

    def visible(self, color: str, placed: Placed | None = None, *, on: str | None = None) -> str:
        """Return `color` (a rule, a bullet) if it stands out from the background at 3:1,
        else the background's readable text colour."""
        on = on or (self.background(placed) if placed is not None else self.colors.background)
        return color if contrast(color, on) >= 3 else readable_on(on, color)

    def coloured(self, paras: list[Para]) -> list[Para]:
        """Return `paras` in the kit's text colour where they have no colour of their own."""
        return [replace(p, color=p.color or self.colors.text) for p in paras]

    # -- directions --------------------------------------------------------------------------

    def from_start(self, insets: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """Return insets given as (start, top, end, bottom) as a frame's (left, top, right,
        bottom): start is the right for right-to-left text."""
        start, top, end, bottom = insets
        return (end, top, start, bottom) if self.script.rtl else insets

    def start_bar(self, box: Box, width: int) -> Box:
        """Return a bar `width` wide along `box`'s start edge (its right, right to left)."""
        left = box.left + box.width - width if self.script.rtl else box.left
        return replace(box, left=left, width=width)
