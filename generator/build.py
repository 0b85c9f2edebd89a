"""What to build, where, what is up to date, and building the rest in parallel.

A build first plans every output from file contents alone (no heavy import), skips those
that are up to date, then validates the sources and kits it needs, imports the renderers once,
renders the work units (one source with one kit) in forked worker processes, and writes each
unit's outputs atomically in the parent, only when all of that unit's outputs rendered.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import CoursepackError, Problem, SourceError, relative_name
from generator.freshness import Manifest, kit_digest, output_key
from generator.kit_folders import default_kit_folder, find_kit_folder
from generator.limits import DEFAULT_MAX_DIMENSIONS, DEFAULT_MAX_SOURCE_KIB
from generator.output_files import output_folder, safe_stem, write_atomically
from generator.render import FORMATS

if TYPE_CHECKING:
    from generator.model import BrandKit, Comparison

SOURCE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class BuildOptions:
    """Everything the command line decides about a build."""

    formats: tuple[str, ...] = tuple(FORMATS)
    out: Path = Path("output")
    paper: str | None = None
    pdf_variant: str | None = None
    max_dimensions: int = DEFAULT_MAX_DIMENSIONS
    max_source_kib: int = DEFAULT_MAX_SOURCE_KIB
    force: bool = False
    jobs: int = 0  # 0: one worker per core

    def key_options(self) -> tuple[str, ...]:
        """Return the options that change an output's bytes."""
        return (f"paper={self.paper}", f"variant={self.pdf_variant}")


@dataclass(frozen=True)
class Unit:
    """One source built with one kit: the outputs it should write and their keys."""

    source: Path
    kit_name: str
    folder: Path
    targets: tuple[tuple[str, Path, str], ...]  # (format, target, key)


@dataclass
class BuildReport:
    """What a build wrote, skipped as up to date, warned about, and what failed."""

    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


class BuildFailed(CoursepackError):
    """One or more outputs could not be built; the others were written."""


def plural(count: int, noun: str) -> str:
    """Return e.g. `1 file` or `3 files`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def collect_sources(paths: Sequence[Path]) -> list[Path]:
    """Return the source files named by `paths` (files, or folders holding *.yaml)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir()
                                if p.suffix in SOURCE_SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise CoursepackError(f"{relative_name(path)}: no such file or folder — "
                                  "name a .yaml source or a folder of them")
    if not found:
        names = ", ".join(relative_name(p) for p in paths)
        raise CoursepackError(f"{names}: no .yaml sources found — add one, "
                              "e.g. content/my-comparison.yaml")
    return list(dict.fromkeys(p.resolve() for p in found))


def load_sources(paths: Sequence[Path], options: BuildOptions) -> dict[Path, Comparison]:
    """Return every source validated; all problems in all files are reported together."""
    from generator.source import load_source

    loaded: dict[Path, Comparison] = {}
    problems: list[Problem] = []
    for path in collect_sources(paths):
        try:
            loaded[path] = load_source(path, max_dimensions=options.max_dimensions,
                                       max_source_kib=options.max_source_kib)
        except SourceError as err:
            problems.extend(err.problems)
    if problems:
        files = len({p.path for p in problems})
        summary = (f"{plural(len(problems), 'problem')} in {plural(files, 'file')}; "
                   "nothing was built") if len(problems) > 1 else ""
        raise SourceError(problems, summary=summary)
    return loaded


def plan(sources: Sequence[Path], kits: Sequence[str], options: BuildOptions) -> list[Unit]:
    """Return the work units of a build, with every output's target and key."""
    default = default_kit_folder()
    units = []
    for kit_name in dict.fromkeys(kits):
        kit_folder = find_kit_folder(kit_name) if kit_name != "default" else default
        layers = (kit_folder,) if kit_folder == default else (kit_folder, default)
        folder = output_folder(options.out, kit_folder.name)
        kit_hash = kit_digest(layers)
        for source in collect_sources(sources):
            targets = tuple(
                (name, folder / FORMATS[name].file_name(safe_stem(source.stem)),
                 output_key(source, kit_hash, name, options.key_options()))
                for name in options.formats
            )
            units.append(Unit(source, kit_name, folder, targets))
    return units


def run(
    sources: Sequence[Path],
    kits: Sequence[str],
    options: BuildOptions,
    on_written: Callable[[Path], None] = lambda path: None,
) -> BuildReport:
    """Build every source with every kit in every format; return what was written."""
    report = BuildReport()
    manifests: dict[Path, Manifest] = {}
    stale: list[Unit] = []
    for unit in plan(sources, kits, options):
        manifest = manifests.setdefault(unit.folder, Manifest(unit.folder))
        if not options.force and all(manifest.is_fresh(t, k) for _, t, k in unit.targets):
            report.up_to_date.extend(t for _, t, _ in unit.targets)
        else:
            stale.append(unit)
    if not stale:
        return report

    from generator.brand import load_brand

    comparisons = load_sources([u.source for u in stale], options)
    kit_objects = {name: load_brand(name) for name in dict.fromkeys(u.kit_name for u in stale)}
    tasks = [(unit, comparisons[unit.source], kit_objects[unit.kit_name], options) for unit in stale]
    try:
        for unit, outcome in _render_all(tasks, options.jobs):
            rendered, warnings, failure = outcome
            report.warnings.extend(warnings)
            if failure:
                report.failures.append(failure)
                continue  # nothing of this unit is written: its outputs stay as they were
            manifest = manifests[unit.folder]
            for (_, target, key), data in zip(unit.targets, rendered, strict=True):
                write_atomically(target, data)
                manifest.record(target, key)
                report.written.append(target)
                on_written(target)
    finally:
        for folder, manifest in manifests.items():
            if manifest.entries and folder.is_dir():
                manifest.save()
    return report


Outcome = tuple[list[bytes], list[str], str]


def render_unit(unit: Unit, comparison: Comparison, kit: BrandKit, options: BuildOptions) -> Outcome:
    """Return (output bytes in target order, warnings, failure message or '') for one unit."""
    from generator.render.context import RenderJob

    job = RenderJob(comparison, kit, unit.source, paper=options.paper,
                    pdf_variant=options.pdf_variant)
    try:
        rendered = [FORMATS[name].render(job) for name, _, _ in unit.targets]
    except CoursepackError as err:
        return [], job.warnings, err.format_message()
    return rendered, job.warnings, ""


def _worker_init() -> None:
    # Ctrl-C is handled once, by the parent, which stops the pool and leaves outputs as they were.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_all(tasks: list[tuple], jobs: int):
    """Yield (unit, outcome) for every task, in parallel when there is more than one."""
    workers = min(jobs or os.cpu_count() or 1, len(tasks))
    if workers <= 1 or not hasattr(os, "fork"):
        for task in tasks:
            yield task[0], render_unit(*task)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    _import_renderers()
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init)
    try:
        futures = {pool.submit(render_unit, *task): task[0] for task in tasks}
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _import_renderers() -> None:
    """Import every renderer once in the parent, so forked workers start with them loaded."""
    import importlib

    for fmt in FORMATS.values():
        importlib.import_module(fmt.module)
