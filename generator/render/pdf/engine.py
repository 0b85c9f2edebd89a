"""HTML to PDF with WeasyPrint, reading only files we allow and never the network.

Shared by the handout and the cheat sheet.  The URL fetcher is the real boundary for kit
templates (escaping cannot stop a template author writing `<img src=file:…>`): it serves
`data:` URLs and regular files below the allowed folders, and refuses everything else.

A worker renders many documents with the same stylesheets, so it keeps each set of parsed
stylesheets together with the fonts their `@font-face` rules loaded, and reuses them only for
exactly the same stylesheet texts and readable folders, while every file the parse read is
unchanged; a set into which a document's own HTML loaded fonts is dropped.  So every document
sees the same fonts whichever documents the worker rendered before, and kits never share them.
Pillow's pixel limit is one for the whole process, which the deck and the logo check set as
well: each document sets it again, so the pictures a PDF shows do not depend on them either.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import re
import stat
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.errors import CoursepackError, LayoutError, RenderError, relative_name
from generator.guards.images import MAX_LOGO_PIXELS
from generator.render.pdf.font_subset import speed_up_python_subsetting
from generator.render.pdf.weasyprint_import import import_weasyprint

with warnings.catch_warnings():
    # WeasyPrint nags at import when libharfbuzz-subset is missing; it still works (fonts are
    # subset with fontTools instead, only slower). The README's install notes cover it.
    warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
    import_weasyprint()
    from weasyprint import CSS, HTML
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

speed_up_python_subsetting()  # only where HarfBuzz's subsetter is missing (see font_subset)

MAX_FETCH_BYTES = 20 * 1024 * 1024
STYLE_SETS_KEPT = 16  # sets of parsed stylesheets a process keeps (the cheat sheet's levels differ)
MAX_KEPT_CSS_CHARS = 256 * 1024  # larger sets are parsed afresh each time rather than kept


class ConfinedFetcher(URLFetcher):
    """Serve `data:` URLs, files inside `roots` and the `files` named; refuse and record
    everything else."""

    def __init__(self, roots: Sequence[Path], refused: list[str],
                 files: Iterable[Path] = ()) -> None:
        super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [Path(os.path.realpath(root)) for root in roots]
        self.files = frozenset(Path(os.path.realpath(path)) for path in files)
        self.refused = refused
        self.read: list[tuple[Path, int, int]] = []  # (file, size, mtime) of every file served

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Return the resource at `url`, or raise ValueError (WeasyPrint then skips it)."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(os.path.realpath(unquote(parts.path)))
            if path in self.files or any(path.is_relative_to(root) for root in self.roots):
                try:
                    info = path.stat()
                except OSError:
                    info = None
                if info and stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FETCH_BYTES:
                    self.read.append((path, info.st_size, info.st_mtime_ns))
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=path.read_bytes(),
                                              headers={"Content-Type": mime})
        self.refused.append(url)
        raise ValueError(f"coursepack refused to fetch {url}")


class _UnloadedImages(logging.Handler):
    """Collect the URLs of the images WeasyPrint was given but could not draw (a kit's corrupt
    or mislabelled picture, which it leaves out without a word)."""

    FAILED = re.compile(r"Failed to load image at '(.*)'", re.DOTALL)

    def __init__(self, refused: list[str], unloadable: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.refused, self.unloadable = refused, unloadable

    def emit(self, record: logging.LogRecord) -> None:
        found = self.FAILED.match(record.getMessage())
        if found and found[1] not in self.refused and found[1] not in self.unloadable:
            self.unloadable.append(found[1])  # what the fetcher refused is reported as such


@contextmanager
def _quiet_weasyprint(refused: list[str], unloadable: list[str] | None = None
                      ) -> Iterator[None]:
    """Keep WeasyPrint's log lines off the terminal, and turn its crashes into RenderErrors.

    Our refusals are reported by the caller, and so are the images WeasyPrint could not draw
    (collected in `unloadable`).  Kit CSS and templates are untrusted input, so a crash inside
    layout is the kit's problem to fix, not an internal error of ours.
    """
    logger = logging.getLogger("weasyprint")
    previous, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL if unloadable is None else logging.ERROR)
    logger.propagate = False
    handler = _UnloadedImages(refused, unloadable) if unloadable is not None else None
    if handler is not None:
        logger.addHandler(handler)
    try:
        yield
    except (CoursepackError, MemoryError, RecursionError):
        raise
    except Exception as err:
        raise LayoutError(
            f"the PDF could not be laid out ({type(err).__name__}: {err}) — check the kit's CSS "
            "and template overrides for extreme sizes or broken markup"
        ) from err
    finally:
        if handler is not None:
            logger.removeHandler(handler)
        logger.setLevel(previous)
        logger.propagate = propagate


@contextmanager
def _pixel_budget() -> Iterator[None]:
    """Hold every picture WeasyPrint opens to the budget of the deck's pictures and the logos:
    one with more pixels is refused (Pillow's warning between one and two times the limit
    counts as a refusal too), whatever limit an earlier render in this process left."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_LOGO_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


class _CountedFonts(FontConfiguration):
    """A FontConfiguration that counts the @font-face rules it has loaded."""

    def __init__(self) -> None:
        super().__init__()
        self.faces = 0

    def add_font_face(self, *args: Any, **kwargs: Any) -> Any:
        self.faces += 1
        return super().add_font_face(*args, **kwargs)


@dataclass
class _Styles:
    """Parsed stylesheets, the fonts their @font-face rules loaded, the files they read and
    the URLs refused while parsing them."""

    sheets: list[CSS]
    font_config: _CountedFonts
    files: tuple[tuple[Path, int, int], ...]
    refused: tuple[str, ...]

    def unchanged(self) -> bool:
        """Return whether every file the parse read (imports, fonts) is as it was then."""
        for path, size, mtime in self.files:
            try:
                info = path.stat()
            except OSError:
                return False
            if (info.st_size, info.st_mtime_ns) != (size, mtime):
                return False
        return True


_KEPT_STYLES: OrderedDict[tuple[object, ...], _Styles] = OrderedDict()


def forget_styles() -> None:
    """Drop every kept stylesheet (a worker does after a render ran out of memory or time)."""
    _KEPT_STYLES.clear()


def _parse(texts: Sequence[tuple[str, str]], fetcher: ConfinedFetcher) -> _Styles:
    """Return `texts` ((CSS, base URL) pairs) parsed into one new FontConfiguration."""
    refused, read = len(fetcher.refused), len(fetcher.read)
    font_config = _CountedFonts()
    with _quiet_weasyprint(fetcher.refused):
        sheets = [CSS(string=text, base_url=base, url_fetcher=fetcher, font_config=font_config)
                  for text, base in texts]
    return _Styles(sheets, font_config, tuple(fetcher.read[read:]),
                   tuple(fetcher.refused[refused:]))


def _styles(texts: Sequence[tuple[str, str]], fetcher: ConfinedFetcher
            ) -> tuple[_Styles, tuple[object, ...] | None]:
    """Return `texts` parsed and the key it is kept under (None: not kept), reusing a kept
    parse of the very same texts and readable folders whose files are unchanged."""
    if sum(len(text) for text, _ in texts) > MAX_KEPT_CSS_CHARS:
        return _parse(texts, fetcher), None
    key = (tuple(texts), tuple(fetcher.roots), fetcher.files)
    kept = _KEPT_STYLES.get(key)
    if kept is not None and kept.unchanged():
        _KEPT_STYLES.move_to_end(key)
        fetcher.refused.extend(kept.refused)
        return kept, key
    styles = _KEPT_STYLES[key] = _parse(texts, fetcher)
    _KEPT_STYLES.move_to_end(key)
    while len(_KEPT_STYLES) > STYLE_SETS_KEPT:
        _KEPT_STYLES.popitem(last=False)
    return styles, key


def render_document(
    html: str,
    *,
    base_url: Path,
    roots: Sequence[Path],
    files: Iterable[Path] = (),
    stylesheets: Sequence[str | Path] = (),
    refused: list[str],
    unloadable: list[str] | None = None,
) -> Document:
    """Return the laid-out WeasyPrint document for `html` (for page counting or writing).

    `stylesheets` are CSS texts (relative URLs resolve in `base_url`) or the kit's CSS files.
    URLs the fetcher refused are appended to `refused`, images it served that could not be
    drawn to `unloadable`.
    """
    fetcher = ConfinedFetcher(roots, refused, files)
    texts = [(sheet, base_url.as_uri() + "/") if isinstance(sheet, str)
             else (_read_stylesheet(Path(sheet)), Path(sheet).parent.as_uri() + "/")
             for sheet in stylesheets]
    styles, key = _styles(texts, fetcher)
    faces = styles.font_config.faces
    try:
        with _quiet_weasyprint(refused, unloadable), _pixel_budget():
            document = HTML(string=html, base_url=base_url.as_uri() + "/",
                            url_fetcher=fetcher).render(stylesheets=styles.sheets,
                                                        font_config=styles.font_config)
    finally:
        if key is not None and styles.font_config.faces != faces:
            # The HTML loaded fonts of its own (a <style> of the kit's template): they must
            # not reach the next document, so this parse is not kept.
            _KEPT_STYLES.pop(key, None)
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


def write_pdf(document: Document, *, pdf_variant: str | None = None, refused: list[str],
              unloadable: list[str] | None = None) -> bytes:
    """Return the PDF bytes of a rendered document."""
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    with _quiet_weasyprint(refused, unloadable), _pixel_budget():
        return document.write_pdf(**options)
