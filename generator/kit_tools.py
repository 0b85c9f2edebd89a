"""`coursepack brand new|check|list`: scaffold a kit, and check one as a client hands it over."""

from __future__ import annotations

from pathlib import Path

from generator.errors import KitError, relative_name
from generator.files import safe_stem
from generator.guards.images import check_logo
from generator.kit_folders import BRAND_FILE, DEFAULT_KIT
from generator.limits import DEFAULT_TIMEOUT
from generator.model import BrandKit

BRAND_TEMPLATE = """\
# Brand kit for {name}. Only what differs from templates/default/ needs to be here.
# Every file named below is relative to this file and must stay inside this folder.
name: {name}

# logo: logo.png            # PNG, JPEG or SVG (the deck gets a PNG drawn from an SVG, or
#                           # its PNG twin of the same name if the kit has one)
# logo_alt: {name} logo     # alternative text for accessible PDFs

# colors:                   # #RRGGBB
#   primary: "#1F3A5F"      # headings, table headers, title slide
#   secondary: "#4A6FA5"    # rules and subject accents
#   accent: "#E07A2E"       # call-outs and highlights
#   text: "#1E2430"
#   background: "#FFFFFF"

# fonts:                    # PDFs embed these files; PowerPoint needs the fonts installed
#   heading: Merriweather
#   body: Source Sans 3
#   files: [fonts/Merriweather-Bold.ttf, fonts/SourceSans3-Regular.ttf]
#   ja: [fonts/NotoSansJP-Regular.ttf]   # per language: sets text the fonts above lack

# paper: a4                 # a4 or letter (--paper beats it)
# footer: "© {name}"
# language: en              # used when a source does not set its own

# labels:                   # override any fixed wording by key (see README, Labels)
#   takeaways: Key takeaways
#   at_a_glance: At a glance

# css: [extra.css]          # extra stylesheets, applied after the default styles in every PDF
# pdf_variant: pdf/ua-1     # always write tagged, accessible PDF/UA-1 (like --pdf-ua)
# answer_key: false         # learner PDFs without the review's answers (like --no-answer-key)

# slides:
#   master: master.pptx     # the client's PowerPoint master (.pptx or .potx)
#   layouts:                # our layout kind -> the master's layout name, when not the usual
#     title: Title Slide
#     comparison: Comparison

# Templates: copy any file of templates/default/ here to override it, or extend the
# default one (always reachable as "default/<name>") and replace one block, e.g. a
# handout.html.j2 holding:
#   {{% extends "default/handout.html.j2" %}}
#   {{% block sources %}}{{% endblock %}}
"""


def scaffold_kit(name: str, root: Path) -> Path:
    """Create `root/<name>/brand.yaml` for a new kit and return the folder."""
    slug = safe_stem(name).lower()
    if slug != name:
        raise KitError(f"{name!r} is not a usable kit name — use lowercase letters, digits and -, "
                       f"e.g. {slug!r}")
    if slug == DEFAULT_KIT:
        raise KitError("'default' is the base kit every other kit layers on — choose the client's "
                       "name, e.g. 'acme'")
    folder = root / slug
    if folder.exists():
        raise KitError(f"{relative_name(folder)} already exists — choose another name or edit it")
    try:
        folder.mkdir(parents=True)
        (folder / BRAND_FILE).write_text(
            BRAND_TEMPLATE.format(name=name.replace("-", " ").title()), encoding="utf-8")
    except OSError as err:
        raise KitError(f"{relative_name(folder)}: cannot create the kit: {err.strerror} — "
                       "choose another --root") from err
    return folder


def check_kit(name_or_path: str, *, timeout: float = DEFAULT_TIMEOUT) -> list[str]:
    """Return a report of a valid kit (files, logo, fonts, layout mapping), or raise KitError."""
    from generator.brand import load_brand
    from generator.fonts import font_faces

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
        from generator.render.layouts import map_layouts
        from generator.render.master_package import open_master

        removed: list[str] = []
        presentation = open_master(kit.slides.master, removed)
        lines.append(f"master: {relative_name(kit.slides.master)}")
        lines.extend(f"  warning: {warning}" for warning in removed)
        names = {str(kind): name for kind, name in kit.slides.layouts.items()}
        for kind, choice in map_layouts(presentation, names).items():
            lines.append(f"  {kind:<11} -> {choice.layout.name!r}: {choice.reason}")
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

    from generator.model import Comparison
    from generator.render import FORMATS
    from generator.workers import RenderPool, RenderTask

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
                # "the handout of /tmp/…/kit-check.yaml (kit acme): …" says nothing here
                failures.extend(f"{task.format}: {failure.replace(f'{task.label}: ', '')}"
                                for failure in outcome.failures)
                warnings.extend(w.replace(f"{task.label}: ", "") for w in outcome.warnings)
    if failures:
        raise KitError("the kit fails when rendering a sample:\n" + "\n".join(failures))
    lines = [f"rendered a sample {', '.join(FORMATS)}: ok"]
    lines.extend(f"  warning: {w.replace('kit-check.yaml: ', '')}" for w in dict.fromkeys(warnings))
    return lines
