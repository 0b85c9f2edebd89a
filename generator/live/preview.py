"""Live preview: the watcher behind a local web page (`server`) that shows every output as
pictures (`pictures`) and refreshes itself as soon as a rebuild lands.

Every PDF format built is shown page by page; slides are drawn by LibreOffice when it is
installed (in the background: the page shows each slide's outline until the pictures are
ready), else the page shows the outline and says how to get pictures.

The page speaks the course's language: that of the first source previewed, as its outputs
are written in it (read from what the build loaded, else once per version of the source and
kit), kept when a build fails before that source is read.
"""

from __future__ import annotations

import queue
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.build.options import BuildOptions
from generator.build.run import BuildReport, behind_message, edited_message
from generator.errors import CoursepackError, relative_name
from generator.i18n.languages import is_rtl
from generator.i18n.preview_words import preview_words
from generator.live.pictures import SlideDrawer, pdf_pages, pdf_texts, slide_outline
from generator.live.server import OutputView, PreviewServer, PreviewState
from generator.live.watch import BuildEvent
from generator.render import FORMATS
from generator.render.office import soffice

SLIDES_AFTER_QUIET = 1.0  # seconds without a newer build before LibreOffice draws the slides


class Preview:
    """Turns each build of the watch into the page's state."""

    def __init__(self, sources: Sequence[Path], kits: Sequence[str], options: BuildOptions,
                 state: PreviewState) -> None:
        self.sources, self.kits, self.options, self.state = list(sources), list(kits), \
            options, state
        # the language of the first source previewed, by what its outputs' keys cover
        self.language: tuple[tuple[str, ...], str] | None = None
        self._speak("en")
        self.pictures: queue.Queue[tuple[int, int, bytes]] = queue.Queue()
        # what was read of each output as it was written: (size, mtime) -> (bytes, contents)
        self.read: dict[Path, tuple[tuple[int, int], bytes, Any]] = {}
        command = soffice()
        self.drawer = SlideDrawer(command) if command else None
        if self.drawer is not None:
            threading.Thread(target=self._draw_slides, daemon=True,
                             name="coursepack-slide-pictures").start()

    def _speak(self, language: str) -> None:
        """Have the page say its words, and name the formats, in `language`."""
        words = preview_words(language)
        self.state.speak(language, "rtl" if is_rtl(language) else "ltr", words, [
            {"name": name, "label": words.get(f"format_{name}", FORMATS[name].label),
             "medium": FORMATS[name].medium} for name in self.options.formats])

    def _course_language(self, report: BuildReport) -> str | None:
        """Return the language of the first source previewed, as its outputs are written
        in it: from the source and kit the build read, else from the last build whose outputs
        had the same keys (so the same source and kit), else read now; None when it cannot be
        read (the page then keeps the language it speaks)."""
        from generator.render.job import output_language

        if not report.units:
            return None
        unit = report.units[0]
        keys = tuple(key for _, _, key in unit.targets)
        if unit.source in report.sources and unit.kit in report.kits:
            language = output_language(report.sources[unit.source], report.kits[unit.kit])
        elif self.language is not None and self.language[0] == keys:
            return self.language[1]
        else:
            try:
                from generator.kits.load import load_brand
                from generator.source.load import load_source

                language = output_language(
                    load_source(unit.source, max_dimensions=self.options.max_dimensions,
                                max_source_kib=self.options.max_source_kib),
                    load_brand(unit.kit))
            except (CoursepackError, OSError, ValueError):
                return None  # the build says what is wrong with it
        self.language = (keys, language)
        return language

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
        warnings += [edited_message(path) for path in (event.report.kept if event.report else [])]
        warnings += [behind_message(path)
                     for path in (event.report.behind if event.report else [])]
        if (event.report is not None and not event.report.written and not event.report.failures
                and not self.state.error and self.state.views and warnings == self.state.warnings):
            return  # nothing changed (a file that matters to no output was saved)
        if event.report is not None and (language := self._course_language(event.report)):
            self._speak(language)
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
                if FORMATS[fmt].medium == "pdf":
                    view.documents[fmt] = pdf_pages(data, prefix, images, contents)
                else:
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


def serve(sources: Sequence[Path], kits: Sequence[str], options: BuildOptions, *,
          port: int, on_ready: Any, on_event: Any) -> None:
    """Run the preview until Ctrl-C: the server in a thread, the watcher in this one."""
    from generator.live.watch import Watcher, check_watchable

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
