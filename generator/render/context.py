"""What every kit template sees: the source and kit as inert data, in the output's language,
paper and direction, with a learner output's data stripped of what is the trainer's."""

from __future__ import annotations

from typing import Any

from generator import __version__
from generator.i18n.languages import is_rtl
from generator.kits.fonts import font_faces
from generator.kits.model import BrandColors, BrandKit
from generator.render.colors import mix
from generator.render.job import PAPER_SIZES, RenderJob
from generator.source.model import Comparison
from generator.source.plan import dimension_part, make_plan
from generator.templating.environment import css_string
from generator.templating.sandbox import DataFunction

# Derived colours: (kit colour, how much of it is kept when mixed into the page background).
TINTS = {
    "primary": ("primary", 0.07),    # table stripes
    "secondary": ("secondary", 0.09),  # subject blocks
    "accent": ("accent", 0.10),      # call-outs
    "rule": ("text", 0.22),          # hairlines and ruled writing lines
    "muted": ("text", 0.70),         # secondary text, still above 4.5:1 contrast on white
}


def font_stack(family: str, fallbacks: list[str]) -> str:
    """Return a CSS font-family value: `family`, then `fallbacks`, then sans-serif."""
    names = dict.fromkeys([family, *fallbacks])  # names from font files: quoted, escaped
    return ", ".join(css_string(name) for name in names) + ", sans-serif"


def template_context(job: RenderJob, **extra: Any) -> dict[str, Any]:
    """Return the variables every template sees (documented in the README): inert data only
    (text, numbers, lists and mappings; files as URLs the PDF fetcher confines), never the
    objects behind it, so a kit template has nothing to call that reaches the machine.  For a
    learner output (the registry says which are), the facilitator notes and activities are
    not in the data at all, whatever a kit's template does, and without the answer key the
    review's answers neither."""
    doc, kit, learner = job.comparison, job.kit, job.learner
    width, height = PAPER_SIZES[job.paper]
    data = comparison_data(doc)
    show_answers = not learner or job.prints_answers
    if learner:  # facilitator notes and activities: for the deck and the guide only
        data["notes"] = None
        for dimension in data["dimensions"]:
            dimension["notes"] = dimension["activity"] = None
    if not show_answers:
        for item in data["review"]:
            item["answer"] = ""
    faces = font_faces([*kit.fonts.files, *job.language_fonts])
    # the language's own fonts set what the kit's fonts cannot: after them in every stack
    fallbacks = list(dict.fromkeys(face.family for face in font_faces(job.language_fonts)))
    context = {
        "doc": data,
        "subjects": data["subjects"],
        "dimensions": data["dimensions"],
        "kit": kit_data(kit),
        "colors": kit.colors.model_dump(),
        "fonts": {"heading": kit.fonts.heading, "body": kit.fonts.body,
                  "files": [path.as_uri() for path in kit.fonts.files],
                  "fallbacks": fallbacks,
                  "heading_stack": font_stack(kit.fonts.heading, fallbacks),
                  "body_stack": font_stack(kit.fonts.body, fallbacks)},
        "font_faces": [{"family": face.family, "weight": face.weight, "style": face.style,
                        "uri": face.uri} for face in faces],
        "logo_url": kit.logo.as_uri() if kit.logo else None,
        "labels": dict(job.labels),
        "language": job.language,
        # right-to-left languages: the document's direction and its inline sides
        **(({"direction": "rtl", "start": "right", "end": "left"}) if is_rtl(job.language)
           else {"direction": "ltr", "start": "left", "end": "right"}),
        "paper": job.paper,
        "tints": tints(kit.colors),
        "page_width": width,
        "page_height": height,
        "footer": kit.footer,
        "show_answers": show_answers,
        "plan": make_plan(doc, job.labels).as_data(job.labels["minutes"]),
        "version": __version__,
        **extra,
    }
    return assert_inert(context)


class CellLookup(DataFunction):
    """`d.cell(subject)` in a template: a dimension's cell for a subject (or subject key)."""

    __slots__ = ("_cells",)

    def __init__(self, cells: dict[str, dict[str, str]]) -> None:
        self._cells = cells

    def __call__(self, subject: Any) -> dict[str, str]:
        key = subject.get("key") if isinstance(subject, dict) else subject
        if not isinstance(key, str) or key not in self._cells:
            raise LookupError(f"no cell for subject {key!r}")
        return self._cells[key]


def tints(colors: BrandColors) -> dict[str, str]:
    """Return opaque tints of the kit's colours (#RRGGBB) for fills, rules and muted text.

    Opaque mixes rather than alpha keep the PDF free of transparency groups.
    """
    return {name: mix(getattr(colors, source), colors.background, strength)
            for name, (source, strength) in TINTS.items()}


def comparison_data(doc: Comparison) -> dict[str, Any]:
    """Return the comparison as plain data: the source's fields, each subject's `label`, and
    each dimension's `cells` by subject key with `cell(subject)` to look one up, and its
    `part` of the timing plan (`dimension-1` …)."""
    data = doc.model_dump()
    data["primary_language"] = doc.primary_language
    for subject, model in zip(data["subjects"], doc.subjects, strict=True):
        subject["label"] = model.label
    for number, dimension in enumerate(data["dimensions"], 1):
        dimension["cell"] = CellLookup(dimension["cells"])
        dimension["part"] = dimension_part(number)
    return data


def kit_data(kit: BrandKit) -> dict[str, Any]:
    """Return what templates may know of the kit: its brand.yaml values, files as URLs."""
    return {
        "name": kit.name, "slug": kit.slug, "logo_alt": kit.logo_alt,
        "logo_url": kit.logo.as_uri() if kit.logo else None,
        "colors": kit.colors.model_dump(), "paper": kit.paper, "footer": kit.footer,
        "language": kit.language, "labels": dict(kit.labels), "pdf_variant": kit.pdf_variant,
        "fonts": {"heading": kit.fonts.heading, "body": kit.fonts.body,
                  "files": [path.as_uri() for path in kit.fonts.files]},
        "css": [path.as_uri() for path in kit.css],
        "slides": {"layouts": dict(kit.slides.layouts)},
    }


INERT_TYPES = (str, int, float, bool, type(None))


def assert_inert(value: Any, where: str = "context") -> Any:
    """Return `value` after checking it holds only text, numbers, lists, mappings with text
    keys and data functions; anything else is a bug of ours, caught before a template sees it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"template {where} has a non-text key {key!r}")
            assert_inert(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            assert_inert(item, f"{where}[{index}]")
    elif not isinstance(value, (*INERT_TYPES, DataFunction)):
        raise TypeError(f"template {where} is a {type(value).__name__}, not plain data")
    return value
