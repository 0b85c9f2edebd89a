"""The takeaway band: a highlighted call-out at the bottom of a slide's content area, with
a bar along its start edge; where the area is too low to spare one, the takeaway goes to the
speaker notes."""

from __future__ import annotations

from dataclasses import replace

from pptx.enum.text import MSO_ANCHOR

from generator.render.colors import mix
from generator.render.deck.compose.pen import Pen
from generator.render.deck.compose.placed import Placed
from generator.render.deck.fit.paragraphs import Para, paragraphs, plain
from generator.render.deck.ooxml.write import add_rect, set_insets
from generator.render.deck.units import EMU_PER_PT, GAP, INCH, Box
from generator.source.markdown import to_plain_text

BAR = int(0.08 * INCH)  # the accent bar along the band's start edge


def takeaway_paras(pen: Pen, label: str, text: str) -> list[Para]:
    """Return the band's paragraphs: the label in small capitals, then the takeaway."""
    heading = plain(label.upper(), bold=True, scale=0.7, color=pen.colors.accent)
    body = [replace(p, kind="para", level=0) for p in paragraphs(text, space_before=0.2)]
    if body:
        body[0] = replace(body[0], space_before=0.25)
    return [heading, *body]


def band_box(pen: Pen, label: str, text: str, area: Box) -> tuple[Box, float] | None:
    """Return the takeaway band's box at the bottom of `area`, and the text size; None
    when `area` is too low to spare a band (at most 40 % of it goes to the band)."""
    pad = int(0.2 * INCH)
    insets = pen.from_start((BAR + pad, int(0.06 * INCH), pad, int(0.06 * INCH)))
    paras = takeaway_paras(pen, label, text)
    tallest = min(int(1.7 * INCH), int(0.4 * area.height))
    if tallest < int(0.5 * INCH):
        return None
    probe = Box(area.left, 0, area.width, tallest, insets)
    size = pen.sized("takeaways", pen.body.fit(paras, probe, 18, 10) or 10)
    needed = pen.body.height(paras, size, probe.text_width) * EMU_PER_PT
    height = max(min(int(0.9 * INCH), tallest),
                 min(tallest, int(needed) + insets[1] + insets[3] + EMU_PER_PT))
    return Box(area.left, area.bottom - height, area.width, height, insets), size


def band_height(pen: Pen, label: str, text: str, area: Box) -> int:
    """Return how much of `area` the band takes (less the gap above it: none drawn)."""
    band = band_box(pen, label, text, area)
    return band[0].height if band else -GAP


def draw_takeaway(pen: Pen, placed: Placed, label: str, text: str, area: Box) -> Box:
    """Draw the takeaway as a highlighted band at the bottom of `area`; return the rest.
    Where the area is too low for a band, the takeaway goes to the speaker notes."""
    band = band_box(pen, label, text, area)
    if band is None:
        placed.slide.notes_slide.notes_text_frame.text += f"\n\n{label}: {to_plain_text(text)}"
        pen.warn(placed, "the layout leaves no room for the takeaway, so it is in the speaker "
                         "notes — choose a layout with more room (slides.layouts in brand.yaml)")
        return area
    box, size = band
    fill = mix(pen.colors.accent, pen.colors.background, 0.12)
    shape = add_rect(placed.slide, box, fill)
    set_insets(shape.text_frame, box.insets)
    shape.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    pen.write_on(shape.text_frame, pen.coloured(pen.fitted(
        placed, takeaway_paras(pen, label, text), box, size)), size, on=fill, align="l")
    add_rect(placed.slide, pen.start_bar(box, BAR), pen.colors.accent)
    return replace(area, height=box.top - GAP - area.top)
