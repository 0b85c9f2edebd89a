"""The facilitator guide: the run sheet, then every slide of the deck beside what the
trainer says and does, laid out by WeasyPrint in the kit's look.

The slides come from the kit's outline template (`build_outline`), so a kit that reorders or
drops slides gets a guide that matches its deck.
"""

from __future__ import annotations

from typing import Any

from generator.render.context import RenderJob, template_context
from generator.render.deck_outline import SlideSpec, build_outline
from generator.render.handout import pdf_from_templates, tints


def render(job: RenderJob) -> bytes:
    """Return the facilitator guide PDF for `job`."""
    slides = [slide_data(number, spec) for number, spec in enumerate(build_outline(job), 1)]
    return pdf_from_templates(job, "guide", template_context(
        job, tints=tints(job.kit.colors), slides=slides))


def slide_data(number: int, spec: SlideSpec) -> dict[str, Any]:
    """Return one outline slide as template data: what learners see (title, subtitle,
    details, body, columns, table, takeaway) and what the trainer has (slot, notes, guide;
    `notes_only`, the notes, when the outline gives no guide)."""
    return {
        "number": number, "kind": spec.kind, "title": spec.title, "subtitle": spec.subtitle,
        "details": list(spec.details), "body": spec.body,
        "columns": [{"heading": c.heading, "body": c.body} for c in spec.columns],
        "table": {"header": list(spec.table.header), "rows": [list(r) for r in spec.table.rows]}
        if spec.table else None,
        "takeaway": spec.takeaway, "notes": spec.notes, "part": spec.part, "slot": spec.slot,
        # the trainer's column: the outline's `guide`, or the notes where it has none
        "guide": spec.guide or "", "notes_only": spec.notes if spec.guide is None else "",
    }
