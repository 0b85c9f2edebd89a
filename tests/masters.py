"""Masters that reproduce what client masters in the wild do, made from python-pptx's own
default template (4:3, eleven layouts) so that nobody here designed them to suit our code.

Each maker takes a folder and returns the path of a .pptx it wrote there.  Together with the
exports in tests/data/masters (LibreOffice's bundled templates, pandoc's reference deck) they
form the corpus every deck invariant is tested on.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pptx
from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Inches

DATA = Path(__file__).resolve().parent / "data" / "masters"
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODIES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


def _save(prs: pptx.presentation.Presentation, folder: Path, name: str) -> Path:
    path = folder / f"{name}.pptx"
    prs.save(str(path))
    return path


def _every_layout(prs: pptx.presentation.Presentation) -> list:
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def python_pptx_default(folder: Path) -> Path:
    """python-pptx's default template as it is: 4:3, eleven layouts."""
    return _save(pptx.Presentation(), folder, "python-pptx-default")


def titles_at_bottom(folder: Path) -> Path:
    """Every title at the bottom of the slide, content above it."""
    prs = pptx.Presentation()
    height, width = prs.slide_height, prs.slide_width
    for owner in [*prs.slide_masters, *_every_layout(prs)]:
        for shape in owner.placeholders:
            kind = shape.placeholder_format.type
            if kind in TITLES:
                shape.left, shape.top = Inches(0.5), int(height * 0.78)
                shape.width, shape.height = width - Inches(1), Inches(1.1)
            elif kind in BODIES or kind == PP_PLACEHOLDER.SUBTITLE:
                left, w = shape.left or Inches(0.5), shape.width or width - Inches(1)
                shape.left, shape.width = left, w
                shape.top, shape.height = Inches(0.5), int(height * 0.78) - Inches(0.8)
    return _save(prs, folder, "titles-at-bottom")


def vertical_title_strips(folder: Path) -> Path:
    """Titles in a vertical strip down the left side (vert270), content beside them."""
    prs = pptx.Presentation()
    height = prs.slide_height
    for owner in [*prs.slide_masters, *_every_layout(prs)]:
        for shape in owner.placeholders:
            kind = shape.placeholder_format.type
            if kind in TITLES:
                shape.left, shape.top = Inches(0.3), Inches(0.4)
                shape.width, shape.height = Inches(1.1), height - Inches(0.8)
                shape.text_frame._bodyPr.set("vert", "vert270")
            elif shape.left is not None and shape.left < Inches(1.6):
                right = shape.left + shape.width
                shape.left, shape.width = Inches(1.7), max(right - Inches(1.7), Inches(2))
    return _save(prs, folder, "vertical-title-strips")


def rotated_comparison(folder: Path) -> Path:
    """The Comparison layout turned a quarter turn (its text would run down the slide)."""
    prs = pptx.Presentation()
    for layout in _every_layout(prs):
        if layout.name == "Comparison":
            for shape in layout.placeholders:
                if shape.placeholder_format.type in BODIES:
                    shape.rotation = 90
    return _save(prs, folder, "rotated-comparison")


def bodies_over_titles(folder: Path) -> Path:
    """Body placeholders that start halfway down their layout's title."""
    prs = pptx.Presentation()
    for layout in _every_layout(prs):
        title = next((s for s in layout.placeholders if s.placeholder_format.type in TITLES),
                     None)
        if title is None:
            continue
        middle = title.top + title.height // 2
        for shape in layout.placeholders:
            if shape.placeholder_format.type in BODIES and shape.top is not None and (
                    shape.top > title.top and shape.top + shape.height > middle):
                bottom = shape.top + shape.height
                shape.top, shape.height = middle, bottom - middle
    return _save(prs, folder, "bodies-over-titles")


def notes_master_without_body(folder: Path) -> Path:
    """A notes master with no body placeholder, where speaker notes would go."""
    prs = pptx.Presentation()
    notes_master = prs.notes_master
    for shape in list(notes_master.placeholders):
        if shape.placeholder_format.type == PP_PLACEHOLDER.BODY:
            shape._element.getparent().remove(shape._element)
    return _save(prs, folder, "notes-master-without-body")


ARABIC = ["شريحة عنوان", "عنوان ومحتوى", "رأس المقطع", "محتوى مزدوج", "مقارنة",
          "العنوان فقط", "فارغ", "محتوى مع تسمية توضيحية", "صورة مع تسمية توضيحية",
          "عنوان ونص عمودي", "عنوان عمودي ونص"]
JAPANESE = ["タイトル スライド", "タイトルとコンテンツ", "セクション見出し", "2 つのコンテンツ",
            "比較", "タイトルのみ", "白紙", "タイトル付きのコンテンツ", "タイトル付きの図",
            "タイトルと縦書きテキスト", "縦書きタイトルと縦書きテキスト"]


def right_to_left(folder: Path) -> Path:
    """An Arabic master: every text style right to left and right aligned, layout names in
    Arabic."""
    prs = pptx.Presentation()
    styles = prs.slide_masters[0]._element.find(qn("p:txStyles"))
    for level in styles.iter():
        if etree.QName(level).localname.startswith("lvl") and level.tag.endswith("pPr"):
            level.set("rtl", "1")
            level.set("algn", "r")
    for layout, name in zip(_every_layout(prs), ARABIC, strict=True):
        layout.name = name
    return _save(prs, folder, "right-to-left-arabic")


def japanese_names(folder: Path) -> Path:
    """Layout names as Japanese PowerPoint writes them."""
    prs = pptx.Presentation()
    for layout, name in zip(_every_layout(prs), JAPANESE, strict=True):
        layout.name = name
    return _save(prs, folder, "japanese-layout-names")


def renamed_layouts(folder: Path) -> Path:
    """An agency's names: "Cover", "1-Up", "Divider", "2-Up" …, nothing PowerPoint calls them."""
    prs = pptx.Presentation()
    names = ["Cover", "1-Up", "Divider", "2-Up", "Side by Side", "Heading Only", "Nothing",
             "Text + Caption", "Picture + Caption", "Vertical", "Vertical 2"]
    for layout, name in zip(_every_layout(prs), names, strict=True):
        layout.name = name
    return _save(prs, folder, "renamed-layouts")


def layouts_without_placeholders(folder: Path) -> Path:
    """Layouts that are pictures of a design only: no placeholders at all."""
    prs = pptx.Presentation()
    for layout in _every_layout(prs):
        for shape in list(layout.placeholders):
            shape._element.getparent().remove(shape._element)
    return _save(prs, folder, "layouts-without-placeholders")


def a4_slides(folder: Path) -> Path:
    """Slides sized A4 (27.5 × 19.05 cm), as "Page setup → A4" makes them."""
    prs = pptx.Presentation()
    prs.slide_width, prs.slide_height = 9906000, 6858000
    return _save(prs, folder, "a4-slides")


def dark_background(folder: Path) -> Path:
    """A near-black background, while the colour map still gives dark text (tx1 = dk1)."""
    prs = pptx.Presentation()
    master = prs.slide_masters[0]
    c_sld = master._element.find(qn("p:cSld"))
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    c_sld.insert(0, etree.fromstring(
        '<p:bg xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:bgPr><a:solidFill>'
        '<a:srgbClr val="141821"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'))
    return _save(prs, folder, "dark-background")


def no_text_styles(folder: Path) -> Path:
    """A master without text styles (as some exports write it)."""
    prs = pptx.Presentation()
    master = prs.slide_masters[0]._element
    master.remove(master.find(qn("p:txStyles")))
    return _save(prs, folder, "no-text-styles")


def _panel(owner, name: str, box: tuple[int, int, int, int], color: str) -> None:
    """Draw a filled rectangle behind everything else `owner` (a master or layout) draws."""
    left, top, width, height = box
    tree = owner.shapes._spTree
    shape = etree.fromstring(
        '<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:nvSpPr>'
        f'<p:cNvPr id="{900 + len(tree)}" name="{name}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        '</p:spPr></p:sp>')
    tree.insert(2, shape)  # after the group properties: under every other shape


def master_picture(prs: pptx.presentation.Presentation, png: bytes,
                   box: tuple[int, int, int, int]) -> None:
    """Put a picture on the slide master (python-pptx adds pictures to slides only: it is
    added to a scratch slide, moved to the master with its image, and the slide dropped)."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    picture = slide.shapes.add_picture(io.BytesIO(png), *box)
    blip = picture._element.find(".//" + qn("a:blip"))
    image = slide.part.related_part(blip.get(qn("r:embed")))
    master = prs.slide_masters[0]
    blip.set(qn("r:embed"), master.part.relate_to(image, RT.IMAGE))
    master.shapes._spTree.append(picture._element)
    slides = prs.slides._sldIdLst
    last = slides[-1]
    prs.part.drop_rel(last.rId)
    slides.remove(last)


def _text_color(master, style: str, color: str) -> None:
    """Give every level of the master's title or body text style a colour."""
    styles = master._element.find(qn("p:txStyles")).find(qn(f"p:{style}"))
    for level in styles:
        if not etree.QName(level).localname.startswith("lvl"):
            continue
        rpr = level.find(qn("a:defRPr"))
        for old in rpr.findall(qn("a:solidFill")):
            rpr.remove(old)
        fill = etree.SubElement(rpr, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr"), val=color)
        rpr.insert(0, fill)


def staff_training_like(folder: Path) -> Path:
    """Microsoft's "Staff Training" look: a dark panel fills each content slide, its body
    text at the top of the panel in white, the title under it at the bottom in orange; a
    picture layout whose picture panel covers the top two thirds; Content with Caption as
    Office has it. The title slide shows no panel."""
    prs = pptx.Presentation()
    width, height = prs.slide_width, prs.slide_height
    master = prs.slide_masters[0]
    _panel(master, "Panel", (Inches(0.35), Inches(0.35), width - Inches(0.7), Inches(5.3)),
           "1C2B3F")
    _text_color(master, "bodyStyle", "FFFFFF")
    _text_color(master, "titleStyle", "E46C0A")
    for owner in [master, *_every_layout(prs)]:
        for shape in owner.placeholders:
            kind = shape.placeholder_format.type
            if kind == PP_PLACEHOLDER.TITLE:
                shape.left, shape.top = Inches(0.5), Inches(5.8)
                shape.width, shape.height = width - Inches(1), Inches(1.1)
            elif kind in BODIES and shape.top is not None and shape.top < Inches(6):
                left, across = shape.left, shape.width  # inherited: written out with the rest
                heading = getattr(owner, "name", "") == "Comparison" and (
                    shape.placeholder_format.idx in (1, 3))
                shape.left, shape.width = left, across
                shape.top = Inches(0.6) if heading else Inches(1.3) if getattr(
                    owner, "name", "") == "Comparison" else Inches(0.6)
                shape.height = Inches(0.55) if heading else Inches(4.1) if getattr(
                    owner, "name", "") == "Comparison" else Inches(4.8)
    for layout in _every_layout(prs):
        if layout.name == "Title Slide":
            layout._element.set("showMasterSp", "0")
        if layout.name == "Picture with Caption":  # the picture over the top two thirds
            picture = next(s for s in layout.placeholders
                           if s.placeholder_format.type == PP_PLACEHOLDER.PICTURE)
            picture.left, picture.top = Inches(0.35), Inches(0.35)
            picture.width, picture.height = width - Inches(0.7), int(height * 0.6)
    return _save(prs, folder, "staff-training-like")


def pitchbook_like(folder: Path, vert: str = "vert") -> Path:
    """Microsoft's "Pitchbook" look: every title set vertically (`vert`, or another of
    DrawingML's vertical kinds) in a dark band down the right-hand side, the content to its
    left."""
    prs = pptx.Presentation()
    width, height = prs.slide_width, prs.slide_height
    master = prs.slide_masters[0]
    band = Inches(1.5)
    _panel(master, "Title band", (width - band, 0, band, height), "243447")
    _text_color(master, "titleStyle", "FFFFFF")
    for owner in [master, *_every_layout(prs)]:
        for shape in owner.placeholders:
            kind = shape.placeholder_format.type
            if kind in TITLES:
                shape.left, shape.top = width - band + Inches(0.2), Inches(0.4)
                shape.width, shape.height = band - Inches(0.4), height - Inches(0.8)
                shape.text_frame._bodyPr.set("vert", vert)
            elif shape.left is not None and shape.left + shape.width > width - band:
                left, top, down = shape.left, shape.top, shape.height
                shape.left, shape.top, shape.height = left, top, down
                shape.width = max(width - band - Inches(0.3) - left, Inches(1))
    return _save(prs, folder, "pitchbook-like" if vert == "vert" else f"pitchbook-{vert}")


def crowded_layout(folder: Path, placeholders: int = 20_000) -> Path:
    """A hostile master, not of the corpus: the Title and Content layout with `placeholders`
    more body placeholders, each its own number."""
    prs = pptx.Presentation()
    layout = prs.slide_layouts[1]
    body = next(s for s in layout.placeholders if s.placeholder_format.idx == 1)._element
    tree = layout.shapes._spTree
    for number in range(placeholders):
        copy = etree.fromstring(etree.tostring(body))
        copy.find(".//" + qn("p:cNvPr")).set("id", str(1000 + number))
        copy.find(".//" + qn("p:ph")).set("idx", str(100 + number))
        tree.append(copy)
    return _save(prs, folder, "crowded-layout")


MADE: dict[str, Callable[[Path], Path]] = {
    maker.__name__: maker for maker in (
        python_pptx_default, titles_at_bottom, vertical_title_strips, rotated_comparison,
        bodies_over_titles, notes_master_without_body, right_to_left, japanese_names,
        renamed_layouts, layouts_without_placeholders, a4_slides, dark_background,
        no_text_styles, staff_training_like, pitchbook_like)
}
EXPORTED = sorted(p for p in DATA.rglob("*") if p.suffix in (".pptx", ".potx"))


def corpus(folder: Path) -> dict[str, Path]:
    """Return every master of the corpus by name: the exported ones, and the made ones
    written into `folder`."""
    found = {f"{p.parent.name}/{p.name}": p for p in EXPORTED}
    found.update({name: make(folder) for name, make in MADE.items()})
    return found
