"""`coursepack brand new`: a new kit's folder with a commented brand.yaml; started from a
client's PowerPoint template, the kit takes its colours, fonts and the template itself."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
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
# slide_handout: {{per_page: 3, lines: true}}   # --format slide-handout: 1, 2, 3, 4, 6 or 9

# slides:
#   master: master.pptx     # the client's PowerPoint master (.pptx or .potx)
#   layouts:                # our layout kind -> the master's layout name, when not the usual
#     title: Title Slide
#     comparison: Comparison
#   fonts: {{heading: Georgia, body: Arial}}   # the deck's fonts, if not those above: fonts
#                           # every presenting machine has (the deck carries no font files)

# Templates: copy any file of templates/default/ here to override it, or extend the
# default one (always reachable as "default/<name>") and replace one block, e.g. a
# handout.html.j2 holding:
#   {{% extends "default/handout.html.j2" %}}
#   {{% block sources %}}{{% endblock %}}
"""


@dataclass(frozen=True)
class FromTemplate:
    """What a kit started from a client's template takes from it: the file (which becomes the
    kit's master), its theme's name, colours ({kit colour: (#RRGGBB, theme slot)}) and fonts."""

    path: Path
    theme: str
    colors: dict[str, tuple[str, str]]
    heading: str
    body: str


COLOR_USES = {"primary": "headings, table headers, title slide",
              "secondary": "rules and subject accents", "accent": "call-outs and highlights",
              "text": "running text", "background": "the page"}
FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,62}$")  # as the kit model takes them


def scaffold_kit(name: str, root: Path, template: FromTemplate | None = None) -> Path:
    """Create `root/<name>/brand.yaml` for a new kit (from `template`: with its colours and
    fonts, and the template copied in as the master) and return the folder."""
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
    title = name.replace("-", " ").title()
    text = BRAND_TEMPLATE.format(name=title)
    try:
        folder.mkdir(parents=True)
        if template is not None:
            master = folder / safe_stem(template.path.stem)
            master = master.with_suffix(template.path.suffix.lower())
            shutil.copyfile(template.path, master)
            text = _from_template(title, template, master.name) + _commented(text)
        (folder / BRAND_FILE).write_text(text, encoding="utf-8")
    except OSError as err:
        shutil.rmtree(folder, ignore_errors=True)
        raise KitError(f"{relative_name(folder)}: cannot create the kit: {err.strerror} — "
                       "choose another --root") from err
    return folder


def _from_template(title: str, template: FromTemplate, master: str) -> str:
    """Return the head of a brand.yaml started from `template`: what was taken, and from
    where, in its comments."""
    lines = [f"# Brand kit for {title}, started from {template.path.name}: the colours and",
             f"# fonts below come from its theme ({template.theme!r}), and the template itself",
             "# is the deck's master. Change any of them; the rest of this file shows every key.",
             f"name: {title}", "", "colors:                      # from the template's theme"]
    for role in ("primary", "secondary", "accent", "text", "background"):
        value, slot = template.colors[role]
        lines.append(f'  {role + ":":<11} "{value}"'.ljust(30)
                     + f"# its {slot}: {COLOR_USES[role]}")
    fonts = [(role, family) for role, family in (("heading", template.heading),
                                                 ("body", template.body))]
    lines += ["", "fonts:                       # the template's theme fonts (heading: major, "
                  "body: minor)"]
    for role, family in fonts:
        if FAMILY.match(family):
            lines.append(f"  {role}: {family}")
        else:
            lines.append(f"  # {role}: {family!r} is not a name a kit can use: give a font here")
    lines += ["  # The PDFs embed font files: copy the fonts' files into this folder and list",
              "  # them (PowerPoint uses the installed fonts), e.g.",
              "  # files: [fonts/Regular.ttf, fonts/Bold.ttf]", "",
              "slides:", f'  master: "{master}"         # {template.path.name}, copied here', ""]
    return "\n".join(lines) + "\n"


def _commented(text: str) -> str:
    """Return the plain scaffold's keys as comments only (the head above sets them)."""
    keep = []
    for line in text.splitlines():
        if line.startswith("name:"):
            continue
        keep.append(line)
    return "# Every other key, as in a new kit:\n" + "\n".join(keep[2:]) + "\n"
