"""Slides written as OOXML: paragraphs and runs, text boxes, filled bands, placeholders.

The composer (`slides`) decides what goes where and `deck_text` how large; this module writes
it.  Every paragraph says its direction and every run its language (whatever the master's
defaults), and text is written as XML in one go (python-pptx's run-by-run API is slow for a
whole deck).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.shapes.shapetree import SlideShapeFactory
from pptx.util import Emu

from generator.i18n.languages import is_rtl, office_language
from generator.render.deck.fit.paragraphs import Para
from generator.render.deck.ooxml.names import A_NS, NOT_XML, P_NS, R_NS
from generator.render.deck.units import EMU_PER_PT, Box


@dataclass(frozen=True)
class Script:
    """How text of one language is written: its `lang` tag and direction."""

    lang: str = "en-US"
    rtl: bool = False

    @classmethod
    def of(cls, language: str) -> Script:
        """Return the script of a BCP 47 language tag."""
        return cls(office_language(language), is_rtl(language))


# -- writing ---------------------------------------------------------------------------------

# a link in its run's own colour (PowerPoint 2019+), not the theme's: that colour may not
# read on a dark layout
LINK_XML = (f'<a:hlinkClick xmlns:a="{A_NS}" xmlns:r="{R_NS}" r:id="{{r_id}}"><a:extLst>'
            '<a:ext uri="{{A12FA001-AC4F-418D-AE19-62706E023703}}"><ahyp:hlinkClr xmlns:ahyp='
            '"http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor" val="tx"/>'
            "</a:ext></a:extLst></a:hlinkClick>")
MIRRORED = {"l": "r", "r": "l"}


def write_paras(frame: Any, paras: Sequence[Para], size: float, *, script: Script,
                font: str | None = None, bullet_color: str | None = None,
                align: str | None = None, inherited_align: str | None = None) -> None:
    """Write `paras` into text frame `frame` at `size` points; autofit off, word wrap on.

    Every run gets an explicit size, so nothing depends on autofit; every paragraph the
    script's direction, and an alignment that follows it when the one inherited from the
    master runs the other way (English in an Arabic master).
    """
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    if align is None and inherited_align in MIRRORED and (inherited_align == "r") != script.rtl:
        align = MIRRORED[inherited_align]
    elif (align is None and inherited_align is None and script.rtl) or (align == "l" and script.rtl):
        align = "r"
    tx_body = frame._txBody
    for old in tx_body.findall(qn("a:p")):
        tx_body.remove(old)
    links: list[tuple[etree._Element, str]] = []
    for para in paras or [Para(())]:
        p = etree.fromstring(_para_xml(para, size, font, bullet_color, align, script))
        tx_body.append(p)
        links.extend((r, href) for r, href in zip(p.findall(qn("a:r")), _hrefs(para),
                                                  strict=False) if href)
    for r, href in links:
        r_id = frame.part.relate_to(href, RT.HYPERLINK, is_external=True)
        r_pr = r.find(qn("a:rPr"))
        r_pr.append(etree.fromstring(LINK_XML.format(r_id=escape(r_id))))


def _hrefs(para: Para) -> list[str | None]:
    """Return each written run's link target (runs split at line breaks are written apart)."""
    return [run.href for run in para.runs for piece in run.text.split("\n") if piece]


def _para_xml(para: Para, size: float, font: str | None, bullet_color: str | None,
              align: str | None, script: Script) -> str:
    own = size * para.scale
    indent = round(para.indent(size) * EMU_PER_PT)
    hanging = round(para.hanging(size) * EMU_PER_PT) if indent else 0
    if para.kind == "para":
        bullet = "<a:buNone/>"
    else:
        color = (f'<a:buClr><a:srgbClr val="{bullet_color[1:].upper()}"/></a:buClr>'
                 if bullet_color else "")
        if para.kind == "number":
            start = f' startAt="{para.start}"' if para.start > 1 else ""
            bullet = f'{color}<a:buFont typeface="+mj-lt"/><a:buAutoNum type="arabicPeriod"{start}/>'
        else:
            char = "•" if para.level % 2 == 0 else "–"
            bullet = f'{color}<a:buFont typeface="Arial"/><a:buChar char="{char}"/>'
    algn = f' algn="{align}"' if align else ""
    rtl = ' rtl="1"' if script.rtl else ' rtl="0"'
    parts = [f'<a:p xmlns:a="{A_NS}"><a:pPr marL="{indent}" indent="{-hanging}"{algn}{rtl}>'
             '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
             f'<a:spcBef><a:spcPts val="{round(para.space_before * own * 100)}"/></a:spcBef>'
             f"{bullet}</a:pPr>"]
    fill = f'<a:solidFill><a:srgbClr val="{para.color[1:].upper()}"/></a:solidFill>' \
        if para.color else ""
    latin = f'<a:latin typeface="{escape(font)}"/>' if font else ""
    lang = escape(script.lang)
    for run in para.runs:
        bold = ' b="1"' if run.bold or para.bold else ""
        italic = ' i="1"' if run.italic else ""
        r_pr = f'<a:rPr lang="{lang}" sz="{round(own * 100)}"{bold}{italic} dirty="0">' \
               f"{fill}{latin}</a:rPr>"
        for n, piece in enumerate(run.text.split("\n")):
            if n:
                parts.append(f"<a:br>{r_pr}</a:br>")
            if piece:
                parts.append(f"<a:r>{r_pr}<a:t>{escape(NOT_XML.sub('', piece))}</a:t></a:r>")
    parts.append(f'<a:endParaRPr lang="{lang}" sz="{round(own * 100)}" dirty="0"/></a:p>')
    return "".join(parts)


def set_insets(frame: Any, insets: tuple[int, int, int, int]) -> None:
    """Set a text frame's insets (EMU, left/top/right/bottom)."""
    frame.margin_left, frame.margin_top, frame.margin_right, frame.margin_bottom = (
        Emu(value) for value in insets)


def add_text_box(slide: Any, box: Box, *, anchor: Any = MSO_ANCHOR.TOP) -> Any:
    """Add an empty text box at `box`, with its insets and vertical anchor, and return it."""
    shape = slide.shapes.add_textbox(Emu(box.left), Emu(box.top), Emu(box.width),
                                     Emu(box.height))
    set_insets(shape.text_frame, box.insets)
    shape.text_frame.vertical_anchor = anchor
    return shape


def add_rect(slide: Any, box: Box, color: str) -> Any:
    """Add a filled rectangle without outline, shadow or theme style (and return it)."""
    shape_id = slide.shapes._next_shape_id
    element = parse_xml(
        f'<p:sp xmlns:p="{P_NS}" xmlns:a="{A_NS}"><p:nvSpPr>'
        f'<p:cNvPr id="{shape_id}" name="Rectangle {shape_id}"/><p:cNvSpPr/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{box.left}" y="{box.top}"/>'
        f'<a:ext cx="{box.width}" cy="{box.height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{color[1:].upper()}"/></a:solidFill>'
        '<a:ln><a:noFill/></a:ln></p:spPr><p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/>'
        '<a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>')
    slide.shapes._spTree.insert_element_before(element, "p:extLst")
    return SlideShapeFactory(element, slide.shapes)


def add_title_placeholder(slide: Any, box: Box) -> Any:
    """Add a title placeholder at `box` whose text runs across the slide (and return it):
    for a layout without a usable title; the master's title style gives its look."""
    shape_id = slide.shapes._next_shape_id
    element = parse_xml(
        f'<p:sp xmlns:p="{P_NS}" xmlns:a="{A_NS}"><p:nvSpPr><p:cNvPr id="{shape_id}" '
        f'name="Title {shape_id}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>'
        '<p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm rot="0">'
        f'<a:off x="{box.left}" y="{box.top}"/><a:ext cx="{box.width}" cy="{box.height}"/>'
        '</a:xfrm></p:spPr><p:txBody><a:bodyPr vert="horz" anchor="b"/><a:lstStyle/>'
        '<a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>')
    slide.shapes._spTree.insert_element_before(element, "p:extLst")
    return SlideShapeFactory(element, slide.shapes)


def copy_slide_number(slide: Any, layout_shape: Any, number: int, script: Script) -> int:
    """Copy the layout's slide number placeholder onto `slide` showing `number` (python-pptx
    does not), in the script's direction and language, and return the new shape's id."""
    element = copy.deepcopy(layout_shape._element)
    # relationship ids belong to the layout's part: on the slide they would point at nothing
    # (or at one of the slide's own relationships), so links and pictures in it are dropped
    for child in list(element.iter()):
        if any(key.startswith(f"{{{R_NS}}}") for key in child.attrib) and (
                child.getparent() is not None):
            child.getparent().remove(child)
    c_nv_pr = element.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}")
    c_nv_pr.set("id", str(slide.shapes._next_shape_id))
    sp_pr = element.find(qn("p:spPr"))
    for child in list(sp_pr):
        sp_pr.remove(child)  # position and look come from the layout
    fields = element.findall(f".//{qn('a:fld')}")
    if fields:
        for text in fields[0].findall(qn("a:t")):
            text.text = str(number)
    else:
        tx_body = element.find(qn("p:txBody"))
        for paragraph in tx_body.findall(qn("a:p")):
            tx_body.remove(paragraph)
        tx_body.append(etree.fromstring(
            f'<a:p xmlns:a="{A_NS}"><a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" '
            f'type="slidenum"><a:t>{number}</a:t></a:fld></a:p>'))
    for paragraph in element.iter(qn("a:p")):
        p_pr = paragraph.find(qn("a:pPr"))
        if p_pr is None:
            p_pr = etree.SubElement(paragraph, qn("a:pPr"))
            paragraph.insert(0, p_pr)
        p_pr.set("rtl", "1" if script.rtl else "0")
    for r_pr in element.iter(qn("a:rPr"), qn("a:endParaRPr")):
        r_pr.set("lang", script.lang)
    slide.shapes._spTree.append(element)
    return int(c_nv_pr.get("id"))
