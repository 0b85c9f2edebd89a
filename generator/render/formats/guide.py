"""The facilitator guide: the run sheet, then every slide of the deck beside what the
trainer says and does, laid out by WeasyPrint in the kit's look.

The slides come from the kit's outline template (`build_outline`), so a kit that reorders or
drops slides gets a guide that matches its deck.
"""

from __future__ import annotations

from typing import Any

from generator.render.context import template_context
from generator.render.job import RenderJob
from generator.render.outline import SlideSpec, build_outline
from generator.render.pdf.document import pdf_from_templates
from generator.render.pdf.engine import forget_styles as forget_caches  # noqa: F401
from generator.source.markdown import to_plain_text


def render(job: RenderJob) -> bytes:
    """Return the facilitator guide PDF for `job`."""
    from generator.render.deck.compose.writer import slide_spans

    outline = build_outline(job)
    slides = [slide_data(span, spec) for span, spec in zip(slide_spans(job, outline), outline,
                                                          strict=True)]
    return pdf_from_templates(job, "guide", template_context(
        job, slides=slides, part_slides=part_slides(slides)))


def part_slides(slides: list[dict[str, Any]]) -> dict[str, str]:
    """Return the deck slides of each part of the plan, as ranges: {"intro": "1–4", …}."""
    numbers: dict[str, list[int]] = {}
    for slide in slides:
        if slide["part"]:
            numbers.setdefault(slide["part"], []).extend(range(slide["number"],
                                                               slide["last"] + 1))
    return {part: ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in _runs(sorted(found)))
            for part, found in numbers.items()}


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Return consecutive numbers as (first, last) runs: 1 2 3 5 → (1, 3), (5, 5)."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        elif not runs or number > runs[-1][1]:
            runs.append((number, number))
    return runs


def slide_data(span: tuple[int, int], spec: SlideSpec) -> dict[str, Any]:
    """Return one outline slide as template data: its deck slide numbers (`number`, `last`
    and `numbers`, "3" or "3–4" when the deck continues it on more slides), what learners
    see (title, subtitle, details, body, columns, table, takeaway) and what the trainer has
    (slot, notes, guide; `notes_only`, the notes, when the outline gives no guide)."""
    return {
        "number": span[0], "last": span[1],
        "numbers": str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}",
        "kind": spec.kind, "title": spec.title, "subtitle": spec.subtitle,
        "details": list(spec.details), "body": spec.body,
        "columns": [{"heading": c.heading, "body": c.body} for c in spec.columns],
        "table": {"header": list(spec.table.header), "rows": [list(r) for r in spec.table.rows]}
        if spec.table else None,
        "takeaway": spec.takeaway, "notes": spec.notes, "part": spec.part, "slot": spec.slot,
        # the trainer's column: the outline's `guide`, or the notes where it has none
        "guide": spec.guide or "", "notes_only": spec.notes if spec.guide is None else "",
        "long": estimated_lines(spec.guide if spec.guide is not None else spec.notes)
        > LONG_BLOCK_LINES,
    }


# The trainer's column holds about this many characters a line and a page about this many
# lines (A4 or Letter, the guide's type): a slide whose material runs over half a page may
# continue on the next page, so that moving it whole never leaves half a page empty; a
# shorter one always stays whole with its slide.
TRAINER_LINE_CHARS = 62
LONG_BLOCK_LINES = 26


def estimated_lines(markdown: str) -> int:
    """Return about how many lines `markdown` takes in the guide's trainer column."""
    lines = 0
    for paragraph in to_plain_text(markdown or "").split("\n"):
        lines += max(1, -(-len(paragraph) // TRAINER_LINE_CHARS)) if paragraph.strip() else 0
    return lines
