"""What to build, where, what is up to date, and building the rest in parallel.

A build first plans every output from file contents alone (no heavy import) and skips those
that are up to date.  Then it loads the kits it needs and validates the sources one by one,
handing each stale output to the `workers` (child processes, in parallel, even the three
outputs of one source) as soon as its source is valid, in slowest-first order.  Only once
every source is valid does it write the outputs, each atomically, in the parent; an output
that fails leaves its earlier file untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import (
    CoursepackError,
    KitError,
    OutputError,
    Problem,
    SourceError,
    relative_name,
    together,
)
from generator.files import safe_stem, write_atomically
from generator.freshness import MANIFEST, Manifest, kit_digest, output_key, source_digest
from generator.kits.folders import KitRef, resolve_kit
from generator.limits import DEFAULT_MAX_DIMENSIONS, DEFAULT_MAX_SOURCE_KIB, DEFAULT_TIMEOUT
from generator.output_files import OutputFolders, output_folder
from generator.render import DEFAULT_FORMATS, FORMATS
from generator.render.job import RenderOptions

if TYPE_CHECKING:
    from generator.kits.model import BrandKit
    from generator.source.model import Comparison
    from generator.workers import RenderPool

SOURCE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class BuildOptions:
    """Everything the command line decides about a build."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    out: Path = Path("output")
    render: RenderOptions = field(default_factory=RenderOptions)  # to every renderer, whole
    max_dimensions: int = DEFAULT_MAX_DIMENSIONS
    max_source_kib: int = DEFAULT_MAX_SOURCE_KIB
    force: bool = False
    jobs: int = 0  # 0: one worker per core
    timeout: float = DEFAULT_TIMEOUT  # seconds one output may take to render
    strict: bool = False  # characters no font can draw are an error, not a warning


@dataclass(frozen=True)
class Unit:
    """One source built with one kit: the outputs it should write and their keys."""

    source: Path
    kit: KitRef
    folder: Path
    targets: tuple[tuple[str, Path, str], ...]  # (format, target, key)


@dataclass
class BuildReport:
    """What a build wrote, skipped as up to date, warned about, and what failed; `units`,
    every source and kit it built, with their outputs (what the preview shows)."""

    units: list[Unit] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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
                                if p.suffix.lower() in SOURCE_SUFFIXES and p.is_file()))
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
        summary = (f"{plural(len(problems), 'problem')} in {plural(files, 'file')}"
                   + ("; nothing was built" if building else "")) if len(problems) > 1 else ""
        raise SourceError(problems, summary=summary)


def plan(sources: Sequence[Path], kits: Sequence[str], options: BuildOptions
         ) -> tuple[list[Unit], list[CoursepackError]]:
    """Return the work units of a build, with every output's target and key, and the problems
    of kits that cannot be built (unknown, or larger than a kit may be).

    Refuses a build in which two sources or two kits would write the same file: one client's
    handout must never silently replace another's.
    """
    units = []
    kit_errors: list[CoursepackError] = []
    # target (case-folded: macOS and Windows ignore case) -> (source, kit folder)
    writers: dict[str, tuple[Path, Path]] = {}
    refs: dict[tuple[Path, ...], KitRef] = {}
    for kit_name in kits:
        try:
            ref = resolve_kit(kit_name)
        except KitError as err:
            kit_errors.append(err)
            continue
        refs.setdefault(ref.layers, ref)  # the same kit named twice builds once
    try:
        source_files = collect_sources(sources)
    except CoursepackError as err:
        raise together([err, *kit_errors]) from None
    source_hashes = {source: source_digest(source, options.max_source_kib * 1024)
                     for source in source_files}
    for layers, ref in refs.items():
        kit_folder = ref.folder
        folder = output_folder(options.out, kit_folder.name)
        try:
            kit_hash = kit_digest(layers)
        except KitError as err:
            kit_errors.append(err)
            continue
        for source in source_files:
            targets = tuple(
                (name, folder / FORMATS[name].file_name(safe_stem(source.stem)),
                 output_key(source_hashes[source], kit_hash, name, options.render.key()))
                for name in dict.fromkeys(options.formats)
            )
            for _, target, _ in targets:
                seen = writers.setdefault(str(target).casefold(), (source, kit_folder))
                if seen != (source, kit_folder):
                    raise CoursepackError(_collision(target, seen, (source, kit_folder)))
            units.append(Unit(source, ref, folder, targets))
    return units, kit_errors


def _collision(target: Path, first: tuple[Path, Path], second: tuple[Path, Path]) -> str:
    """Return the message for two outputs that would land on the same file."""
    if first[1] != second[1]:
        return (f"{relative_name(target)}: kits {relative_name(first[1])} and "
                f"{relative_name(second[1])} would both write here (kit folders with the same "
                "name) — rename one kit folder, or build them into different --out folders")
    return (f"{relative_name(target)}: sources {relative_name(first[0])} and "
            f"{relative_name(second[0])} would both write here — give the sources different "
            "file names, or build them into different --out folders")


Stale = tuple[Unit, str, Path, str]  # (unit, format, target, key)


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

    The stages: plan the outputs, hold their folders (`on_wait(folder)` if another build is
    writing there), skip what is up to date, then in the workers' shadow load the kits and
    validate the sources (rendering starts with the first valid one), and write each output
    as it arrives.  Problems of sources and kits are reported together, before anything is
    written.  For progress, `on_start(outputs, workers)` is called once all sources are
    valid, and `on_written(path, done, total)` after each file is written.  Given a `pool`
    (watch mode keeps one warm between builds), the build renders in it.
    """
    units, kit_errors = plan(sources, kits, options)
    suffixes = (*(f.suffix for f in FORMATS.values()), MANIFEST)
    with OutputFolders([unit.folder for unit in units], suffixes, on_wait):
        report, stale, manifests = _stale_outputs(units, options)
        if kit_errors:
            # nothing is rendered; the sources and other kits are still read, to report all
            # problems at once
            _raise_problems(options, [unit.source for unit in units] or list(sources),
                            [unit.kit for unit in units], kit_errors)
        if options.strict:  # the outputs that are up to date are held to it too
            _check_up_to_date_sources(units, stale, options)
        if not stale:
            return report
        _render_and_write(stale, options, report, manifests, on_written, on_start, pool)
    return report


def _check_up_to_date_sources(units: Sequence[Unit], stale: list[Stale],
                              options: BuildOptions) -> None:
    """Raise what `source_problems` refuses in the sources of outputs that are up to date
    (`--strict` holds them to it too; stale ones are checked while they render)."""
    rendering = {(u.source, u.kit) for u, *_ in stale}
    pairs = [pair for pair in dict.fromkeys((u.source, u.kit) for u in units)
             if pair not in rendering]
    if not pairs:
        return
    comparisons = load_sources(list(dict.fromkeys(source for source, _ in pairs)), options)
    kit_objects, kit_errors = _load_kits([kit for _, kit in pairs])
    if kit_errors:
        raise together(kit_errors)
    errors = [error for source, kit in pairs for error in source_problems(
        source, comparisons[source], kit_objects[kit], options, pdfs=False)[1]]
    if errors:
        raise together(errors)


def source_problems(source: Path, comparison: Comparison, kit: BrandKit, options: BuildOptions,
                    *, pdfs: bool) -> tuple[list[str], list[CoursepackError]]:
    """Return the warnings and errors of one source built with one kit: characters no font
    can draw (an error with --strict), labels left in English, a timing plan that does not
    add up to the duration, and pictures without a
    description (an error when `pdfs` are written as PDF/UA, which requires one)."""
    from generator.glyphs import missing_glyph_warning
    from generator.i18n.labels import untranslated_warning
    from generator.pictures import pictures_without_alt
    from generator.render.job import output_language
    from generator.source.plan import plan_warning

    data, text = comparison.model_dump(), _text_of(source)
    warnings: list[str] = []
    errors: list[CoursepackError] = []
    undrawable = missing_glyph_warning(source.name, data, _fonts_for(kit, comparison), text)
    if undrawable and options.strict:
        errors.append(CoursepackError(f"{undrawable} (--strict: nothing was built)"))
    elif undrawable:
        warnings.append(undrawable)
    untranslated = untranslated_warning(source.name, output_language(comparison, kit),
                                        kit.labels)
    warnings.extend([untranslated] if untranslated else [])
    unbalanced = plan_warning(source.name, comparison, text)
    warnings.extend([unbalanced] if unbalanced else [])
    universal = pdfs and options.render.pdf_variant_for(kit) is not None
    for message in pictures_without_alt(source.name, data, text):
        if universal:
            errors.append(CoursepackError(f"{message} (PDF/UA requires a description for "
                                          "every picture; nothing was built)"))
        else:
            warnings.append(message)
    return warnings, errors


def _fonts_for(kit: BrandKit, comparison: Comparison) -> list[Path]:
    """Return the kit's font files that set `comparison`: its own, and its language's."""
    from generator.render.job import output_language

    return [*kit.fonts.files, *kit.fonts.for_language(output_language(comparison, kit))]


def _text_of(source: Path) -> str:
    """Return a (validated, so readable and bounded) source file's text, for locating."""
    try:
        return source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def _stale_outputs(units: Sequence[Unit], options: BuildOptions
                   ) -> tuple[BuildReport, list[Stale], dict[Path, Manifest]]:
    """Return the report of the outputs up to date, the stale ones (slowest first, so that
    workers finish together) and each output folder's manifest."""
    report = BuildReport(units=list(units))
    manifests: dict[Path, Manifest] = {}
    stale: list[Stale] = []
    for unit in units:
        manifest = manifests.setdefault(unit.folder, Manifest(unit.folder))
        for fmt, target, key in unit.targets:
            if not options.force and manifest.is_fresh(target, key):
                report.up_to_date.append(target)
            else:
                stale.append((unit, fmt, target, key))
    stale.sort(key=lambda item: FORMATS[item[1]].cost, reverse=True)
    return report, stale, manifests


def _raise_problems(options: BuildOptions, sources: Sequence[Path], kits: Sequence[KitRef],
                    kit_errors: list[CoursepackError]) -> None:
    """Raise the problems of `sources` and `kits` together with `kit_errors` (sources
    first)."""
    errors: list[CoursepackError] = []
    try:
        load_sources(list(dict.fromkeys(sources)), options)
    except SourceError as err:
        errors.append(err)
    raise together([*errors, *_load_kits(kits)[1], *kit_errors])


def _load_kits(refs: Sequence[KitRef]) -> tuple[dict[KitRef, BrandKit], list[CoursepackError]]:
    """Return the kits that load, and the problems of those that do not."""
    from generator.kits.load import load_brand

    kits: dict[KitRef, BrandKit] = {}
    errors: list[CoursepackError] = []
    for ref in dict.fromkeys(refs):
        try:
            kits[ref] = load_brand(ref)
        except CoursepackError as err:
            errors.append(err)
    return kits, errors


def _render_and_write(stale: list[Stale], options: BuildOptions, report: BuildReport,
                      manifests: dict[Path, Manifest],
                      on_written: Callable[[Path, int, int], None],
                      on_start: Callable[[int, int], None],
                      warm_pool: RenderPool | None = None) -> None:
    """Render the stale outputs in the workers (those of `warm_pool`, if given) and write
    each as it arrives."""
    from generator.workers import RenderPool, RenderTask

    if warm_pool is not None:
        warm_pool.start_batch()
    with (nullcontext(warm_pool) if warm_pool is not None else RenderPool(
            jobs=options.jobs, formats=[fmt for _, fmt, _, _ in stale])) as pool:
        kit_objects, kit_errors = _load_kits([u.kit for u, *_ in stale])
        comparisons: dict[Path, Comparison] = {}
        try:
            for path, comparison in valid_sources(
                    list(dict.fromkeys(unit.source for unit, *_ in stale)), options):
                comparisons[path] = comparison
                # Hand over the next outputs in the order above whose sources are valid; an
                # output of an invalid source blocks the rest.  Nothing is written before
                # every source is valid: an invalid one raises here, and the pool stops with
                # what it rendered discarded.
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
        outcomes = pool.outcomes(timeout=options.timeout)
        # While the workers render, once per source and kit: what source_problems finds.
        # An error stops the build here, before anything is written.
        pdfs = {(u.source, u.kit) for u, fmt, _, _ in stale
                if FORMATS[fmt].medium == "pdf"}
        errors: list[CoursepackError] = []
        for source, kit in dict.fromkeys((u.source, u.kit) for u, *_ in stale):
            found, refused = source_problems(source, comparisons[source],
                                             kit_objects[kit], options,
                                             pdfs=(source, kit) in pdfs)
            report.warnings.extend(found)
            errors.extend(refused)
        if errors:
            raise together(errors)
        on_start(len(pool.tasks), pool.workers)
        try:
            with closing(outcomes):  # stop the iterator before the pool closes
                for index, outcome in outcomes:
                    unit, _, target, key = stale[index]
                    report.warnings.extend(outcome.warnings)
                    report.failures.extend(outcome.failures)
                    report.notes.extend(outcome.notes)
                    if outcome.output is None:
                        continue  # this output failed: the file stays as it was
                    try:
                        write_atomically(target, outcome.output)
                    except OutputError as err:
                        report.failures.append(err.format_message())
                        continue  # e.g. a full disk: the other outputs are still written
                    manifests[unit.folder].record(target, key)
                    report.written.append(target)
                    on_written(target, len(report.written), len(stale))
        finally:
            _save_manifests(manifests, report)


def _save_manifests(manifests: dict[Path, Manifest], report: BuildReport) -> None:
    """Save the manifests that changed; a failure is reported after the outputs' own."""
    for manifest in manifests.values():
        if manifest.changed:
            try:
                manifest.save()
            except OutputError as err:
                report.failures.append(f"{err.format_message()} (the next build renders "
                                       "these outputs again)")
