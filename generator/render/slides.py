"""The editable slide deck: a Jinja outline of slides, placed on the kit's PowerPoint master."""

from __future__ import annotations

import io
from typing import Any

from pptx import Presentation
from pptx.util import Emu, Pt
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.errors import TemplateError
from generator.markdown import to_blocks, to_plain_text
from generator.model import Dimension, Subject
from generator.render.context import RenderJob, template_context
from generator.templating import make_environment, render_template

OUTLINE_TEMPLATE = "slides.yaml.j2"


def outline_filters() -> dict[str, Any]:
    """Return the filters the outline template uses to shape text."""
    return {
        "format_bullet": lambda text: f"- {text}",
        "format_numbered": lambda text: f"1. {text}",
        "summary_for": lambda subject, dim: dim.cell(subject).summary,
        "notes_for": _notes_for,
        "format_answer": lambda item: f"{item.question}\n{to_plain_text(item.answer)}",
    }


def _notes_for(subject: Subject, dimension: Dimension) -> str:
    return f"{subject.name}:\n{to_plain_text(dimension.cell(subject).detail)}"


def build_outline(job: RenderJob) -> list[dict[str, Any]]:
    """Return the list of slides the kit's outline template describes."""
    env = make_environment(job.kit, refused=job.refused)
    env.filters.update(outline_filters())
    text = render_template(env, OUTLINE_TEMPLATE, template_context(job))
    try:
        slides = YAML(typ="safe", pure=True).load(text) or []
    except YAMLError as err:
        raise TemplateError(f"{OUTLINE_TEMPLATE}: the rendered outline is not valid YAML ({err}) — "
                            "pass every value through `tojson`") from None
    if not isinstance(slides, list) or not all(isinstance(s, dict) for s in slides):
        raise TemplateError(f"{OUTLINE_TEMPLATE}: the outline must be a list of slides")
    return slides


def render(job: RenderJob) -> bytes:
    """Return the .pptx deck for `job`."""
    outline = build_outline(job)
    prs = Presentation(str(job.kit.slides.master)) if job.kit.slides.master else Presentation()
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    names = {
        "title": "Title Slide", "section": "Section Header", "content": "Title and Content",
        "two_content": "Two Content", "comparison": "Comparison", "title_only": "Title Only",
        "blank": "Blank",
    }
    for spec in outline:
        layout = layouts.get(names.get(spec.get("kind", ""), ""), prs.slide_layouts[0])
        slide = prs.slides.add_slide(layout)
        _fill(slide, spec, prs)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _fill(slide: Any, spec: dict[str, Any], prs: Any) -> None:
    placeholders = sorted(slide.placeholders, key=lambda p: p.placeholder_format.idx)
    title = slide.shapes.title
    if title is not None:
        title.text = str(spec.get("title", ""))
    others = [p for p in placeholders if title is None or p.shape_id != title.shape_id]
    texts: list[str] = []
    if spec.get("subtitle"):
        texts.append(str(spec["subtitle"]))
    if spec.get("body"):
        texts.append(str(spec["body"]))
    for column in spec.get("columns") or []:
        texts.extend([str(column.get("heading", "")), str(column.get("body", ""))])
    for placeholder, text in zip(others, texts, strict=False):
        _write_markdown(placeholder.text_frame, text)
    for placeholder in others[len(texts):]:
        placeholder._element.getparent().remove(placeholder._element)
    if spec.get("takeaway"):
        box = slide.shapes.add_textbox(Emu(prs.slide_width // 12), Emu(prs.slide_height * 5 // 6),
                                       Emu(prs.slide_width * 5 // 6), Emu(prs.slide_height // 10))
        box.text_frame.text = str(spec["takeaway"])
    table = spec.get("table")
    if table:
        rows = [table["header"], *table["rows"]]
        shape = slide.shapes.add_table(len(rows), len(rows[0]), Emu(prs.slide_width // 16),
                                       Emu(prs.slide_height // 5), Emu(prs.slide_width * 7 // 8),
                                       Emu(prs.slide_height * 7 // 10))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = shape.table.cell(r, c)
                cell.text = str(value)
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(12)
    if spec.get("notes"):
        slide.notes_slide.notes_text_frame.text = str(spec["notes"])


def _write_markdown(frame: Any, text: str) -> None:
    blocks = to_blocks(text) or []
    frame.clear()
    for index, block in enumerate(blocks):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.level = min(block.level, 4)
        for part in block.runs:
            run = paragraph.add_run()
            run.text = part.text
            run.font.bold = part.bold or None
            run.font.italic = part.italic or None
