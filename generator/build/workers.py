"""Render tasks in child processes: in parallel, bounded in time and memory, and leaving
nothing behind.

Workers are forked early and import the renderers while the parent validates sources.  Each
worker caps its own address space and stops its own task at the timeout, so a runaway kit
stylesheet or template fails one task with a clear message instead of taking the machine
down.  A worker that dies fails only its own task and is replaced; workers die with their
parent, however it ends; Ctrl-C and SIGTERM are handled by the parent alone.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import deque
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as connection_wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from generator.errors import CoursepackError, Finding, LayoutError, OfficeError, relative_name
from generator.kits.model import BrandKit
from generator.render import FORMATS, OutputFormat
from generator.render.job import RenderOptions
from generator.source.model import Comparison

MEMORY_LIMIT_BYTES = 3 * 1024**3
BACKSTOP_SECONDS = 30
# Used by the parent to validate sources and kits and by the workers to render: imported
# once, before the workers fork, so that neither pays for them twice (measured on the
# sample: 0.15 s less CPU and a cold build ~6 % faster).
SHARED_MODULES = ("generator.source.model", "generator.kits.model", "generator.source.markdown",
                  "generator.kits.fonts", "generator.i18n.labels", "generator.guards.css")


@dataclass(frozen=True)
class RenderTask:
    """One output to render: a source, a kit and a format."""

    source: Path
    comparison: Comparison
    kit: BrandKit
    format: str
    options: RenderOptions = field(default_factory=RenderOptions)
    timeout: float | None = None
    check: bool = False  # brand check: an output that breaks an invariant fails

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
    warnings: list[Finding] = field(default_factory=list)
    failures: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about this machine, not the inputs


def render_task(task: RenderTask) -> Outcome:
    """Return the outcome of rendering `task` (in this process)."""
    from generator.render.job import RenderJob

    output_format = FORMATS[task.format]
    job = RenderJob(task.comparison, task.kit, task.source, task.options, task.format,
                    check_invariants=task.check)
    outcome = Outcome(None, job.warnings)
    alarm = bool(task.timeout) and hasattr(signal, "setitimer")
    if alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, task.timeout or 0)
    try:
        outcome.output = output_format.render(job)
        if output_format.medium == "pdf":
            from generator.render.pdf.font_subset import SLOW_NOTE, has_fast_subsetting

            if not has_fast_subsetting():
                outcome.notes.append(SLOW_NOTE)
    except (LayoutError, OfficeError) as err:  # raised by WeasyPrint or LibreOffice: no names
        outcome.failures.append(Finding(err.format_message(), task.label))
    except CoursepackError as err:
        outcome.failures.append(Finding(err.format_message()))
    except (MemoryError, RecursionError) as err:
        _forget_caches(output_format)
        what = "memory" if isinstance(err, MemoryError) else "nesting depth"
        outcome.failures.append(Finding(
            f"ran out of {what} while rendering — check the kit's CSS and templates for huge "
            "sizes, deep nesting, or a template that extends itself", task.label))
    except RenderTimeout:
        _forget_caches(output_format)  # the alarm may have stopped a font half-loaded
        outcome.output = None  # the alarm may ring just after the render finished
        outcome.failures.append(_timeout_message(task))
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return outcome


def _forget_caches(output_format: OutputFormat) -> None:
    """Drop what the renderer keeps between renders (it may be half made)."""
    with contextlib.suppress(CoursepackError):
        output_format.renderer().forget_caches()


def _timeout_message(task: RenderTask) -> Finding:
    """Return the failure of a task stopped by the timeout."""
    return Finding(f"took longer than {task.timeout:g} s and was stopped — check the kit's "
                   "templates and CSS for runaway loops, or raise --timeout", task.label)


def _preload(formats: Sequence[str]) -> None:
    """Import the renderers of `formats` now.  One that cannot load is not an error here:
    each task that needs it fails with the reason (see OutputFormat.renderer)."""
    for name in dict.fromkeys(formats):
        with contextlib.suppress(CoursepackError):
            FORMATS[name].renderer()


# -- the worker process ----------------------------------------------------------------------

SCRATCH_PREFIX = "coursepack-"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int, scratch: str) -> None:
    """Make this worker end when the parent ends, however it ends (even by SIGKILL).

    On Linux the kernel sends SIGTERM when the parent dies; elsewhere a thread watches the
    parent's pid.  Either way the worker removes the scratch folder on its way out.
    """
    def leave(signum: int = 0, frame: object = None) -> None:
        shutil.rmtree(scratch, ignore_errors=True)
        os._exit(128 + (signum or signal.SIGTERM))

    signal.signal(signal.SIGTERM, leave)
    asked = False
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            asked = libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    if os.getppid() != parent:  # the parent died before the kernel was asked
        leave()
    if not asked:  # pragma: no cover - macOS and other POSIX systems
        import threading
        import time

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            leave()

        threading.Thread(target=watch, daemon=True).start()


def _worker_main(conn: Connection, preload: tuple[str, ...], scratch: str, parent: int,
                 quiet: bool) -> None:
    """Run in a forked worker: render each task received on `conn`, send back its outcome."""
    _die_with_parent(parent, scratch)
    # Ctrl-C is handled once, by the parent, which stops the workers and leaves outputs as
    # they were.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # WeasyPrint copies fonts into temporary folders that a forked worker never removes (it
    # exits without running finalizers); the parent deletes this whole folder after the build.
    tempfile.tempdir = scratch
    stderr = _capture_stderr(scratch) if quiet else None
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(hard,
                                                                                MEMORY_LIMIT_BYTES)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX, or not allowed
        pass
    _preload(preload)  # the slow imports, while the parent validates the sources
    # The imported modules live as long as the worker: keeping them out of the garbage
    # collector's scans saves about a tenth of the time spent rendering (measured: GC time
    # per task fell from ~27 ms to ~10 ms).
    gc.freeze()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            break  # the parent closed the pipe: the build is over
        if message is None:
            break
        index, task = message
        outcome = render_task(task)
        if stderr is not None:
            outcome.warnings.extend(_library_complaints(stderr, task))
        try:
            conn.send((index, outcome))
        except (OSError, ValueError):
            break
    os._exit(0)  # no finalizers: the parent owns the scratch folder and the outputs


def _capture_stderr(scratch: str) -> Path:
    """Send this process's standard error (file descriptor 2) to a file in `scratch`.

    C libraries print there directly: Pango's CRITICAL lines about a kit's extreme CSS
    would otherwise reach the terminal, naming nothing a trainer knows.
    """
    path = Path(scratch) / f"stderr-{os.getpid()}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 2)
    os.close(fd)
    return path


def _library_complaints(path: Path, task: RenderTask) -> list[Finding]:
    """Return a warning summing up what C libraries printed while rendering `task`, and
    empty the file for the next task."""
    try:
        text = path.read_text("utf-8", "replace")
        os.ftruncate(2, 0)
        os.lseek(2, 0, os.SEEK_SET)
    except OSError:
        return []
    lines = [line.strip() for line in text.splitlines()
             if "CRITICAL" in line or "WARNING" in line or "ERROR" in line]
    if not lines:
        return []
    first = re.sub(r"^[\d:.]+:\s*", "", lines[0].split("**", 1)[-1].strip(": "))[:120]
    return [Finding(f"the text layout library reported {len(lines)} problem"
                    f"{'' if len(lines) == 1 else 's'} (first: {first}) — the output may look "
                    "wrong; check the kit's CSS for extreme sizes", task.label)]


ALIVE = ".alive"  # in a scratch folder: locked (shared) by the build that owns it
STALE_SECONDS = 24 * 3600


def hold_scratch(scratch: str) -> int | None:
    """Lock `scratch` as in use for as long as the returned descriptor is open in this
    process or any it forks (None where locks are not available)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    fd = os.open(os.path.join(scratch, ALIVE), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def sweep_scratch_folders() -> None:
    """Remove scratch folders of builds that ended without tidying up (killed outright).

    A folder is in use while its `.alive` file is locked: that holds across containers and
    PID namespaces, where a build's process number means nothing.  Folders without one are
    removed only when a day old.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return
    root = Path(tempfile.gettempdir())
    try:
        entries = [e for e in os.scandir(root) if e.name.startswith(SCRATCH_PREFIX)]
    except OSError:
        return
    for entry in entries:
        with contextlib.suppress(OSError):
            if not entry.is_dir(follow_symlinks=False) or entry.stat().st_uid != os.getuid():
                continue
            alive = os.path.join(entry.path, ALIVE)
            if not os.path.exists(alive):
                if time.time() - entry.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(entry.path, ignore_errors=True)
                continue
            fd = os.open(alive, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a build is using it
            finally:
                os.close(fd)
            shutil.rmtree(entry.path, ignore_errors=True)


# -- the pool --------------------------------------------------------------------------------


@dataclass
class _Worker:
    """One forked worker: its process, its end of the pipe, and the task it is rendering."""

    process: BaseProcess
    conn: Connection
    task: int | None = None  # index of the task it is rendering
    started: float = 0.0


class RenderPool:
    """Forked worker processes that render tasks one at a time each, bounded in memory and
    time, and that die with the build.

    The pool knows which task each worker renders: a worker that dies (the out-of-memory
    killer, a crash in C code) fails only its own task, with the signal that ended it, and is
    replaced; a task stuck in C code past the timeout's backstop has its worker killed alone.
    For a short build the workers start before the parent validates sources and kits, so
    their heavy imports (WeasyPrint alone takes about a third of a second) overlap that work;
    for a long one the parent imports once and the forked workers share it.  Workers are
    forked from the thread that creates the pool (on Linux they die with that thread).
    """

    def __init__(self, *, jobs: int, formats: Sequence[str], quiet: bool = True,
                 warm: bool = False) -> None:
        """Start the workers for tasks of `formats` (one per task, the slowest first).
        A `warm` pool (watch mode) imports every renderer here first, so that the workers
        it forks, now and to replace one, start ready; it renders batch after batch."""
        self.workers = 1
        self.frozen = False  # whether this process's objects were frozen for the forks
        self.tasks: list[RenderTask] = []
        self.queue: deque[int] = deque()  # indexes of tasks no worker has yet
        self.done: deque[tuple[int, Outcome]] = deque()  # outcomes not yet handed out
        self.pool: list[_Worker] = []
        self.quiet = quiet
        if not hasattr(os, "fork"):  # pragma: no cover - Windows: render in this process
            return
        import multiprocessing

        self.context = multiprocessing.get_context("fork")
        workers = self.workers = max(1, min(jobs or os.cpu_count() or 1, len(formats)))
        for module in SHARED_MODULES:
            importlib.import_module(module)
        if warm or len(formats) >= 4 * workers:
            # A long build: import the renderers here too and let the forks share them,
            # rather than paying the import in every worker.
            _preload(formats)
            preloads: list[tuple[str, ...]] = [()] * workers
        else:
            # A short build overlaps the imports with validation.  Each worker preloads only
            # the renderer of the task it will take first: the one that renders the handout
            # must not wait for python-pptx, which the one that renders the deck imports.
            preloads = [(formats[i],) for i in range(workers)]
        sweep_scratch_folders()
        self.scratch = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-")
        self.alive = hold_scratch(self.scratch)
        # What this process holds now is shared with the forks: frozen, their collections
        # leave it alone instead of copying every page they scan (the sample's processes
        # together peak ~8 MB lower).
        gc.freeze()
        self.frozen = True
        try:
            for preload in preloads:
                self.pool.append(self._fork(preload))
        except BaseException:  # e.g. Ctrl-C while the workers start: leave nothing behind
            self.__exit__(*sys.exc_info())
            raise

    def _fork(self, preload: tuple[str, ...] = ()) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_worker_main, args=(theirs, preload, self.scratch, os.getpid(), self.quiet),
            daemon=True, name="coursepack-worker")
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.pool:
            if exc[0] is not None or worker.task is not None:
                worker.process.kill()  # interrupted, or a task nobody waits for
            else:
                with contextlib.suppress(OSError, ValueError):
                    worker.conn.send(None)
        for worker in self.pool:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.pool.clear()
        if hasattr(self, "scratch"):
            shutil.rmtree(self.scratch, ignore_errors=True)
            if self.alive is not None:
                os.close(self.alive)
                self.alive = None
        if self.frozen:
            gc.unfreeze()  # a program that builds from Python collects its garbage as before
            self.frozen = False

    def start_batch(self) -> None:
        """Forget the tasks of the last batch (a build that stopped halfway leaves some
        running: their workers are replaced), so that task indexes count from 0 again."""
        for worker in list(self.pool):
            if worker.task is not None:
                worker.task = None
                self._replace(worker, None)
        self.tasks.clear()
        self.queue.clear()
        self.done.clear()

    def submit(self, task: RenderTask) -> None:
        """Hand `task` to a worker as soon as one is free; its outcome comes from
        `outcomes()` with the index of the task in the order submitted."""
        self.tasks.append(task)
        self.queue.append(len(self.tasks) - 1)
        if self.pool:
            self._poll(0)  # collect what is finished, so free workers take the new task

    def outcomes(self, *, timeout: float) -> Generator[tuple[int, Outcome], None, None]:
        """Return an iterator of (task index, outcome) of the tasks submitted, in the order
        they finish.  A task running `timeout` + BACKSTOP_SECONDS seconds has its worker
        killed (its own alarm stops it after `timeout` unless it is stuck in C code)."""
        if not self.pool:  # pragma: no cover - Windows
            return ((index, render_task(self.tasks[index])) for index in self.queue)
        return self._outcomes(timeout)

    def _outcomes(self, timeout: float) -> Generator[tuple[int, Outcome], None, None]:
        while self.done or self.queue or any(w.task is not None for w in self.pool):
            while self.done:
                yield self.done.popleft()
            self._poll(1.0, backstop=timeout + BACKSTOP_SECONDS)

    def _poll(self, wait_seconds: float, *, backstop: float | None = None) -> None:
        """Hand queued tasks to free workers, wait up to `wait_seconds` for results, and
        deal with workers that died or are stuck."""
        self._dispatch()
        busy = [w for w in self.pool if w.task is not None]
        if not busy:
            return
        waitables: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        ready = set(connection_wait(waitables, timeout=wait_seconds))
        now = time.monotonic()
        for worker in busy:
            if worker.conn in ready:
                try:
                    index, outcome = worker.conn.recv()
                except (EOFError, OSError):
                    self._replace(worker, self._death_message(worker))
                    continue
                worker.task = None
                self.done.append((index, outcome))
            elif worker.process.sentinel in ready:
                self._replace(worker, self._death_message(worker))
            elif backstop is not None and worker.task is not None and (
                    now - worker.started > backstop):
                self._replace(worker, _timeout_message(self.tasks[worker.task]))
        self._dispatch()

    def _dispatch(self) -> None:
        for worker in self.pool:
            if worker.task is None and self.queue:
                index = self.queue.popleft()
                try:
                    worker.conn.send((index, self.tasks[index]))
                except (OSError, ValueError):
                    self.queue.appendleft(index)
                    self._replace(worker, None)
                    continue
                worker.task, worker.started = index, time.monotonic()

    def _death_message(self, worker: _Worker) -> Finding:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        task = self.tasks[worker.task] if worker.task is not None else None
        label = task.label if task else "a worker"
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            why = (" — as the out-of-memory killer does; check the kit's CSS and templates for "
                   "huge sizes, then try again") if -code == signal.SIGKILL else (
                   " — a crash in a library; try again, and report it if it happens again")
            return Finding(f"the process rendering it was killed by {name}{why}", label)
        return Finding(f"the process rendering it stopped unexpectedly (exit status {code}) — "
                       "try again, and report it if it happens again", label)

    def _replace(self, worker: _Worker, message: Finding | None) -> None:
        """Fail the task `worker` was rendering with `message`, and put a new worker in its
        place (only that task is lost)."""
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        if worker.task is not None:
            self.done.append((worker.task, Outcome(None, failures=[message] if message else [])))
        self.pool[self.pool.index(worker)] = self._fork()
