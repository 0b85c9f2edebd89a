"""Watch mode: build once, then rebuild what each saved change affects, in warm workers.

The watcher follows folders, not files, so that editors which save by writing a new file and
renaming it over the old one are seen like any other save: the sources' folders (and the
pictures in them), and every layer of every kit (the default kit included).  Which outputs a
change affects is what the build's up-to-date check already knows (a source's key covers the
pictures it shows, a kit's every file of the kit), so each rebuild renders only those.
A source that stops validating prints its problems and leaves the last good outputs as
they were; the next save that fixes it rebuilds.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.build.freshness import IMAGE_SUFFIXES
from generator.build.options import BuildOptions
from generator.build.run import BuildReport, run
from generator.build.targets import SOURCE_SUFFIXES, collect_sources
from generator.errors import CoursepackError
from generator.kits.folders import resolve_kit

if TYPE_CHECKING:
    from generator.build.workers import RenderPool

DEBOUNCE_MS = 15  # a save is often several writes: wait this long for the last one


@dataclass
class BuildEvent:
    """One build of the watch: what changed, what it wrote, or the error that stopped it."""

    number: int
    changed: list[Path] = field(default_factory=list)
    report: BuildReport | None = None
    error: CoursepackError | None = None
    seconds: float = 0.0  # from the change being seen (or the start) to the outputs written


def watched_folders(sources: Sequence[Path], kit_folders: Sequence[Path]) -> list[Path]:
    """Return the folders to watch: each source's folder (a folder source is its own), and
    every kit folder; nested folders are left to their parents."""
    folders: list[Path] = [*kit_folders]
    for path in sources:
        path = path.resolve()
        folders.append(path if path.is_dir() else path.parent)
    unique = sorted(dict.fromkeys(f.resolve() for f in folders if f.exists()))
    return [f for f in unique if not any(f != o and f.is_relative_to(o) for o in unique)]


def check_watchable(sources: Sequence[Path], kits: Sequence[str]) -> list[Path]:
    """Return the folders of `kits`, every layer, or raise what `build` raises for sources or
    kits that do not exist: a mistake in the command, not an edit in progress, so a watch
    does not start on them."""
    collect_sources(sources)
    return list(dict.fromkeys(folder.resolve() for kit in kits
                                for folder in resolve_kit(kit).layers))


class Watcher:
    """Builds `sources` with `kits` whenever a file they depend on changes.

    `on_event(event)` is called after every build, good or not, from the thread that runs
    `run_forever`; `stop()` (from any thread) ends it after the build in progress.
    """

    def __init__(self, sources: Sequence[Path], kits: Sequence[str], options: BuildOptions,
                 on_event: Callable[[BuildEvent], None],
                 on_written: Callable[[Path, int, int], None] = lambda path, done, total: None
                 ) -> None:
        self.sources = list(sources)
        self.kits = list(kits)
        self.options = options
        self.on_event = on_event
        self.on_written = on_written
        self.stopping = threading.Event()
        self.builds = 0
        self.out = options.out.resolve()
        self.folders: list[Path] = []  # what is watched, once `run_forever` has started
        self._filter: Any = None
        self.source_files = {p.resolve() for p in self.sources if not p.is_dir()}
        self.source_folders = {p.resolve() for p in self.sources if p.is_dir()}
        self.kit_folders: list[Path] = []

    def stop(self) -> None:
        """Ask the watcher to end (it finishes the build in progress first)."""
        self.stopping.set()

    def run_forever(self) -> None:
        """Build once, then again after every relevant change, until `stop()` or Ctrl-C.

        Must run in the main thread on Linux: the workers end with the thread that forks
        them.
        """
        import watchfiles

        from generator.build.workers import RenderPool

        self.kit_folders = check_watchable(self.sources, self.kits)
        self.folders = watched_folders(self.sources, self.kit_folders)
        self._filter = watchfiles.DefaultFilter()
        changes: queue.Queue[set[tuple[Any, str]]] = queue.Queue()

        def follow() -> None:
            # Started before the first build, so that nothing saved meanwhile is missed.
            for found in watchfiles.watch(
                    *self.folders, watch_filter=self._relevant,
                    debounce=1600, step=DEBOUNCE_MS, stop_event=self.stopping,
                    rust_timeout=500, yield_on_timeout=False, raise_interrupt=False):
                changes.put(found)

        follower = threading.Thread(target=follow, daemon=True, name="coursepack-watch")
        follower.start()
        try:
            with RenderPool(jobs=self.options.jobs, formats=self._formats_per_build(),
                            warm=True) as pool:
                self._build(pool, [], time.perf_counter())
                while not self.stopping.is_set():
                    try:
                        found = changes.get(timeout=0.25)
                    except queue.Empty:
                        continue
                    seen = time.perf_counter()
                    while not changes.empty():  # saves that came during the last build
                        found |= changes.get_nowait()
                    self._build(pool, sorted({Path(path) for _, path in found}), seen)
        finally:
            self.stopping.set()
            follower.join(timeout=2)

    def _formats_per_build(self) -> list[str]:
        """Return the format of every output one build may render (to size the pool)."""
        return list(self.options.formats) * len(collect_sources(self.sources)) * len(self.kits)

    def _relevant(self, change: object, path: str) -> bool:
        """Return whether a change at `path` may affect an output: a source (a .yaml file
        where the sources are), a picture beside them, or any file of a kit; never the
        outputs themselves, nor editors' and version control's own files."""
        where = Path(path)
        if where.is_relative_to(self.out) or not self._filter(change, path):
            return False
        if any(where.is_relative_to(folder) for folder in self.kit_folders):
            return True
        suffix = where.suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            return True
        return suffix in SOURCE_SUFFIXES and (where in self.source_files or any(
            where.parent == folder for folder in self.source_folders))

    def _build(self, pool: RenderPool, changed: Iterable[Path], started: float) -> None:
        self.builds += 1
        event = BuildEvent(self.builds, list(changed))
        try:
            event.report = run(self.sources, self.kits, self.options,
                               on_written=self.on_written, pool=pool)
        except CoursepackError as err:
            event.error = err
        event.seconds = time.perf_counter() - started
        self.on_event(event)
