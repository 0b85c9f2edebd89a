"""A client's PowerPoint master, opened safely: checked as a package before python-pptx
reads it, and stripped of what must never reach a deck.

Masters come from client kits.  Before python-pptx reads a file it is checked as a zip (size,
member count, compression ratio, required parts, the main part's type); once open, its sample
slides are dropped and every part a deck would carry is checked: macros (a `vbaProject` in a
file that says it is a .pptx) are refused; embedded programs and documents (OLE objects,
ActiveX controls, add-ins) and links to anything outside the file (an image fetched when the
deck is opened, a UNC path that hands over Windows credentials, a program to run) are
removed, each with a warning naming the part.  Every failure is a `KitError`.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.errors import KitError, relative_name
from generator.render.deck.ooxml.names import A_NS, CT_NS, P14_NS, P_NS, R_NS, RELS_NS, SAFE_XML, tag

if TYPE_CHECKING:
    from pptx.opc.package import Part
    from pptx.presentation import Presentation as PresentationObject

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 5000
# real decks compress their XML about 5-30x and their media hardly at all; zeros reach 1000x
MAX_RATIO = 100
SAVE_HINT = "open it in PowerPoint and save it again as .pptx or .potx"

PRESENTATION_TYPES = {CT.PML_PRESENTATION_MAIN}
CONVERTIBLE_TYPES = {CT.PML_TEMPLATE_MAIN, CT.PML_SLIDESHOW_MAIN}
MACRO_TYPES = {
    CT.PML_PRES_MACRO_MAIN,
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
}
OTHER_OFFICE = {"word": "a Word document", "xl": "an Excel workbook"}
# -- the package ---------------------------------------------------------------------------------


def open_master(path: Path, warnings: list[str] | None = None) -> PresentationObject:
    """Return the master at `path` opened with python-pptx, checked first and without slides.

    A .potx (or .ppsx) is opened as a presentation; sample slides that come with a master are
    dropped so the deck starts empty; what the master must not pass on is removed, with a
    warning each appended to `warnings`. Raises KitError for anything that is not a usable,
    reasonably sized, macro-free PowerPoint file.
    """
    name = relative_name(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise KitError(f"{name}: the slide master is {size // 2**20} MB; masters over "
                           f"{MAX_FILE_BYTES // 2**20} MB are refused — remove large media from it")
        data = path.read_bytes()
    except OSError as err:
        raise KitError(f"{name}: cannot read the slide master ({err.strerror or err})") from err
    data = _checked_package(name, data)
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as err:  # python-pptx raises many kinds; all mean an unusable file
        raise KitError(f"{name}: python-pptx cannot open this slide master ({err}) — "
                       f"{SAVE_HINT}") from err
    _drop_slides(prs)
    removed = contain(prs, name)
    if warnings is not None:
        warnings.extend(removed)
    normalise(prs)
    return prs


def _checked_package(name: str, data: bytes) -> bytes:
    """Return the package bytes after checking them, with a template's main type rewritten."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise KitError(f"{name}: this is a legacy .ppt or a password-protected file, not a "
                       f".pptx — remove any password, then {SAVE_HINT}")
    if not data.startswith(b"PK"):
        raise KitError(f"{name}: not a PowerPoint file (it is not a zip archive) — the slide "
                       f"master must be a .pptx or .potx saved by PowerPoint or LibreOffice")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            _check_sizes(name, infos)
            main, types = _main_part(name, zf)
            main_type = _content_type(types, main)
            if main_type in PRESENTATION_TYPES:
                return data
            if main_type in CONVERTIBLE_TYPES:
                return _with_presentation_type(zf, types, main)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, RuntimeError,
            NotImplementedError, etree.XMLSyntaxError) as err:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression
        raise KitError(f"{name}: the slide master is truncated or corrupt ({err}) — "
                       f"{SAVE_HINT}") from err
    if main_type in MACRO_TYPES:
        raise KitError(f"{name}: macro-enabled files (.pptm/.potm) are not accepted as slide "
                       f"masters — save it as a .pptx or .potx without macros")
    what = OTHER_OFFICE.get(main.split("/", 1)[0], f"not a PowerPoint file ({main_type})")
    raise KitError(f"{name}: this is {what}, not a PowerPoint master — use a .pptx or .potx")


def _check_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Raise KitError when the zip directory promises too many members or too many bytes."""
    if len(infos) > MAX_MEMBERS:
        raise KitError(f"{name}: the slide master holds {len(infos)} files; more than "
                       f"{MAX_MEMBERS} is refused as unsafe — {SAVE_HINT}")
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise KitError(f"{name}: the slide master would unpack to {total // 2**20} MB, over the "
                       f"{MAX_UNCOMPRESSED_BYTES // 2**20} MB limit (a zip bomb?) — remove large "
                       f"media or use a smaller master")
    for info in infos:
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise KitError(f"{name}: {info.filename} inflates {ratio}-fold, which only a zip "
                           f"bomb does — use a master saved by PowerPoint")
    if total > 10 * 2**20 and total > MAX_RATIO * max(packed, 1):
        raise KitError(f"{name}: the slide master inflates {total // max(packed, 1)}-fold, which "
                       f"only a zip bomb does — use a master saved by PowerPoint")


def _main_part(name: str, zf: zipfile.ZipFile) -> tuple[str, etree._Element]:
    """Return the main part's zip name and the parsed [Content_Types].xml."""
    members = {info.filename for info in zf.infolist()}
    missing = [m for m in ("[Content_Types].xml", "_rels/.rels") if m not in members]
    if missing:
        raise KitError(f"{name}: not an Office document ({' and '.join(missing)} missing) — "
                       f"the slide master must be a .pptx or .potx")
    types = etree.fromstring(zf.read("[Content_Types].xml"), SAFE_XML)
    rels = etree.fromstring(zf.read("_rels/.rels"), SAFE_XML)
    targets = [rel.get("Target", "") for rel in rels.iter(f"{{{RELS_NS}}}Relationship")
               if rel.get("Type") == RT.OFFICE_DOCUMENT]
    main = posixpath.normpath(targets[0].lstrip("/")) if targets else "ppt/presentation.xml"
    if main not in members:
        raise KitError(f"{name}: the package has no {main} (no presentation part) — "
                       f"the slide master must be a .pptx or .potx")
    return main, types


def _content_type(types: etree._Element, member: str) -> str:
    """Return the content type [Content_Types].xml gives zip member `member`."""
    for override in types.iter(f"{{{CT_NS}}}Override"):
        if override.get("PartName", "").lower() == f"/{member}".lower():
            return override.get("ContentType", "")
    ext = member.rsplit(".", 1)[-1].lower()
    for default in types.iter(f"{{{CT_NS}}}Default"):
        if default.get("Extension", "").lower() == ext:
            return default.get("ContentType", "")
    return ""


def _with_presentation_type(zf: zipfile.ZipFile, types: etree._Element, main: str) -> bytes:
    """Return a copy of the package whose main part is typed as a presentation, not a template."""
    for override in list(types.iter(f"{{{CT_NS}}}Override")):
        if override.get("PartName", "").lower() == f"/{main}".lower():
            types.remove(override)
    etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/{main}",
                     ContentType=CT.PML_PRESENTATION_MAIN)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in zf.infolist():
            blob = zf.read(info)  # sizes were checked, and zipfile enforces them and the CRC
            if info.filename == "[Content_Types].xml":
                blob = etree.tostring(types, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            # fresh entries: the old ones may carry flags (data descriptors...) we do not write
            copy.writestr(zipfile.ZipInfo(info.filename, info.date_time), blob,
                          zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _drop_slides(prs: PresentationObject) -> None:
    """Remove every slide from `prs` so that saving writes no slide parts."""
    prs_el = prs.part._element
    # custom shows and sections point at slides too; they would dangle (and custom shows keep
    # the slide relationships counted as in use)
    for show_list in prs_el.findall(f"{{{P_NS}}}custShowLst"):
        prs_el.remove(show_list)
    for section_slide in list(prs_el.iter(f"{{{P14_NS}}}sldId")):
        section_slide.getparent().remove(section_slide)
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        id_list.remove(slide_id)
        prs.part.drop_rel(slide_id.rId)  # the slide part becomes unreachable and is not saved


# -- normalising -----------------------------------------------------------------------------

# What PowerPoint numbers date, footer and slide number placeholders when it saves a layout.
USUAL_IDX = {"dt": 10, "ftr": 11, "sldNum": 12}
TITLE_PH_TYPES = ("title", "ctrTitle")
VIEW_PROPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<p:viewPr xmlns:a="{A_NS}" xmlns:r="{R_NS}" xmlns:p="{P_NS}">'
    '<p:normalViewPr><p:restoredLeft sz="15620"/><p:restoredTop sz="94660"/></p:normalViewPr>'
    '<p:slideViewPr><p:cSldViewPr snapToGrid="0"><p:cViewPr varScale="1"><p:scale>'
    '<a:sx n="100" d="100"/><a:sy n="100" d="100"/></p:scale><p:origin x="0" y="0"/>'
    '</p:cViewPr><p:guideLst/></p:cSldViewPr></p:slideViewPr>'
    '<p:notesTextViewPr><p:cViewPr><p:scale><a:sx n="1" d="1"/><a:sy n="1" d="1"/></p:scale>'
    '<p:origin x="0" y="0"/></p:cViewPr></p:notesTextViewPr><p:gridSpacing cx="76200" '
    'cy="76200"/></p:viewPr>')


def normalise(prs: PresentationObject) -> None:
    """Make a master what PowerPoint would make of it on saving it again.

    Placeholders of each layout and master get distinct `idx` values (LibreOffice and Google
    Slides exports give a title, a subtitle and bodies the same idx, or none, and a slide
    placeholder finds what it inherits by idx); the notes master gets a body placeholder if it
    lacks one, so every slide can carry speaker notes; a missing `viewProps` part is added.
    """
    for master in prs.slide_masters:
        _unique_idx(master._element)
        for layout in master.slide_layouts:
            _unique_idx(layout._element)
    _notes_body(prs)
    package = prs.part.package
    for r_id, rel in list(package._rels.items()):
        # LibreOffice's templates name the core properties by a misspelt type: python-pptx
        # would add a second docProps/core.xml (a broken package); the deck writes its own
        if rel.reltype.endswith("/metadata/core-properties") and (
                rel.reltype != RT.CORE_PROPERTIES):
            package._rels.pop(r_id)
    if not any(rel.reltype == RT.VIEW_PROPS for rel in prs.part.rels.values()):
        from pptx.opc.package import Part
        from pptx.opc.packuri import PackURI

        part = Part(PackURI("/ppt/viewProps.xml"), CT.PML_VIEW_PROPS, prs.part.package,
                    VIEW_PROPS.encode())
        prs.part.relate_to(part, RT.VIEW_PROPS)


def _unique_idx(root: Any) -> None:
    """Give every placeholder below `root` its own idx: titles none (0), the others the
    numbers PowerPoint uses where they are free, else the next free ones."""
    placeholders = [ph for ph in root.iter(tag(P_NS, "ph"))]
    taken: set[int] = set()
    pending = []
    for ph in placeholders:
        kind = ph.get("type", "obj")
        if kind in TITLE_PH_TYPES:
            ph.attrib.pop("idx", None)
            continue
        idx = int(ph.get("idx", "0") or 0) if (ph.get("idx") or "0").isdigit() else 0
        if idx and idx not in taken:
            taken.add(idx)
        else:
            pending.append(ph)
    for ph in pending:
        wanted = USUAL_IDX.get(ph.get("type", "obj"))
        if wanted is None or wanted in taken:
            wanted = next(n for n in range(1, 10**6) if n not in taken and n not in
                          USUAL_IDX.values())
        taken.add(wanted)
        ph.set("idx", str(wanted))


def _notes_body(prs: PresentationObject) -> None:
    """Add a body placeholder to the notes master if it has none (speaker notes go there)."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    notes_master = prs.notes_master  # python-pptx adds its default one when there is none
    if any(ph.placeholder_format.type == PP_PLACEHOLDER.BODY
           for ph in list(notes_master.placeholders)):
        return
    size = prs.part._element.find(tag(P_NS, "notesSz"))
    width = int(size.get("cx")) if size is not None else 6858000
    height = int(size.get("cy")) if size is not None else 9144000
    tree = notes_master._element.find(f"{tag(P_NS, 'cSld')}/{tag(P_NS, 'spTree')}")
    used = [int(el.get("id")) for el in tree.iter(tag(P_NS, "cNvPr")) if
            (el.get("id") or "").isdigit()]
    body = etree.fromstring(
        f'<p:sp xmlns:p="{P_NS}" xmlns:a="{A_NS}"><p:nvSpPr><p:cNvPr id="{max(used, default=1) + 1}" '
        'name="Notes Placeholder"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>'
        '<p:ph type="body" sz="quarter" idx="1"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{width // 10}" y="{height // 2}"/><a:ext cx="{width * 8 // 10}" '
        f'cy="{height * 4 // 10}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p>'
        '</p:txBody></p:sp>')
    tree.append(body)


# -- what a deck must not carry ---------------------------------------------------------------

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
            warnings.append(f"{name}: removed {what} from {_zip_name(part)} — a deck never "
                            "carries links outside itself or embedded programs and documents")
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
    from generator.guards.svg import svg_problem

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
