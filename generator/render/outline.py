"""The deck's outline: the kit's Jinja template rendered to a list of validated slides.

templates/default/slides.yaml.j2 documents the format; `build_outline` renders it in the
sandbox and `parse_outline` checks every slide, reporting all problems at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from jinja2 import Environment
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.errors import TemplateError, did_you_mean
from generator.i18n.typography import typeset
from generator.kits.model import LAYOUT_KINDS
from generator.render.context import template_context
from generator.render.job import RenderJob
from generator.source.markdown import to_plain_text
from generator.templating.environment import render_template

OUTLINE_TEMPLATE = "slides.yaml.j2"
TEXT_FIELDS = ("title", "subtitle", "body", "takeaway", "notes", "guide", "part")
FIELDS = (*TEXT_FIELDS, "kind", "details", "columns", "table", "pictures", "logo", "fit")
FITS = ("continue", "shrink")  # a long body continues on more slides, or shrinks to one
MAX_COLUMNS = 6


# -- the outline -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a slide: a heading over a Markdown body."""

    heading: str
    body: str = ""


@dataclass(frozen=True)
class Table:
    """A table: the header row and the body rows, all as long as the header."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SlideSpec:
    """One validated slide of the outline (see the outline template's top comment)."""

    kind: str
    title: str = ""
    subtitle: str = ""
    details: tuple[str, ...] = ()
    body: str = ""
    columns: tuple[Column, ...] = ()
    table: Table | None = None
    takeaway: str = ""
    notes: str = ""
    logo: bool = False
    pictures: tuple[Column, ...] = ()  # Markdown whose pictures the slide shows, by heading
    guide: str | None = None  # Markdown the guide prints beside the slide (None: the notes)
    part: str = ""  # the part of the timing plan the slide belongs to (`intro`, `dimension-2`)
    slot: str = ""  # that part's time slot, `10 min · 0:05–0:15` ("" when unplanned)
    fit: str = "continue"  # a long body: continued on more slides, or shrunk to fit one

    @property
    def speaker_notes(self) -> str:
        """Return the notes the deck carries: the time slot first, then the notes."""
        return "\n\n".join(text for text in (self.slot, self.notes) if text)


def outline_filters() -> dict[str, Any]:
    """Return the filters the outline template uses to shape text."""
    return {
        "format_bullet": lambda text: f"- {text}",
        "format_numbered": lambda text: f"1. {text}",
        "summary_for": lambda subject, dim: dim["cells"][subject["key"]]["summary"],
        "notes_for": _notes_for,
        "format_answer": lambda item: f"{item['question']}\n{to_plain_text(item['answer'])}",
        "takeaway_line": _takeaway_line,
        "format_source": _format_source,
        "source_line": lambda src: f"{src['title']} — {src['url']}" if src.get("url")
        else src["title"],
        "part_line": _part_line,
        "slot_line": lambda part: f"{part['name']}: {part['slot'] or '—'}",
        "dimension_guide": _dimension_guide,
        "answers_guide": _answers_guide,
    }


# The filters take the template context's plain data: subjects, dimensions, review items and
# sources as mappings (see render.context).

def _notes_for(subject: dict[str, Any], dimension: dict[str, Any]) -> str:
    cell = dimension["cells"][subject["key"]]
    return f"{subject['name']}:\n{to_plain_text(cell['detail'])}"


def _part_line(part: dict[str, Any], minutes_label: str) -> str:
    if part.get("minutes"):
        return f"{part['name']} · {minutes_label.replace('{minutes}', str(part['minutes']))}"
    return str(part["name"])


def _dimension_guide(dimension: dict[str, Any], subjects: list[dict[str, Any]],
                     labels: dict[str, str]) -> str:
    """Return Markdown for the guide beside a dimension's slide: each subject's detail
    under its name, then the takeaway, the dimension's notes and its activity."""
    sections = [(subject["name"], dimension["cells"][subject["key"]]["detail"])
                for subject in subjects]
    sections += [(labels[label], dimension[key]) for key, label in (
        ("takeaway", "takeaway"), ("notes", "facilitator_notes"), ("activity", "activity"))
        if dimension.get(key)]
    return "\n\n".join(f"### {_heading_text(name)}\n\n{text}" for name, text in sections)


def _answers_guide(review: list[dict[str, Any]]) -> str:
    """Return Markdown for the guide beside the review: each question, then its answer."""
    return "\n\n".join(f"### {number}. {_heading_text(item['question'])}\n\n{item['answer']}"
                        for number, item in enumerate(review, 1))


def _heading_text(text: str) -> str:
    """Return one line of text that stays one Markdown heading whatever it holds."""
    return " ".join(str(text).split()).replace("#", "\\#")


def _takeaway_line(dimension: dict[str, Any]) -> str:
    if dimension.get("takeaway"):
        return f"{dimension['name']}: {to_plain_text(dimension['takeaway'])}"
    return str(dimension["name"])


def _format_source(source: dict[str, Any]) -> str:
    """Return a source as one Markdown paragraph, "Title — https://url": the URL shown as text
    (a link in the run's own colour), readable on dark layouts where the theme's link colour
    is not."""
    title = _MARKDOWN_PUNCTUATION.sub(r"\\\g<0>", source["title"])
    url = source.get("url")
    if not url:
        return title
    # an autolink keeps the URL's text as written (no typographer quotes or dashes)
    url = f"<{url}>" if _AUTOLINKABLE.match(url) else _MARKDOWN_PUNCTUATION.sub(r"\\\g<0>", url)
    return f"{title} — {url}"


# characters that would turn plain text into Markdown (quotes stay: they become typographic)
_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_{}\[\]<>()#+\-.!|~]")
_AUTOLINKABLE = re.compile(r"^(https?://|mailto:)[^\s<>]+$", re.IGNORECASE)


@lru_cache(maxsize=16)
def _with_outline_filters(env: Environment) -> Environment:
    """Return an overlay of the kit's environment that adds the outline's filters.

    An overlay, so the shared environment the PDFs render with is left as it was; cached, so
    the outline template is compiled once per kit.
    """
    overlay = env.overlay()
    overlay.filters = {**env.filters, **outline_filters()}  # an overlay shares the dict itself
    return overlay


def build_outline(job: RenderJob) -> list[SlideSpec]:
    """Return the validated slides the kit's outline template describes, each with the time
    slot of its part of the plan."""
    env = _with_outline_filters(job.environment())
    context = template_context(job)
    text = render_template(env, OUTLINE_TEMPLATE, context)
    try:
        slides = YAML(typ="safe").load(text) or []  # our own JSON-quoted output: C loader if present
    except YAMLError as err:
        raise TemplateError(f"{OUTLINE_TEMPLATE}: the rendered outline is not valid YAML ({err}) — "
                            "pass every value through `tojson`") from None
    slots = {part["key"]: part["slot"] for part in context["plan"]["parts"]}
    return with_slots(parse_outline(_typeset(slides, job.language)), slots,
                      lambda message: job.warn(message, about=""))


def _typeset(value: Any, language: str, key: str = "") -> Any:
    """Return the loaded outline with the language's spacing around punctuation in its
    texts (not in the words that pick a layout, a part or a way to fit)."""
    if isinstance(value, str):
        return value if key in ("kind", "part", "fit") else typeset(value, language)
    if isinstance(value, list):
        return [_typeset(item, language, key) for item in value]
    if isinstance(value, dict):
        return {name: _typeset(item, language, str(name)) for name, item in value.items()}
    return value


def with_slots(specs: list[SlideSpec], slots: dict[str, str],
               warn: Callable[[str], None]) -> list[SlideSpec]:
    """Return `specs` with the time slot of each slide's part (`slots`: the plan's parts and
    their slots).  A slide whose `part` this source's plan lacks (a kit's outline meets
    sources with and without a review) gets none, with a warning naming the parts there
    are."""
    slotted = []
    for number, spec in enumerate(specs, 1):
        if spec.part and spec.part not in slots:
            warn(f"{OUTLINE_TEMPLATE}: slide {number}: part {spec.part!r} is not in this "
                 f"source's plan (its parts: {', '.join(slots)}), so the slide has no time slot")
        slotted.append(replace(spec, slot=slots.get(spec.part, "")) if spec.part else spec)
    return slotted


def parse_outline(slides: Any) -> list[SlideSpec]:
    """Return `slides` (the loaded outline) as SlideSpecs; raise TemplateError naming each bad one."""
    if not isinstance(slides, list):
        raise TemplateError(f"{OUTLINE_TEMPLATE}: the outline must be a list of slides "
                            "(`- kind: …` entries)")
    problems: list[str] = []
    specs: list[SlideSpec] = []
    for number, raw in enumerate(slides, 1):
        found: list[str] = []
        spec = _slide_spec(raw, found)
        problems.extend(f"{OUTLINE_TEMPLATE}: slide {number}: {p}" for p in found)
        if spec:
            specs.append(spec)
    if problems:
        raise TemplateError("\n".join(problems))
    return specs


def _slide_spec(raw: Any, problems: list[str]) -> SlideSpec | None:
    """Return one slide's spec, or None with what is wrong added to `problems`."""
    if not isinstance(raw, dict):
        problems.append("expected a mapping of fields (`kind: …`), not "
                        f"{type(raw).__name__} — check the indentation")
        return None
    for key in raw:
        if key not in FIELDS:
            hint = did_you_mean(str(key), FIELDS) or f"fields are {', '.join(FIELDS)}"
            problems.append(f"unknown field {key!r} — {hint}")
    kind = raw.get("kind")
    if kind not in LAYOUT_KINDS:
        problems.append(f"unknown kind {kind!r} — kinds are {', '.join(LAYOUT_KINDS)}"
                        if kind is not None else "`kind` is missing")
    values: dict[str, Any] = {name: _text(raw, name, problems) for name in TEXT_FIELDS}
    if raw.get("guide") is None:
        values["guide"] = None  # left out: the guide prints the notes ("" prints nothing)
    values["details"] = tuple(_texts(raw.get("details"), "details", problems))
    values["columns"] = _columns(raw.get("columns"), problems)
    values["pictures"] = _columns(raw.get("pictures"), problems, "pictures")
    values["table"] = _table(raw.get("table"), problems)
    logo = raw.get("logo", False)
    if not isinstance(logo, bool):
        problems.append(f"`logo` must be true or false, not {logo!r}")
    fit = raw.get("fit") or "continue"
    if fit not in FITS:
        problems.append(f"`fit` must be {' or '.join(FITS)}, not {fit!r}")
    given = [name for name in ("body", "columns", "table") if values[name]]
    if len(given) > 1:
        problems.append(f"a slide holds one of body, columns and table, not {' and '.join(given)}")
    if problems:
        return None
    return SlideSpec(kind=str(kind), logo=logo, fit=str(fit), **values)


def _text(raw: dict[str, Any], name: str, problems: list[str], where: str = "") -> str:
    """Return field `name` as text ("" when absent); numbers are accepted as text."""
    value = raw.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.append(f"`{where}{name}` must be text, not {type(value).__name__}")
        return ""
    return str(value).strip()


def _texts(value: Any, name: str, problems: list[str]) -> list[str]:
    """Return a list-of-text field (a single text is accepted as a one-item list)."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    texts = [_text({"item": item}, "item", problems, f"{name}[{i}].") for i, item in
             enumerate(items)]
    return [text for text in texts if text]


def _columns(value: Any, problems: list[str], name: str = "columns") -> tuple[Column, ...]:
    """Return the `columns` (or `pictures`) field: a list of {heading, body} mappings."""
    if value is None or value == "" or value == []:
        return ()
    if not isinstance(value, list) or not all(isinstance(c, dict) for c in value):
        problems.append(f"`{name}` must be a list of {{heading, body}} mappings")
        return ()
    if len(value) > MAX_COLUMNS:
        problems.append(f"`{name}` holds {len(value)} columns; a slide takes at most {MAX_COLUMNS}")
    columns = []
    for i, column in enumerate(value):
        for key in column:
            if key not in ("heading", "body"):
                problems.append(f"unknown field `{name}[{i}].{key}` — {name} have heading, body")
        columns.append(Column(_text(column, "heading", problems, f"{name}[{i}]."),
                              _text(column, "body", problems, f"{name}[{i}].")))
    return tuple(columns)


def _table(value: Any, problems: list[str]) -> Table | None:
    """Return the `table` field: {header: [...], rows: [[...], ...]}."""
    if value is None or value == "":
        return None
    if not isinstance(value, dict) or not isinstance(value.get("header"), list):
        problems.append("`table` must be a mapping with `header` (a list) and `rows` "
                        "(a list of lists)")
        return None
    header = [_text({"c": c}, "c", problems, "table.header.") for c in value["header"]]
    rows = value.get("rows") or []
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        problems.append("`table.rows` must be a list of rows, each a list of cells")
        return None
    for i, row in enumerate(rows):
        if len(row) != len(header):
            problems.append(f"`table.rows[{i}]` has {len(row)} cells; the header has {len(header)}")
    if not header:
        problems.append("`table.header` must name at least one column")
    cells = tuple(tuple(_text({"c": c}, "c", problems, f"table.rows[{i}].") for c in row)
                  for i, row in enumerate(rows))
    return Table(tuple(header), cells)


