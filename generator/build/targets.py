"""Stage 1 of a build, from file contents alone (no heavy import): every source and kit named
becomes work units, each output its target file and up-to-date key; two sources or kits that
would write the same file are refused; the outputs up to date are set aside."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.build.freshness import Manifest, kit_digest, output_key, source_digest
from generator.build.options import BuildOptions
from generator.build.outputs import output_folder
from generator.errors import CoursepackError, KitError, relative_name, together
from generator.files import safe_stem
from generator.kits.folders import KitRef, resolve_kit
from generator.render import FORMATS

SOURCE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Unit:
    """One source built with one kit: the outputs it should write and their keys."""

    source: Path
    kit: KitRef
    folder: Path
    targets: tuple[tuple[str, Path, str], ...]  # (format, target, key)
    others: tuple[tuple[str, Path, str], ...] = ()  # the same for formats not asked for


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
            targets = _targets(source, folder, source_hashes[source], kit_hash,
                               dict.fromkeys(options.formats), options)
            others = tuple(name for name in FORMATS if name not in options.formats)
            for _, target, _ in targets:
                seen = writers.setdefault(str(target).casefold(), (source, kit_folder))
                if seen != (source, kit_folder):
                    raise CoursepackError(_collision(target, seen, (source, kit_folder)))
            units.append(Unit(source, ref, folder, targets,
                              _targets(source, folder, source_hashes[source], kit_hash, others,
                                       options)))
    return units, kit_errors


def _targets(source: Path, folder: Path, source_hash: str, kit_hash: str,
             formats: Iterable[str], options: BuildOptions) -> tuple[tuple[str, Path, str], ...]:
    """Return (format, target, key) of `source`'s outputs in `formats` into `folder`."""
    return tuple(
        (name, folder / FORMATS[name].file_name(
            safe_stem(source.stem), answers=options.render.answer_key is not False),
         output_key(source_hash, kit_hash, name, options.render.key(FORMATS[name])))
        for name in formats)


def left_behind(units: Sequence[Unit], manifests: dict[Path, Manifest]) -> list[Path]:
    """Return the outputs of formats this build does not write that are out of date beside
    those it does (a guide older than its source, left from a build that asked for it)."""
    behind: list[Path] = []
    for unit in units:
        manifest = manifests.get(unit.folder) or Manifest(unit.folder)
        behind.extend(target for _, target, key in unit.others
                      if target.is_file() and not manifest.is_fresh(target, key)
                      and not manifest.edited(target))
    return behind


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


def stale_outputs(units: Sequence[Unit], options: BuildOptions
                  ) -> tuple[list[Path], list[Stale], list[Path], dict[Path, Manifest]]:
    """Return the outputs up to date, the stale ones (slowest first, so that workers finish
    together), those edited by hand since they were written (kept as they are, and not
    rendered, unless `options.overwrite_edited`) and each output folder's manifest."""
    up_to_date: list[Path] = []
    edited: list[Path] = []
    manifests: dict[Path, Manifest] = {}
    stale: list[Stale] = []
    for unit in units:
        manifest = manifests.setdefault(unit.folder, Manifest(unit.folder))
        for fmt, target, key in unit.targets:
            if not options.overwrite_edited and manifest.edited(target):
                edited.append(target)  # even --force keeps a trainer's work
            elif not options.force and manifest.is_fresh(target, key):
                up_to_date.append(target)
            else:
                stale.append((unit, fmt, target, key))
    stale.sort(key=lambda item: FORMATS[item[1]].cost, reverse=True)
    return up_to_date, stale, edited, manifests
