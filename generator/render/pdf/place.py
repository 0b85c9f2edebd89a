"""Pages of one PDF drawn onto the pages of another, as vector content: the slides on paper
place each page LibreOffice drew into the pages WeasyPrint laid out around it (the outline,
the metadata and the language of those pages are kept; the slides' text stays text)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Placement:
    """Page `source` of the drawn PDF, onto page `target`, its lower left corner at (`x`,
    `y`) points from the page's lower left, scaled by `scale`."""

    target: int
    source: int
    x: float
    y: float
    scale: float


def place_pages(base: bytes, drawn: bytes, placements: Sequence[Placement]) -> bytes:
    """Return `base` with the pages of `drawn` placed on it as `placements` say.

    pypdf adds each drawn page to the page's content as it is (its fonts and pictures copied
    once for the whole document, however many pages show them); `base`'s outline, metadata
    and language are kept."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base)))
    source = PdfReader(io.BytesIO(drawn))
    for placement in placements:
        writer.pages[placement.target].merge_transformed_page(
            source.pages[placement.source],
            Transformation().scale(placement.scale).translate(placement.x, placement.y))
    for page in writer.pages:
        page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Return each page's width and height in points."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].get_size() for i in range(len(document))]
    finally:
        document.close()
