"""Render work units in child processes: in parallel, and bounded in time and memory.

Workers are forked early and import the renderers while the parent validates sources.  Each
worker caps its own address space, so a runaway kit stylesheet or template fails one unit with
a clear message instead of taking the machine down; a unit that takes longer than the timeout
stops the pool.  Ctrl-C is handled by the parent alone.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import CoursepackError, relative_name
from generator.model import BrandKit, Comparison
from generator.render import FORMATS

MEMORY_LIMIT_BYTES = 3 * 1024**3
BACKSTOP_SECONDS = 30
# Used by the parent to validate sources and kits and by the workers to render: imported
# once, before the workers fork, so that neither pays for them twice (measured on the
# sample: 0.15 s less CPU and a cold build ~6 % faster).
SHARED_MODULES = ("generator.model", "generator.markdown", "generator.fonts",
                  "generator.labels", "generator.css_check")


@dataclass(frozen=True)
class RenderTask:
    """One output to render: a source, a kit and a format."""

    source: Path
    comparison: Comparison
    kit: BrandKit
    format: str
    paper: str | None = None
    pdf_variant: str | None = None
    timeout: float | None = None

    @property
    def label(self) -> str:
        """Return "the handout of x.yaml (kit acme)" for messages."""
        kit = "" if self.kit.slug == "default" else f" (kit {self.kit.slug})"
        return f"the {self.format} of {relative_name(self.source)}{kit}"


class RenderTimeout(BaseException):
    """Raised in a worker by its alarm; a BaseException so no `except Exception` swallows it."""


def _on_alarm(signum: int, frame: object) -> None:
    raise RenderTimeout


@dataclass
class Outcome:
    """A task's result: the output's bytes (None when it failed), warnings, failures."""

    output: bytes | None
    warnings: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def render_task(task: RenderTask) -> Outcome:
    """Return the outcome of rendering `task` (in this process)."""
    from generator.render.context import RenderJob

    job = RenderJob(task.comparison, task.kit, task.source, paper=task.paper,
                    pdf_variant=task.pdf_variant)
    outcome = Outcome(None, job.warnings)
    alarm = bool(task.timeout) and hasattr(signal, "setitimer")
    if alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, task.timeout)
    try:
        outcome.output = FORMATS[task.format].render(job)
    except CoursepackError as err:
        outcome.failures.append(err.format_message())
    except (MemoryError, RecursionError) as err:
        _forget_kept_styles()
        what = "memory" if isinstance(err, MemoryError) else "nesting depth"
        outcome.failures.append(
            f"{task.label}: ran out of {what} while rendering — check the kit's CSS and "
            "templates for huge sizes, deep nesting, or a template that extends itself"
        )
    except RenderTimeout:
        _forget_kept_styles()  # the alarm may have stopped a font half-loaded
        outcome.output = None  # the alarm may ring just after the render finished
        outcome.failures.append(_timeout_message(task))
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return outcome


def _forget_kept_styles() -> None:
    """Free the stylesheets the PDF renderer keeps, if it was loaded (see render.pdf)."""
    pdf = sys.modules.get("generator.render.pdf")
    if pdf is not None:
        pdf.forget_styles()


def _timeout_message(task: RenderTask) -> str:
    """Return the failure message of a task stopped by the timeout."""
    return (f"{task.label}: took longer than {task.timeout:g} s and was stopped — check the "
            "kit's templates and CSS for runaway loops, or raise --timeout")


def _preload(formats: Sequence[str]) -> None:
    """Import the renderers of `formats` now.  One that cannot load is not an error here:
    each task that needs it fails with the reason (see OutputFormat.renderer)."""
    for name in dict.fromkeys(formats):
        with contextlib.suppress(CoursepackError):
            FORMATS[name].renderer()


def _worker_init(formats: tuple[str, ...], scratch: str) -> None:
    # Ctrl-C is handled once, by the parent, which stops the pool and leaves outputs as they were.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # WeasyPrint copies fonts into temporary folders that a forked worker never removes (it
    # exits without running finalizers); the parent deletes this whole folder after the build.
    tempfile.tempdir = scratch
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(hard,
                                                                                MEMORY_LIMIT_BYTES)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX, or not allowed
        pass
    _preload(formats)  # the slow imports, while the parent validates the sources
    # The imported modules live as long as the worker: keeping them out of the garbage
    # collector's scans saves about a tenth of the time spent rendering (measured: GC time
    # per task fell from ~27 ms to ~10 ms).
    gc.freeze()


def _ready() -> None:
    """Do nothing: submitting this task makes the executor start its workers now."""


class RenderPool:
    """Child processes that render tasks, bounded in memory and time.

    For a short build the workers start before the parent validates sources and kits, so
    their heavy imports (WeasyPrint alone takes about a third of a second) overlap that work; for a
    long one the parent imports once and the forked workers share it.
    """

    def __init__(self, *, jobs: int, formats: Sequence[str]) -> None:
        """Start the workers for tasks of `formats` (one per task, the slowest first)."""
        self.executor: ProcessPoolExecutor | None = None
        self.workers = 1
        self.frozen = False  # whether this process's objects were frozen for the forks
        self.tasks: list[RenderTask] = []
        self.futures: dict[Future[Outcome], int] = {}  # each submitted task's index
        if not hasattr(os, "fork"):  # pragma: no cover - Windows: render in this process
            return
        import multiprocessing

        workers = self.workers = max(1, min(jobs or os.cpu_count() or 1, len(formats)))
        for module in SHARED_MODULES:
            importlib.import_module(module)
        if len(formats) >= 4 * workers:
            # A long build: import the renderers here too and let the forks share them,
            # rather than paying the import in every worker.
            _preload(formats)
            preload: tuple[str, ...] = ()
        else:
            # A short build overlaps the imports with validation.  A worker preloads only the
            # renderer of the first (slowest) task: the one that renders the handout must not
            # wait for python-pptx, which another worker imports when it reaches the deck.
            preload = (formats[0],)
        # What this process holds now is shared with the forks: frozen, their collections
        # leave it alone instead of copying every page they scan (the sample's processes
        # together peak ~8 MB lower).
        gc.freeze()
        self.frozen = True
        self.scratch = tempfile.mkdtemp(prefix="coursepack-")
        try:
            self.executor = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_init, initargs=(preload, self.scratch))
            self.executor.submit(_ready)
        except BaseException:  # e.g. Ctrl-C while the workers start: leave nothing behind
            self.__exit__(*sys.exc_info())
            raise

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.executor is not None:
            if exc[0] is not None:
                _kill(self.executor)
            self.executor.shutdown(wait=True, cancel_futures=True)
        if hasattr(self, "scratch"):
            shutil.rmtree(self.scratch, ignore_errors=True)
        if self.frozen:
            gc.unfreeze()  # a program that builds from Python collects its garbage as before

    def submit(self, task: RenderTask) -> None:
        """Hand `task` to a worker now; its outcome comes from `outcomes()` with the index
        of the task in the order submitted."""
        self.tasks.append(task)
        if self.executor is not None:
            try:
                future = self.executor.submit(render_task, task)
            except BrokenProcessPool as err:
                # A worker died on an earlier task while sources were still being read: this
                # task fails the same way, and the build goes on to report everything.
                future = Future()
                future.set_exception(err)
            self.futures[future] = len(self.tasks) - 1

    def outcomes(self, *, timeout: float) -> Iterator[tuple[int, Outcome]]:
        """Return an iterator of (task index, outcome) of the tasks submitted, in the order
        they finish."""
        if self.executor is None:  # pragma: no cover - Windows
            return ((index, render_task(task)) for index, task in enumerate(self.tasks))
        return self._outcomes(dict(self.futures), self.tasks, timeout)

    def _outcomes(self, futures: dict[Future[Outcome], int], tasks: list[RenderTask],
                  timeout: float) -> Iterator[tuple[int, Outcome]]:
        assert self.executor is not None
        pending = set(futures)
        try:
            while pending:
                # Each worker stops its own runaway task with an alarm; this is the backstop
                # for a task stuck in C code, where the alarm cannot interrupt it.
                done, pending = wait(pending, timeout=timeout + BACKSTOP_SECONDS,
                                     return_when=FIRST_COMPLETED)
                if not done:
                    running = {f for f in pending if f.running()}
                    _kill(self.executor)
                    for future in pending:
                        task = tasks[futures[future]]
                        yield futures[future], Outcome(None, failures=[
                            _timeout_message(task) if future in running else
                            f"{task.label}: not rendered, because the build was stopped"])
                    pending = set()
                    return
                for future in done:
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        # a worker died (the kernel's out-of-memory killer, a crash in C code)
                        outcome = Outcome(None, failures=[
                            f"{tasks[futures[future]].label}: the process rendering it stopped "
                            "unexpectedly (out of memory, or a crash in a library) — check the "
                            "kit's CSS and templates for huge sizes, then try again"])
                    yield futures[future], outcome
        finally:
            if pending:
                _kill(self.executor)


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop every worker of `pool` at once (the executor offers no public way)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
