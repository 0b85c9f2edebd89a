"""From a kit's templates to a PDF: `<name>.html.j2` and `<name>.css.j2` rendered with the
template context, the kit's own stylesheets after them, laid out by the engine and written in
the PDF variant asked for.  The handout, the cheat sheet and the guide all go this way."""

from __future__ import annotations

from typing import Any

from generator.i18n.typography import typeset_html
from generator.render.job import RenderJob
from generator.render.pdf.engine import Document, render_document, write_pdf
from generator.templating.environment import render_template


def lay_out(job: RenderJob, name: str, context: dict[str, Any]) -> Document:
    """Return the laid-out document the kit's `<name>.html.j2` and `<name>.css.j2` make with
    `context` (its pages can be counted before it is written)."""
    env = job.environment()
    html = typeset_html(render_template(env, f"{name}.html.j2", context), job.language)
    css = render_template(env, f"{name}.css.j2", context)
    return render_document(html, base_url=job.kit.folder, roots=job.allowed_roots,
                           files=job.content_images, stylesheets=[css, *job.kit.css],
                           refused=job.refused, unloadable=job.unloadable)


def write(job: RenderJob, document: Document) -> bytes:
    """Return the PDF bytes of a laid-out document, in the job's PDF variant."""
    return write_pdf(document, pdf_variant=job.pdf_variant, refused=job.refused,
                     unloadable=job.unloadable)


def pdf_from_templates(job: RenderJob, name: str, context: dict[str, Any]) -> bytes:
    """Return the PDF of `lay_out(job, name, context)`: one layout, no fitting."""
    return write(job, lay_out(job, name, context))
