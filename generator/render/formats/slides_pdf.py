"""The slides as a PDF: one slide a page, exactly as the deck looks on the client's master
(drawn by LibreOffice, see `render/office.py`), each slide's title in the PDF's outline, its
text selectable, the course's title, author and language set.

WeasyPrint lays out one empty page a slide from the kit's `slides-pdf.html.j2` (the outline,
metadata and language come from there); each page LibreOffice drew is then placed on it as
vector content (`render/pdf/place.py`)."""

from __future__ import annotations

from generator.render.context import template_context
from generator.render.job import RenderJob
from generator.render.office import NOT_UNIVERSAL, draw_slides
from generator.render.pdf.document import lay_out
from generator.render.pdf.engine import forget_styles as forget_caches  # noqa: F401
from generator.render.pdf.engine import write_pdf
from generator.render.pdf.place import Placement, place_pages


def render(job: RenderJob) -> bytes:
    """Return the slides PDF for `job`."""
    drawn = draw_slides(job)
    width, height = drawn.size
    context = template_context(
        job, slide_width=f"{width:.3f}pt", slide_height=f"{height:.3f}pt",
        slides=[{"number": number, "title": title}
                for number, title in enumerate(drawn.titles, 1)])
    if job.pdf_variant:
        job.warn(f"the slides PDF {NOT_UNIVERSAL}")
    pages = write_pdf(lay_out(job, "slides-pdf", context), refused=job.refused,
                      unloadable=job.unloadable)
    return place_pages(pages, drawn.pdf, [Placement(i, i, 0.0, 0.0, 1.0)
                                          for i in range(len(drawn.titles))])
