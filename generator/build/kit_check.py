"""`coursepack brand check`: report a kit as a client hands it over, and render a sample with it."""

from __future__ import annotations

from pathlib import Path

from generator.errors import KitError, relative_name
from generator.guards.images import check_logo
from generator.kits.model import BrandKit
from generator.limits import DEFAULT_TIMEOUT


def check_kit(name_or_path: str, *, timeout: float = DEFAULT_TIMEOUT) -> list[str]:
    """Return a report of a valid kit (files, logo, fonts, layout mapping), or raise KitError."""
    from generator.kits.fonts import font_faces
    from generator.kits.load import load_brand

    kit = load_brand(name_or_path)
    lines = [f"kit {kit.name!r} in {relative_name(kit.folder)}"
             + ("" if kit.folder == kit.base_folder else " (layered over default)")]
    if kit.logo:
        lines.append(f"logo: {relative_name(kit.logo)} ({check_logo(kit.logo)})")
    else:
        lines.append("logo: none")
    faces = font_faces(list(kit.fonts.files))
    families = sorted({face.family for face in faces})
    lines.append(f"fonts: heading {kit.fonts.heading!r}, body {kit.fonts.body!r}; "
                 f"files: {len(faces)} ({', '.join(families) or 'none'})")
    for role in ("heading", "body"):
        family = getattr(kit.fonts, role)
        if family not in families:
            lines.append(f"  note: no font file for {role} font {family!r}: PDFs use a system "
                         "font of that name if installed, else a fallback")
    lines.append(f"paper: {kit.paper}; language: {kit.language or 'from each source'}; "
                 f"labels overridden: {', '.join(sorted(kit.labels)) or 'none'}")
    if kit.slides.master:
        from generator.render.deck.masters.choose import map_layouts
        from generator.render.deck.masters.package import open_master

        removed: list[str] = []
        samples: dict = {}
        presentation = open_master(kit.slides.master, removed, samples)
        masters = len(presentation.slide_masters)
        lines.append(f"master: {relative_name(kit.slides.master)}"
                     + (f" ({masters} slide masters)" if masters > 1 else ""))
        lines.extend(f"  warning: {warning}" for warning in removed)
        names = {str(kind): name for kind, name in kit.slides.layouts.items()}
        for kind, choice in map_layouts(presentation, names, samples).items():
            where = f" of master {choice.master}" if masters > 1 else ""
            lines.append(f"  {kind:<11} -> {choice.layout.name!r}{where}: {choice.reason}")
    lines.extend(line for line in trial_render(kit, timeout=timeout)
                 if line not in lines)  # a master's warnings come again from its sample
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


def trial_render(kit: BrandKit, *, timeout: float = DEFAULT_TIMEOUT) -> list[str]:
    """Render every output once with a small built-in comparison; return report lines, or
    raise KitError listing what failed (template errors, refused files, bad outlines…).

    The sample renders in worker processes under the same memory cap and time limit as a
    build, so an endless or memory-hungry kit template fails the check instead of hanging it.
    """
    import tempfile

    from generator.build.workers import RenderPool, RenderTask
    from generator.render import FORMATS
    from generator.source.model import Comparison

    comparison = Comparison.model_validate(TRIAL_SOURCE)
    failures: list[str] = []
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="coursepack-check-") as folder:
        source = Path(folder) / "kit-check.yaml"
        with RenderPool(jobs=0, formats=list(FORMATS)) as pool:
            for name in FORMATS:
                pool.submit(RenderTask(source, comparison, kit, name, timeout=timeout,
                                       check=True))
            for index, outcome in sorted(pool.outcomes(timeout=timeout), key=lambda item: item[0]):
                task = pool.tasks[index]
                # "the handout of /tmp/…/kit-check.yaml (kit acme)" says nothing here
                ours = (task.label, source.name)
                failures.extend(f"{task.format}: {f.message if f.about in ours else f}"
                                for f in outcome.failures)
                warnings.extend(w.message if w.about in ours else str(w)
                                for w in outcome.warnings)
    if failures:
        raise KitError("the kit fails when rendering a sample:\n" + "\n".join(failures))
    lines = [f"rendered a sample {', '.join(FORMATS)}: ok"]
    lines.extend(f"  warning: {w}" for w in dict.fromkeys(warnings))
    return lines
