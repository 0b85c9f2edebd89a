"""What to build and where: sources × kits × formats, rendered, then written atomically."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.brand import load_brand
from generator.errors import CoursepackError, Problem, SourceError, relative_name
from generator.model import DEFAULT_MAX_DIMENSIONS, BrandKit, Comparison
from generator.output_files import output_folder, safe_stem, write_atomically
from generator.render import FORMATS
from generator.source import DEFAULT_MAX_SOURCE_KIB, load_source

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


@dataclass
class BuildReport:
    """What a build wrote, what it warned about and what failed."""

    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[CoursepackError] = field(default_factory=list)


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


def run(
    sources: Sequence[Path],
    kits: Sequence[str],
    options: BuildOptions,
    on_written: Callable[[Path], None] = lambda path: None,
) -> BuildReport:
    """Build every source with every kit in every format; return what was written."""
    from generator.render.context import RenderJob  # imported here: keeps `check` light

    comparisons = load_sources(sources, options)
    brand_kits: list[BrandKit] = [load_brand(name) for name in dict.fromkeys(kits)]
    report = BuildReport()
    for kit in brand_kits:
        folder = output_folder(options.out, kit.slug)
        for path, comparison in comparisons.items():
            rendered: list[tuple[Path, bytes]] = []
            job = RenderJob(comparison, kit, path, paper=options.paper,
                            pdf_variant=options.pdf_variant)
            try:
                for name in options.formats:
                    fmt = FORMATS[name]
                    rendered.append((folder / fmt.file_name(safe_stem(path.stem)), fmt.render(job)))
            except CoursepackError as err:
                report.failures.append(err)
                continue  # nothing of this source is written: its outputs stay as they were
            finally:
                report.warnings.extend(job.warnings)
            for target, data in rendered:
                write_atomically(target, data)
                report.written.append(target)
                on_written(target)
    return report
