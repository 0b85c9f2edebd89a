"""Render work units in child processes: in parallel, and bounded in time and memory.

Workers are forked early and import the renderers while the parent validates sources.  Each
worker caps its own address space, so a runaway kit stylesheet or template fails one unit with
a clear message instead of taking the machine down; a unit that takes longer than the timeout
stops the pool.  Ctrl-C is handled by the parent alone.
"""

from __future__ import annotations

import importlib
import os
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import CoursepackError, relative_name
from generator.model import BrandKit, Comparison
from generator.render import FORMATS

MEMORY_LIMIT_BYTES = 3 * 1024**3


@dataclass(frozen=True)
class RenderTask:
    """One output to render: a source, a kit and a format."""

    source: Path
    comparison: Comparison
    kit: BrandKit
    format: str
    paper: str | None = None
    pdf_variant: str | None = None


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
    job.check_glyphs()
    try:
        outcome.output = FORMATS[task.format].render(job)
    except CoursepackError as err:
        outcome.failures.append(err.format_message())
    except (MemoryError, RecursionError) as err:
        what = "memory" if isinstance(err, MemoryError) else "nesting depth"
        outcome.failures.append(
            f"{relative_name(task.source)}: the {task.format} ran out of {what} while rendering — "
            "check the kit's CSS and templates for huge sizes or deep nesting"
        )
    return outcome


def _worker_init(modules: tuple[str, ...]) -> None:
    # Ctrl-C is handled once, by the parent, which stops the pool and leaves outputs as they were.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(hard,
                                                                                MEMORY_LIMIT_BYTES)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX, or not allowed
        pass
    for module in modules:  # the slow imports, while the parent validates the sources
        importlib.import_module(module)


def _ready() -> None:
    """A no-op task: submitting it makes the executor start its workers now."""


class RenderPool:
    """Child processes that render tasks, bounded in memory and time.

    Started before the parent validates sources and kits, so the workers' heavy imports
    (WeasyPrint alone takes about half a second) overlap that work.
    """

    def __init__(self, *, jobs: int, tasks: int, formats: Iterable[str]) -> None:
        self.executor: ProcessPoolExecutor | None = None
        if not hasattr(os, "fork"):  # pragma: no cover - Windows: render in this process
            return
        import multiprocessing

        modules = ("generator.model", *(FORMATS[name].module for name in dict.fromkeys(formats)))
        workers = max(1, min(jobs or os.cpu_count() or 1, tasks))
        self.executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_init,
            initargs=(modules,))
        self.executor.submit(_ready)

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.executor is not None:
            if exc[0] is not None:
                _kill(self.executor)
            self.executor.shutdown(wait=True, cancel_futures=True)

    def run(self, tasks: list[RenderTask], *, timeout: float) -> Iterator[tuple[int, Outcome]]:
        """Yield (task index, outcome) as tasks finish."""
        if self.executor is None:  # pragma: no cover - Windows
            for index, task in enumerate(tasks):
                yield index, render_task(task)
            return
        futures: dict[Future[Outcome], int] = {self.executor.submit(render_task, t): i
                                               for i, t in enumerate(tasks)}
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
                if not done:
                    _kill(self.executor)
                    for future in pending:
                        yield futures[future], _timed_out(tasks[futures[future]], timeout)
                    pending = set()
                    return
                for future in done:
                    yield futures[future], future.result()
        finally:
            if pending:
                _kill(self.executor)


def _timed_out(task: RenderTask, timeout: float) -> Outcome:
    return Outcome(None, failures=[
        f"{relative_name(task.source)}: the {task.format} took longer than {timeout:g} s and was "
        "stopped — check the kit's templates and CSS, or raise --timeout"])


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop every worker of `pool` at once (the executor offers no public way)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
