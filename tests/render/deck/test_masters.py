"""PowerPoint masters: safe opening, layout mapping, sample-slide removal and theming."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pptx
import pytest
from conftest import REPO
from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.oxml.ns import qn
from pptx.util import Inches

from generator.errors import KitError
from generator.kits.model import LAYOUT_KINDS
from generator.render.deck.masters import package as master_package
from generator.render.deck.masters.choose import KINDS, map_layouts
from generator.render.deck.masters.package import open_master
from generator.render.deck.masters.resolve import decorations, resolve_layout
from generator.render.deck.masters.theme import apply_theme
from generator.render.deck.units import Box

DEFAULT_MASTER = REPO / "templates" / "default" / "master.pptx"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
ENGLISH = [kind.label for kind in KINDS.values()]
GERMAN = ["Titelfolie", "Abschnittsüberschrift", "Titel und Inhalt", "Zwei Inhalte",
          "vergleich", "NUR TITEL", "Leer"]  # odd case on purpose: matching ignores it


def seven_layout_master(tmp_path: Path, names: list[str] | None = None,
                        drop: tuple[str, ...] = (), name: str = "master.pptx") -> Path:
    """Return a master made from python-pptx's template: our seven layouts, maybe renamed."""
    prs = pptx.Presentation()
    for layout in list(prs.slide_layouts):
        if layout.name not in ENGLISH or layout.name in drop:
            prs.slide_layouts.remove(layout)
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    for english, new in zip(ENGLISH, names or ENGLISH, strict=True):
        if english in by_name:
            by_name[english].name = new
    path = tmp_path / name
    prs.save(str(path))
    return path


def forbid_pptx(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any call to python-pptx's Presentation fail the test."""
    def boom(*_args: object) -> None:
        raise AssertionError("python-pptx must not see this file")
    monkeypatch.setattr(master_package, "Presentation", boom)


def theme_xml(path: Path) -> etree._Element:
    """Return the parsed first theme of the saved deck at `path`."""
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("ppt/theme/theme1.xml"))


# -- the default master ----------------------------------------------------------------------


def test_default_master_is_16_9_with_seven_layouts_mapped_by_name_and_shape() -> None:
    prs = open_master(DEFAULT_MASTER)
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 13.333 x 7.5 in
    assert [layout.name for layout in prs.slide_layouts] == ENGLISH
    assert len(prs.slides) == 0
    choices = map_layouts(prs)
    assert list(choices) == list(LAYOUT_KINDS)
    for kind, choice in choices.items():
        assert choice.kind == kind
        assert choice.layout.name == KINDS[kind].label
        assert f'named "{choice.layout.name}"' in choice.reason, choice.reason
        assert f"a {KINDS[kind].label} layout by its type" in choice.reason, choice.reason


def test_default_master_placeholders_stay_on_the_slide_and_apart() -> None:
    prs = open_master(DEFAULT_MASTER)
    width, height = prs.slide_width, prs.slide_height
    for layout in prs.slide_layouts:
        resolved = resolve_layout(layout, width, height)
        main = [s.box for s in (resolved.title, resolved.subtitle, *resolved.headers,
                                *resolved.bodies) if s is not None]
        for shape in layout.placeholders:
            assert shape.left >= 0 and shape.top >= 0, (layout.name, shape.name)
            assert shape.left + shape.width <= width, (layout.name, shape.name)
            assert shape.top + shape.height <= height, (layout.name, shape.name)
        for i, one in enumerate(main):
            for other in main[i + 1:]:
                apart = (one.left + one.width <= other.left or other.left + other.width <= one.left
                         or one.bottom <= other.top or other.bottom <= one.top)
                assert apart, layout.name


def test_comparison_placeholders_split_into_headers_and_bodies() -> None:
    prs = open_master(DEFAULT_MASTER)
    resolved = map_layouts(prs)["comparison"].resolved
    assert resolved.title is not None and resolved.subtitle is None
    assert [s.idx for s in resolved.headers] == [1, 3]
    assert [s.idx for s in resolved.bodies] == [2, 4]
    assert resolved.headers[0].box.left < resolved.headers[1].box.left


# -- mapping other masters -------------------------------------------------------------------


def test_german_layout_names_are_usual_names(tmp_path: Path) -> None:
    choices = map_layouts(open_master(seven_layout_master(tmp_path, GERMAN)))
    assert {kind: c.layout.name for kind, c in choices.items()} == dict(
        zip(LAYOUT_KINDS, GERMAN, strict=True))
    assert 'named "vergleich"' in choices["comparison"].reason


def test_arbitrary_layout_names_are_mapped_by_type_and_roles(tmp_path: Path) -> None:
    arbitrary = [f"Layout {n}" for n in (7, 3, 9, 1, 4, 8, 2)]
    choices = map_layouts(open_master(seven_layout_master(tmp_path, arbitrary)))
    assert {kind: c.layout.name for kind, c in choices.items()} == dict(
        zip(LAYOUT_KINDS, arbitrary, strict=True))
    assert "2 bodies side by side with a heading each" in choices["comparison"].reason
    assert "2 bodies side by side" in choices["two_content"].reason
    assert choices["content"].reason == "a Title and Content layout by its type; title + 1 body"


def test_without_names_or_types_the_roles_still_choose(tmp_path: Path) -> None:
    """A master whose layouts say neither their name nor their type (as some exports write
    them) is still mapped by the placeholders each layout holds."""
    path = seven_layout_master(tmp_path, [f"Layout {n}" for n in range(7)])
    prs = open_master(path)
    for layout in prs.slide_layouts:
        layout._element.attrib.pop("type", None)
    choices = map_layouts(prs)
    assert choices["comparison"].resolved.headers and len(choices["comparison"].resolved.bodies) == 2
    assert len(choices["two_content"].resolved.bodies) == 2
    assert len(choices["content"].resolved.bodies) == 1


def test_missing_comparison_falls_back_to_two_content(tmp_path: Path) -> None:
    choices = map_layouts(open_master(seven_layout_master(tmp_path, drop=("Comparison",))))
    assert choices["comparison"].layout is choices["two_content"].layout
    assert choices["comparison"].reason == ("no layout suits Comparison; using the Two Content "
                                            'one ("Two Content")')


def test_fallbacks_chain_down_to_content(tmp_path: Path) -> None:
    path = seven_layout_master(tmp_path, drop=("Comparison", "Two Content", "Section Header",
                                               "Title Only", "Blank"))
    choices = map_layouts(open_master(path))
    for kind in ("comparison", "two_content", "title_only"):
        assert choices[kind].layout.name == "Title and Content", kind
    for kind in ("comparison", "two_content"):
        assert choices[kind].reason.startswith("no layout suits "), kind
    assert choices["section"].layout.name == "Title Slide"


def test_a_layout_named_comparison_without_bodies_is_not_used_for_comparisons(
        tmp_path: Path) -> None:
    """A name is a hint that is checked: "Comparison" here has only a title."""
    names = [*ENGLISH[:4], "Title Only", "Comparison", "Blank"]  # the two swapped names
    choices = map_layouts(open_master(seven_layout_master(tmp_path, names)))
    assert choices["comparison"].layout.name == "Title Only"  # the real comparison layout
    assert choices["title_only"].layout.name == "Comparison"
    assert choices["comparison"].warnings == ()
    # named by the kit, it is used all the same, with a warning that says why it is odd
    named = map_layouts(open_master(seven_layout_master(tmp_path, names, name="m2.pptx")),
                        {"comparison": "Comparison"})["comparison"]
    assert named.layout.name == "Comparison"
    (warning,) = named.warnings
    assert warning.startswith('slides.layouts.comparison: layout "Comparison" was not made for '
                              "a Comparison slide (it has 0 body placeholders, not 2)")


def test_master_without_room_for_content_is_refused_with_each_layouts_reason(
        tmp_path: Path) -> None:
    prs = open_master(seven_layout_master(tmp_path, drop=tuple(ENGLISH[1:])))
    for shape in list(prs.slide_layouts[0].placeholders):  # the title slide, made full
        shape.top, shape.height = 0, prs.slide_height
    with pytest.raises(KitError, match=r'no layout a Title and Content slide can use \("Title '
                                       r'Slide": it leaves [\d.]+ × 0 in for content\)'):
        map_layouts(prs)


def test_explicit_names_win_and_unknown_names_list_the_layouts(tmp_path: Path) -> None:
    prs = open_master(seven_layout_master(tmp_path, GERMAN))
    choices = map_layouts(prs, {"content": "zwei inhalte"})
    assert choices["content"].layout.name == "Zwei Inhalte"
    assert choices["content"].reason == 'named "Zwei Inhalte" in the brand kit'
    with pytest.raises(KitError) as caught:
        map_layouts(prs, {"comparison": "Side by side"})
    message = caught.value.format_message()
    assert '"Side by side"' in message
    assert all(f'"{name}"' in message for name in GERMAN)
    with pytest.raises(KitError, match="unknown layout kind"):
        map_layouts(prs, {"table": "Leer"})
    blank = map_layouts(prs, {"content": "Leer"})["content"]
    assert blank.layout.name == "Leer" and "a title is added" in blank.warnings[0]


# -- opening ---------------------------------------------------------------------------------


def test_potx_template_opens(tmp_path: Path) -> None:
    pptx_path = seven_layout_master(tmp_path)
    potx = tmp_path / "master.potx"
    with zipfile.ZipFile(pptx_path) as src, zipfile.ZipFile(potx, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(CT.PML_PRESENTATION_MAIN.encode(), CT.PML_TEMPLATE_MAIN.encode())
            dst.writestr(info, blob)
    with pytest.raises(ValueError, match="not a PowerPoint file"):
        pptx.Presentation(str(potx))  # why open_master has to help
    prs = open_master(potx)
    assert map_layouts(prs)["comparison"].layout.name == "Comparison"
    out = tmp_path / "deck.pptx"
    prs.save(str(out))
    with zipfile.ZipFile(out) as zf:
        assert CT.PML_PRESENTATION_MAIN.encode() in zf.read("[Content_Types].xml")


def test_sample_slides_are_dropped_without_orphans(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(seven_layout_master(tmp_path)))
    for layout in list(prs.slide_layouts)[:3]:
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = "Sample"
        slide.notes_slide.notes_text_frame.text = "Speaker notes"
    # a custom show references a slide a second time, which keeps python-pptx's drop_rel from
    # dropping the relationship unless the show goes first
    r_id = prs.slides._sldIdLst[0].rId
    show = etree.fromstring(
        '<p:custShowLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<p:custShow name="Short" id="0"><p:sldLst><p:sld r:id="{r_id}"/></p:sldLst>'
        "</p:custShow></p:custShowLst>")
    prs.part._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}defaultTextStyle"
    ).addprevious(show)
    with_slides = tmp_path / "with-slides.pptx"
    prs.save(str(with_slides))

    opened = open_master(with_slides)
    assert len(opened.slides) == 0
    out = tmp_path / "deck.pptx"
    opened.save(str(out))
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        types = zf.read("[Content_Types].xml").decode()
        presentation = zf.read("ppt/presentation.xml").decode()
        rels = zf.read("ppt/_rels/presentation.xml.rels").decode()
    assert not [n for n in names if n.startswith(("ppt/slides/", "ppt/notesSlides/"))]
    assert "slide+xml" not in types and "notesSlide+xml" not in types
    assert "custShow" not in presentation and "/slide\"" not in rels
    assert len(pptx.Presentation(str(out)).slides) == 0
    again = pptx.Presentation(str(out))
    again.slides.add_slide(again.slide_layouts[0])  # still a healthy deck to add to
    again.save(str(out))


def test_text_file_renamed_to_pptx_is_refused(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_pptx(monkeypatch)
    path = tmp_path / "master.pptx"
    path.write_text("This is not a slide deck.\n", encoding="utf-8")
    with pytest.raises(KitError, match=r"master\.pptx: not a PowerPoint file \(it is not a zip"):
        open_master(path)


def test_truncated_zip_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_pptx(monkeypatch)
    whole = seven_layout_master(tmp_path).read_bytes()
    path = tmp_path / "truncated.pptx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(KitError, match="truncated or corrupt"):
        open_master(path)


def test_zip_bomb_is_refused_from_the_directory(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_pptx(monkeypatch)
    path = tmp_path / "bomb.pptx"
    zeros = bytes(2**20)
    # streamed, so the test never holds more than 1 MB; 300 MB of zeros packs to about 300 KB
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("ppt/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(zeros)
    assert path.stat().st_size < 5 * 2**20
    with pytest.raises(KitError, match="zip bomb"):
        open_master(path)


def test_small_but_highly_compressed_member_is_refused(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_pptx(monkeypatch)
    path = tmp_path / "ratio.pptx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ppt/media/zeros.bin", bytes(20 * 2**20))
    with pytest.raises(KitError, match="inflates"):
        open_master(path)


@pytest.mark.parametrize(("members", "message"), [
    ({"hello.txt": "hi"}, r"\[Content_Types\]\.xml and _rels/\.rels missing"),
    ({"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>"},
     "no ppt/presentation.xml"),
])
def test_zip_without_presentation_parts_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   members: dict[str, str], message: str) -> None:
    forbid_pptx(monkeypatch)
    path = tmp_path / "parts.pptx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    with pytest.raises(KitError, match=message):
        open_master(path)


def test_word_document_and_legacy_ppt_are_refused(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_pptx(monkeypatch)
    word = tmp_path / "word.pptx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml",
                    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Override PartName="/word/document.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                    "</Types>")
        zf.writestr("_rels/.rels",
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
                    '.org/officeDocument/2006/relationships/officeDocument" '
                    'Target="word/document.xml"/></Relationships>')
        zf.writestr("word/document.xml", "<document/>")
    word.write_bytes(buffer.getvalue())
    with pytest.raises(KitError, match="a Word document"):
        open_master(word)
    legacy = tmp_path / "old.pptx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(KitError, match=r"legacy \.ppt"):
        open_master(legacy)


def test_errors_from_python_pptx_become_kit_errors(tmp_path: Path) -> None:
    path = seven_layout_master(tmp_path)
    with zipfile.ZipFile(path) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    rels = "ppt/_rels/presentation.xml.rels"
    for part, blob, message in (
            # XML that is not well-formed is refused before python-pptx reads it
            ("ppt/presentation.xml", b"<p:presentation>broken",
             "ppt/presentation.xml: not well-formed XML"),
            # a relationship without its Id is well-formed, and python-pptx rejects it
            (rels, members[rels].replace(b' Id="rId1"', b"", 1), "python-pptx cannot open")):
        broken = tmp_path / "broken.pptx"
        with zipfile.ZipFile(broken, "w") as zf:
            for name, data in {**members, part: blob}.items():
                zf.writestr(name, data)
        with pytest.raises(KitError, match=message) as caught:
            open_master(broken)
        assert "python-pptx" not in message or caught.value.__cause__ is not None


def test_missing_file_is_a_kit_error(tmp_path: Path) -> None:
    with pytest.raises(KitError, match="cannot read"):
        open_master(tmp_path / "absent.pptx")


# -- theme -----------------------------------------------------------------------------------


def test_apply_theme_writes_colours_and_fonts(tmp_path: Path) -> None:
    prs = open_master(DEFAULT_MASTER)
    colors = {"primary": "#112233", "secondary": "#445566", "accent": "#778899",
              "text": "#000000", "background": "#fafafa"}
    apply_theme(prs, colors, "Source Serif", "Source Sans")
    out = tmp_path / "themed.pptx"
    prs.save(str(out))
    theme = theme_xml(out)
    slots = {el.tag.removeprefix(A): el[0].get("val") for el in theme.find(f".//{A}clrScheme")}
    assert slots["dk1"] == "000000" and slots["lt1"] == "FAFAFA"
    assert slots["dk2"] == slots["accent1"] == "112233"
    assert (slots["accent2"], slots["accent3"]) == ("445566", "778899")
    assert slots["lt2"] == "EEF2F7"  # not a brand colour: left as the master has it
    assert theme.find(f".//{A}majorFont/{A}latin").get("typeface") == "Source Serif"
    assert theme.find(f".//{A}minorFont/{A}latin").get("typeface") == "Source Sans"


def test_apply_theme_rejects_bad_values() -> None:
    prs = open_master(DEFAULT_MASTER)
    with pytest.raises(KitError, match="not a #RRGGBB"):
        apply_theme(prs, {"primary": "navy"}, "Inter", "Inter")
    with pytest.raises(KitError, match="unknown colour"):
        apply_theme(prs, {"brand": "#000000"}, "Inter", "Inter")
    with pytest.raises(KitError, match="font family"):
        apply_theme(prs, {}, " ", "Inter")


def test_a_named_layout_that_leaves_no_room_is_used_with_the_reason(tmp_path: Path) -> None:
    prs = pptx.Presentation()
    heading_only = next(layout for layout in prs.slide_layouts if layout.name == "Title Only")
    heading_only.name = "Heading Only"
    title = heading_only.placeholders[0]
    # the title ends 0.25 in (and the 0.2 in gap) above what the slide number leaves free
    number = next(s for s in heading_only.placeholders if s.placeholder_format.type == 13)
    title.left, title.width = Inches(0.5), prs.slide_width - Inches(1)
    title.top = Inches(0.3)
    title.height = number.top - Inches(0.1) - Inches(0.25) - Inches(0.2) - title.top
    path = tmp_path / "heading-only.pptx"
    prs.save(str(path))
    choice = map_layouts(open_master(path), {"content": "Heading Only"})["content"]
    assert choice.layout.name == "Heading Only"
    assert "(it leaves" in choice.warnings[0] and "0.25 in for content" in choice.warnings[0]


# -- geometry the master draws rather than the layout ------------------------------------------

EXPORTS = REPO / "tests" / "data" / "masters" / "libreoffice"


def _overlaps(one: Box, other: Box) -> bool:
    return not (one.left + one.width <= other.left or other.left + other.width <= one.left
                or one.bottom <= other.top or other.bottom <= one.top)


def test_flattened_export_puts_content_titles_where_the_master_draws_its_band() -> None:
    """LibreOffice writes Midnightblue's layouts with the title slide's geometry (title in the
    middle); its master keeps the title in the dark band at the top.  Content slides follow
    the master, title and section slides keep their own layout."""
    prs = open_master(EXPORTS / "Midnightblue.pptx")
    height = prs.slide_height
    choices = map_layouts(prs)
    for kind in ("content", "two_content", "comparison", "title_only"):
        resolved = choices[kind].resolved
        assert resolved.title is not None and resolved.title.at.top < 0.1 * height, kind
        assert resolved.area.top >= resolved.title.at.bottom, kind
        assert resolved.area.height > 0.6 * height, kind
    assert "where the master puts them" in choices["content"].reason
    for kind in ("title", "section"):
        resolved = choices[kind].resolved
        assert resolved.title is not None and resolved.title.at.top > 0.2 * height, kind
        assert "where the master puts them" not in choices[kind].reason
    # the layout itself is not changed: the move is a view for content slides only
    own = resolve_layout(choices["content"].layout, prs.slide_width, height)
    assert own.title is not None and own.title.at.top > 0.2 * height


def test_free_area_keeps_clear_of_the_masters_bands_and_shapes() -> None:
    for name in ("Midnightblue", "Focus"):
        prs = open_master(EXPORTS / f"{name}.pptx")
        width, height = prs.slide_width, prs.slide_height
        for kind in ("blank", "title_only"):
            choice = map_layouts(prs)[kind]
            drawn = decorations(choice.layout, width, height)
            assert drawn, (name, kind)
            area = choice.resolved.area
            assert area.width * area.height > 0.3 * width * height, (name, kind)
            assert not any(_overlaps(area, box) for box in drawn), (name, kind)


def test_translucent_glows_and_full_slide_backgrounds_are_not_decorations() -> None:
    prs = open_master(EXPORTS / "Lights.pptx")  # a gradient with translucent circles
    for layout in prs.slide_layouts:
        assert decorations(layout, prs.slide_width, prs.slide_height) == [], layout.name


def test_an_opaque_panel_cuts_the_free_area_and_a_translucent_one_does_not(
        tmp_path: Path) -> None:
    prs = pptx.Presentation()
    width, height = prs.slide_width, prs.slide_height
    blank = next(layout for layout in prs.slide_layouts if layout.name == "Blank")
    panel = blank.shapes._spTree.add_autoshape(  # a panel down the right-hand quarter
        99, "Panel", "rect", int(width * 0.75), 0, width // 4, height)
    fill = etree.SubElement(panel.find(qn("p:spPr")), qn("a:solidFill"))
    colour = etree.SubElement(fill, qn("a:srgbClr"), val="1F3864")
    path = tmp_path / "panel.pptx"
    prs.save(str(path))
    opened = open_master(path)
    layout = next(x for x in opened.slide_layouts if x.name == "Blank")
    area = resolve_layout(layout, width, height).area
    assert area.left + area.width < width * 0.75
    assert area.width > width * 0.5

    etree.SubElement(colour, qn("a:alpha"), val="20000")  # 20 % opaque: a tint, not a panel
    prs.save(str(path))
    opened = open_master(path)
    layout = next(x for x in opened.slide_layouts if x.name == "Blank")
    assert resolve_layout(layout, width, height).area.left + resolve_layout(
        layout, width, height).area.width > width * 0.75


def test_content_slides_use_the_master_whose_art_leaves_their_area_free() -> None:
    """Focus has a cover master (large triangles across the slide) and a plain one with the
    same layout names: content slides take the plain one's layouts."""
    prs = open_master(EXPORTS / "Focus.pptx")
    width, height = prs.slide_width, prs.slide_height
    choices = map_layouts(prs)
    used = {c.layout.slide_master._element for c in choices.values()}
    assert len(used) == 1
    for kind in ("content", "two_content", "comparison"):
        resolved = choices[kind].resolved
        assert resolved.free_area >= 0.9 * resolved.area.width * resolved.area.height, kind
    cover = next(m for m in prs.slide_masters if m._element not in used)
    content = next(layout for layout in cover.slide_layouts if layout.name == "Title, Content")
    resolved = resolve_layout(content, width, height)
    assert resolved.free_area < 0.7 * resolved.area.width * resolved.area.height
