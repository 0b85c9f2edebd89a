"""Hostile masters: links outside the file, macros and embedded programs never reach a deck.

Each master here is the default master with one hostile thing added as PowerPoint itself
stores it: a picture linked to a tracking URL, a UNC path, a hyperlink that runs a program,
a VBA project behind a .pptx content type, an embedded OLE object.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pptx
import pytest
from click.testing import CliRunner
from conftest import REPO
from lxml import etree
from masters import crowded_layout

from generator.cli import cli
from generator.errors import KitError
from generator.render.deck.masters.package import open_master

DEFAULT_MASTER = REPO / "templates" / "default" / "master.pptx"
NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())

TRACKING_PICTURE = (
    f'<p:pic {XMLNS}><p:nvPicPr><p:cNvPr id="901" name="Tracker"/><p:cNvPicPr/><p:nvPr/>'
    '</p:nvPicPr><p:blipFill><a:blip r:link="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
    '</p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="12700" cy="12700"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
LINKED_TEXT = (
    f'<p:sp {XMLNS}><p:nvSpPr><p:cNvPr id="902" name="Link"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
    '</p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="6400000"/><a:ext cx="2000000" cy="300000"/>'
    '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/>'
    '<a:p><a:r><a:rPr lang="en-US"><a:hlinkClick r:id="{rid}"{action}/></a:rPr>'
    '<a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>')
OLE_FRAME = (
    f'<p:graphicFrame {XMLNS}><p:nvGraphicFramePr><p:cNvPr id="903" name="Object"/>'
    '<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="914400" cy="914400"/></p:xfrm><a:graphic><a:graphicData '
    'uri="http://schemas.openxmlformats.org/presentationml/2006/ole"><p:oleObj progId="Package" '
    'r:id="{rid}" imgW="100" imgH="100"><p:embed/></p:oleObj></a:graphicData></a:graphic>'
    '</p:graphicFrame>')


def hostile_master(tmp_path: Path, part: str, shape: str | None, rel_type: str, target: str,
                   *, external: bool, extra_part: tuple[str, bytes, str] | None = None,
                   name: str = "master.pptx", into: str = ".//p:cSld/p:spTree",
                   **fields: str) -> Path:
    """Return the default master with `shape` added to `part` (its shape tree, or the element
    at `into`), related through a new relationship of `rel_type` to `target`, and
    `extra_part` (zip name, bytes, content type) added to the package."""
    rid = "rIdHostile"
    source = zipfile.ZipFile(DEFAULT_MASTER)
    folder, base = posixpath.split(part)
    rels_name = f"{folder}/_rels/{base}.rels"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part and shape is not None:
                root = etree.fromstring(data)
                tree = root.find(into, NS)
                tree.append(etree.fromstring(shape.format(rid=rid, **fields)))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            elif info.filename == rels_name:
                root = etree.fromstring(data)
                rel = etree.SubElement(root, f"{{{RELS}}}Relationship", Id=rid, Type=rel_type,
                                       Target=target)
                if external:
                    rel.set("TargetMode", "External")
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            elif info.filename == "[Content_Types].xml" and extra_part:
                root = etree.fromstring(data)
                etree.SubElement(root, f"{{{TYPES}}}Override", PartName=f"/{extra_part[0]}",
                                 ContentType=extra_part[2])
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            zf.writestr(info.filename, data)
        if rels_name not in source.namelist():  # a part without relationships so far
            rel = (f'<Relationship Id="{rid}" Type="{rel_type}" Target="{target}"'
                   + (' TargetMode="External"' if external else "") + "/>")
            zf.writestr(rels_name, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                   f'<Relationships xmlns="{RELS}">{rel}</Relationships>')
        if extra_part:
            zf.writestr(extra_part[0], extra_part[1])
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


PICTURE = (
    f'<p:pic {XMLNS}><p:nvPicPr><p:cNvPr id="904" name="Picture"/><p:cNvPicPr/><p:nvPr/>'
    '</p:nvPicPr><p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
    '</p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="12700" cy="12700"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
THEME_PICTURE = (f'<a:blipFill {XMLNS} rotWithShape="1"><a:blip r:link="{{rid}}"/><a:stretch>'
                 '<a:fillRect/></a:stretch></a:blipFill>')
EVIL_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            b'<image xlink:href="file://attacker.example/share/x.png" width="1" height="1"/></svg>')
LAYOUT = "ppt/slideLayouts/slideLayout2.xml"
MASTER = "ppt/slideMasters/slideMaster1.xml"
CASES = {
    "tracking picture": dict(part=LAYOUT, shape=TRACKING_PICTURE, rel_type=RT + "image",
                             target="http://127.0.0.1:9/track.png?deck=1", external=True),
    "UNC path": dict(part=MASTER, shape=TRACKING_PICTURE, rel_type=RT + "image",
                     target="\\\\evil-host\\share\\logo.png", external=True),
    "program to run": dict(part=LAYOUT, shape=LINKED_TEXT, rel_type=RT + "hyperlink",
                           target="file:///C:/Windows/System32/calc.exe", external=True,
                           action=' action="ppaction://program"', text="Run"),
    "embedded OLE object": dict(
        part=LAYOUT, shape=OLE_FRAME, rel_type=RT + "oleObject",
        target="../embeddings/oleObject1.bin", external=False,
        extra_part=("ppt/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0MZ-payload",
                    "application/vnd.openxmlformats-officedocument.oleObject")),
    "embedded macro presentation": dict(
        part=LAYOUT, shape=OLE_FRAME, rel_type=RT + "package",
        target="../embeddings/Deck.pptm", external=False,
        extra_part=("ppt/embeddings/Deck.pptm", b"PK\x03\x04macros",
                    "application/vnd.ms-powerpoint.presentation.macroEnabled.12")),
    "OLE object labelled as a picture": dict(
        part=LAYOUT, shape=OLE_FRAME, rel_type=RT + "oleObject",
        target="../embeddings/oleObject1.bin", external=False,
        extra_part=("ppt/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0MZ-payload",
                    "image/png")),
    "picture of another type's bytes": dict(
        part=LAYOUT, shape=PICTURE, rel_type=RT + "image", target="../media/fake.png",
        external=False, extra_part=("ppt/media/fake.png", b"\xd0\xcf\x11\xe0MZ", "image/png")),
    "web picture behind a hyperlink": dict(part=LAYOUT, shape=TRACKING_PICTURE,
                                           rel_type=RT + "hyperlink",
                                           target="https://attacker.example/track.png",
                                           external=True),
    "program action in capitals": dict(part=LAYOUT, shape=LINKED_TEXT, rel_type=RT + "hyperlink",
                                       target="https://example.com", external=True,
                                       action=' action="ppaction://PROGRAM"', text="Run"),
    "file opened by a link": dict(part=LAYOUT, shape=LINKED_TEXT, rel_type=RT + "hyperlink",
                                  target="https://example.com/doc", external=True,
                                  action=' action="ppaction://hlinkfile"', text="Open"),
    "theme picture fetched from outside": dict(
        part="ppt/theme/theme1.xml", shape=THEME_PICTURE, rel_type=RT + "image",
        target="http://127.0.0.1:9/bg.png", external=True, into=".//a:bgFillStyleLst"),
    "SVG picture that loads a file": dict(
        part=LAYOUT, shape=PICTURE, rel_type=RT + "image", target="../media/evil.svg",
        external=False, extra_part=("ppt/media/evil.svg", EVIL_SVG, "image/svg+xml")),
}
XML_PART = re.compile(r"(\+xml|/xml)$")


def deck_parts(path: Path) -> tuple[dict[str, str], list[etree._Element]]:
    """Return the deck's parts with their content types, and every relationship in it."""
    with zipfile.ZipFile(path) as zf:
        types = etree.fromstring(zf.read("[Content_Types].xml"))
        defaults = {d.get("Extension").lower(): d.get("ContentType")
                    for d in types.iter(f"{{{TYPES}}}Default")}
        overrides = {o.get("PartName").lstrip("/"): o.get("ContentType")
                     for o in types.iter(f"{{{TYPES}}}Override")}
        parts = {name: overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower(), "")
                 for name in zf.namelist() if not name.endswith(".rels")
                 and name != "[Content_Types].xml"}
        rels = [rel for name in zf.namelist() if name.endswith(".rels")
                for rel in etree.fromstring(zf.read(name)).iter(f"{{{RELS}}}Relationship")]
    return parts, rels


def build_with_master(tmp_path: Path, master: Path, sample_path: Path):
    kit = tmp_path / "kit"
    kit.mkdir(exist_ok=True)
    (kit / master.name).write_bytes(master.read_bytes())
    (kit / "brand.yaml").write_text(f"name: Client\nslides: {{master: {master.name}}}\n",
                                    encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--brand", str(kit),
                                      "--out", str(out), "--format", "slides"])
    return result, out / "kit" / "product-vs-project-management-slides.pptx", kit


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_master_content_never_reaches_the_deck(tmp_path: Path, sample_path: Path,
                                                       case: str) -> None:
    spec = CASES[case]
    master = hostile_master(tmp_path, **spec)
    result, deck, kit = build_with_master(tmp_path, master, sample_path)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "removed" in line]
    assert len(warnings) == 1, result.output
    assert spec["part"] in warnings[0] and "master.pptx" in warnings[0]
    parts, rels = deck_parts(deck)
    assert not [rel.get("Target") for rel in rels if rel.get("TargetMode") == "External"
                and "attacker" in rel.get("Target")]
    external = [rel for rel in rels if rel.get("TargetMode") == "External"]
    assert all(rel.get("Type").endswith("/hyperlink") for rel in external)
    assert not [name for name in parts if "embeddings" in name or "vba" in name.lower()]
    assert all(XML_PART.search(kind) or kind.startswith(("image/png", "image/jpeg"))
               or kind.endswith("presentationml.printerSettings")
               for kind in parts.values()), parts
    with zipfile.ZipFile(deck) as zf:
        blob = b"".join(zf.read(name) for name in zf.namelist())
        for name in zf.namelist():  # every relationship a part's XML names exists
            if name.endswith(".xml") and not name.startswith("["):
                folder, base = posixpath.split(name)
                rels_name = f"{folder}/_rels/{base}.rels"
                ids = set(re.findall(rb'Id="([^"]+)"', zf.read(rels_name))) if (
                    rels_name in zf.namelist()) else set()
                used = set(re.findall(rb'r:(?:id|embed|link|pict)="([^"]+)"', zf.read(name)))
                assert used <= ids, (name, used - ids)
    for trace in (b"rIdHostile", b"Tracker", b"oleObj", b"calc.exe", b"evil-host", b"PROGRAM",
                  b"hlinkfile", b"attacker", b"MZ-payload", b"macros"):
        assert trace not in blob, trace
    assert len(pptx.Presentation(str(deck)).slides) > 5  # and it still opens
    check = CliRunner().invoke(cli, ["brand", "check", str(kit)])  # a problem of the kit
    assert check.exit_code == 1 and "removed" in check.output, check.output
    assert "not ok" in check.output


def test_web_links_of_a_master_are_kept(tmp_path: Path, sample_path: Path) -> None:
    master = hostile_master(tmp_path, LAYOUT, LINKED_TEXT, RT + "hyperlink",
                            "https://example.com/about", external=True, action="",
                            text="About us")
    result, deck, _ = build_with_master(tmp_path, master, sample_path)
    assert result.exit_code == 0 and "removed" not in result.output, result.output
    _, rels = deck_parts(deck)
    assert [rel.get("Target") for rel in rels if rel.get("TargetMode") == "External"
            and "example.com" in rel.get("Target")] == ["https://example.com/about"]


def test_macros_behind_a_pptx_content_type_are_refused(tmp_path: Path,
                                                       sample_path: Path) -> None:
    master = hostile_master(
        tmp_path, "ppt/presentation.xml", None, "http://schemas.microsoft.com/office/2006/"
        "relationships/vbaProject", "vbaProject.bin", external=False,
        extra_part=("ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0Attribute VB_Name",
                    "application/vnd.ms-office.vbaProject"))
    with pytest.raises(KitError, match=r"ppt/vbaProject.bin holds macros \(VBA\)"):
        open_master(master)
    result, deck, _ = build_with_master(tmp_path, master, sample_path)
    assert result.exit_code == 1 and "vbaProject.bin holds macros" in result.output
    assert not deck.exists()


def test_the_default_master_needs_no_containment() -> None:
    warnings: list[str] = []
    open_master(DEFAULT_MASTER, warnings)
    assert warnings == []


def _dangling_references(deck: Path) -> list[tuple[str, str]]:
    """Return (part, id) for each relationship a part's XML names that its .rels lacks, and
    each hyperlink whose relationship is not a hyperlink (a copied id that hits another)."""
    found = []
    with zipfile.ZipFile(deck) as zf:
        names = set(zf.namelist())
        for name in names:
            if name.endswith(".xml") and not name.startswith("["):
                folder, base = posixpath.split(name)
                rels_name = f"{folder}/_rels/{base}.rels"
                rels = {rel.get("Id"): rel.get("Type") for rel in etree.fromstring(
                    zf.read(rels_name)).iter(f"{{{RELS}}}Relationship")} if (
                    rels_name in names) else {}
                root = etree.fromstring(zf.read(name))
                for element in root.iter():
                    for key, value in element.attrib.items():
                        if not key.startswith(f"{{{NS['r']}}}") or not value:
                            continue
                        if value not in rels or (
                                etree.QName(element).localname == "hlinkClick"
                                and not rels[value].endswith(("/hyperlink", "/slide"))):
                            found.append((name, value))
    return found


def test_a_linked_slide_number_is_copied_without_the_layouts_references(
        tmp_path: Path, sample_path: Path) -> None:
    prs = pptx.Presentation(str(DEFAULT_MASTER))
    for layout in prs.slide_layouts:
        for shape in layout.placeholders:
            if shape.placeholder_format.type == 13:  # SLIDE_NUMBER
                run = shape.text_frame.paragraphs[0].runs[0] if shape.text_frame.paragraphs[
                    0].runs else shape.text_frame.paragraphs[0].add_run()
                run.hyperlink.address = "https://example.com/slides"
    master = tmp_path / "linked.pptx"
    prs.save(str(master))
    result, deck, _ = build_with_master(tmp_path, master, sample_path)
    assert result.exit_code == 0 and "removed" not in result.output, result.output
    assert _dangling_references(deck) == []
    numbers = [shape for slide in pptx.Presentation(str(deck)).slides for shape in slide.shapes
               if shape.is_placeholder and shape.placeholder_format.type == 13]
    assert len(numbers) >= 8 and all(shape.text_frame.text.strip().isdigit() for shape in numbers)


# -- masters built to exhaust whoever opens them ----------------------------------------------


def rewritten(tmp_path: Path, changes: dict[str, Callable[[bytes], bytes]],
              name: str = "master.pptx") -> Path:
    """Return the default master with each member named in `changes` passed through it."""
    out = io.BytesIO()
    with zipfile.ZipFile(DEFAULT_MASTER) as source, zipfile.ZipFile(out, "w",
                                                                    zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = source.read(info)
            zf.writestr(info.filename, changes.get(info.filename, lambda d: d)(data))
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def check_kit_with(tmp_path: Path, master: Path):
    """Return the result of `coursepack brand check` on a kit using `master`."""
    kit = tmp_path / "kit"
    kit.mkdir(exist_ok=True)
    (kit / master.name).write_bytes(master.read_bytes())
    (kit / "brand.yaml").write_text(f"name: Client\nslides: {{master: {master.name}}}\n",
                                    encoding="utf-8")
    return CliRunner().invoke(cli, ["brand", "check", str(kit)])


LAUGHS = ("<!DOCTYPE laughs [<!ENTITY l0 \"ha\">" + "".join(
    f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)) + "]>")


def billion_laughs(data: bytes) -> bytes:
    """Return an XML part with a DTD whose entity expands to a billion "ha"s, used in an
    attribute of the root element."""
    declaration, _, rest = data.decode("utf-8").partition("?>")
    rest = re.sub(r"(<[A-Za-z][^\s>/]*)", r'\1 laughs="&l9;"', rest, count=1)
    return f"{declaration}?>{LAUGHS}{rest}".encode()


@pytest.mark.parametrize("part", [
    "ppt/theme/theme1.xml", "ppt/slideLayouts/slideLayout1.xml", "ppt/presentation.xml",
    "[Content_Types].xml", "ppt/slideMasters/_rels/slideMaster1.xml.rels", "docProps/app.xml"])
def test_entity_expansion_in_any_xml_part_is_refused(tmp_path: Path, part: str) -> None:
    """Billion laughs in the theme (read only when a slide's colour is resolved) or any other
    XML part: refused when the master opens, naming the master and the part."""
    master = rewritten(tmp_path, {part: billion_laughs})
    result = check_kit_with(tmp_path, master)
    assert result.exit_code == 1, result.output
    assert f"master.pptx: {part}: " in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def without(tmp_path: Path, removed: str) -> Path:
    """Return the default master with the member `removed` taken out (and nothing else)."""
    out = io.BytesIO()
    with zipfile.ZipFile(DEFAULT_MASTER) as source, zipfile.ZipFile(out, "w") as zf:
        for info in source.infolist():
            if info.filename != removed:
                zf.writestr(info, source.read(info))
    path = tmp_path / "master.pptx"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("removed", ["ppt/theme/theme1.xml", "ppt/slideLayouts/slideLayout3.xml",
                                     "ppt/slideMasters/slideMaster1.xml"])
def test_a_master_missing_a_part_it_links_to_is_refused_naming_both(
        tmp_path: Path, removed: str) -> None:
    """A part deleted by hand from a master: python-pptx drops the link and fails later on the
    layout or master it took away (an internal error, or a worker that died); refused when
    the master opens, naming a part that links to it and the part missing."""
    result = check_kit_with(tmp_path, without(tmp_path, removed))
    assert result.exit_code == 1, result.output
    assert re.search(rf"master\.pptx: \S+\.rels links to {re.escape(removed)}, which the file "
                     "does not hold", result.output), result.output
    assert "internal error" not in result.output and "stopped unexpectedly" not in result.output


def test_a_dtd_is_refused_even_when_nothing_uses_it(tmp_path: Path) -> None:
    def declared(data: bytes) -> bytes:
        head, _, rest = data.partition(b"?>")
        return head + b'?><!DOCTYPE a:theme [<!ENTITY brand "Acme">]>' + rest

    master = rewritten(tmp_path, {"ppt/theme/theme1.xml": declared})
    with pytest.raises(KitError, match=r"master\.pptx: ppt/theme/theme1\.xml: declares a DTD"):
        open_master(master)


def deflated_zeros(size: int) -> bytes:
    """Return a raw deflate stream of `size` zero bytes (a multiple of 1 MiB), made in no
    time: after a full flush the compressor starts afresh, so each MiB deflates alike."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(2**20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * (size // 2**20) + compressor.flush()


def lying_zip(path: Path, member: str, inflated: int, declared: int) -> Path:
    """Write the default master with `member` replaced by `inflated` zero bytes, whose zip
    headers declare only `declared` (with the checksum of that many zeros, so that zipfile,
    which stops at the declared size, finds nothing wrong)."""
    body, directory = b"", b""
    with zipfile.ZipFile(DEFAULT_MASTER) as source:
        infos = source.infolist()
        for info in infos:
            name = info.filename.encode()
            if info.filename == member:
                raw, crc, size = deflated_zeros(inflated), zlib.crc32(bytes(declared)), declared
            else:
                data = source.read(info)
                compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
                raw = compressor.compress(data) + compressor.flush()
                crc, size = zlib.crc32(data), len(data)
            offset = len(body)
            body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(raw), size,
                                len(name), 0) + name + raw
            directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc,
                                     len(raw), size, len(name), 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(infos), len(infos), len(directory),
                      len(body), 0)
    path.write_bytes(body + directory + end)
    return path


def test_a_member_that_lies_about_its_size_is_refused_after_reading_a_little(
        tmp_path: Path) -> None:
    """A part the deck carries (the printer settings) declares 512 bytes and inflates to
    512 MiB: zipfile would inflate it whole before cutting it to size.  It is refused, with
    memory for a chunk of it, not for all of it."""
    member = "ppt/printerSettings/printerSettings1.bin"
    master = lying_zip(tmp_path / "master.pptx", member, 512 * 2**20, 512)
    tracemalloc.start()
    try:
        with pytest.raises(KitError) as caught:
            open_master(master)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (f"master.pptx: {member}: unpacks to more than the 512 bytes its zip header "
            "declares") in caught.value.format_message()
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MiB"


def test_a_layout_with_twenty_thousand_placeholders_is_refused_at_once(tmp_path: Path) -> None:
    result = check_kit_with(tmp_path, crowded_layout(tmp_path))
    assert result.exit_code == 1, result.output
    assert ("crowded-layout.pptx: ppt/slideLayouts/slideLayout2.xml: the layout holds 20005 "
            "shapes; more than 1000 is refused as absurd") in result.output
    assert "Slide Master view" in result.output


@pytest.mark.parametrize(("limit", "value", "message"), [
    ("MAX_LAYOUTS", 6, "master.pptx: the master holds 7 layouts; more than 6 is refused"),
    ("MAX_SHAPES", 40, "master.pptx: its masters and layouts hold 50 shapes in all; more than 40"),
    ("MAX_PLACEHOLDERS_PER_PART", 3,
     "master.pptx: ppt/slideMasters/slideMaster1.xml: the slide master holds 5 placeholders"),
])
def test_masters_beyond_every_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                limit: str, value: int, message: str) -> None:
    """The default master against lowered limits: what a client's master beyond them meets."""
    from generator.render.deck.masters import package

    monkeypatch.setattr(package, limit, value)
    with pytest.raises(KitError, match=re.escape(message)):
        open_master(rewritten(tmp_path, {}))


@pytest.mark.parametrize(("size", "shown"), [
    ('<p:sldSz cx="0" cy="0"/>', "its slide size (0 × 0 EMU) is not one PowerPoint makes"),
    ('<p:sldSz cx="-9144000" cy="6858000"/>', "(-9144000 × 6858000 EMU)"),
    ('<p:sldSz cx="99999999999" cy="6858000"/>', "(99999999999 × 6858000 EMU)"),
    ('<p:sldSz cx="12192000" cy="100"/>', "(12192000 × 100 EMU)"),
    ("", "it gives no slide size"),
])
def test_a_slide_size_powerpoint_would_not_make_is_refused(tmp_path: Path, sample_path: Path,
                                                           size: str, shown: str) -> None:
    def resized(data: bytes) -> bytes:
        return re.sub(rb"<p:sldSz[^>]*/>", size.encode(), data)

    master = rewritten(tmp_path, {"ppt/presentation.xml": resized})
    result, deck, _ = build_with_master(tmp_path, master, sample_path)
    assert result.exit_code == 1, result.output
    assert "master.pptx: ppt/presentation.xml: " in result.output and shown in result.output
    assert "Design › Slide Size" in result.output
    assert not deck.exists()
