"""What a template's own sample slides show: which layout its designer used for a title slide,
for content, for two lists side by side, for a section, for a comparison.  Most Office
templates ship such slides (coursepack drops them from the deck), and they are the best
evidence of what each layout is for.  Read from the placeholders each sample slide holds (a
LibreOffice export's samples are empty placeholders), never from their text."""

from __future__ import annotations

from collections import Counter
from typing import Any

from generator.render.deck.ooxml.names import P_NS, TITLE_TYPES, placeholder_type, tag

SampleUse = dict[str, Counter[str]]  # layout part name -> how many samples use it, per kind
BODY_TYPES = ("body", "obj")
GRAPHIC_TYPES = ("chart", "tbl", "dgm", "media", "clipArt", "pic")  # content of another kind


def sample_use(prs: Any) -> SampleUse:
    """Return, for each layout a sample slide of `prs` uses, the kinds of slide it shows."""
    found: SampleUse = {}
    for index, slide in enumerate(prs.slides):
        kind = sample_kind(slide, first=index == 0)
        if kind:
            found.setdefault(str(slide.slide_layout.part.partname), Counter())[kind] += 1
    return found


def sample_kind(slide: Any, *, first: bool = False) -> str:
    """Return the kind of slide a sample is (title, section, comparison, two_content,
    content, title_only, blank), from the placeholders it holds and its layout's type."""
    types = [placeholder_type(shape) for shape in slide.placeholders]
    layout_type = slide.slide_layout._element.get("type", "")
    titled = any(t in TITLE_TYPES for t in types)
    bodies = sum(t in BODY_TYPES for t in types)
    graphics = sum(t in GRAPHIC_TYPES for t in types) + sum(
        1 for shape in slide.shapes
        if shape._element.tag == tag(P_NS, "graphicFrame") and placeholder_type(shape) is None)
    if first or "ctrTitle" in types or "subTitle" in types:
        return "title" if titled else ""
    if not titled:
        return "blank" if not bodies and not graphics else ""
    offered = sum(placeholder_type(shape) in BODY_TYPES
                  for shape in slide.slide_layout.placeholders)
    if bodies + graphics < offered:  # the sample removed some of its layout's bodies: it
        return ""  # shows what the designer adapted the layout to, not what it is for
    if layout_type == "secHead":
        return "section"
    if layout_type == "twoTxTwoObj" or bodies >= 4:
        return "comparison"
    if bodies + graphics >= 2:
        return "two_content"
    if bodies + graphics == 1:
        return "content"
    return "title_only"
