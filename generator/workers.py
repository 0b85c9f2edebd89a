"""Render work units in child processes: in parallel, and bounded in time and memory.

The parent imports the renderers once, then forks workers that start with them loaded.  Each
worker caps its own address space, so a runaway kit stylesheet or template fails one unit with
a clear message instead of taking the machine down; a unit that takes longer than the timeout
stops the pool.  Ctrl-C is handled by the parent alone.
"""

from __future__ import annotations

import importlib
import os
import signal
from collections.abc import Iterator
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


def _worker_init() -> None:
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


def render_all(tasks: list[RenderTask], *, jobs: int, timeout: float
               ) -> Iterator[tuple[int, Outcome]]:
    """Yield (task index, outcome) as tasks finish, rendering in child processes."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows: render here, one by one
        for index, task in enumerate(tasks):
            yield index, render_task(task)
        return
    import multiprocessing

    for fmt in FORMATS.values():  # once in the parent, so forked workers start with them
        importlib.import_module(fmt.module)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_init)
    futures: dict[Future[Outcome], int] = {pool.submit(render_task, t): i
                                           for i, t in enumerate(tasks)}
    pending = set(futures)
    try:
        while pending:
            done, pending = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
            if not done:
                _kill(pool)
                for future in pending:
                    task = tasks[futures[future]]
                    yield futures[future], Outcome(
                        None,
                        failures=[f"{relative_name(task.source)}: the {task.format} took longer than "
                                  f"{timeout:g} s and was stopped — check the kit's templates "
                                  "and CSS, or raise --timeout"])
                return
            for future in done:
                yield futures[future], future.result()
    finally:
        if pending:
            _kill(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop every worker of `pool` at once (the executor offers no public way)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
