"""`coursepack brand check`: report a kit as a client hands it over, and build a sample with it
(the built-in one, or the trainer's own source) as a build would, to find every problem a
build would warn about; the sample's outputs are kept where asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Finding, KitError, relative_name
from generator.guards.images import check_logo
from generator.kits.model import BrandKit
from generator.limits import DEFAULT_TIMEOUT


@dataclass
class KitReport:
    """What `brand check` found: what the kit is (lines), the problems of its sample (each
    a reason not to say "ok"), and notes about the machines its outputs will meet."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_kit(name_or_path: str, *, timeout: float = DEFAULT_TIMEOUT, source: Path | None = None,
              out: Path | None = None) -> KitReport:
    """Return the report of a valid kit (files, logo, fonts, the layout each kind of slide
    uses and why) and of a sample built with it (`source`, else a built-in comparison; its
    outputs written below `out` when given), or raise KitError when the kit or the sample
    cannot be built."""
    from generator.kits.fonts import font_faces
    from generator.kits.load import load_brand

    kit = load_brand(name_or_path)
    report = KitReport()
    lines = report.lines
    lines.append(f"kit {kit.name!r} in {relative_name(kit.folder)}"
                 + ("" if kit.folder == kit.base_folder else " (layered over default)"))
    if kit.logo:
        lines.append(f"logo: {relative_name(kit.logo)} ({check_logo(kit.logo)})")
    else:
        lines.append("logo: none")
    faces = font_faces(list(kit.fonts.files))
    families = sorted({face.family for face in faces})
    lines.append(f"fonts: heading {kit.fonts.heading!r}, body {kit.fonts.body!r}; "
                 f"files: {len(faces)} ({', '.join(families) or 'none'})")
    if kit.themed_master:  # a client's master keeps the fonts its theme names
        heading, body = kit.deck_fonts
        lines.append(f"deck fonts: heading {heading!r}, body {body!r}"
                     + (" (slides.fonts)" if (heading, body) != (kit.fonts.heading,
                                                                  kit.fonts.body) else ""))
    lines.append(f"paper: {kit.paper}; language: {kit.language or 'from each source'}; "
                 f"labels overridden: {', '.join(sorted(kit.labels)) or 'none'}")
    if kit.slides.master:
        lines.extend(_layouts(kit))
    _build_sample(kit, report, timeout=timeout, source=source, out=out)
    return report


def _layouts(kit: BrandKit) -> list[str]:
    """Return the report of the kit's master: the layout each kind of slide goes on, and
    why (which of several slide masters, where the file has them)."""
    from generator.render.deck.masters.choose import map_layouts
    from generator.render.deck.masters.package import open_master

    assert kit.slides.master is not None
    removed: list[str] = []
    samples: dict = {}
    presentation = open_master(kit.slides.master, removed, samples)
    masters = len(presentation.slide_masters)
    lines = [f"master: {relative_name(kit.slides.master)}"
             + (f" ({masters} slide masters)" if masters > 1 else "")
             + (f", {sum(sum(use.values()) for use in samples.values())} sample slides read"
                if samples else "")]
    names = {str(kind): name for kind, name in kit.slides.layouts.items()}
    for kind, choice in map_layouts(presentation, names, samples).items():
        where = f" of master {choice.master}" if masters > 1 else ""
        lines.append(f"  {kind:<11} -> {choice.layout.name!r}{where}: {choice.reason}")
    return lines


TRIAL_SOURCE = {
    "title": "Kit check: product vs project vs programme management",
    "subtitle": "A short comparison rendered to check the kit",
    "audience": "Kit authors", "duration": "5 minutes", "version": "1.0",
    "intro": "Rendered by `coursepack brand check` with **every** template of the kit.",
    "subjects": [
        {"key": "product", "name": "Product management", "short": "Product",
         "tagline": "The what and the why"},
        {"key": "project", "name": "Project management", "short": "Project",
         "tagline": "The how, on time and in scope"},
        {"key": "programme", "name": "Programme management", "short": "Programme",
         "tagline": "Many projects, one outcome"},
    ],
    "dimensions": [
        {"name": name, "takeaway": f"{name}: each role answers a different question.",
         "cells": {key: {"summary": f"{label} {name.lower()} in one line",
                         "detail": f"{label} detail for *{name.lower()}*.\n\n- a point\n- another"}
                   for key, label in (("product", "Product"), ("project", "Project"),
                                      ("programme", "Programme"))}}
        for name in ("Purpose", "Duration", "Ownership")
    ],
    "summary": "A closing summary.", "takeaways": ["First takeaway", "Second takeaway"],
    "review": [{"question": "Who owns the roadmap?", "answer": "The product manager."}],
    "notes": "Facilitator notes.",
    "sources": [{"title": "A source", "url": "https://example.org/source"}],
}


def _build_sample(kit: BrandKit, report: KitReport, *, timeout: float, source: Path | None,
                  out: Path | None) -> None:
    """Build every output of the sample with `kit` as a build would (in worker processes,
    under the same memory cap and time limit, so that an endless or memory-hungry kit
    template fails the check instead of hanging it; each deck held to the invariants every
    deck keeps), adding what it warns about to `report`; raise KitError listing what failed."""
    import tempfile

    from generator.build.options import BuildOptions
    from generator.build.preflight import source_problems
    from generator.build.workers import RenderPool, RenderTask
    from generator.files import safe_stem, write_atomically
    from generator.render import FORMATS
    from generator.render.office import INSTALL_HINT, soffice
    from generator.source.load import load_source
    from generator.source.model import Comparison

    with tempfile.TemporaryDirectory(prefix="coursepack-check-") as folder:
        if source is None:
            path, comparison = Path(folder) / "kit-check.yaml", Comparison.model_validate(
                TRIAL_SOURCE)
        else:
            path, comparison = source.resolve(), load_source(source)
        warnings, errors = source_problems(path, comparison, kit, BuildOptions(), pdfs=True)
        failures = [error.format_message() for error in errors]
        outputs: dict[str, bytes] = {}
        # the slides on paper where LibreOffice can draw them (it is optional)
        drawable = [name for name, fmt in FORMATS.items() if not fmt.libreoffice or soffice()]
        with RenderPool(jobs=0, formats=drawable) as pool:
            for name in drawable:
                pool.submit(RenderTask(path, comparison, kit, name, timeout=timeout, check=True))
            for index, outcome in sorted(pool.outcomes(timeout=timeout), key=lambda item: item[0]):
                task = pool.tasks[index]
                # "the handout of /tmp/…/kit-check.yaml (kit acme)" says nothing here
                ours = (task.label, path.name) if source is None else (task.label,)
                failures.extend(f"{task.format}: {f.message if f.about in ours else f}"
                                for f in outcome.failures)
                warnings.extend(Finding(w.message, "" if w.about in ours else w.about, w.note)
                                for w in outcome.warnings)
                if outcome.output is not None:
                    outputs[task.format] = outcome.output
    if failures:
        raise KitError("the kit fails when rendering a sample:\n" + "\n".join(failures))
    written = []
    if out is not None:
        folder_out = out / safe_stem(kit.slug)
        for name, data in outputs.items():
            target = folder_out / FORMATS[name].file_name(safe_stem(path.stem))
            write_atomically(target, data)
            written.append(relative_name(target))
    report.lines.append(f"built a sample {', '.join(drawable)} from "
                        + ("the built-in comparison" if source is None else relative_name(source))
                        + (f"; kept in {relative_name(out / safe_stem(kit.slug))}"
                           if out is not None else ""))
    if len(drawable) < len(FORMATS):
        report.notes.append("the slides on paper were not drawn: they need LibreOffice — "
                            + INSTALL_HINT.replace(", then build again", ""))
    for finding in dict.fromkeys(warnings):
        (report.notes if finding.note else report.problems).append(str(finding))
