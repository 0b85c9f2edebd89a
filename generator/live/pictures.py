"""The preview's pictures of the outputs: PDF pages drawn with PDFium (and their texts read),
and slides drawn by LibreOffice when it is installed (in a profile of its own, at low
priority, one deck at a time, stopped when a newer build comes); each slide's outline read
back from the deck for when it is not."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.render.office import CONVERSION_TIMEOUT, conversion_command

PAGE_SCALE = 1.5  # PDF points to pixels: 893 px across an A4 page



def pdf_texts(pdf: bytes) -> list[str]:
    """Return the text of each page of `pdf` (each page picture's alternative text)."""
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
        finally:
            document.close()


def pdf_pages(pdf: bytes, prefix: str, images: dict[str, Any],
              texts: list[str] | None = None) -> list[dict[str, str]]:
    """Return the page list of `pdf`: each page's picture URL and its text (what the page
    shows at once).  The pictures themselves are drawn when the page asks for them: `images`
    gets a (pdf, page index) recipe under each name."""
    pages = []
    for number, text in enumerate(pdf_texts(pdf) if texts is None else texts, 1):
        name = f"{prefix}-{number}.png"
        images[name] = (pdf, number - 1)
        pages.append({"url": f"/image/{name}", "text": text})
    return pages


def draw_pages(pdf: bytes, indexes: Sequence[int] | None = None) -> list[bytes]:
    """Return the pages of `pdf` numbered by `indexes` (from 0; all of them by default) as
    PNGs."""
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            images = [document[index].render(scale=PAGE_SCALE).to_pil()
                      for index in (range(len(document)) if indexes is None else indexes)]
        finally:
            document.close()
    pngs = []
    for image in images:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        pngs.append(buffer.getvalue())
    return pngs


_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one call at a time in this process


def slide_outline(deck: Path) -> list[dict[str, Any]]:
    """Return each slide's title, texts and notes, read back from the deck."""
    from pptx import Presentation

    slides = []
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        texts = [shape.text_frame.text for shape in slide.shapes
                 if shape.has_text_frame and shape != slide.shapes.title
                 and shape.text_frame.text.strip()]
        for shape in slide.shapes:
            if shape.has_table:
                texts.extend(" · ".join(cell.text for cell in row.cells)
                             for row in shape.table.rows)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append({"title": title, "texts": texts, "notes": notes})
    return slides


class SlideDrawer:
    """Draws a deck's slides with LibreOffice (in a profile of its own, so that a
    LibreOffice the user has open is left alone, and at low priority, so that rebuilds keep
    the processors), one deck at a time; `cancel()` stops the drawing in progress."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.lock = threading.Lock()
        self.running: subprocess.Popen[bytes] | None = None

    def cancel(self) -> None:
        with self.lock:
            if self.running is not None and self.running.poll() is None:
                self.running.kill()

    def draw(self, deck: bytes) -> list[bytes] | None:
        """Return each slide of `deck` as a PNG, or None when cancelled."""
        with tempfile.TemporaryDirectory(prefix="coursepack-preview-") as scratch:
            work = Path(scratch)
            (work / "deck.pptx").write_bytes(deck)
            with self.lock:
                nice = shutil.which("nice")
                self.running = subprocess.Popen(
                    [*([nice, "-n", "10"] if nice else []),
                     *conversion_command(self.command, work / "profile", work / "deck.pptx",
                                         work)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                code = self.running.wait(timeout=CONVERSION_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.running.kill()
                raise
            if code != 0:
                return None if code < 0 else []
            return draw_pages((work / "deck.pdf").read_bytes())
