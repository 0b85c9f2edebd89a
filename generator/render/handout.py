"""The PDF handout: Jinja HTML + CSS templates, laid out by WeasyPrint."""

from __future__ import annotations

from typing import Any

from generator.colors import mix
from generator.kits.model import BrandColors
from generator.render.context import RenderJob, template_context
from generator.render.pdf import render_document, write_pdf
from generator.templating.environment import render_template

# Derived colours: (kit colour, how much of it is kept when mixed into the page background).
TINTS = {
    "primary": ("primary", 0.07),    # table stripes
    "secondary": ("secondary", 0.09),  # subject blocks
    "accent": ("accent", 0.10),      # call-outs
    "rule": ("text", 0.22),          # hairlines and ruled writing lines
    "muted": ("text", 0.70),         # secondary text, still above 4.5:1 contrast on white
}


def render(job: RenderJob) -> bytes:
    """Return the handout PDF for `job`."""
    return pdf_from_templates(job, "handout", template_context(
        job, learner=True, tints=tints(job.kit.colors)))


def pdf_from_templates(job: RenderJob, name: str, context: dict[str, Any]) -> bytes:
    """Return the PDF the kit's `<name>.html.j2` and `<name>.css.j2` make with `context`
    (the handout's and the guide's way: one layout, no fitting)."""
    env = job.environment()
    html = render_template(env, f"{name}.html.j2", context)
    css = render_template(env, f"{name}.css.j2", context)
    document = render_document(
        html, base_url=job.kit.folder, roots=job.allowed_roots, files=job.content_images,
        stylesheets=[css, *job.kit.css], refused=job.refused,
    )
    pdf = write_pdf(document, pdf_variant=job.pdf_variant or job.kit.pdf_variant,
                    refused=job.refused)
    job.report_refused()
    return pdf


def tints(colors: BrandColors) -> dict[str, str]:
    """Return opaque tints of the kit's colours (#RRGGBB) for fills, rules and muted text.

    Opaque mixes rather than alpha keep the PDF free of transparency groups.
    """
    return {name: mix(getattr(colors, source), colors.background, strength)
            for name, (source, strength) in TINTS.items()}
