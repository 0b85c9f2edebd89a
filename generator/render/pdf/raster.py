"""SVG pictures drawn as PNGs, for the deck (which takes bitmaps): laid out by WeasyPrint,
reading nothing outside the SVG's folder, then drawn by PDFium."""

from __future__ import annotations

import io
import re
from pathlib import Path

from generator.errors import KitError


def svg_to_png(path: Path, pixels_high: int) -> bytes:
    """Return the SVG image at `path` rendered as a PNG `pixels_high` tall, transparent where
    it is: laid out by WeasyPrint (reading nothing outside the SVG's folder), then drawn by
    PDFium. Raises KitError when it cannot be drawn."""
    import pypdfium2

    from generator.render.pdf.engine import ConfinedFetcher
    from generator.render.pdf.weasyprint_import import import_weasyprint

    weasyprint = import_weasyprint()
    ratio = svg_aspect(path)
    high, wide = 400, max(1, round(400 * ratio))  # CSS px; the page is drawn to scale below
    html = (f"<style>@page {{ size: {wide}px {high}px; margin: 0 }} html, body {{ margin: 0 }}"
            f"img {{ display: block; width: {wide}px; height: {high}px }}</style>"
            f'<img src="{path.as_uri()}">')
    refused: list[str] = []
    try:
        pdf = weasyprint.HTML(string=html, base_url=path.parent.as_uri() + "/",
                              url_fetcher=ConfinedFetcher([path.parent], refused)).write_pdf()
        page = pypdfium2.PdfDocument(pdf)[0]
        scale = pixels_high / page.get_height()
        image = page.render(scale=scale, fill_color=(255, 255, 255, 0)).to_pil()
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
    except Exception as err:  # a malformed SVG of the kit's: its problem, not a crash of ours
        raise KitError(f"{path.name}: the SVG logo could not be drawn for the deck ({err}) — "
                       f"add a PNG of it as {path.with_suffix('.png').name}") from err
    return out.getvalue()


def svg_aspect(path: Path) -> float:
    """Return the width-to-height ratio an SVG declares (viewBox, else width and height)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(path.read_bytes())
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4 and float(box[3]) > 0:
            return max(0.05, min(20.0, float(box[2]) / float(box[3])))
        width = float(re.sub(r"[a-z%]+$", "", root.get("width", "")))
        height = float(re.sub(r"[a-z%]+$", "", root.get("height", "")))
        return max(0.05, min(20.0, width / height))
    except (ValueError, ZeroDivisionError):
        return 3.0  # a wordmark's usual shape
