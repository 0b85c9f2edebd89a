"""HTML to PDF with WeasyPrint, reading only files we allow and never the network.

Shared by the handout and the cheat sheet.  The URL fetcher is the real boundary for kit
templates (escaping cannot stop a template author writing `<img src=file:…>`): it serves
`data:` URLs and regular files below the allowed folders, and refuses everything else.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import stat
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import CoursepackError, RenderError

with warnings.catch_warnings():
    # WeasyPrint nags at import when libharfbuzz-subset is missing; it still works (fonts are
    # subset with fontTools instead, only slower). The README's install notes cover it.
    warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
    from weasyprint import CSS, HTML
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_FETCH_BYTES = 20 * 1024 * 1024


class ConfinedFetcher(URLFetcher):
    """Serve `data:` URLs and files inside `roots`; refuse and record everything else."""

    def __init__(self, roots: Sequence[Path], refused: list[str]) -> None:
        super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [Path(os.path.realpath(root)) for root in roots]
        self.refused = refused

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Return the resource at `url`, or raise ValueError (WeasyPrint then skips it)."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(os.path.realpath(unquote(parts.path)))
            if any(path.is_relative_to(root) for root in self.roots):
                try:
                    info = path.stat()
                except OSError:
                    info = None
                if info and stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FETCH_BYTES:
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=path.read_bytes(),
                                              headers={"Content-Type": mime})
        self.refused.append(url)
        raise ValueError(f"coursepack refused to fetch {url}")


@contextmanager
def _quiet_weasyprint(refused: list[str]) -> Iterator[None]:
    """Keep WeasyPrint's log lines off the terminal, and turn its crashes into RenderErrors.

    Our refusals are reported by the caller.  Kit CSS and templates are untrusted input, so a
    crash inside layout is the kit's problem to fix, not an internal error of ours.
    """
    logger = logging.getLogger("weasyprint")
    previous, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL)
    logger.propagate = False
    try:
        yield
    except (CoursepackError, MemoryError, RecursionError):
        raise
    except Exception as err:
        raise RenderError(
            f"the PDF could not be laid out ({type(err).__name__}: {err}) — check the kit's CSS "
            "and template overrides for extreme sizes or broken markup"
        ) from err
    finally:
        logger.setLevel(previous)
        logger.propagate = propagate


def render_document(
    html: str,
    *,
    base_url: Path,
    roots: Sequence[Path],
    stylesheets: Sequence[str | Path] = (),
    refused: list[str],
    font_config: FontConfiguration | None = None,
) -> Document:
    """Return the laid-out WeasyPrint document for `html` (for page counting or writing)."""
    fetcher = ConfinedFetcher(roots, refused)
    font_config = font_config or FontConfiguration()
    sheets = [
        CSS(string=sheet, base_url=base_url.as_uri() + "/", url_fetcher=fetcher,
            font_config=font_config) if isinstance(sheet, str)
        else CSS(filename=str(sheet), url_fetcher=fetcher, font_config=font_config)
        for sheet in stylesheets
    ]
    with _quiet_weasyprint(refused):
        document = HTML(string=html, base_url=base_url.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=font_config
        )
    # Attachments embed whole files; no output of ours ever carries one.
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]
    return document


def write_pdf(document: Document, *, pdf_variant: str | None = None, refused: list[str]) -> bytes:
    """Return the PDF bytes of a rendered document."""
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    with _quiet_weasyprint(refused):
        return document.write_pdf(**options)
