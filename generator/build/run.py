"""A build, stage by stage (`run`): plan the outputs and their keys from file contents alone
(`targets`), hold the output folders, set aside what is up to date, then, while the workers
render (`workers`: child processes, in parallel, even the three outputs of one source), load
each kit once and validate the sources one by one, handing each stale output over as soon as
its source is valid, slowest first; check what `preflight` refuses; and only once every source
is valid write the outputs, each atomically, with the manifest.  An output that fails leaves
its earlier file untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build.freshness import MANIFEST, Manifest
from generator.build.options import BuildOptions
from generator.build.outputs import OutputFolders, keep_copy
from generator.build.preflight import source_problems
from generator.build.targets import (
    Stale,
    Unit,
    collect_sources,
    left_behind,
    plan,
    stale_outputs,
)
from generator.errors import (
    CoursepackError,
    Finding,
    OutputError,
    Problem,
    SourceError,
    plural,
    relative_name,
    together,
)
from generator.files import write_atomically
from generator.kits.folders import KitRef
from generator.render import FORMATS

if TYPE_CHECKING:
    from generator.build.workers import Outcome, RenderPool
    from generator.kits.model import BrandKit
    from generator.source.model import Comparison


@dataclass
class BuildReport:
    """What a build wrote, skipped as up to date, warned about, and what failed; `units`,
    every source and kit it built, with their outputs (what the preview shows)."""

    units: list[Unit] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # edited by hand: left as they are
    behind: list[Path] = field(default_factory=list)  # out of date, of formats not built
    backups: list[Path] = field(default_factory=list)  # copies of edits --overwrite-edited kept
    warnings: list[Finding] = field(default_factory=list)
    failures: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # the sources and kits this build read (none when every output was up to date), for
    # the preview to learn the course's language without reading them again
    sources: dict[Path, Comparison] = field(default_factory=dict)
    kits: dict[KitRef, BrandKit] = field(default_factory=dict)


def behind_message(path: Path) -> str:
    """Return what a build says of an out-of-date output of a format it does not write."""
    fmt = next((name for name, row in FORMATS.items() if path.name.endswith(
        row.file_name("", answers=True)) or path.name.endswith(row.file_name("", answers=False))),
        "")
    return (f"{relative_name(path)} is out of date and this build does not write it — add "
            f"--format {fmt or '…'} to rebuild it, or delete it")


def edited_message(path: Path) -> str:
    """Return what a build says of an output it kept because it was edited by hand."""
    copy = f"{path.stem}.edited-<date>{path.suffix}"
    return (f"{relative_name(path)} was changed after coursepack wrote it, so it is kept as "
            "it is and was not rebuilt — to replace it with a new build, add "
            f"--overwrite-edited (your edited file is then kept as {copy}); or move it away")


class BuildFailed(CoursepackError):
    """One or more outputs could not be built; the others were written."""


def load_sources(paths: Sequence[Path], options: BuildOptions, *, building: bool = True
                 ) -> dict[Path, Comparison]:
    """Return every source validated; all problems in all files are reported together."""
    return dict(valid_sources(paths, options, building=building))


def valid_sources(paths: Sequence[Path], options: BuildOptions, *, building: bool = True
                  ) -> Iterator[tuple[Path, Comparison]]:
    """Yield (path, comparison) for each source as soon as it is valid, so that rendering can
    start while later sources are read; once all are read, raise SourceError with all
    problems in all files together."""
    from generator.source.load import load_source

    problems: list[Problem] = []
    for path in collect_sources(paths):
        try:
            comparison = load_source(path, max_dimensions=options.max_dimensions,
                                     max_source_kib=options.max_source_kib)
        except SourceError as err:
            problems.extend(err.problems)
            continue
        yield path, comparison
    if problems:
        files = len({p.path for p in problems})
        # a build says it built nothing, even for one problem: every source waits for all
        summary = (f"{plural(len(problems), 'problem')} in {plural(files, 'file')}"
                   + ("; nothing was built" if building else "")
                   ) if len(problems) > 1 or building else ""
        raise SourceError(problems, summary=summary)


def run(
    sources: Sequence[Path],
    kits: Sequence[str],
    options: BuildOptions,
    on_written: Callable[[Path, int, int], None] = lambda path, done, total: None,
    on_start: Callable[[int, int], None] = lambda outputs, workers: None,
    on_wait: Callable[[Path], None] = lambda folder: None,
    pool: RenderPool | None = None,
) -> BuildReport:
    """Build every source with every kit in every format; return what was written.

    Problems of sources and kits are reported together, before anything is written.  For
    progress, `on_wait(folder)` is called if another build is writing there,
    `on_start(outputs, workers)` once all sources are valid, and `on_written(path, done,
    total)` after each file is written.  Given a `pool` (watch mode keeps one warm between
    builds), the build renders in it.
    """
    units, kit_errors = plan(sources, kits, options)
    suffixes = (*(f.suffix for f in FORMATS.values()),
                *(f.file_name("", answers=False) for f in FORMATS.values()), MANIFEST)
    loaded = LoadedKits()
    with OutputFolders([unit.folder for unit in units], suffixes, on_wait):
        up_to_date, stale, edited, manifests = stale_outputs(units, options)
        report = BuildReport(units=list(units), up_to_date=up_to_date, kept=edited,
                             behind=left_behind(units, manifests))
        if kit_errors:
            # nothing is rendered; the sources and other kits are still read, to report all
            # problems at once
            _raise_problems(options, [unit.source for unit in units] or list(sources),
                            [unit.kit for unit in units], kit_errors, loaded)
        if options.strict:  # the outputs that are up to date are held to it too
            _check_up_to_date_sources(units, stale, options, loaded)
        if not stale:
            return report
        from generator.build.workers import RenderPool

        if pool is not None:
            pool.start_batch()
        with (nullcontext(pool) if pool is not None else RenderPool(
                jobs=options.jobs, formats=[fmt for _, fmt, _, _ in stale])) as workers:
            comparisons, kit_objects = _submit(stale, options, loaded, workers)
            report.sources, report.kits = comparisons, kit_objects
            outcomes = workers.outcomes(timeout=options.timeout)
            # while the workers render: what preflight refuses stops the build here, before
            # anything is written
            _preflight(stale, options, comparisons, kit_objects, report)
            on_start(len(workers.tasks), workers.workers)
            try:
                with closing(outcomes):  # stop the iterator before the pool closes
                    _write(outcomes, stale, manifests, report, on_written)
            finally:
                _save_manifests(manifests, report)
    return report


class LoadedKits:
    """The kits of one build, each loaded (and validated) once."""

    def __init__(self) -> None:
        self._found: dict[KitRef, BrandKit | CoursepackError] = {}

    def load(self, refs: Sequence[KitRef]) -> tuple[dict[KitRef, BrandKit],
                                                    list[CoursepackError]]:
        """Return the kits of `refs` that load, and the problems of those that do not."""
        from generator.kits.load import load_brand

        kits: dict[KitRef, BrandKit] = {}
        errors: list[CoursepackError] = []
        for ref in dict.fromkeys(refs):
            if ref not in self._found:
                try:
                    self._found[ref] = load_brand(ref)
                except CoursepackError as err:
                    self._found[ref] = err
            found = self._found[ref]
            if isinstance(found, CoursepackError):
                errors.append(found)
            else:
                kits[ref] = found
        return kits, errors


def _check_up_to_date_sources(units: Sequence[Unit], stale: list[Stale],
                              options: BuildOptions, loaded: LoadedKits) -> None:
    """Raise what `source_problems` refuses in the sources of outputs that are up to date
    (`--strict` holds them to it too; stale ones are checked while they render)."""
    rendering = {(u.source, u.kit) for u, *_ in stale}
    pairs = [pair for pair in dict.fromkeys((u.source, u.kit) for u in units)
             if pair not in rendering]
    if not pairs:
        return
    comparisons = load_sources(list(dict.fromkeys(source for source, _ in pairs)), options)
    kit_objects, kit_errors = loaded.load([kit for _, kit in pairs])
    if kit_errors:
        raise together(kit_errors)
    errors = [error for source, kit in pairs for error in source_problems(
        source, comparisons[source], kit_objects[kit], options, pdfs=False)[1]]
    if errors:
        raise together(errors)


def _raise_problems(options: BuildOptions, sources: Sequence[Path], kits: Sequence[KitRef],
                    kit_errors: list[CoursepackError], loaded: LoadedKits) -> None:
    """Raise the problems of `sources` and `kits` together with `kit_errors` (sources
    first)."""
    errors: list[CoursepackError] = []
    try:
        load_sources(list(dict.fromkeys(sources)), options)
    except SourceError as err:
        errors.append(err)
    raise together([*errors, *loaded.load(kits)[1], *kit_errors])


def _submit(stale: list[Stale], options: BuildOptions, loaded: LoadedKits, pool: RenderPool
            ) -> tuple[dict[Path, Comparison], dict[KitRef, BrandKit]]:
    """Load the kits and validate the sources of `stale`, handing each output to the pool as
    soon as its source is valid (in `stale`'s order: an output of an invalid source blocks
    the rest); return the sources and kits.  Raises the problems of all sources and kits
    together: the pool then stops with what it rendered discarded."""
    from generator.build.workers import RenderTask

    kit_objects, kit_errors = loaded.load([u.kit for u, *_ in stale])
    comparisons: dict[Path, Comparison] = {}
    try:
        for path, comparison in valid_sources(
                list(dict.fromkeys(unit.source for unit, *_ in stale)), options):
            comparisons[path] = comparison
            while (not kit_errors and len(pool.tasks) < len(stale)
                   and stale[len(pool.tasks)][0].source in comparisons):
                unit, fmt, _, _ = stale[len(pool.tasks)]
                pool.submit(RenderTask(unit.source, comparisons[unit.source],
                                       kit_objects[unit.kit], fmt, options.render,
                                       options.timeout))
    except SourceError as err:
        raise together([err, *kit_errors]) from None
    if kit_errors:
        raise together(kit_errors)
    return comparisons, kit_objects


def _preflight(stale: list[Stale], options: BuildOptions, comparisons: dict[Path, Comparison],
               kit_objects: dict[KitRef, BrandKit], report: BuildReport) -> None:
    """Add what `source_problems` warns about, once per source and kit, to the report; raise
    what it refuses."""
    pdfs = {(u.source, u.kit) for u, fmt, _, _ in stale if FORMATS[fmt].medium == "pdf"}
    errors: list[CoursepackError] = []
    for source, kit in dict.fromkeys((u.source, u.kit) for u, *_ in stale):
        found, refused = source_problems(source, comparisons[source], kit_objects[kit], options,
                                         pdfs=(source, kit) in pdfs)
        report.warnings.extend(found)
        errors.extend(refused)
    if errors:
        raise together(errors)


def _write(outcomes: Iterator[tuple[int, Outcome]], stale: list[Stale],
           manifests: dict[Path, Manifest], report: BuildReport,
           on_written: Callable[[Path, int, int], None]) -> None:
    """Write each output as its outcome arrives (atomically) and record it in its folder's
    manifest; a failed output leaves its file as it was."""
    for index, outcome in outcomes:
        unit, _, target, key = stale[index]
        report.warnings.extend(outcome.warnings)
        report.failures.extend(outcome.failures)
        report.notes.extend(outcome.notes)
        if outcome.output is None:
            continue  # this output failed: the file stays as it was
        try:
            if manifests[unit.folder].edited(target):  # --overwrite-edited: keep a copy first
                report.backups.append(keep_copy(target))
            write_atomically(target, outcome.output)
        except OutputError as err:
            report.failures.append(Finding(err.format_message()))
            continue  # e.g. a full disk: the other outputs are still written
        manifests[unit.folder].record(target, key, outcome.output)
        report.written.append(target)
        on_written(target, len(report.written), len(stale))


def _save_manifests(manifests: dict[Path, Manifest], report: BuildReport) -> None:
    """Save the manifests that changed; a failure is reported after the outputs' own."""
    for manifest in manifests.values():
        if manifest.changed:
            try:
                manifest.save()
            except OutputError as err:
                report.failures.append(Finding(f"{err.format_message()} (the next build "
                                               "renders these outputs again)"))
