"""The PDF handout: Jinja HTML + CSS templates, laid out by WeasyPrint."""

from __future__ import annotations

from generator.render.context import RenderJob, template_context
from generator.render.pdf import render_document, write_pdf
from generator.templating import make_environment, render_template


def render(job: RenderJob) -> bytes:
    """Return the handout PDF for `job`."""
    env = make_environment(job.kit, refused=job.refused)
    context = template_context(job)
    html = render_template(env, "handout.html.j2", context)
    css = render_template(env, "handout.css.j2", context)
    document = render_document(
        html, base_url=job.source_path.parent.resolve(), roots=job.allowed_roots,
        stylesheets=[css, *job.kit.css], refused=job.refused,
    )
    pdf = write_pdf(document, pdf_variant=job.pdf_variant or job.kit.pdf_variant,
                    refused=job.refused)
    job.report_refused()
    return pdf
