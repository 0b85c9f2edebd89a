"""Live preview: the watcher behind a local web page that shows every output as pictures
and refreshes itself as soon as a rebuild lands.

The server answers on 127.0.0.1 only, to requests addressed to it by that name or
`localhost` (so another site cannot reach it through a rebound DNS name), and serves only
what it holds in memory: the page, its state as JSON, an event stream, and the pictures it
made of the outputs, each under a name it chose.  No request names a file, so no URL can
reach one.  The page loads nothing from the network.

Handout and cheat-sheet pages are drawn with PDFium; slides are drawn by LibreOffice when it
is installed (in the background: the page shows each slide's outline until the pictures are
ready), else the page shows the outline and says how to get pictures.
"""

from __future__ import annotations

import io
import json
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

from generator.build.options import BuildOptions
from generator.errors import relative_name
from generator.watch import BuildEvent

PAGE_SCALE = 1.5  # PDF points to pixels: 893 px across an A4 page
SOFFICE_TIMEOUT = 120
SLIDES_AFTER_QUIET = 1.0  # seconds without a newer build before LibreOffice draws the slides


@dataclass
class OutputView:
    """What the page shows of one source built with one kit."""

    title: str
    handout: list[dict[str, str]] = field(default_factory=list)  # {url, text} per page
    cheatsheet: list[dict[str, str]] = field(default_factory=list)
    slides: list[dict[str, Any]] = field(default_factory=list)  # {title, texts, notes, url?}
    slide_pictures: str = "pending"  # pending, ready, unavailable (no LibreOffice), failed


class PreviewState:
    """The page's state, shared between the watcher (which updates it after each build)
    and the server's threads (which read it); `notify()` wakes the event streams."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.build = 0
        self.ready = False
        self.seconds = 0.0
        self.error = ""
        self.warnings: list[str] = []
        self.views: list[OutputView] = []
        self.images: dict[str, Any] = {}  # name -> PNG bytes, or a (pdf, page) recipe
        self.listeners: list[queue.Queue[int]] = []

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({
                "build": self.build, "ready": self.ready, "seconds": round(self.seconds, 2),
                "error": self.error, "warnings": self.warnings,
                "outputs": [view.__dict__ for view in self.views],
            }, ensure_ascii=False).encode()

    def image(self, name: str) -> bytes | None:
        """Return the picture called `name` (drawn now if it was not yet), or None."""
        with self.lock:
            found = self.images.get(name)
        if found is None or isinstance(found, bytes):
            return found
        pdf, index = found
        (png,) = draw_pages(pdf, [index])
        with self.lock:
            if name in self.images:
                self.images[name] = png
        return png

    def publish(self, *, build: int, seconds: float, error: str, warnings: list[str],
                views: list[OutputView] | None, images: dict[str, Any]) -> None:
        """Replace the state with a new build's (views None: keep the last good outputs'
        pictures, as the build that failed wrote nothing), then wake every page."""
        with self.lock:
            self.build, self.seconds, self.error = build, seconds, error
            self.warnings = warnings
            if views is not None:
                self.views = views
                self.images = images
            self.ready = True
        self.notify()

    def update_slides(self, build: int, index: int, pictures: list[bytes] | None,
                      status: str) -> None:
        """Add the slide pictures LibreOffice drew for `build` (dropped if a newer build
        came meanwhile)."""
        with self.lock:
            if build != self.build or index >= len(self.views):
                return
            view = self.views[index]
            for number, png in enumerate(pictures or [], 1):
                name = f"b{build}-o{index}-slide-{number}.png"
                self.images[name] = png
                if number <= len(view.slides):
                    view.slides[number - 1]["url"] = f"/image/{name}"
            view.slide_pictures = status
        self.notify()

    def notify(self) -> None:
        with self.lock:
            listeners = list(self.listeners)
        for listener in listeners:
            listener.put(self.build)


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


def soffice() -> str | None:
    """Return LibreOffice's command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


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
                    [*([nice, "-n", "10"] if nice else []), self.command,
                     f"-env:UserInstallation={(work / 'profile').as_uri()}",
                     "--headless", "--convert-to", "pdf", "--outdir", str(work),
                     str(work / "deck.pptx")],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                code = self.running.wait(timeout=SOFFICE_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.running.kill()
                raise
            if code != 0:
                return None if code < 0 else []
            return draw_pages((work / "deck.pdf").read_bytes())


class Preview:
    """Turns each build of the watch into the page's state."""

    def __init__(self, sources: Sequence[Path], kits: Sequence[str], options: BuildOptions,
                 state: PreviewState) -> None:
        self.sources, self.kits, self.options, self.state = list(sources), list(kits), \
            options, state
        self.pictures: queue.Queue[tuple[int, int, bytes]] = queue.Queue()
        # what was read of each output as it was written: (size, mtime) -> (bytes, contents)
        self.read: dict[Path, tuple[tuple[int, int], bytes, Any]] = {}
        command = soffice()
        self.drawer = SlideDrawer(command) if command else None
        if self.drawer is not None:
            threading.Thread(target=self._draw_slides, daemon=True,
                             name="coursepack-slide-pictures").start()

    def on_written(self, path: Path) -> None:
        """Read an output as soon as it is written, while the others still render."""
        self._contents(path)

    def _contents(self, path: Path) -> tuple[bytes, Any]:
        """Return an output's bytes and what the page shows of it (page texts, or the deck's
        outline), read once per version of the file."""
        info = path.stat()
        stamp = (info.st_size, info.st_mtime_ns)
        known = self.read.get(path)
        if known is not None and known[0] == stamp:
            return known[1], known[2]
        data = path.read_bytes()
        contents = slide_outline(path) if path.suffix == ".pptx" else pdf_texts(data)
        self.read[path] = (stamp, data, contents)
        return data, contents

    def on_event(self, event: BuildEvent) -> None:
        """Publish `event`: its outputs as pictures, or its problems in their place."""
        if self.drawer is not None and (event.report is None or event.report.written):
            self.drawer.cancel()  # those slides are out of date
        found = [*event.report.warnings, *event.report.failures] if event.report else []
        warnings = [str(finding) for finding in dict.fromkeys(found)]
        if (event.report is not None and not event.report.written and not event.report.failures
                and not self.state.error and self.state.views):
            return  # nothing changed (a file that matters to no output was saved)
        if event.error is not None:
            self.state.publish(build=event.number, seconds=event.seconds,
                               error=event.error.format_message(), warnings=warnings,
                               views=None, images={})
            return
        images: dict[str, Any] = {}
        views: list[OutputView] = []
        decks: list[tuple[int, bytes]] = []
        for index, unit in enumerate(event.report.units if event.report else []):
            kit = "" if unit.kit.is_default else f" · {unit.kit.name}"
            view = OutputView(f"{relative_name(unit.source)}{kit}")
            for fmt, target, _ in unit.targets:
                if not target.exists():
                    continue
                prefix = f"b{event.number}-o{index}-{fmt}"
                data, contents = self._contents(target)
                if fmt in ("handout", "cheatsheet"):
                    setattr(view, fmt, pdf_pages(data, prefix, images, contents))
                elif fmt == "slides":
                    view.slides = [dict(slide) for slide in contents]
                    decks.append((index, data))
            view.slide_pictures = "pending" if self.drawer else "unavailable"
            views.append(view)
        self.state.publish(build=event.number, seconds=event.seconds, error="",
                           warnings=warnings, views=views, images=images)
        for index, deck in decks if self.drawer else []:
            self.pictures.put((event.number, index, deck))

    def _draw_slides(self) -> None:
        """Draw the slides of the newest build's decks once saves pause for a moment (while
        the author keeps saving, LibreOffice would only slow the rebuilds down)."""
        assert self.drawer is not None
        while True:
            build, index, deck = self.pictures.get()
            time.sleep(SLIDES_AFTER_QUIET)
            if build != self.state.build:
                continue  # a newer build came meanwhile
            try:
                pictures = self.drawer.draw(deck)
            except (OSError, subprocess.SubprocessError, ValueError):
                self.state.update_slides(build, index, None, "failed")
                continue
            if pictures is None:
                continue  # cancelled by a newer build
            self.state.update_slides(build, index, pictures, "ready" if pictures else "failed")


class PreviewServer(ThreadingHTTPServer):
    """The local web server: 127.0.0.1 only, the page, its state, events and pictures."""

    daemon_threads = True

    def __init__(self, state: PreviewState, port: int = 0) -> None:
        self.state = state
        self.page = (resources.files("generator") / "preview.html").read_bytes()
        super().__init__(("127.0.0.1", port), PreviewHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD for /, /state, /events and /image/<name>; nothing else."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not requests

    def do_HEAD(self) -> None:
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:
        port = self.server.server_address[1]
        host = self.headers.get("Host", "")
        if host not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            self._send(HTTPStatus.FORBIDDEN, b"forbidden", "text/plain", body)
            return
        path = self.path.split("?", 1)[0]
        state = self.server.state
        if path == "/":
            self._send(HTTPStatus.OK, self.server.page, "text/html; charset=utf-8", body)
        elif path == "/state":
            self._send(HTTPStatus.OK, state.as_json(), "application/json", body)
        elif path == "/events" and body:
            self._events()
        elif path.startswith("/image/") and (png := state.image(path[len("/image/"):])):
            self._send(HTTPStatus.OK, png, "image/png", body, cache=True)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain", body)

    def do_POST(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"method not allowed", "text/plain", True)

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST

    def _send(self, status: HTTPStatus, data: bytes, kind: str, body: bool,
              cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=3600, immutable" if cache else "no-store")
        self.send_header("Content-Security-Policy",
                         "default-src 'self'; img-src 'self'; style-src 'unsafe-inline'; "
                         "script-src 'unsafe-inline'; connect-src 'self'")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        """Stream a server-sent event each time the state changes, until the page goes."""
        listener: queue.Queue[int] = queue.Queue()
        state = self.server.state
        with state.lock:
            state.listeners.append(listener)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(f"data: {state.build}\n\n".encode())
            self.wfile.flush()
            while True:
                try:
                    build = listener.get(timeout=15)
                    message = f"data: {build}\n\n"
                except queue.Empty:
                    message = ": still here\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
        except OSError:
            pass  # the page was closed
        finally:
            with state.lock:
                state.listeners.remove(listener)
            self.close_connection = True


def serve(sources: Sequence[Path], kits: Sequence[str], options: BuildOptions, *,
          port: int, on_ready: Any, on_event: Any) -> None:
    """Run the preview until Ctrl-C: the server in a thread, the watcher in this one."""
    from generator.watch import Watcher, check_watchable

    check_watchable(sources, kits)
    state = PreviewState()
    server = PreviewServer(state, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True,
                              name="coursepack-preview-server")
    thread.start()
    preview = Preview(sources, kits, options, state)

    def event(build: BuildEvent) -> None:
        started = time.perf_counter()
        preview.on_event(build)
        on_event(build, time.perf_counter() - started)

    try:
        on_ready(server.url)
        Watcher(sources, kits, options, event,
                on_written=lambda path, done, total: preview.on_written(path)).run_forever()
    finally:
        server.shutdown()
        server.server_close()
