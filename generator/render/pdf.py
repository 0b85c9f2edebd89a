"""HTML to PDF with WeasyPrint, reading only files we allow and never the network.

Shared by the handout and the cheat sheet.  The URL fetcher is the real boundary for kit
templates (escaping cannot stop a template author writing `<img src=file:…>`): it serves
`data:` URLs and regular files below the allowed folders, and refuses everything else.

A worker renders many documents with the same stylesheets, so it keeps each set of parsed
stylesheets together with the fonts their `@font-face` rules loaded, and reuses them only for
exactly the same set of stylesheet texts with the kit's files unchanged: every document sees
the same fonts whichever documents the worker rendered before, and kits never share them.
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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import CoursepackError, RenderError, relative_name

with warnings.catch_warnings():
    # WeasyPrint nags at import when libharfbuzz-subset is missing; it still works (fonts are
    # subset with fontTools instead, only slower). The README's install notes cover it.
    warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
    from weasyprint import CSS, HTML
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_FETCH_BYTES = 20 * 1024 * 1024
STYLE_SETS_KEPT = 16  # sets of parsed stylesheets a process keeps (the cheat sheet's levels differ)
MAX_KEPT_CSS_CHARS = 256 * 1024  # larger sets are parsed afresh each time rather than kept


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
class _Styles:
    """Parsed stylesheets, the fonts their @font-face rules loaded, and the URLs refused."""

    sheets: list[CSS]
    font_config: FontConfiguration
    refused: tuple[str, ...]


_KEPT_STYLES: OrderedDict[tuple[object, ...], _Styles] = OrderedDict()


def forget_styles() -> None:
    """Drop every kept stylesheet (after a failed render, or between builds in one process)."""
    _KEPT_STYLES.clear()


def _files_signature(folders: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    """Return (path, size, mtime) of every file in `folders`: a kit's CSS may @import its
    other files and load its fonts, and an edited one must not be served from memory."""
    found = []
    for folder in folders:
        for directory, _dirs, files in os.walk(folder):
            for name in files:
                try:
                    info = os.stat(os.path.join(directory, name))
                except OSError:
                    continue
                found.append((os.path.join(directory, name), info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


def _parse(texts: Sequence[tuple[str, str]], fetcher: ConfinedFetcher) -> _Styles:
    """Return `texts` ((CSS, base URL) pairs) parsed into one new FontConfiguration."""
    before = len(fetcher.refused)
    font_config = FontConfiguration()
    with _quiet_weasyprint(fetcher.refused):
        sheets = [CSS(string=text, base_url=base, url_fetcher=fetcher, font_config=font_config)
                  for text, base in texts]
    return _Styles(sheets, font_config, tuple(fetcher.refused[before:]))


def _styles(texts: Sequence[tuple[str, str]], kit_folders: Sequence[Path],
            fetcher: ConfinedFetcher, *, keep: bool) -> _Styles:
    """Return `texts` parsed, reusing a kept parse of the very same texts, kit files and
    readable folders."""
    if not keep or sum(len(text) for text, _ in texts) > MAX_KEPT_CSS_CHARS:
        return _parse(texts, fetcher)
    key = (tuple(texts), tuple(fetcher.roots), _files_signature(kit_folders))
    if key in _KEPT_STYLES:
        _KEPT_STYLES.move_to_end(key)
        fetcher.refused.extend(_KEPT_STYLES[key].refused)
        return _KEPT_STYLES[key]
    styles = _KEPT_STYLES[key] = _parse(texts, fetcher)
    while len(_KEPT_STYLES) > STYLE_SETS_KEPT:
        _KEPT_STYLES.popitem(last=False)
    return styles


def render_document(
    html: str,
    *,
    base_url: Path,
    roots: Sequence[Path],
    kit_folders: Sequence[Path],
    stylesheets: Sequence[str | Path] = (),
    refused: list[str],
) -> Document:
    """Return the laid-out WeasyPrint document for `html` (for page counting or writing).

    `stylesheets` are CSS texts (relative URLs resolve in `base_url`) or the kit's CSS files.
    Parsed stylesheets are kept for the next document unless `html` could load fonts of its
    own (a <style> or <link> naming fonts), which would then leak into later documents.
    """
    fetcher = ConfinedFetcher(roots, refused)
    texts = [(sheet, base_url.as_uri() + "/") if isinstance(sheet, str)
             else (_read_stylesheet(Path(sheet)), Path(sheet).parent.as_uri() + "/")
             for sheet in stylesheets]
    lowered = html.lower()
    keep = "font-face" not in lowered and "<link" not in lowered
    styles = _styles(texts, kit_folders, fetcher, keep=keep)
    with _quiet_weasyprint(refused):
        document = HTML(string=html, base_url=base_url.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=styles.sheets, font_config=styles.font_config
        )
    # Attachments embed whole files; no output of ours ever carries one.
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]
    return document


def _read_stylesheet(path: Path) -> str:
    """Return a kit stylesheet's text (checked when the kit loaded, but it may have changed)."""
    try:
        return path.read_text(encoding="utf-8-sig")  # a byte-order mark is not part of the CSS
    except UnicodeDecodeError as err:
        raise RenderError(f"{relative_name(path)}: cannot read stylesheet ({err}) — save it as "
                          "UTF-8 text") from err
    except OSError as err:
        raise RenderError(f"{relative_name(path)}: cannot read stylesheet ({err.strerror}) — "
                          "check that the kit's css: files exist and are readable") from err


def write_pdf(document: Document, *, pdf_variant: str | None = None, refused: list[str]) -> bytes:
    """Return the PDF bytes of a rendered document."""
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    with _quiet_weasyprint(refused):
        return document.write_pdf(**options)
