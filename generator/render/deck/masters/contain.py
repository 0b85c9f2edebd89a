"""What must never reach a deck, taken out of a client's master once it is open: macros are
refused; embedded programs and documents (OLE objects, ActiveX controls, add-ins) and links to
anything outside the file (an image fetched when the deck is opened, a UNC path that hands
over Windows credentials, a program to run) are removed, each with a warning naming the part.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.errors import KitError
from generator.guards.svg import svg_problem
from generator.render.deck.ooxml.names import P_NS, R_NS, SAFE_XML, tag

if TYPE_CHECKING:
    from pptx.opc.package import Part
    from pptx.presentation import Presentation as PresentationObject

MACRO_TYPES = {
    CT.PML_PRES_MACRO_MAIN,
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
}
VBA_TYPES = {
    "application/vnd.ms-office.vbaProject",
    "application/vnd.ms-office.vbaProjectSignature",
    "application/vnd.ms-office.vbaProjectSignatureAgile",
    "application/vnd.ms-office.vbaProjectSignatureV3",
    "application/vnd.ms-office.vbaData+xml",
}
MS = "http://schemas.microsoft.com/office"
XML_RELATIONSHIPS = {  # a presentation's own XML parts
    RT.SLIDE_LAYOUT, RT.SLIDE_MASTER, RT.THEME, RT.THEME_OVERRIDE, RT.NOTES_MASTER,
    RT.HANDOUT_MASTER, RT.PRES_PROPS, RT.VIEW_PROPS, RT.TABLE_STYLES, RT.TAGS, RT.CUSTOM_XML,
    RT.CUSTOM_XML_PROPS, RT.CHART, RT.CHART_COLOR_STYLE, RT.CHART_USER_SHAPES, RT.DIAGRAM_DATA,
    RT.DIAGRAM_LAYOUT, RT.DIAGRAM_QUICK_STYLE, RT.DIAGRAM_COLORS, RT.COMMENT_AUTHORS,
    RT.COMMENTS, RT.CORE_PROPERTIES, RT.EXTENDED_PROPERTIES, RT.CUSTOM_PROPERTIES,
    RT.OFFICE_DOCUMENT, RT.SLIDE, RT.NOTES_SLIDE,
    f"{MS}/2011/relationships/chartStyle", f"{MS}/2011/relationships/chartColorStyle",
    f"{MS}/2007/relationships/diagramDrawing", f"{MS}/2015/10/relationships/revisionInfo",
    f"{MS}/2016/11/relationships/changesInfo", f"{MS}/2018/10/relationships/authors",
    f"{MS}/2007/relationships/hdphoto",
}
MEDIA_RELATIONSHIPS = {RT.AUDIO, RT.VIDEO, RT.MEDIA, f"{MS}/2007/relationships/media"}
# What each kind of part must be, checked on its bytes as well as its declared type.
IMAGE_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*",
                    b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x01\x00\x00\x00",
                    b"II\xbc")
FONT_TYPES = ("application/x-fontdata", "application/x-font-ttf",
              "application/vnd.openxmlformats-officedocument.obfuscatedFont")
# What a master may link to outside itself: web and mail links a presenter clicks, and
# nothing else (no picture fetched when the deck opens, no file, no program to run).
SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")
HYPERLINK_ELEMENTS = {"hlinkClick", "hlinkHover", "hlinkMouseOver"}
SAFE_ACTIONS = ("ppaction://hlinksldjump", "ppaction://hlinkshowjump", "ppaction://noaction",
                "ppaction://customshow")
# Elements that hold a link or a relationship without being a shape of their own: removed
# alone.  Any other element that refers to a removed relationship takes its shape with it, or
# outside shapes (a background picture) loses the reference.
LINK_ELEMENTS = {*HYPERLINK_ELEMENTS, "snd", "control", "externalData", "legacyDrawing",
                 "legacyDrawingHF", "ext"}
SHAPE_TREES = {tag(P_NS, "spTree"), tag(P_NS, "grpSp")}
XML_TYPE = re.compile(r"(\+xml|/xml)$")


def contain(prs: PresentationObject, name: str) -> list[str]:
    """Remove from `prs` every part and outside link a deck must not carry; return a warning
    for each, naming the part.  Raises KitError for macros.

    Every relationship is checked by its type, the content type of what it points to and
    that part's bytes; every outside link by its type, scheme and the elements that use it;
    every action a hyperlink runs by its verb.
    """
    package = prs.part.package
    warnings: list[str] = []
    for r_id, rel in list(package._rels.items()):  # the package's own relationships
        if rel.is_external:
            package._rels.pop(r_id)
            warnings.append(f"{name}: removed the package's link to {rel.target_ref!r}")
    for part in list(package.iter_parts()):
        root = _xml_of(part)
        if root is not None:
            actions = _program_actions(root)
            for action in actions:
                warnings.append(f"{name}: removed an action that runs {action!r} from "
                                f"{_zip_name(part)}")
            if actions:  # the links those actions used, now used by nothing, go silently
                used = {value for element in root.iter() for key, value in element.attrib.items()
                        if key.startswith(f"{{{R_NS}}}")}
                for r_id in [r for r, rel in part.rels.items() if rel.is_external and r not in used]:
                    part.rels.pop(r_id)
        for r_id, rel in list(part.rels.items()):
            if rel.is_external:
                if _safe_link(rel, root, r_id):
                    continue
                what = f"a link to {rel.target_ref!r}"
            else:
                target = rel.target_part
                if target.content_type in VBA_TYPES or target.content_type in MACRO_TYPES:
                    raise KitError(f"{name}: {_zip_name(target)} holds macros (VBA), though the "
                                   f"file says it is a .pptx — save it again as .pptx without "
                                   f"macros")
                problem = _unsafe_part(rel.reltype, target)
                if not problem:
                    continue
                what = f"{_zip_name(target)} ({problem})"
            _unlink(part, root, r_id)
            warnings.append(f"{name}: removed {what} from {_zip_name(part)}, as a deck never "
                            "carries links outside itself or embedded programs and documents "
                            "— delete it from the master in PowerPoint to build without this "
                            "warning")
        if root is not None and getattr(part, "_element", None) is None:
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                        standalone=True)  # a part python-pptx keeps as bytes
    return warnings


def _xml_of(part: Part) -> Any:
    """Return the XML tree of `part` (python-pptx's own for the parts it parses), or None
    for a part that is not XML."""
    element = getattr(part, "_element", None)
    if element is not None:
        return element
    if not XML_TYPE.search(part.content_type or ""):
        return None
    try:
        return etree.fromstring(bytes(part.blob), SAFE_XML)
    except etree.XMLSyntaxError:
        return None


def _unsafe_part(reltype: str, target: Part) -> str:
    """Return why the part a relationship of `reltype` points to may not be carried ("" when
    it may): an embedded object, a mislabelled file, a picture that loads something."""
    kind, blob = target.content_type or "", bytes(target.blob)
    if reltype in XML_RELATIONSHIPS:
        if XML_TYPE.search(kind) and blob.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<"):
            return ""
        return _describe(kind)
    if reltype == RT.IMAGE:
        if kind == "image/svg+xml":
            return "" if _clean_svg(blob) else "an SVG picture that loads other files"
        if kind.startswith("image/") and (blob.startswith(IMAGE_SIGNATURES)
                                          or blob[40:44] == b" EMF"):
            return ""
        return f"a file labelled {kind or 'as nothing'} that is not a picture"
    if reltype == RT.PRINTER_SETTINGS:  # a printer's DEVMODE record, as PowerPoint saves it
        return "" if kind.endswith("presentationml.printerSettings") else _describe(kind)
    if reltype == RT.FONT:
        return "" if kind in FONT_TYPES else _describe(kind)
    if reltype in MEDIA_RELATIONSHIPS:
        return "" if kind.startswith(("audio/", "video/")) else _describe(kind)
    return _describe(kind if reltype != RT.OLE_OBJECT else "oleObject")


def _clean_svg(blob: bytes) -> bool:
    """Return whether an SVG picture is self-contained (see svg_check)."""

    return svg_problem(blob) is None


def _safe_link(rel: Any, root: Any, r_id: str) -> bool:
    """Return whether an outside link may stay: a web or mail hyperlink, used only by
    hyperlink elements that run no program."""
    if rel.reltype != RT.HYPERLINK or not rel.target_ref.lower().startswith(SAFE_LINK_SCHEMES):
        return False
    if root is None:
        return False
    # every use must be the r:id of a hyperlink element; <a:blip r:link> would fetch a picture
    return all(etree.QName(element).localname in HYPERLINK_ELEMENTS and key == tag(R_NS, "id")
               for element in root.iter() for key, value in element.attrib.items()
               if value == r_id and key.startswith(f"{{{R_NS}}}"))


def _program_actions(root: Any) -> list[str]:
    """Remove every hyperlink element whose action is not a jump within the deck (a program,
    a macro, an OLE verb, a file to open); return the actions removed."""
    removed = []
    for element in list(root.iter()):
        action = (element.get("action") or "").strip()
        if action and not action.lower().startswith(SAFE_ACTIONS):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
                removed.append(action)
    return removed


def _zip_name(part: Part) -> str:
    return str(part.partname).lstrip("/")


def _describe(content_type: str) -> str:
    """Return a content type in words, for warnings."""
    kinds = {"oleObject": "an embedded OLE object", "activeX": "an ActiveX control",
             "package": "an embedded document", "spreadsheetml": "an embedded workbook",
             "wordprocessingml": "an embedded document", "presentationml.presentation":
             "an embedded presentation", "macroEnabled": "an embedded file with macros",
             "presentationml.slideshow": "an embedded presentation",
             "webextension": "an add-in", "taskpane": "an add-in",
             "printerSettings": "printer settings", "vmlDrawing": "a legacy drawing"}
    return next((words for key, words in kinds.items() if key in content_type),
                f"a part of type {content_type or 'unknown'}")


def _unlink(part: Part, root: Any, r_id: str) -> None:
    """Drop relationship `r_id` of `part` and whatever in its XML refers to it: a shape goes
    whole (a tracking picture, an OLE frame), a hyperlink, sound or extension alone."""
    if root is not None:
        referring = [el for el in root.iter()
                     if any(value == r_id for key, value in el.attrib.items()
                            if key.startswith(f"{{{R_NS}}}"))]
        for el in referring:
            if el.getparent() is None:
                continue  # inside something removed already
            holder = _extension_holding(el)
            if etree.QName(el).localname in LINK_ELEMENTS or holder is not None:
                target = holder if holder is not None else el
                if target.getparent() is not None:
                    target.getparent().remove(target)
                continue
            shape = _shape_holding(el)
            if shape is not None:
                shape.getparent().remove(shape)
            else:  # not in a shape (a background picture): the reference alone
                for key in [k for k, v in el.attrib.items()
                            if k.startswith(f"{{{R_NS}}}") and v == r_id]:
                    del el.attrib[key]
    part.rels.pop(r_id)


def _extension_holding(element: Any) -> Any:
    """Return the <a:ext> an element sits in (an SVG twin of a picture, say), or None."""
    current = element
    while current is not None:
        if etree.QName(current).localname == "ext" and current.getparent() is not None and \
                etree.QName(current.getparent()).localname == "extLst":
            return current
        current = current.getparent()
    return None


def _shape_holding(element: Any) -> Any:
    """Return the shape (a child of a shape tree) that holds `element`, or None."""
    current = element
    while current is not None and current.getparent() is not None:
        if current.getparent().tag in SHAPE_TREES:
            return current
        current = current.getparent()
    return None
