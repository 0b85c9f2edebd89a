"""The invariants every deck we write must keep, checked on the deck as saved.

Used by the tests (on every master of the corpus) and by `brand check` (on the sample it
renders): a deck that breaks one is a bug or a master we cannot serve, never "ok".

- each slide's heading is in a title placeholder (title or ctrTitle), not anywhere else;
- every shape lies on the slide, with positive width and height;
- no text shape overlaps another, and no picture covers text;
- text is readable on what it sits on: contrast 4.5:1 or more, with the master's colours;
- every paragraph says the source's direction (`rtl`) and every run its language (`lang`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from generator.render.colors import contrast, needed_contrast
from generator.render.deck.ooxml.backdrop import colors_under
from generator.render.deck.ooxml.colors import inherited_text_color, resolve, shape_fill
from generator.render.deck.ooxml.names import TITLE_TYPES, placeholder_type
from generator.render.deck.units import INCH, Box, overlap

TOLERANCE = int(0.02 * INCH)  # rounding in the file, and a hairline's touch
MIN_TEXT_HEIGHT = int(0.2 * INCH)


@dataclass(frozen=True)
class Violation:
    """One broken invariant on one slide."""

    slide: int  # 1-based
    layout: str
    rule: str  # title, bounds, overlap, contrast, direction
    message: str

    def __str__(self) -> str:
        return f'slide {self.slide} (layout "{self.layout}"): {self.message}'


def check_deck(prs: Any, *, titles: list[str] | None = None, language: str | None = None,
               rtl: bool | None = None) -> list[Violation]:
    """Return every invariant `prs` breaks.  `titles` are the headings the slides should
    carry, in order (as plain text, "" for none); `language` and `rtl` what every run and
    paragraph should say."""
    found: list[Violation] = []
    width, height = prs.slide_width, prs.slide_height
    for number, slide in enumerate(prs.slides, 1):
        def report(rule: str, message: str, slide: Any = slide, number: int = number) -> None:
            found.append(Violation(number, slide.slide_layout.name, rule, message))

        expected = titles[number - 1] if titles and number <= len(titles) else None
        _check_title(slide, expected, report)
        boxes = []
        for shape in slide.shapes:
            box = _box(shape)
            name = f'"{shape.name}"'
            if box is None:
                report("bounds", f"{name} has no position")
                continue
            left, top, w, h = box
            if w <= 0 or h <= 0:
                report("bounds", f"{name} has a width or height of zero or less "
                                 f"({w / INCH:.2f} × {h / INCH:.2f} in)")
                continue
            if left < -TOLERANCE or top < -TOLERANCE or left + w > width + TOLERANCE or (
                    top + h > height + TOLERANCE):
                report("bounds", f"{name} reaches off the slide")
            if _has_text(shape) and h < MIN_TEXT_HEIGHT:
                report("bounds", f"{name} is only {h / INCH:.2f} in tall for its text")
            boxes.append((shape, box))
        _check_overlaps(boxes, report)
        for shape, _ in boxes:
            if _has_text(shape):
                _check_contrast(shape, slide, report)
                _check_direction(shape, language, rtl, report)
    return found


def _box(shape: Any) -> tuple[int, int, int, int] | None:
    values = (shape.left, shape.top, shape.width, shape.height)
    return None if None in values else tuple(int(v) for v in values)  # type: ignore[return-value]


def _has_text(shape: Any) -> bool:
    if shape.has_text_frame:
        return bool(shape.text_frame.text.strip())
    return bool(getattr(shape, "has_table", False) and shape.has_table)


def _plain(text: str) -> str:
    """Return heading text as it reads: hyphens the writer inserted at line ends and line
    breaks removed, spaces collapsed."""
    text = re.sub(r"-[\n\v]", "", text)
    return " ".join(text.replace("\v", " ").split())


def _check_title(slide: Any, expected: str | None, report: Any) -> None:
    titles = [s for s in slide.placeholders if placeholder_type(s) in TITLE_TYPES]
    if expected is None:
        return
    if not expected:
        if any(s.text_frame.text.strip() for s in titles):
            report("title", "has a title though its slide has none")
        return
    wanted = _plain(expected)
    written = [_plain(s.text_frame.text) for s in titles]
    if not any(w == wanted or (w.endswith("…") and wanted.startswith(w[:-1].rstrip()))
               for w in written):
        report("title", f"its heading {wanted[:50]!r} is not in a title placeholder")
    for shape in slide.shapes:
        if shape in titles or not shape.has_text_frame:
            continue
        if _plain(shape.text_frame.text) == wanted:
            report("title", f'its heading is written in "{shape.name}", not in the title')


def _check_overlaps(boxes: list[tuple[Any, tuple[int, int, int, int]]], report: Any) -> None:
    texts = [(s, b) for s, b in boxes if _has_text(s)]
    pictures = [(s, b) for s, b in boxes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    for i, (one, a) in enumerate(texts):
        for other, b in [*texts[i + 1:], *pictures]:
            if overlap(Box(*a), Box(*b), TOLERANCE):
                across = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
                down = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
                report("overlap", f'"{one.name}" and "{other.name}" overlap by '
                                  f"{across / INCH:.2f} × {down / INCH:.2f} in")


def _check_contrast(shape: Any, slide: Any, report: Any) -> None:
    fill = shape_fill(shape, slide)
    on = [fill] if fill else colors_under(slide, int(shape.left), int(shape.top),
                                          int(shape.width), int(shape.height))
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            for cell in row.cells:
                cell_fill = cell._tc.find(f"{qn('a:tcPr')}/{qn('a:solidFill')}")
                cell_bg = resolve(cell_fill[0], slide) if cell_fill is not None and len(
                    cell_fill) else None
                _check_runs(cell.text_frame, shape, slide, [cell_bg] if cell_bg else on, report)
        return
    _check_runs(shape.text_frame, shape, slide, on, report)


def _check_runs(frame: Any, shape: Any, slide: Any, on: list[str], report: Any) -> None:
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            if not run.text.strip():
                continue
            r_pr = run._r.find(qn("a:rPr"))
            fill = r_pr.find(qn("a:solidFill")) if r_pr is not None else None
            color = resolve(fill[0], slide) if fill is not None and len(fill) else None
            color = color or inherited_text_color(shape, slide, (paragraph.level or 0) + 1)
            size = int(r_pr.get("sz")) / 100 if r_pr is not None and r_pr.get("sz") else 18
            bold = r_pr is not None and r_pr.get("b") in ("1", "true")
            needed = needed_contrast(size, bold)
            ratio = min(contrast(color, background) for background in on)
            if ratio < needed:
                report("contrast", f'"{shape.name}": {run.text[:30]!r} in {color} on '
                                   f"{' / '.join(on)} has a contrast of {ratio:.1f}:1, under "
                                   f"{needed}:1")
                return  # one per shape is enough


def _check_direction(shape: Any, language: str | None, rtl: bool | None, report: Any) -> None:
    if language is None and rtl is None:
        return
    frames = [cell.text_frame for row in shape.table.rows for cell in row.cells] if (
        getattr(shape, "has_table", False) and shape.has_table) else [shape.text_frame]
    for frame in frames:
        for paragraph in frame.paragraphs:
            if not paragraph.text.strip():
                continue
            p_pr = paragraph._p.find(qn("a:pPr"))
            said = p_pr.get("rtl") if p_pr is not None else None
            if rtl is not None and said != ("1" if rtl else "0"):
                report("direction", f'"{shape.name}": {paragraph.text[:30]!r} does not say its '
                                    f"direction ({'right to left' if rtl else 'left to right'})")
                return
            for run in paragraph.runs:
                lang = run._r.find(qn("a:rPr"))
                lang = lang.get("lang") if lang is not None else None
                if language is not None and (lang or "").lower().split("-")[0] != (
                        language.lower().split("-")[0]):
                    report("direction", f'"{shape.name}": {run.text[:30]!r} is tagged '
                                        f"{lang or 'with no language'}, not {language}")
                    return
