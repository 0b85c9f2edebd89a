"""The PDF handout: the kit's handout templates, laid out by WeasyPrint."""

from __future__ import annotations

from generator.render.context import template_context
from generator.render.job import RenderJob
from generator.render.pdf.document import pdf_from_templates
from generator.render.pdf.engine import forget_styles as forget_caches  # noqa: F401


def render(job: RenderJob) -> bytes:
    """Return the handout PDF for `job`."""
    return pdf_from_templates(job, "handout", template_context(job))
