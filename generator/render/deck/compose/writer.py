"""The deck composed: each outline slide placed on the layout chosen for its kind, its title,
text, columns, table, takeaway band, pictures and logo written by the modules beside this one,
continued on more slides where its body, table or pictures need them.

`DeckWriter` prepares the kit's master once (opened safely, themed, its layouts chosen, the
fonts that measure its text); `compose` writes a whole outline; `slide_spans` says how many
slides each outline slide becomes without writing any (the facilitator guide numbers its
slides so).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any

from pptx.util import Emu

from generator.kits.fonts import font_faces
from generator.render.deck.compose import columns, logo, pictures, takeaway, titles
from generator.render.deck.compose.pen import Pen
from generator.render.deck.compose.placed import Placed
from generator.render.deck.compose.properties import describe_deck
from generator.render.deck.compose.tables import READABLE as TABLE_READABLE
from generator.render.deck.compose.tables import TableLayout
from generator.render.deck.fit.measure import Measure, font_files
from generator.render.deck.fit.paragraphs import Para, paragraphs
from generator.render.deck.fit.split import COMFORTABLE, split
from generator.render.deck.masters import theme
from generator.render.deck.masters.choose import map_layouts
from generator.render.deck.masters.package import open_master
from generator.render.deck.masters.resolve import LayoutInfo
from generator.render.deck.masters.samples import SampleUse
from generator.render.deck.ooxml.inherit import shape_box
from generator.render.deck.ooxml.write import Script, copy_slide_number
from generator.render.deck.units import GAP, Box, inches
from generator.render.job import RenderJob
from generator.render.outline import SlideSpec
from generator.source.markdown import to_plain_text


@dataclass
class ComposedDeck:
    """A deck composed from an outline: the presentation, each slide's heading as written
    (what the deck checker expects), and for each outline slide the numbers of the first
    and last deck slides it became."""

    presentation: Any
    titles: list[str]
    spans: list[tuple[int, int]]

    def save(self) -> bytes:
        """Return the deck as .pptx bytes."""
        out = io.BytesIO()
        self.presentation.save(out)
        return out.getvalue()


def compose(job: RenderJob, outline: list[SlideSpec]) -> ComposedDeck:
    """Return the deck `outline` makes with `job`'s master and kit.

    In two passes: the first fits every text to its own box and notes, for each role of text
    (bullets, cells, takeaways, titles …), the size of the fullest slide; the second writes
    the deck with each role at that one size, so that no slide's cells are 24 pt beside
    another's 10 pt.  (Smaller text fits where larger did, so the second pass cuts nothing
    the first did not.)"""
    probe = DeckWriter(replace(job, warnings=[], refused=[], refused_images=[]))
    for spec in outline:
        probe.add(spec)
    for role, size in probe.pen.fitted_sizes.items():
        if size < SQUEEZED.get(role.split(" of ")[0], 0):
            job.warn(f"{probe.pen.fullest[role]}: its {role} fit only at {size:g} pt, and the "
                     f"deck sets all its {role} at that size — shorten them there, or split "
                     "that slide's text")
    writer = DeckWriter(job, caps=probe.pen.fitted_sizes)
    spans = []
    for spec in outline:
        first = len(writer.prs.slides) + 1
        writer.add(spec)
        spans.append((first, max(first, len(writer.prs.slides))))
    return ComposedDeck(writer.prs, writer.titles, spans)


def slide_spans(job: RenderJob, outline: list[SlideSpec]) -> list[tuple[int, int]]:
    """Return the first and last deck slide numbers each outline slide becomes, as `compose`
    would write them, without writing a slide; the deck's warnings are not repeated."""
    writer = DeckWriter(replace(job, warnings=[], refused=[], refused_images=[]))
    spans, last = [], 0
    for spec in outline:
        count = writer.slide_count(spec)
        spans.append((last + 1, last + max(count, 1)))
        last += count
    return spans


BODY_SMALLEST = 12  # points: a body's text is never set smaller
BULLETS = "bullets"  # the role of a slide's body text (see `Pen.sized`)
# Sizes (points) below which a kind of text reads as squeezed on a projected slide: a deck
# whose fullest slide sets one so small says which slide it is.
SQUEEZED = {BULLETS: 16, "cells": 14, "column headings": 14, "takeaways": 12,
            "table cells": 12, "titles": 22, "subtitles": 12}
TABLE_KINDS = ("content", "title_only", "two_content")  # layouts a table may move to


def _slide_name(number: int, title: str) -> str:
    """Return how warnings name a slide: `slide 3 (Duration)`."""
    name = to_plain_text(title)
    return f"slide {number} ({name if len(name) <= 40 else name[:39].rstrip() + '…'})"


class DeckWriter:
    """Places outline slides on the kit's master, one after the other."""

    def __init__(self, job: RenderJob, caps: dict[str, float] | None = None) -> None:
        kit = job.kit
        self.job, self.kit, self.labels = job, kit, job.labels
        removed: list[str] = []
        samples: SampleUse = {}
        self.prs = open_master(kit.deck_master, removed, samples)
        for message in removed:
            job.warn(message, about="")
        script = Script.of(job.language)
        if kit.themed_master and script.rtl:
            theme.mirror_for_right_to_left(self.prs)
        self.layouts = map_layouts(self.prs, {str(k): v for k, v in kit.slides.layouts.items()},
                                   samples)
        for choice in self.layouts.values():
            for message in choice.warnings:
                job.warn(message, about=f"kit {kit.slug}")
        if kit.themed_master:
            # the base master takes the kit's look, so one kit styles the deck and PDFs alike
            theme.apply_theme(self.prs, kit.colors.model_dump(), *kit.deck_fonts)
        # a client master keeps its own look; either way the theme names the fonts shown
        heading, body = theme.theme_fonts(self.prs)
        language_families = [face.family for face in font_faces(job.language_fonts)]
        if language_families:  # the kit's font for the source's language and script
            theme.set_language_font(self.prs, job.language, language_families[0])
        self._warn_about_fonts(heading, body, *language_families[:1])
        self.pen = Pen(
            heading=Measure(font_files(heading, kit.fonts.files, kit.base_fonts), job.language),
            body=Measure(font_files(body, kit.fonts.files, kit.base_fonts), job.language),
            colors=kit.colors, script=script, warn=job.warn, caps=caps)
        describe_deck(self.prs, job)
        self.titles: list[str] = []  # each slide's heading, in order, for the deck checker
        self._logo: logo.Logo | None = None
        self._logo_looked_up = False
        self._infos: dict[int, LayoutInfo] = {}
        self._slide_name = ""  # of the slide last added, for warnings about its pictures

    def info(self, kind: str) -> LayoutInfo:
        """Return the (cached) info of the layout used for slides of `kind`."""
        choice = self.layouts[kind]
        if id(choice.layout) not in self._infos:
            self._infos[id(choice.layout)] = LayoutInfo.of(choice.resolved)
        return self._infos[id(choice.layout)]

    # -- how many slides ---------------------------------------------------------------------

    def slide_count(self, spec: SlideSpec) -> int:
        """Return how many slides `add(spec)` writes."""
        if spec.table:
            count = len(self._table_layout(spec)[0].pages)
        elif spec.body and spec.kind != "title":
            count = len(self._body_chunks(spec)[0])
        else:
            count = 1
        return count + (1 if self._pictures(spec, []) else 0)

    def _table_layout(self, spec: SlideSpec) -> tuple[TableLayout, Box, str]:
        """Return the layout of `spec`'s table, the area it is drawn in and the kind of slide
        it goes on: its own kind's layout, unless the table does not fit there on one slide
        at a readable size and another layout of the master gives it the room (the widest
        first)."""
        assert spec.table is not None
        tried: list[tuple[TableLayout, Box, str]] = []
        others = sorted((kind for kind in TABLE_KINDS if kind != spec.kind),
                        key=lambda kind: -self.info(kind).area.width * self.info(kind).area.height)
        for kind in dict.fromkeys([spec.kind, *others]):
            area = self.info(kind).area
            if spec.takeaway:
                area = replace(area, height=area.height - self._band_height(spec.takeaway, area)
                               - GAP)
            layout = TableLayout.plan(self.pen, spec.table, area)
            if len(layout.pages) == 1 and layout.size >= TABLE_READABLE:
                return layout, area, kind
            tried.append((layout, area, kind))
        return min(tried, key=lambda t: (len(t[0].pages), -t[0].size))

    def _body_chunks(self, spec: SlideSpec) -> tuple[list[list[Para]], float]:
        """Return `spec`'s body split over the slides it needs, and its largest size."""
        info = self.info(spec.kind)
        target = info.roles.bodies[0] if info.roles.bodies else None
        box = info.boxes[target.idx] if target is not None else info.area
        if spec.takeaway:
            box = replace(box, height=box.height - self._band_height(spec.takeaway, box) - GAP)
        inherited = info.sizes.get(target.idx) if target is not None else None
        largest = min(max(inherited or 20, 16), 28) + 4
        paras = paragraphs(spec.body, pictures=False)
        comfortable = BODY_SMALLEST if spec.fit == "shrink" else COMFORTABLE
        return split(self.pen.body, paras, box, largest, comfortable), largest

    def _pictures(self, spec: SlideSpec, problems: list[str]) -> pictures.Groups:
        return pictures.pictures_of(spec, self.job.source_path.parent.resolve(),
                                    self.job.content_images, problems,
                                    self.job.unusable_images)

    def _band_height(self, text: str, area: Box) -> int:
        return takeaway.band_height(self.pen, self.labels["takeaway"], text, area)

    # -- slides ------------------------------------------------------------------------------

    def add(self, spec: SlideSpec) -> None:
        """Add the slide(s) for `spec`: more than one when its body or table is split."""
        self.pen.slide = _slide_name(len(self.prs.slides) + 1, spec.title or spec.kind)
        if spec.table:
            self._add_table(spec)
        elif spec.body and spec.kind not in ("title",):
            self._add_body(spec)
        else:
            placed = self._new_slide(spec, spec.title)
            if spec.kind == "title" or spec.subtitle or spec.details:
                titles.write_subtitle(self.pen, placed, spec)
            area = placed.info.area
            if spec.takeaway:
                area = self._takeaway(placed, spec.takeaway, columns.above_captions(
                    placed, area, spec.columns))
            if spec.columns:
                columns.write_columns(self.pen, placed, spec.columns, area)
            elif spec.body:
                self.pen.write_text_box(placed, paragraphs(spec.body, pictures=False), area,
                                        20, 12, role=BULLETS)
            self._finish(placed, spec)
        self._add_pictures(spec)

    def _add_pictures(self, spec: SlideSpec) -> None:
        """Add a follow-on slide with the pictures of `spec`'s Markdown (its `pictures`, body
        and columns), grouped under their headings, each with its description; none when it
        has no pictures."""
        problems: list[str] = []
        groups = self._pictures(spec, problems)
        for problem in problems:
            self.job.warn(f"{self._slide_name}: picture {problem}; it is left out of the deck")
        if not groups:
            return
        described = [p.alt for _, found in groups for p in found if p.alt]
        follow = replace(spec, kind="title_only", body="", columns=(), table=None, takeaway="",
                         pictures=(), logo=False, subtitle="", details=(),
                         notes="\n".join(described) or spec.notes)
        placed = self._new_slide(follow, self._continued(spec.title) or spec.title)
        pictures.draw_pictures(self.pen, placed, groups)
        self._finish(placed, follow)

    def _new_slide(self, spec: SlideSpec, title: str) -> Placed:
        slide = self.prs.slides.add_slide(self.layouts[spec.kind].layout)
        shapes = {shape.placeholder_format.idx: shape for shape in slide.placeholders}
        placed = Placed(slide, self.info(spec.kind), shapes,
                        name=_slide_name(len(self.prs.slides), title or spec.kind))
        self.pen.slide = placed.name
        self._slide_name = placed.name
        self.titles.append(to_plain_text(title))
        titles.write_title(self.pen, placed, spec.kind, title)
        if spec.speaker_notes:
            slide.notes_slide.notes_text_frame.text = spec.speaker_notes
        if spec.kind not in ("title", "section"):
            self._add_slide_number(placed)
        return placed

    def _finish(self, placed: Placed, spec: SlideSpec) -> None:
        """Add the logo if asked, the full texts of any cut short to the notes, and remove
        every placeholder left empty."""
        missing = [text for text in placed.cut if text not in spec.notes]
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
        chunks, largest = self._body_chunks(spec)
        for part, chunk in enumerate(chunks):
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
                self.pen.fit_into(placed, body, chunk, placed.box(body), self.pen.body, largest,
                                  BODY_SMALLEST, role=BULLETS)
            else:
                self.pen.write_text_box(placed, chunk, area, largest, BODY_SMALLEST, role=BULLETS)
            self._finish(placed, spec)

    def _add_table(self, spec: SlideSpec) -> None:
        """Add a native table, split over slides with the header row repeated when long."""
        layout, area, kind = self._table_layout(spec)
        spec = replace(spec, kind=kind)
        if len(layout.pages) > 1:
            needed = layout.header_height + sum(layout.heights)
            self.job.warn(
                f"{_slide_name(len(self.prs.slides) + 1, spec.title)}: its table needs "
                f"{inches(needed)} in at {layout.size:g} pt and no layout of the master has that "
                f"much room (this one has {inches(area.height)} in), so it continues on "
                f"{len(layout.pages)} slides — shorten its longest cells to keep it on one")
        for part, rows in enumerate(layout.pages):
            placed = self._new_slide(spec, spec.title if part == 0 else self._continued(spec.title))
            if spec.takeaway:
                self._takeaway(placed, spec.takeaway, placed.info.area)
            for row in rows:
                if row in layout.cut:
                    self.pen.note_cut(placed, layout.cut[row])
            layout.draw(self.pen, placed.slide, area, rows, right_to_left=self.pen.script.rtl)
            self._finish(placed, spec)

    def _takeaway(self, placed: Placed, text: str, area: Box) -> Box:
        return takeaway.draw_takeaway(self.pen, placed, self.labels["takeaway"], text, area)

    def _continued(self, title: str) -> str:
        return f"{title} ({self.labels['continued']})" if title else ""

    # -- slide number, logo, fonts -----------------------------------------------------------

    def _add_slide_number(self, placed: Placed) -> None:
        """Copy the layout's slide number placeholder onto the slide (python-pptx does not),
        moved onto the slide where the layout has it reaching off it."""
        slot = placed.info.roles.slide_number
        if slot is None:
            return
        shape_id = copy_slide_number(placed.slide, slot.shape, len(self.prs.slides),
                                     self.pen.script)
        placed.used.add(shape_id)
        own = shape_box(slot.shape)
        if (own.left, own.top, own.width, own.height) != (
                slot.at.left, slot.at.top, slot.at.width, slot.at.height):
            number = next(s for s in placed.slide.shapes if s.shape_id == shape_id)
            number.left, number.top, number.width, number.height = (
                Emu(slot.at.left), Emu(slot.at.top), Emu(slot.at.width), Emu(slot.at.height))

    def _add_logo(self, placed: Placed) -> None:
        """Add the kit's logo (looked up once) to the slide; see `logo.add_logo`."""
        if not self._logo_looked_up:
            self._logo = logo.deck_logo(self.kit, lambda message: self.job.warn(message, about=""))
            self._logo_looked_up = True
        if self._logo is None:
            return
        logo.add_logo(self.pen, placed, self._logo,
                      (self.prs.slide_width or 0, self.prs.slide_height or 0), self.kit.logo_alt)

    def _warn_about_fonts(self, *families: str) -> None:
        """Warn once about the deck's theme fonts that Windows, macOS and Office lack."""
        uncommon = [f for f in dict.fromkeys(families) if f.casefold() not in theme.COMMON_FONTS]
        if uncommon:
            self.job.warn(f"fonts {', '.join(uncommon)}: install them on presenting machines, "
                          "or PowerPoint substitutes another font", about="", note=True)
