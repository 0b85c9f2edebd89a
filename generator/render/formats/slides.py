"""The editable slide deck: a Jinja outline of slides, placed on the kit's PowerPoint master.

`build_outline` renders the kit's outline template (templates/default/slides.yaml.j2
documents the format) and validates it into `SlideSpec`s; `render` places each one on the
layout `layouts.map_layouts` chose for its kind: placeholders where the layout has them, text
boxes, a native table or cards in its content area where it does not. Every text is fitted to
its box with real font metrics (`deck_text`), shrunk or split over continuation slides, and
written (`deck_xml`) in the source's language and direction, in a colour readable on what it
sits on.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu

from generator.kits.fonts import font_faces
from generator.render.colors import contrast, mix, needed_contrast, readable_on
from generator.render.deck.compose.pictures import add_picture, lay_out, picture_groups
from generator.render.deck.compose.placed import INCH, LayoutInfo, Placed
from generator.render.deck.compose.properties import (
    COMMON_FONTS,
    deck_logo,
    describe_deck,
    layout_shows_picture,
    theme_fonts,
)
from generator.render.deck.compose.tables import TableLayout
from generator.render.deck.fit.measure import (
    EMU_PER_PT,
    Box,
    Measure,
    Para,
    first_in_box,
    font_files,
    font_sizes,
    paragraphs,
    plain,
)
from generator.render.deck.masters import theme as masters
from generator.render.deck.masters.choose import map_layouts
from generator.render.deck.masters.package import open_master
from generator.render.deck.ooxml.colors import (
    background,
    color_under,
    colors_under,
    image_color,
    inherited_text_color,
    sample_text_color,
    shape_fill,
)
from generator.render.deck.ooxml.write import (
    Script,
    add_rect,
    add_text_box,
    add_title_placeholder,
    copy_slide_number,
    inherited_align,
    set_insets,
    write_paras,
)
from generator.render.job import RenderJob
from generator.render.outline import Column, SlideSpec, build_outline
from generator.source.markdown import images_of, to_plain_text

GAP = INCH // 4
MIN_BODY = INCH // 2  # the least height a column's body gets under its heading
HEADING_READABLE = 14  # column headings shrink to this, then wrap onto two lines
HEADING_SMALLEST = 12  # and on two lines to this before they are cut


# -- the deck --------------------------------------------------------------------------------


def render(job: RenderJob) -> bytes:
    """Return the .pptx deck for `job`."""
    deck = compose(job, build_outline(job))
    data = deck.save()
    if job.check_invariants:
        _check(data, deck.titles, job)
    return data


def forget_caches() -> None:
    """Nothing to forget: what the deck keeps between renders is keyed by master part."""


@dataclass
class ComposedDeck:
    """A deck composed from an outline: the presentation, each slide's heading as written
    (what the deck checker expects), and for each outline slide the numbers of the first
    and last deck slides it became (a long list or table continues on more slides)."""

    presentation: Any
    titles: list[str]
    spans: list[tuple[int, int]]

    def save(self) -> bytes:
        """Return the deck as .pptx bytes."""
        out = io.BytesIO()
        self.presentation.save(out)
        return out.getvalue()


def compose(job: RenderJob, outline: list[SlideSpec]) -> ComposedDeck:
    """Return the deck `outline` makes with `job`'s master and kit."""
    writer = DeckWriter(job)
    spans = []
    for spec in outline:
        first = len(writer.prs.slides) + 1
        writer.add(spec)
        spans.append((first, max(first, len(writer.prs.slides))))
    return ComposedDeck(writer.prs, writer.titles, spans)


def slide_spans(job: RenderJob, outline: list[SlideSpec]) -> list[tuple[int, int]]:
    """Return each outline slide's deck slide numbers (see `ComposedDeck`); the deck's
    warnings stay in a scratch job, as the deck reports them."""
    scratch = replace(job, warnings=[], refused=[], refused_images=[])
    return compose(scratch, outline).spans


def _check(data: bytes, titles: list[str], job: RenderJob) -> None:
    """Raise RenderError listing every deck invariant the deck breaks (see deck_check)."""
    from pptx import Presentation

    from generator.errors import RenderError
    from generator.i18n.languages import is_rtl
    from generator.render.deck.check import check_deck

    broken = check_deck(Presentation(io.BytesIO(data)), titles=titles,
                        language=job.language, rtl=is_rtl(job.language))
    if broken:
        raise RenderError("the deck breaks what every deck must keep:\n" + "\n".join(
            f"  {violation}" for violation in broken[:20]) + (
            f"\n  … and {len(broken) - 20} more" if len(broken) > 20 else ""))


class DeckWriter:
    """Places outline slides on the kit's master, fitting every text to its box."""

    def __init__(self, job: RenderJob) -> None:
        kit = job.kit
        self.job, self.kit, self.labels = job, kit, job.labels
        self.prs = open_master(kit.deck_master, job.warnings)
        self.script = Script.of(job.language)
        if kit.themed_master and self.script.rtl:
            masters.mirror_for_right_to_left(self.prs)
        self.layouts = map_layouts(self.prs, {str(k): v for k, v in kit.slides.layouts.items()})
        self.colors = kit.colors
        if kit.themed_master:
            # the base master takes the kit's look, so one kit styles the deck and PDFs alike
            masters.apply_theme(self.prs, kit.colors.model_dump(), kit.fonts.heading,
                                kit.fonts.body)
        # a client master keeps its own look; either way the theme names the fonts shown
        heading, body = theme_fonts(self.prs)
        language_families = [face.family for face in font_faces(job.language_fonts)]
        if language_families:  # the kit's font for the source's language and script
            masters.set_language_font(self.prs, job.language, language_families[0])
        self._warn_about_fonts(heading, body, *language_families[:1])
        self.heading = Measure(font_files(heading, kit.fonts.files, kit.base_fonts),
                               job.language)
        self.body = Measure(font_files(body, kit.fonts.files, kit.base_fonts), job.language)
        describe_deck(self.prs, job)
        self.titles: list[str] = []  # each slide's heading, in order, for the deck checker
        self._backgrounds: dict[int, str] = {}  # per layout
        self._logo: Any = False  # not looked up yet
        self._infos: dict[int, LayoutInfo] = {}
        self._slide_name = ""  # "slide 3 (Duration)", for warnings about the slide being filled
        self._cut: list[str] = []  # texts cut short on it, added to its notes

    def info(self, kind: str) -> LayoutInfo:
        """Return the (cached) info of the layout used for slides of `kind`."""
        choice = self.layouts[kind]
        if id(choice.layout) not in self._infos:
            self._infos[id(choice.layout)] = LayoutInfo.of(choice.resolved)
        return self._infos[id(choice.layout)]

    # -- slides --------------------------------------------------------------------------

    def add(self, spec: SlideSpec) -> None:
        """Add the slide(s) for `spec`: more than one when its body or table is split."""
        if spec.table:
            self._add_table(spec)
        elif spec.body and spec.kind not in ("title",):
            self._add_body(spec)
        else:
            placed = self._new_slide(spec, spec.title)
            if spec.kind == "title" or spec.subtitle or spec.details:
                self._write_subtitle(placed, spec)
            area = placed.info.area
            if spec.takeaway:
                area = self._takeaway(placed, spec.takeaway, area)
            if spec.columns:
                self._write_columns(placed, spec.columns, area)
            elif spec.body:
                self._write_text_box(placed, paragraphs(spec.body, pictures=False), area, 20, 12)
            self._finish(placed, spec)
        self._add_pictures(spec)

    def _add_pictures(self, spec: SlideSpec) -> None:
        """Add a follow-on slide with the pictures of `spec`'s Markdown (its `pictures`, body
        and columns), grouped under their headings, each with its description; none when it
        has no pictures."""
        base = self.job.source_path.parent.resolve()
        columns = [(c.heading, images_of(c.body, base)) for c in (*spec.columns, *spec.pictures)]
        columns.insert(0, ("", images_of(spec.body, base)))
        problems: list[str] = []
        groups = picture_groups([c for c in columns if c[1]], self.job.content_images, problems)
        for problem in problems:
            self.job.warnings.append(f"{self.job.source_path.name}: {self._slide_name}: picture "
                                     f"{problem}; it is left out of the deck")
        if not groups:
            return
        described = [p.alt for _, pictures in groups for p in pictures if p.alt]
        follow = replace(spec, kind="title_only", body="", columns=(), table=None, takeaway="",
                         pictures=(), logo=False, subtitle="", details=(),
                         notes="\n".join(described) or spec.notes)
        placed = self._new_slide(follow, self._continued(spec.title) or spec.title)
        heading_size = 16.0
        for placement, (heading, _) in zip(
                lay_out(groups, placed.info.area, right_to_left=self.script.rtl,
                        heading_size=heading_size), groups, strict=True):
            if placement.heading is not None:
                self._write_text_box(placed, [plain(heading, bold=True)], placement.heading,
                                     heading_size, 11, anchor=MSO_ANCHOR.BOTTOM,
                                     measure=self.heading, bold=True)
            for picture, box in placement.pictures:
                add_picture(placed.slide, picture, box)
        self._finish(placed, follow)

    def _new_slide(self, spec: SlideSpec, title: str) -> Placed:
        slide = self.prs.slides.add_slide(self.layouts[spec.kind].layout)
        shapes = {shape.placeholder_format.idx: shape for shape in slide.placeholders}
        placed = Placed(slide, self.info(spec.kind), shapes)
        name = to_plain_text(title) or spec.kind
        name = name if len(name) <= 40 else name[:39].rstrip() + "…"
        self._slide_name = f"slide {len(self.prs.slides)} ({name})"
        self._cut = []
        self.titles.append(to_plain_text(title))
        self._write_title(placed, spec.kind, title)
        if spec.speaker_notes:
            slide.notes_slide.notes_text_frame.text = spec.speaker_notes
        if spec.kind not in ("title", "section"):
            self._add_slide_number(placed)
        return placed

    def _finish(self, placed: Placed, spec: SlideSpec) -> None:
        """Add the logo if asked, the full texts of any cut short to the notes, and remove
        every placeholder left empty."""
        missing = [text for text in self._cut if text not in spec.notes]
        if missing:
            placed.slide.notes_slide.notes_text_frame.text = "\n\n".join(
                [spec.speaker_notes, *missing] if spec.speaker_notes else missing)
        for shape in list(placed.slide.placeholders):
            if shape.shape_id not in placed.used:
                shape._element.getparent().remove(shape._element)
        if spec.logo:
            self._add_logo(placed)

    def _add_body(self, spec: SlideSpec) -> None:
        """Add a slide with a Markdown body, split over continuation slides when long."""
        info = self.info(spec.kind)
        target = info.roles.bodies[0] if info.roles.bodies else None
        box = info.boxes[target.idx] if target is not None else info.area
        if spec.takeaway:
            box = replace(box, height=box.height - self._band_height(spec.takeaway, box) - GAP)
        paras = paragraphs(spec.body, pictures=False)
        inherited = info.sizes.get(target.idx) if target is not None else None
        largest = min(max(inherited or 20, 16), 28) + 4
        for part, chunk in enumerate(self._split(paras, box, largest)):
            title = spec.title if part == 0 else self._continued(spec.title)
            placed = self._new_slide(spec, title)
            area = placed.info.area
            if spec.takeaway:
                area = self._takeaway(placed, spec.takeaway, area)
            body = placed.bodies[0] if placed.bodies else None
            if body is not None:
                placed.use(body)
                body_box = placed.box(body)
                if body_box.bottom > area.bottom:
                    placed.move(body, replace(body_box, height=area.bottom - body_box.top))
                self._fit_into(placed, body, chunk, placed.box(body), self.body, largest, 12)
            else:
                self._write_text_box(placed, chunk, area, largest, 12)
            self._finish(placed, spec)

    def _split(self, paras: list[Para], box: Box, largest: float) -> list[list[Para]]:
        """Return `paras` as one chunk if they fit `box` at 16 pt or more, else split at 16 pt."""
        comfortable = min(16, largest)
        if len(paras) <= 1 or self.body.fit(paras, box, largest, comfortable):
            return [paras]
        chunks: list[list[Para]] = [[]]
        for para in paras:
            trial = [*chunks[-1], para]
            if chunks[-1] and not self.body.fits(first_in_box(trial), comfortable, box):
                chunks.append([para])
            else:
                chunks[-1] = trial
        # even out the parts: ten, ten and ten items read better than thirteen, thirteen, four
        per_part = -(-len(paras) // len(chunks))
        even = [paras[i:i + per_part] for i in range(0, len(paras), per_part)]
        if len(even) == len(chunks) and all(self.body.fits(first_in_box(c), comfortable, box)
                                            for c in even):
            chunks = even
        return [first_in_box(_numbered_from(chunk, sum(_numbers(c) for c in chunks[:i]) + 1))
                for i, chunk in enumerate(chunks)]

    def _continued(self, title: str) -> str:
        return f"{title} ({self.labels['continued']})" if title else ""

    # -- titles and subtitles ------------------------------------------------------------

    def _write_title(self, placed: Placed, kind: str, title: str) -> None:
        shape = placed.title
        if not title:
            return
        paras = [replace(p, kind="para", level=0, space_before=0) for p in paragraphs(title)]
        if shape is None:  # the layout has no usable title: the slide gets one of its own
            shape = self._add_title_placeholder(placed)
        placed.use(shape)
        largest = placed.info.sizes.get(shape.placeholder_format.idx) or 32
        largest = min(largest, 40 if kind in ("title", "section") else 36)
        if placed.is_bold(shape):  # measured in the weight the master draws it in
            paras = [replace(p, bold=True) for p in paras]
        box = placed.box(shape)
        size = self.heading.fit(paras, box, largest, min(20, largest)) or min(20, largest)
        if self.heading.breaks_words(paras, size, box.text_width):
            self.job.warnings.append(
                f"{self.job.source_path.name}: {self._slide_name}: a word of the title is wider "
                "than the title's box even at the smallest size, so it is hyphenated — shorten "
                "it or add spaces")
        self._write(placed, shape, self._fitted(paras, box, size, self.heading), size,
                    box=box, measure=self.heading)

    def _add_title_placeholder(self, placed: Placed) -> Any:
        """Add a title placeholder to a slide whose layout has no usable one (none, or one that
        runs vertically), in the band the layout leaves at the top."""
        slide = placed.slide
        for shape in list(slide.placeholders):  # an unusable title of the layout's
            if shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE,
                                                 PP_PLACEHOLDER.CENTER_TITLE):
                shape._element.getparent().remove(shape._element)
        box = placed.info.roles.added_title
        assert box is not None  # a layout without a usable title always has the band
        shape = add_title_placeholder(slide, box)
        placed.shapes[shape.placeholder_format.idx] = shape
        placed.moved[shape.placeholder_format.idx] = box
        return shape

    def _write_subtitle(self, placed: Placed, spec: SlideSpec) -> None:
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
            self._fit_into(placed, target, paras, placed.box(target), self.body, largest, 11)
        else:
            self._write_text_box(placed, paras, placed.info.area, 20, 11)

    # -- columns -------------------------------------------------------------------------

    def _write_columns(self, placed: Placed, columns: tuple[Column, ...], area: Box) -> None:
        """Write columns: a Comparison layout's placeholders, drawn columns or a grid of cards."""
        if len(columns) == 1:
            paras = [plain(columns[0].heading, bold=True), *paragraphs(columns[0].body, pictures=False)]
            self._write_text_box(placed, paras, area, 24, 12)
        elif len(columns) == 2 and len(placed.headers) >= 2 and len(placed.bodies) >= 2:
            self._fill_comparison(placed, columns, area)
        elif len(columns) <= 3:
            self._draw_columns(placed, columns, area)
        else:
            self._draw_cards(placed, columns, area)

    def _fill_comparison(self, placed: Placed, columns: tuple[Column, ...], area: Box) -> None:
        headers, bodies = placed.headers[:2], placed.bodies[:2]
        if self.script.rtl:  # the first subject in the right-hand column
            headers, bodies = headers[::-1], bodies[::-1]
        heads = [[plain(c.heading, bold=True)] for c in columns]
        texts = [paragraphs(c.body, pictures=False) for c in columns]
        inherited = placed.info.sizes[headers[0].placeholder_format.idx]
        head_size, head_height = self._heading_fit(heads, [placed.box(h) for h in headers],
                                                   min(inherited or 20, 24))
        for header, body in zip(headers, bodies, strict=True):
            head_box, box = placed.box(header), placed.box(body)
            grow = max(0, head_height - head_box.height)
            if grow:  # a heading wrapped onto two lines pushes its column's body down
                placed.move(header, replace(head_box, height=head_height))
                box = replace(box, top=box.top + grow, height=box.height - grow)
            if box.bottom > area.bottom or grow:
                placed.move(body, replace(box, height=min(box.bottom, area.bottom) - box.top))
        body_size = self._common_size(self.body, texts, [placed.box(b) for b in bodies], 24, 12)
        for shape, paras in zip((*headers, *bodies), (*heads, *texts), strict=True):
            placed.use(shape)
            size, measure = (head_size, self.heading) if shape in headers else (body_size,
                                                                                 self.body)
            box = placed.box(shape)
            self._write(placed, shape, self._fitted(paras, box, size, measure), size, box=box,
                        measure=measure)

    def _heading_fit(self, heads: list[list[Para]], boxes: list[Box],
                     largest: float) -> tuple[float, int]:
        """Return the common size of column headings and the height (EMU) their boxes need:
        shrunk down to HEADING_READABLE in their boxes, else wrapped onto two lines (taller
        boxes if need be) down to HEADING_SMALLEST; a word is hyphenated only when no size
        avoids it. Headings that do not fit even then are cut by `_fitted`, with a warning."""
        height = max(box.height for box in boxes)
        vertical = max(box.insets[1] + box.insets[3] for box in boxes)

        def two_lines(size: float) -> int:
            return max(height, int(2 * self.heading.line_height(size) * EMU_PER_PT) + vertical + 1)

        def fit_all(size: float, tall: int, whole_words: bool) -> bool:
            return all(self.heading.fits(paras, size, replace(box, height=tall)) and not (
                whole_words and self.heading.breaks_words(paras, size, box.text_width))
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

    def _draw_columns(self, placed: Placed, columns: tuple[Column, ...], area: Box) -> None:
        """Draw two or three columns: heading, hairline, summary, like the Comparison layout."""
        count = len(columns)
        gutter = int(0.4 * INCH)
        width = (area.width - gutter * (count - 1)) // count
        insets = placed.info.text_insets
        head_h = int(0.75 * INCH)
        heads = [[plain(c.heading, bold=True)] for c in columns]
        texts = [paragraphs(c.body, pictures=False) for c in columns]
        lefts = [area.left + i * (width + gutter) for i in range(count)]
        if self.script.rtl:  # the first subject on the right
            lefts.reverse()
        head_size, head_h = self._heading_fit(
            heads, [Box(x, area.top, width, head_h, insets) for x in lefts], 20)
        head_boxes = [Box(x, area.top, width, head_h, insets) for x in lefts]
        rule_top = area.top + head_h + int(0.06 * INCH)
        body_top = rule_top + int(0.25 * INCH)
        if area.bottom - body_top < MIN_BODY:  # a small content area: each column one text
            self._draw_compact_columns(placed, heads, texts, lefts, width, area)
            return
        body_boxes = [Box(x, body_top, width, area.bottom - body_top, insets) for x in lefts]
        body_size = self._common_size(self.body, texts, body_boxes, 24, 12)
        for x, head_box, body_box, head, text in zip(lefts, head_boxes, body_boxes, heads, texts,
                                                      strict=True):
            self._text_box(placed, head_box,
                           self._fitted(head, head_box, head_size, self.heading), head_size,
                           anchor=MSO_ANCHOR.BOTTOM, font="+mj-lt")
            add_rect(placed.slide, Box(x, rule_top, width, int(0.025 * INCH)),
                     self._visible(self.colors.secondary, placed))
            self._text_box(placed, body_box, self._fitted(text, body_box, body_size),
                           body_size)

    def _draw_compact_columns(self, placed: Placed, heads: list[list[Para]],
                              texts: list[list[Para]], lefts: list[int], width: int,
                              area: Box) -> None:
        """Draw columns as one text box each, the heading as its first line: for a content
        area too low for a heading row, a rule and a body."""
        boxes = [Box(x, area.top, width, area.height, placed.info.text_insets) for x in lefts]
        columns = [[*head, *[replace(p, space_before=p.space_before or 0.3) for p in text]]
                   for head, text in zip(heads, texts, strict=True)]
        size = self._common_size(self.body, columns, boxes, 20, 10)
        for box, paras in zip(boxes, columns, strict=True):
            self._text_box(placed, box, self._fitted(paras, box, size), size)

    def _draw_cards(self, placed: Placed, columns: tuple[Column, ...], area: Box) -> None:
        """Draw four to six columns as a grid of cards, two or three to a row."""
        per_row = 2 if len(columns) == 4 else 3
        rows = -(-len(columns) // per_row)
        gap = int(0.25 * INCH)
        width = (area.width - gap * (per_row - 1)) // per_row
        height = (area.height - gap * (rows - 1)) // rows
        bar = int(0.07 * INCH)
        pad = int(0.18 * INCH)
        insets = self._from_start((bar + pad, int(0.12 * INCH), pad, int(0.12 * INCH)))
        lefts = [area.left + i * (width + gap) for i in range(per_row)]
        if self.script.rtl:  # rows read from the right
            lefts.reverse()
        boxes = [Box(lefts[i % per_row], area.top + (i // per_row) * (height + gap), width,
                     height, insets)
                 for i in range(len(columns))]
        texts = [[plain(c.heading, bold=True, color=self.colors.primary),
                  *paragraphs(c.body, space_before=0.4, pictures=False)] for c in columns]
        for text in texts:
            if len(text) > 1:
                text[1] = replace(text[1], space_before=0.4)
        size = self._common_size(self.body, texts, boxes, 20, 11)
        fill = mix(self.colors.primary, self.colors.background, 0.07)
        for box, text in zip(boxes, texts, strict=True):
            card = add_rect(placed.slide, box, fill)
            set_insets(card.text_frame, box.insets)
            card.text_frame.vertical_anchor = MSO_ANCHOR.TOP
            # left aligned and coloured explicitly: shapes centre their text, in white
            self.write_on(card.text_frame, self._coloured(self._fitted(text, box, size)), size,
                           on=fill, align="l")
            add_rect(placed.slide, self._start_bar(box, bar), self.colors.secondary)

    # -- takeaway band -------------------------------------------------------------------

    def _takeaway_paras(self, text: str) -> list[Para]:
        label = plain(self.labels["takeaway"].upper(), bold=True, scale=0.7,
                      color=self.colors.accent)
        body = [replace(p, kind="para", level=0) for p in paragraphs(text, space_before=0.2)]
        if body:
            body[0] = replace(body[0], space_before=0.25)
        return [label, *body]

    def _band_box(self, text: str, area: Box) -> tuple[Box, float] | None:
        """Return the takeaway band's box at the bottom of `area`, and the text size; None
        when `area` is too low to spare a band (at most 40 % of it goes to the band)."""
        bar, pad = int(0.08 * INCH), int(0.2 * INCH)
        insets = self._from_start((bar + pad, int(0.06 * INCH), pad, int(0.06 * INCH)))
        paras = self._takeaway_paras(text)
        tallest = min(int(1.7 * INCH), int(0.4 * area.height))
        if tallest < int(0.5 * INCH):
            return None
        probe = Box(area.left, 0, area.width, tallest, insets)
        size = self.body.fit(paras, probe, 18, 10) or 10
        needed = self.body.height(paras, size, probe.text_width) * EMU_PER_PT
        height = max(min(int(0.9 * INCH), tallest),
                     min(tallest, int(needed) + insets[1] + insets[3] + EMU_PER_PT))
        return Box(area.left, area.bottom - height, area.width, height, insets), size

    def _band_height(self, text: str, area: Box) -> int:
        band = self._band_box(text, area)
        return band[0].height if band else -GAP

    def _takeaway(self, placed: Placed, text: str, area: Box) -> Box:
        """Draw the takeaway as a highlighted band at the bottom of `area`; return the rest.
        Where the area is too low for a band, the takeaway goes to the speaker notes."""
        band = self._band_box(text, area)
        if band is None:
            placed.slide.notes_slide.notes_text_frame.text += (
                f"\n\n{self.labels['takeaway']}: {to_plain_text(text)}")
            self.job.warnings.append(
                f"{self.job.source_path.name}: {self._slide_name}: the layout leaves no room "
                "for the takeaway, so it is in the speaker notes — choose a layout with more "
                "room (slides.layouts in brand.yaml)")
            return area
        box, size = band
        fill = mix(self.colors.accent, self.colors.background, 0.12)
        band = add_rect(placed.slide, box, fill)
        set_insets(band.text_frame, box.insets)
        band.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self.write_on(band.text_frame, self._coloured(self._fitted(self._takeaway_paras(text),
                                                                    box, size)), size,
                       on=fill, align="l")
        add_rect(placed.slide, self._start_bar(box, int(0.08 * INCH)), self.colors.accent)
        return replace(area, height=box.top - GAP - area.top)

    def _from_start(self, insets: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """Return insets given as (start, top, end, bottom) as a frame's (left, top, right,
        bottom): start is the right for right-to-left text."""
        start, top, end, bottom = insets
        return (end, top, start, bottom) if self.script.rtl else insets

    def _start_bar(self, box: Box, width: int) -> Box:
        """Return a bar `width` wide along `box`'s start edge (its right, right to left)."""
        left = box.left + box.width - width if self.script.rtl else box.left
        return replace(box, left=left, width=width)

    # -- tables --------------------------------------------------------------------------

    def _add_table(self, spec: SlideSpec) -> None:
        """Add a native table, split over slides with the header row repeated when long."""
        assert spec.table is not None
        area = self.info(spec.kind).area
        if spec.takeaway:
            area = replace(area, height=area.height - self._band_height(spec.takeaway, area) - GAP)
        layout = TableLayout.plan(self, spec.table, area)
        for part, rows in enumerate(layout.pages):
            placed = self._new_slide(spec, spec.title if part == 0 else self._continued(spec.title))
            if spec.takeaway:
                self._takeaway(placed, spec.takeaway, placed.info.area)
            for row in rows:
                if row in layout.cut:
                    self.note_cut(layout.cut[row])
            layout.draw(self, placed.slide, area, rows, right_to_left=self.script.rtl)
            self._finish(placed, spec)

    # -- drawing helpers -----------------------------------------------------------------

    def _write_text_box(self, placed: Placed, paras: list[Para], area: Box, largest: float,
                        smallest: float, *, anchor: Any = MSO_ANCHOR.TOP,
                        measure: Measure | None = None, bold: bool = False) -> None:
        box = replace(area, insets=placed.info.text_insets)
        measure = measure or self.body
        size = measure.fit(paras, box, largest, smallest) or smallest
        paras = [replace(p, bold=p.bold or bold) for p in paras]
        self._text_box(placed, box, self._fitted(paras, box, size, measure), size,
                       anchor=anchor, font="+mj-lt" if measure is self.heading else None)

    def _text_box(self, placed: Placed, box: Box, paras: list[Para], size: float, *,
                  anchor: Any = MSO_ANCHOR.TOP, font: str | None = None) -> Any:
        shape = add_text_box(placed.slide, box, anchor=anchor)
        self._write(placed, shape, paras, size, box=box,
                    measure=self.heading if font == "+mj-lt" else self.body, font=font)
        return shape

    def _fit_into(self, placed: Placed, shape: Any, paras: list[Para], box: Box,
                  measure: Measure, largest: float, smallest: float) -> None:
        size = measure.fit(paras, box, largest, smallest) or smallest
        self._write(placed, shape, self._fitted(paras, box, size, measure), size, box=box,
                    measure=measure)

    # -- writing, readably ---------------------------------------------------------------

    def _background(self, placed: Placed) -> str:
        """Return the colour of the slide's background (the same on every slide of a
        layout)."""
        layout = placed.slide.slide_layout
        if id(layout) not in self._backgrounds:
            self._backgrounds[id(layout)] = background(placed.slide)
        return self._backgrounds[id(layout)]

    def _write(self, placed: Placed, shape: Any, paras: list[Para], size: float, *,
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
                    bullet_color=self._visible(self.colors.primary, on=backgrounds[0]),
                    align=align, inherited_align=inherited_align)

    def _visible(self, color: str, placed: Placed | None = None, *, on: str | None = None) -> str:
        """Return `color` (a rule, a bullet) if it stands out from the background at 3:1,
        else the background's readable text colour."""
        on = on or (self._background(placed) if placed is not None else self.colors.background)
        return color if contrast(color, on) >= 3 else readable_on(on, color)

    def _fitted(self, paras: list[Para], box: Box, size: float,
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
            self.note_cut("\n".join(para.text for para in paras[max(len(kept) - 1, 0):]))
        return kept

    def note_cut(self, text: str) -> None:
        """Warn that `text` was cut short on the slide being filled; its notes get it whole."""
        shown = text if len(text) <= 60 else text[:59].rstrip() + "…"
        self.job.warnings.append(
            f"{self.job.source_path.name}: {self._slide_name}: cut \"{shown}\" short with "
            "\"…\" to fit its box — shorten it (the full text is in the speaker notes)")
        self._cut.append(text)

    def _coloured(self, paras: list[Para]) -> list[Para]:
        """Return `paras` in the kit's text colour where they have no colour of their own."""
        return [replace(p, color=p.color or self.colors.text) for p in paras]

    def _common_size(self, measure: Measure, texts: list[list[Para]], boxes: list[Box],
                     largest: float, smallest: float) -> float:
        """Return the largest size at which every text fits its box (so columns match)."""
        sizes = [measure.fit(paras, box, largest, smallest) or smallest
                 for paras, box in zip(texts, boxes, strict=True) if paras]
        return min(sizes, default=largest)

    # -- slide number, logo, fonts -------------------------------------------------------

    def _add_slide_number(self, placed: Placed) -> None:
        """Copy the layout's slide number placeholder onto the slide (python-pptx does not)."""
        shape = placed.info.slide_number
        if shape is not None:
            placed.used.add(copy_slide_number(placed.slide, shape, len(self.prs.slides),
                                              self.script))

    def _add_logo(self, placed: Placed) -> None:
        """Add the kit's logo in the first corner of the slide where it covers no text: top
        left on the title's edge (top right, right to left), where a letterhead puts it, then
        the other corners.  When
        text boxes reach into every corner, the first box that can give up the corner (its
        text still fits without it) is shortened to make room."""
        if self._logo is False:
            self._logo = deck_logo(self.kit, self.job.warnings)
        if self._logo is None or layout_shows_picture(placed.slide.slide_layout):
            return  # a client master that draws its own logo keeps it, without a second one
        image, (pixels_wide, pixels_high) = self._logo
        width, height = self.prs.slide_width or 0, self.prs.slide_height or 0
        taken = [(s, Box(int(s.left), int(s.top), int(s.width), int(s.height)))
                 for s in placed.slide.shapes
                 if None not in (s.left, s.top, s.width, s.height) and (
                     (s.has_text_frame and s.text_frame.text.strip()) or s.is_placeholder)]
        title = placed.info.roles.title
        title_box = placed.info.boxes[title.idx] if title is not None else None
        spots = []
        for tall in (int(0.5 * INCH), int(0.35 * INCH)):
            wide = int(tall * pixels_wide / max(pixels_high, 1))
            top, bottom = int(0.3 * INCH), height - int(0.3 * INCH) - tall
            if self.script.rtl:  # the letterhead corner is the top right
                edge = (title_box.left + title_box.width if title_box is not None
                        else width - int(0.75 * INCH))
                first = min(edge, width - int(0.3 * INCH)) - wide
                other = int(0.4 * INCH)
            else:
                edge = title_box.left if title_box is not None else int(0.75 * INCH)
                first, other = max(edge, int(0.3 * INCH)), width - int(0.4 * INCH) - wide
            spots += [Box(x, y, wide, tall) for x, y in ((first, top), (other, top),
                                                         (other, bottom), (first, bottom))
                      if x >= 0 and y >= 0]
        spot = next((spot for spot in spots if not any(_overlap(spot, box)
                                                       for _, box in taken)), None)
        if spot is None:
            spot = next((spot for spot in spots if self._make_room(placed, spot, taken)), None)
        if spot is None:
            self.job.warnings.append(
                f"{self.job.source_path.name}: {self._slide_name}: no corner of the slide is "
                "free of text, so it has no logo")
            return
        self._logo_chip(placed, spot, image)
        if hasattr(image, "seek"):
            image.seek(0)
        picture = placed.slide.shapes.add_picture(
            image if hasattr(image, "read") else str(image), Emu(spot.left), Emu(spot.top),
            height=Emu(spot.height))
        picture.name = "Logo"
        if self.kit.logo_alt:
            picture._element.nvPicPr.cNvPr.set("descr", self.kit.logo_alt)

    def _make_room(self, placed: Placed, spot: Box, taken: list[tuple[Any, Box]]) -> bool:
        """Shorten the text boxes that reach into `spot` from the spot's side (top or bottom
        of the slide) so that it is free, if each keeps the height its text needs; return
        whether it is free."""
        upper = spot.top + spot.height // 2 < (self.prs.slide_height or 0) // 2
        shortened = []
        for shape, box in taken:
            if not _overlap(spot, box):
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

    def _logo_chip(self, placed: Placed, spot: Box, image: Any) -> None:
        """Put a chip of the kit's background colour under the logo where the logo would not
        stand out from what it sits on (a dark master, a dark band)."""
        under = color_under(placed.slide, spot.left, spot.top, spot.width, spot.height)
        if hasattr(image, "seek"):
            image.seek(0)
        data = image.read() if hasattr(image, "read") else Path(image).read_bytes()
        ink = image_color(data, opaque_only=True)
        if ink is not None and contrast(ink, under) < 2.5:
            pad = int(0.08 * INCH)
            add_rect(placed.slide, Box(spot.left - pad, spot.top - pad, spot.width + 2 * pad,
                                       spot.height + 2 * pad), self.colors.background)

    def _warn_about_fonts(self, *families: str) -> None:
        """Warn once about the deck's theme fonts that Windows, macOS and Office lack."""
        uncommon = [f for f in dict.fromkeys(families) if f.casefold() not in COMMON_FONTS]
        if uncommon:
            message = (f"fonts {', '.join(uncommon)}: install them on presenting machines, "
                       "or PowerPoint substitutes another font")
            if message not in self.job.warnings:
                self.job.warnings.append(message)


def _overlap(one: Box, other: Box) -> bool:
    """Return whether two boxes share more than a hairline."""
    return (min(one.left + one.width, other.left + other.width) - max(one.left, other.left)
            > EMU_PER_PT and min(one.bottom, other.bottom) - max(one.top, other.top) > EMU_PER_PT)


def _numbers(paras: list[Para]) -> int:
    """Return how many top-level numbered items `paras` hold."""
    return sum(1 for p in paras if p.kind == "number" and p.level == 0)


def _numbered_from(paras: list[Para], start: int) -> list[Para]:
    """Return `paras` with their top-level numbered list starting at `start`."""
    return [replace(p, start=start) if p.kind == "number" and p.level == 0 else p for p in paras]
