"""The one-page cheat sheet: render, count pages, step down until it fits on one page."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from generator.errors import RenderError
from generator.render.context import RenderJob, template_context
from generator.render.pdf import render_document, write_pdf
from generator.templating import make_environment, render_template


@dataclass(frozen=True)
class Fit:
    """One step-down level of the cheat sheet's layout."""

    font_size: float
    spacing: float
    use_short: bool = False
    landscape: bool = False


STEPS = (
    Fit(9.5, 5),
    Fit(8.5, 3),
    Fit(7.5, 2, use_short=True),
    Fit(7, 1.5, use_short=True, landscape=True),
)


def render(job: RenderJob) -> bytes:
    """Return a one-page cheat sheet PDF, or raise RenderError when nothing fits."""
    env = make_environment(job.kit, refused=job.refused)
    for fit in STEPS:
        context = template_context(job, fit=asdict(fit), use_short=fit.use_short)
        html = render_template(env, "cheatsheet.html.j2", context)
        css = render_template(env, "cheatsheet.css.j2", context)
        document = render_document(
            html, base_url=job.source_path.parent.resolve(), roots=job.allowed_roots,
            stylesheets=[css, *job.kit.css], refused=job.refused,
        )
        if len(document.pages) == 1:
            pdf = write_pdf(document, pdf_variant=job.pdf_variant or job.kit.pdf_variant,
                            refused=job.refused)
            job.report_refused()
            return pdf
    raise RenderError(f"{job.source_path.name}: the cheat sheet does not fit on one page even at "
                      f"{STEPS[-1].font_size} pt — shorten the longest summaries")
