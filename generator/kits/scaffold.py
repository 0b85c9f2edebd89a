"""`coursepack brand new`: a new kit's folder with a commented brand.yaml."""

from __future__ import annotations

from pathlib import Path

from generator.errors import KitError, relative_name
from generator.files import safe_stem
from generator.kits.folders import BRAND_FILE, DEFAULT_KIT

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
