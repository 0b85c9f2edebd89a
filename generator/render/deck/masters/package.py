"""A client's PowerPoint master, opened safely: checked as a package before python-pptx
reads it (size, member count, compression ratio, required parts, the main part's type; every
member read a chunk at a time, no further than its header promised; every XML part parsed
without DTDs; the slide size and the number of layouts and shapes within what PowerPoint
makes), its sample slides dropped, what must never reach a deck taken out (`contain`), and
the oddities of exports normalised.  Every failure is a `KitError`.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.errors import KitError, relative_name, shortened
from generator.render.deck.masters.contain import MACRO_TYPES, contain
from generator.render.deck.masters.samples import SampleUse, sample_use
from generator.render.deck.ooxml.names import (
    A_NS,
    CT_NS,
    P14_NS,
    P_NS,
    R_NS,
    RELS_NS,
    SAFE_XML,
    TITLE_TYPES,
    tag,
)

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationObject

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 5000
# real decks compress their XML about 5-30x and their media hardly at all; zeros reach 1000x
MAX_RATIO = 100
READ_CHUNK = 1024 * 1024  # bytes of a member inflated at a time
# Far beyond any real template (the largest of the test corpus: 108 layouts, 974 shapes in
# all, 86 on one layout, 10 placeholders on one), and small enough that choosing layouts
# stays well inside --timeout.
MAX_LAYOUTS = 500
MAX_SHAPES_PER_PART = 1000
MAX_PLACEHOLDERS_PER_PART = 100
MAX_SHAPES = 5_000
# A slide's width and height as PowerPoint allows them (ST_SlideSizeCoordinate): 1 to 56 in.
SLIDE_SIDE_EMU = (914400, 51206400)
SAVE_HINT = "open it in PowerPoint and save it again as .pptx or .potx"

PRESENTATION_TYPES = {CT.PML_PRESENTATION_MAIN}
CONVERTIBLE_TYPES = {CT.PML_TEMPLATE_MAIN, CT.PML_SLIDESHOW_MAIN}
OTHER_OFFICE = {"word": "a Word document", "xl": "an Excel workbook"}
# -- the package ---------------------------------------------------------------------------------


def open_master(path: Path, warnings: list[str] | None = None,
                samples: SampleUse | None = None) -> PresentationObject:
    """Return the master at `path` opened with python-pptx, checked first and without slides.

    A .potx (or .ppsx) is opened as a presentation; the sample slides that come with a master
    are read into `samples` (which layout they use for what: see `samples.sample_use`), then
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
    if samples is not None:
        try:
            samples.update(sample_use(prs))
        except Exception:
            samples.clear()
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
            _check_members(name, zf, main, types)
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
    types = _parsed(name, "[Content_Types].xml", _read(name, zf, zf.getinfo("[Content_Types].xml")))
    rels = _parsed(name, "_rels/.rels", _read(name, zf, zf.getinfo("_rels/.rels")))
    targets = [rel.get("Target", "") for rel in rels.iter(f"{{{RELS_NS}}}Relationship")
               if rel.get("Type") == RT.OFFICE_DOCUMENT]
    main = posixpath.normpath(targets[0].lstrip("/")) if targets else "ppt/presentation.xml"
    if main not in members:
        raise KitError(f"{name}: the package has no {main} (no presentation part) — "
                       f"the slide master must be a .pptx or .potx")
    return main, types


def _read(name: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Return the bytes of member `info`, inflated a chunk at a time and refused as soon as
    they run past the size its header declares: zipfile inflates a member whole before it
    cuts it to that size, so a zip bomb that lies in its header would fill the memory."""
    probe = copy.copy(info)
    probe.file_size = info.file_size + READ_CHUNK  # read on past the declared end, to see a lie
    out = bytearray()
    with zf.open(probe) as stream:
        while chunk := stream.read(READ_CHUNK):
            out += chunk
            if len(out) > info.file_size:
                raise KitError(f"{name}: {info.filename}: unpacks to more than the "
                               f"{info.file_size} bytes its zip header declares, which only a "
                               f"zip bomb does — use a master saved by PowerPoint")
    return bytes(out)


def _parsed(name: str, member: str, data: bytes) -> etree._Element:
    """Return the root of XML part `member`: well-formed, without a DTD (none in an Office
    file; its entities could expand a few bytes into gigabytes), or KitError."""
    try:
        root = etree.fromstring(data, SAFE_XML)
    except etree.XMLSyntaxError as err:
        raise KitError(f"{name}: {member}: not well-formed XML ({err}) — {SAVE_HINT}") from None
    if root.getroottree().docinfo.doctype:
        raise KitError(f"{name}: {member}: declares a DTD (<!DOCTYPE …>), which Office files "
                       f"never hold and whose entities can expand without end — {SAVE_HINT}")
    return root


MASTER_PARTS = {CT.PML_SLIDE_LAYOUT: "layout", CT.PML_SLIDE_MASTER: "slide master",
                CT.PML_NOTES_MASTER: "notes master", CT.PML_HANDOUT_MASTER: "handout master"}
SHAPES = tuple(tag(P_NS, kind) for kind in ("sp", "pic", "grpSp", "graphicFrame", "cxnSp",
                                            "contentPart"))
CUT_HINT = "delete what the kit does not use in PowerPoint's Slide Master view"


def _check_members(name: str, zf: zipfile.ZipFile, main: str, types: etree._Element) -> None:
    """Read every member as `_read` does and parse every XML part as `_parsed` does; raise
    KitError for a slide size PowerPoint would not make, or for more layouts, or shapes on
    one master or layout or on all of them, than any real template has (choosing among
    them would run past --timeout)."""
    layouts = shapes = 0
    members = {info.filename for info in zf.infolist()}
    for info in zf.infolist():
        data = _read(name, zf, info)
        member, kind = info.filename, _content_type(types, info.filename)
        if not (kind.endswith(("+xml", "/xml")) or member.lower().endswith((".xml", ".rels"))):
            continue
        root = _parsed(name, member, data)
        if member.endswith(".rels"):
            _check_targets(name, member, root, members)
        if member == main and kind in PRESENTATION_TYPES | CONVERTIBLE_TYPES:
            _check_slide_size(name, member, root)
        what = MASTER_PARTS.get(kind)
        if what is None:
            continue
        layouts += what == "layout"
        drawn = sum(1 for _ in root.iter(*SHAPES))
        placeholders = sum(1 for _ in root.iter(tag(P_NS, "ph")))
        shapes += drawn
        if drawn > MAX_SHAPES_PER_PART or placeholders > MAX_PLACEHOLDERS_PER_PART:
            count, limit, things = ((drawn, MAX_SHAPES_PER_PART, "shapes")
                                    if drawn > MAX_SHAPES_PER_PART else
                                    (placeholders, MAX_PLACEHOLDERS_PER_PART, "placeholders"))
            raise KitError(f"{name}: {member}: the {what} holds {count} {things}; more than "
                           f"{limit} is refused as absurd — {CUT_HINT}")
    if layouts > MAX_LAYOUTS:
        raise KitError(f"{name}: the master holds {layouts} layouts; more than {MAX_LAYOUTS} is "
                       f"refused as absurd — {CUT_HINT}")
    if shapes > MAX_SHAPES:
        raise KitError(f"{name}: its masters and layouts hold {shapes} shapes in all; more than "
                       f"{MAX_SHAPES} is refused as absurd — {CUT_HINT}")


def _check_targets(name: str, member: str, rels: etree._Element, members: set[str]) -> None:
    """Raise KitError when relationships part `member` points at a part the file does not
    hold (a part deleted by hand): python-pptx drops such a link and fails later, on the
    layout or master it took away."""
    folder = posixpath.dirname(posixpath.dirname(member))  # ppt/slides/_rels/x.rels: ppt/slides
    for rel in rels.iter(f"{{{RELS_NS}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target or "://" in target:
            continue
        path = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                  else posixpath.join(folder, target))
        if path not in members and unquote(path) not in members:
            raise KitError(f"{name}: {member} links to {shortened(path)}, which the file does "
                           f"not hold (a part was removed from it) — {SAVE_HINT}")


def _check_slide_size(name: str, member: str, presentation: etree._Element) -> None:
    """Raise KitError unless the presentation part gives a slide size PowerPoint makes."""
    size = presentation.find(tag(P_NS, "sldSz"))
    sides = [] if size is None else [size.get("cx", ""), size.get("cy", "")]
    low, high = SLIDE_SIDE_EMU
    if len(sides) == 2 and all(re.fullmatch(r"\d{1,9}", side) and low <= int(side) <= high
                               for side in sides):
        return
    what = (f"its slide size ({sides[0] or '?'} × {sides[1] or '?'} EMU) is not one PowerPoint "
            "makes: each side must be 1 to 56 inches") if sides else "it gives no slide size"
    raise KitError(f"{name}: {member}: {what} — set the size in PowerPoint (Design › Slide "
                   "Size), then save the master again")


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
            blob = zf.read(info)  # every member was read once: no more than its header says
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
        if kind in TITLE_TYPES:
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
