"""HTML to PDF with WeasyPrint, reading only files we allow and never the network.

Shared by the handout and the cheat sheet.  The URL fetcher is the real boundary for kit
templates (escaping cannot stop a template author writing `<img src=file:…>`): it serves
`data:` URLs and regular files below the allowed folders, and refuses everything else.

Parsed stylesheets and the fonts their `@font-face` rules load are kept per kit for the life
of the process (a worker renders many documents with the same kit); kits never share them,
so one client's fonts cannot stand in for another's.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import stat
import warnings
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
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
KITS_KEPT = 4  # kits whose parsed styles a process keeps (a build rarely has more)
SHEETS_KEPT = 32  # stylesheets kept per kit (the cheat sheet's levels differ)


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


@dataclass
class _KitStyles:
    """One kit's fonts and parsed stylesheets, each with the URLs refused while parsing it."""

    font_config: FontConfiguration = field(default_factory=FontConfiguration)
    sheets: OrderedDict[tuple[str, str], tuple[CSS, tuple[str, ...]]] = field(
        default_factory=OrderedDict)


_KIT_STYLES: OrderedDict[tuple[str, ...], _KitStyles] = OrderedDict()


def _kit_styles(base_url: Path, roots: Sequence[Path]) -> _KitStyles:
    """Return the styles kept for the kit at `base_url` reading from `roots`."""
    key = (str(base_url), *map(str, roots))
    if key not in _KIT_STYLES:
        _KIT_STYLES[key] = _KitStyles()
        while len(_KIT_STYLES) > KITS_KEPT:
            _KIT_STYLES.popitem(last=False)
    _KIT_STYLES.move_to_end(key)
    return _KIT_STYLES[key]


def _stylesheet(styles: _KitStyles, text: str, base_url: str, fetcher: ConfinedFetcher) -> CSS:
    """Return `text` parsed (once per kit), recording its refused URLs for this render too."""
    key = (base_url, text)
    if key not in styles.sheets:
        before = len(fetcher.refused)
        with _quiet_weasyprint(fetcher.refused):
            sheet = CSS(string=text, base_url=base_url, url_fetcher=fetcher,
                        font_config=styles.font_config)
        styles.sheets[key] = (sheet, tuple(fetcher.refused[before:]))
        while len(styles.sheets) > SHEETS_KEPT:
            styles.sheets.popitem(last=False)
    else:
        fetcher.refused.extend(styles.sheets[key][1])
    styles.sheets.move_to_end(key)
    return styles.sheets[key][0]


def render_document(
    html: str,
    *,
    base_url: Path,
    roots: Sequence[Path],
    stylesheets: Sequence[str | Path] = (),
    refused: list[str],
) -> Document:
    """Return the laid-out WeasyPrint document for `html` (for page counting or writing).

    `stylesheets` are CSS texts (relative URLs resolve in `base_url`) or the kit's CSS files.
    """
    fetcher = ConfinedFetcher(roots, refused)
    styles = _kit_styles(base_url, roots)
    sheets = [
        _stylesheet(styles, sheet, base_url.as_uri() + "/", fetcher) if isinstance(sheet, str)
        else _stylesheet(styles, _read_stylesheet(Path(sheet)), Path(sheet).parent.as_uri() + "/",
                         fetcher)
        for sheet in stylesheets
    ]
    with _quiet_weasyprint(refused):
        document = HTML(string=html, base_url=base_url.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=styles.font_config
        )
    # Attachments embed whole files; no output of ours ever carries one.
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]
    return document


def _read_stylesheet(path: Path) -> str:
    """Return a kit stylesheet's text (checked when the kit loaded, but it may have changed)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RenderError(f"{path}: cannot read stylesheet ({err}) — save it as UTF-8 text"
                          ) from err


def write_pdf(document: Document, *, pdf_variant: str | None = None, refused: list[str]) -> bytes:
    """Return the PDF bytes of a rendered document."""
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    with _quiet_weasyprint(refused):
        return document.write_pdf(**options)
