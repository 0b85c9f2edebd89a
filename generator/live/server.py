"""The preview's local web server and the page's state.

The server answers on 127.0.0.1 only, to requests addressed to it by one Host header, that
name or `localhost` and its port (so another site cannot reach it through a rebound DNS
name), and serves only what it holds in memory: the page, its state as JSON, an event
stream, and the pictures it made of the outputs, each under a name it chose.  No request
names a file, so no URL can reach one.  The page loads nothing from the network.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from generator.i18n.preview_words import preview_words
from generator.live.pictures import draw_pages


@dataclass
class OutputView:
    """What the page shows of one source built with one kit."""

    title: str
    documents: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # PDF format ->
    # {url, text} per page
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
        self.formats: list[dict[str, str]] = []  # {name, label, medium} of what is built
        # what the page says, in the course's language (English until a source is read)
        self.language, self.direction = "en", "ltr"
        self.words: dict[str, str] = preview_words("en")
        self.views: list[OutputView] = []
        self.images: dict[str, Any] = {}  # name -> PNG bytes, or a (pdf, page) recipe
        self.listeners: list[queue.Queue[int]] = []

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({
                "build": self.build, "ready": self.ready, "seconds": round(self.seconds, 2),
                "error": self.error, "warnings": self.warnings, "formats": self.formats,
                "language": self.language, "direction": self.direction, "words": self.words,
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

    def speak(self, language: str, direction: str, words: dict[str, str],
              formats: list[dict[str, str]]) -> None:
        """Say the page's words (and name the formats) in `language`, from the next time
        the page reads the state."""
        with self.lock:
            self.language, self.direction, self.words = language, direction, words
            self.formats = formats

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


class PreviewServer(ThreadingHTTPServer):
    """The local web server: 127.0.0.1 only, the page, its state, events and pictures."""

    daemon_threads = True

    def __init__(self, state: PreviewState, port: int = 0) -> None:
        self.state = state
        self.page = (resources.files("generator.live") / "preview.html").read_bytes()
        super().__init__(("127.0.0.1", port), PreviewHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Say nothing of a page that went away mid-request (a tab closed, a reload): the
        terminal shows builds, not the browser's comings and goings."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD for /, /state, /events and /image/<name>; nothing else."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not requests

    def do_HEAD(self) -> None:
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:
        hosts = self.headers.get_all("Host", [])
        if len(hosts) != 1:  # none, or several that could each be read as the one
            self._send(HTTPStatus.BAD_REQUEST, b"one Host header, please", "text/plain", body)
            return
        port = self.server.server_address[1]
        if hosts[0] not in (f"127.0.0.1:{port}", f"localhost:{port}"):
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
