"""Brand kits: layering over default, overrides, and kits that are broken or hostile."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from broken_fonts import character_map_cut_short, corrupt_woff2
from click.testing import CliRunner
from conftest import REPO, make_kit
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pypdf import PdfReader

from generator.cli import cli
from generator.errors import KitError, TemplateError
from generator.kits.folders import default_kit_folder
from generator.kits.load import load_brand
from generator.render import FORMATS
from generator.render.context import template_context
from generator.render.job import RenderJob, RenderOptions
from generator.source.load import load_source
from generator.templating.environment import make_environment

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a5f0d7a40000000049454e44ae426082"
)


def image_sizes(pdf: bytes) -> set[tuple[int, int]]:
    """Return the pixel sizes of the images the pages of `pdf` draw."""
    return {(int(x.get_object()["/Width"]), int(x.get_object()["/Height"]))
            for page in PdfReader(io.BytesIO(pdf)).pages
            for x in (page["/Resources"].get("/XObject") or {}).values()
            if x.get_object().get("/Subtype") == "/Image"}


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def render(fmt: str, kit_path: Path, source: Path, **job) -> tuple[bytes, RenderJob]:
    render_job = RenderJob(load_source(source), load_brand(str(kit_path)), source.resolve(),
                           RenderOptions(**job))
    return FORMATS[fmt].render(render_job), render_job


def test_template_search_path_is_kit_then_default(tmp_path: Path) -> None:
    kit = load_brand(str(make_kit(tmp_path, "name: Acme\n")))
    assert kit.folders == (tmp_path / "kit", default_kit_folder())
    assert load_brand("default").folders == (default_kit_folder(),)


def test_kit_values_layer_over_default(tmp_path: Path) -> None:
    kit = load_brand(str(make_kit(tmp_path, (
        "name: Acme\npaper: letter\nfooter: Acme footer\ncolors: {primary: '#112233'}\n"
        "labels: {takeaways: Remember this}\n"))))
    assert kit.paper == "letter" and kit.footer == "Acme footer"
    assert kit.colors.primary == "#112233" and kit.colors.accent == "#E07A2E"  # default kept
    assert kit.labels == {"takeaways": "Remember this"}
    assert kit.slides.master == default_kit_folder() / "master.pptx"


def test_override_wins_and_can_extend_the_default(tmp_path: Path, sample_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Acme\n", {"handout.html.j2": (
        '{% extends "default/handout.html.j2" %}'
        '{% block sources %}<p>ACME-SOURCES-REPLACED</p>{% endblock %}')})
    text = pdf_text(render("handout", kit, sample_path)[0], tmp_path)
    assert "ACME-SOURCES-REPLACED" in text
    assert "At a glance" in text  # the blocks not replaced are the default's
    whole = make_kit(tmp_path, "name: Acme\n", {"handout.html.j2": (
        '{% extends "base.html.j2" %}{% block body %}<p>ACME-WHOLE</p>{% endblock %}')})
    text = pdf_text(render("handout", whole, sample_path)[0], tmp_path)
    assert "ACME-WHOLE" in text and "At a glance" not in text


def test_labels_and_footer_reach_the_pdf(tmp_path: Path, sample_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Acme\nfooter: ACME-FOOTER-TEXT\n"
                             "labels: {at_a_glance: Side by side}\n")
    text = pdf_text(render("handout", kit, sample_path)[0], tmp_path)
    assert "ACME-FOOTER-TEXT" in text and "Side by side" in text


def test_command_line_paper_beats_the_kit(tmp_path: Path, sample_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Acme\npaper: letter\n")
    out = tmp_path / "out.pdf"
    out.write_bytes(render("cheatsheet", kit, sample_path)[0])
    assert round(float(PdfReader(out).pages[0].mediabox.width)) in (612, 792)
    out.write_bytes(render("cheatsheet", kit, sample_path, paper="a4")[0])
    assert round(float(PdfReader(out).pages[0].mediabox.width)) in (595, 842)


@pytest.mark.parametrize(("brand_yaml", "files", "message"), [
    ("name: X\nlogo: missing.png\n", {}, "file 'missing.png' not found in the kit"),
    ("name: X\nlogo: ../outside.png\n", {}, "'../outside.png' is outside the kit folder"),
    ("name: X\ncolors: {primary: 'red;}</style>'}\n", {}, "colors.primary"),
    ("name: X\nlogo: logo.png\n", {"logo.png": "just text"}, "'logo.png' is not a PNG image"),
    ("name: X\nslides: {master: m.pptx}\n", {"m.pptx": "not a zip"}, "m.pptx"),
    ("name: X\nlabels: {takeaway_s: Y}\n", {}, "unknown label 'takeaway_s'"),
    ("name: X\npaper: a3\n", {}, "paper"),
    ("name: X\nfolders: [/etc]\n", {}, "unknown key 'folders'"),
    ("name: X\nlogo: logo.svg\n", {"logo.svg": (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
        '<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>')}, "DOCTYPE or entities"),
    ("name: X\nlogo: logo.svg\n", {"logo.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="file:///etc/passwd"/></svg>')}, "refers to 'file:///etc/passwd'"),
])
def test_bad_kits_fail_clearly(tmp_path: Path, brand_yaml: str, files: dict, message: str) -> None:
    (tmp_path / "outside.png").write_bytes(PNG_1PX)
    kit = make_kit(tmp_path, brand_yaml, files)
    with pytest.raises(KitError) as caught:
        from generator.build.kit_check import check_kit

        check_kit(str(kit))
    assert message in caught.value.format_message()
    result = CliRunner().invoke(cli, ["brand", "check", str(kit)])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_decompression_bomb_logo_is_refused(tmp_path: Path) -> None:
    from PIL import Image

    kit = make_kit(tmp_path, "name: X\nlogo: logo.png\n")
    Image.new("1", (9000, 9000)).save(kit / "logo.png")  # small file, 81 million pixels
    assert (kit / "logo.png").stat().st_size < 200_000
    with pytest.raises(KitError, match="cannot be read as an image"):
        load_brand(str(kit))


def test_logo_symlink_leaving_the_kit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(PNG_1PX)
    kit = make_kit(tmp_path, "name: X\nlogo: logo.png\n")
    os.symlink(tmp_path / "secret.png", kit / "logo.png")
    with pytest.raises(KitError, match="outside the kit folder"):
        load_brand(str(kit))


def outside_png(tmp_path: Path, color: tuple[int, int, int]) -> Path:
    """Return a PNG outside any kit, of one colour (to recognise it if it leaks)."""
    from PIL import Image

    path = tmp_path / "outside.png"
    Image.new("RGB", (40, 20), color).save(path)
    return path


def test_a_kit_s_files_are_those_inside_it_links_out_are_not_followed(tmp_path: Path) -> None:
    """The files a kit's up-to-date key hashes and its size limits count are those inside
    its folder: a link to a 3 GiB file elsewhere is left out (followed, it would be read, or
    refuse the kit as too large), and a link to a file of the kit is followed."""
    from generator.build.freshness import kit_digest
    from generator.kits.folders import kit_files

    outside = tmp_path / "elsewhere.bin"
    with outside.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: a few blocks on disk
    kit = make_kit(tmp_path, "name: X\n", {"notes/inside.txt": "first"})
    os.symlink(outside, kit / "huge.bin")
    os.symlink(kit / "notes" / "inside.txt", kit / "alias.txt")
    assert sorted(path.relative_to(kit).as_posix() for path, _ in kit_files(kit)) == [
        "alias.txt", "brand.yaml", "notes/inside.txt"]
    before = kit_digest([kit])
    (kit / "notes" / "inside.txt").write_text("second", encoding="utf-8")
    assert kit_digest([kit]) != before


@pytest.mark.parametrize("linked", [True, False])
def test_a_kit_file_linked_to_one_outside_is_not_fetched_for_the_pdfs(
        tmp_path: Path, sample_path: Path, linked: bool) -> None:
    """A stylesheet's `url(leak.png)` where leak.png, in the kit, links to a file outside it:
    the PDFs' fetcher resolves the link and refuses it (the same file copied in is read)."""
    kit = make_kit(tmp_path, "name: X\ncss: [extra.css]\n",
                   {"extra.css": "h1 { background: url(leak.png) }\n"})
    outside = outside_png(tmp_path, (255, 0, 0))
    if linked:
        os.symlink(outside, kit / "leak.png")
    else:
        shutil.copy(outside, kit / "leak.png")
    _, job = render("handout", kit, sample_path)
    refused = [str(w) for w in job.warnings if "refused to read" in str(w)]
    assert bool(refused) == linked and all("leak.png" in w for w in refused), refused


def test_a_stylesheet_import_linked_outside_the_kit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.css").write_text("p { color: red }\n", encoding="utf-8")
    kit = make_kit(tmp_path, "name: X\ncss: [extra.css]\n",
                   {"extra.css": '@import "more.css";\n'})
    os.symlink(tmp_path / "outside.css", kit / "more.css")
    result = CliRunner().invoke(cli, ["brand", "check", str(kit)])
    assert result.exit_code == 1
    assert "extra.css:1:1: @import of something other than a stylesheet of the kit" in (
        result.output), result.output


def test_an_svg_logo_s_png_twin_linked_outside_the_kit_is_not_used(
        tmp_path: Path, sample_path: Path) -> None:
    """The deck takes an SVG logo's PNG twin only from inside the kit: a twin that links
    outside is ignored and the logo drawn from the SVG."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
           '<rect width="40" height="20" fill="#0000ff"/></svg>')
    kit = make_kit(tmp_path, "name: X\nlogo: logo.svg\n", {"logo.svg": svg})
    outside = outside_png(tmp_path, (255, 0, 0))
    os.symlink(outside, kit / "logo.png")
    deck, _ = render("slides", kit, sample_path)
    logo = next(shape for slide in Presentation(io.BytesIO(deck)).slides
                for shape in slide.shapes if shape.name == "Logo")
    assert logo.image.blob != outside.read_bytes()
    from PIL import Image
    with Image.open(io.BytesIO(logo.image.blob)) as image:
        red, _, blue, *_ = image.convert("RGBA").getpixel((image.width // 2,
                                                          image.height // 2))
    assert blue > 200 and red < 50  # the SVG's blue, not the outside file's red


@pytest.mark.parametrize("template", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ('{0.__class__.__init__.__globals__}'|attr('format'))(doc) }}",
    "{{ '{0.__class__}'.format(doc) }}",
    "{% set f = 'x{0.__class__}'.format %}{{ f(doc) }}",
])
def test_sandbox_escapes_are_clear_errors(tmp_path: Path, sample_path: Path, template: str) -> None:
    kit = make_kit(tmp_path, "name: X\n", {"handout.html.j2": template})
    with pytest.raises(TemplateError) as caught:
        render("handout", kit, sample_path)
    assert "handout.html.j2" in caught.value.format_message()


def test_template_errors_are_located(tmp_path: Path, sample_path: Path) -> None:
    kit = make_kit(tmp_path, "name: X\n", {"handout.html.j2": "line one\n{% if %}\n"})
    with pytest.raises(TemplateError, match=r"handout.html.j2:2: template syntax error"):
        render("handout", kit, sample_path)
    kit = make_kit(tmp_path, "name: X\n", {"handout.html.j2": "\n\n{{ no_such_variable }}"})
    with pytest.raises(TemplateError, match=r"handout.html.j2:3: 'no_such_variable' is undefined"):
        render("handout", kit, sample_path)


@pytest.mark.parametrize(("template", "message"), [
    ("{% for i in range(10**6) %}x{% endfor %}", "too much time or memory"),
    ("{{ 'x' * 10**9 }}", "larger than 1000000 items"),
    ("{{ 7 ** 100000000 }}", "exponent 100000000 is larger than 1000"),
])
def test_huge_template_computations_are_stopped(tmp_path: Path, sample_path: Path, template: str,
                                                message: str) -> None:
    kit = make_kit(tmp_path, "name: X\n", {"handout.html.j2": template})
    with pytest.raises(TemplateError, match=message):
        render("handout", kit, sample_path)


def test_symlinked_template_outside_the_kit_is_refused(tmp_path: Path, sample_path: Path) -> None:
    (tmp_path / "evil.j2").write_text("{{ doc.title }}")
    kit = make_kit(tmp_path, "name: X\n")
    os.symlink(tmp_path / "evil.j2", kit / "handout.html.j2")
    with pytest.raises(TemplateError, match="outside the kit"):
        render("handout", kit, sample_path)


def test_no_file_outside_the_kit_reaches_a_pdf(tmp_path: Path, sample_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    (tmp_path / "secret.png").write_bytes(PNG_1PX)
    template = (
        '{% extends "default/handout.html.j2" %}{% block sources %}'
        f'<link rel="attachment" href="file://{secret}">'
        f'<a rel="attachment" href="file://{secret}">x</a>'
        f'<img src="file://{tmp_path / "secret.png"}"><img src="http://127.0.0.1:9/x.png">'
        '{% endblock %}'
    )
    kit = make_kit(tmp_path, "name: X\ncss: [extra.css]\n", {
        "handout.html.j2": template,
        "extra.css": f'body {{ background: url("file://{secret}") }}',
        "handout.css.j2": f'@import url("file://{secret}");\n'
                          '{% include "default/handout.css.j2" %}',
    })
    data, job = render("handout", kit, sample_path)
    assert b"TOP-SECRET-CONTENT" not in data and b"/EmbeddedFile" not in data
    # named by its URL's start and end (a long URL is quoted short)
    assert any("refused to read file:///" in warning and f"/{secret.name} — " in warning
               for warning in map(str, job.warnings))
    assert any("127.0.0.1" in warning for warning in map(str, job.warnings))


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#1F3A5F").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["handout", pytest.param("cheatsheet", marks=pytest.mark.slow)])
def test_no_pdf_carries_an_attachment_even_of_a_file_it_may_read(
        tmp_path: Path, sample_path: Path, fmt: str) -> None:
    """The kit's own stylesheet and logo are files the PDFs may read; attached, they would
    travel whole inside every client's handout.  No output of ours carries attachments."""
    block = "intro" if fmt == "handout" else "takeaways"
    kit = make_kit(tmp_path, "name: X\ncss: [extra.css]\nlogo: mark.png\n", {
        f"{fmt}.html.j2": (f'{{% extends "default/{fmt}.html.j2" %}}{{% block {block} %}}'
                           '<link rel="attachment" href="extra.css" title="a">'
                           '<a rel="attachment" href="mark.png">mark</a>'
                           "{{ super() }}{% endblock %}"),
        "extra.css": "/* KIT-INTERNAL-STYLESHEET */ body { color: black }",
        "mark.png": png_bytes(),
    })
    data, _ = render(fmt, kit, sample_path)
    reader = PdfReader(io.BytesIO(data))
    assert "/Names" not in reader.trailer["/Root"] or "/EmbeddedFiles" not in (
        reader.trailer["/Root"]["/Names"])
    annotations = [a.get_object().get("/Subtype") for page in reader.pages
                   for a in page.get("/Annots", [])]
    assert "/FileAttachment" not in annotations
    assert b"KIT-INTERNAL-STYLESHEET" not in data and b"/EmbeddedFile" not in data


def test_brand_new_scaffolds_a_kit_that_checks(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["brand", "new", "acme"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "templates" / "acme" / "brand.yaml").is_file()
    listed = CliRunner().invoke(cli, ["brand", "list"])
    assert "your kits, in ./templates (build with --brand NAME):\n  acme" in listed.output
    assert "shipped with coursepack, in " in listed.output and "  default " in listed.output
    assert "(the base every kit is layered over)" in listed.output
    checked = CliRunner().invoke(cli, ["brand", "check", "acme"])
    assert checked.exit_code == 0 and "comparison  -> 'Comparison'" in checked.output
    assert CliRunner().invoke(cli, ["brand", "new", "acme"]).exit_code == 1


def test_brand_list_says_a_copy_of_the_default_kit_is_not_the_base(tmp_path: Path,
                                                                     monkeypatch) -> None:
    """Editing templates/default in a clone does nothing after `pip install .`: the list says
    so, and what to do instead."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(default_kit_folder(), tmp_path / "templates" / "default")
    listed = CliRunner().invoke(cli, ["brand", "list"])
    assert "note: ./templates/default is not the base of the builds" in listed.output
    assert "coursepack brand new NAME" in listed.output


def test_unknown_kit_name_suggests(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--brand", "defualt"])
    assert result.exit_code == 1
    assert "did you mean 'default'?" in result.output


def test_copied_default_kit_is_a_valid_client_kit(tmp_path: Path) -> None:
    shutil.copytree(default_kit_folder(), tmp_path / "copy")
    assert load_brand(str(tmp_path / "copy")).folders[0] == tmp_path / "copy"


def test_content_is_never_compiled_as_template(tmp_path: Path) -> None:
    env = make_environment(load_brand().folders)
    assert env.from_string("{{ x }}").render(x="{{ 7 * 7 }}") == "{{ 7 * 7 }}"


def _pptx(data: bytes):
    import io

    from pptx import Presentation

    return Presentation(io.BytesIO(data))


def test_example_client_kit_styles_every_output(tmp_path: Path, sample_path: Path) -> None:
    handout, _ = render("handout", Path("northwind"), sample_path)  # a kit name, not a path
    path = tmp_path / "h.pdf"
    path.write_bytes(handout)
    reader = PdfReader(path)
    assert reader.metadata.author == "Northwind Academy"
    assert round(float(reader.pages[0].mediabox.width)) == 612  # the kit's Letter paper
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Side by side" in text and "For participants of Northwind training only" in text
    fonts = {str(font) for page in reader.pages
             for font in (page["/Resources"].get("/Font") or {}).values()
             for font in [font.get_object()["/BaseFont"]]}
    assert any("Lato" in f for f in fonts) and any("Vollkorn" in f for f in fonts)
    cheatsheet, _ = render("cheatsheet", Path("northwind"), sample_path)
    assert "Remember this" in pdf_text(cheatsheet, tmp_path)
    deck = _pptx(render("slides", Path("northwind"), sample_path)[0])
    layouts = {slide.slide_layout.name for slide in deck.slides}
    assert layouts <= {"NW Title", "NW Section", "NW Text", "NW Two Columns", "NW Side by Side",
                       "NW Heading Only", "NW Empty"}
    assert "NW Side by Side" in layouts and "NW Title" in layouts
    assert deck.slides[0].shapes.title.text == "Product management vs project management"


def test_logo_reaches_every_output(tmp_path: Path, sample_path: Path) -> None:
    from PIL import Image

    kit = make_kit(tmp_path, "name: PNG Co\nlogo: logo.png\nlogo_alt: PNG Co logo\n")
    Image.new("RGB", (240, 60), "#C02040").save(kit / "logo.png")
    for fmt in ("handout", "cheatsheet"):
        data, _ = render(fmt, kit, sample_path)
        path = tmp_path / f"{fmt}.pdf"
        path.write_bytes(data)
        first = PdfReader(path).pages[0]
        xobjects = first["/Resources"].get("/XObject") or {}
        assert any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values()), fmt
    deck = _pptx(render("slides", kit, sample_path)[0])
    pictures = [s for s in deck.slides[0].shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert pictures and pictures[0]._element.nvPicPr.cNvPr.get("descr") == "PNG Co logo"


def test_svg_logo_stays_vector_in_pdfs_and_uses_its_png_twin_on_slides(
        tmp_path: Path, sample_path: Path) -> None:
    # The default kit's logo is an SVG whose wordmark is glyph outlines, with a logo.png beside.
    data, _ = render("handout", default_kit_folder(), sample_path)
    path = tmp_path / "h.pdf"
    path.write_bytes(data)
    first = PdfReader(path).pages[0]
    # Drawn as paths in the page itself: the wordmark's letters are dozens of Bézier curves.
    assert first.get_contents().get_data().count(b" c\n") >= 60
    assert not any(x.get_object().get("/Subtype") == "/Image"
                   for x in (first["/Resources"].get("/XObject") or {}).values())
    deck = _pptx(render("slides", default_kit_folder(), sample_path)[0])
    assert any(s.shape_type == 13 for s in deck.slides[0].shapes)


def test_svg_logo_without_png_twin_reaches_the_deck(tmp_path: Path, sample_path: Path) -> None:
    import io

    from PIL import Image

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="20" viewBox="0 0 100 20">'
           '<rect width="100" height="20" fill="#123456"/></svg>')
    kit = make_kit(tmp_path, "name: SVG Co\nlogo: mark.svg\n", {"mark.svg": svg})
    data, job = render("slides", kit, sample_path)
    assert not any("logo" in w for w in map(str, job.warnings))
    pictures = [s for s in _pptx(data).slides[0].shapes if s.shape_type == 13]
    assert len(pictures) == 1
    with Image.open(io.BytesIO(pictures[0].image.blob)) as image:
        assert image.height >= 200 and abs(image.width / image.height - 5) < 0.1
        assert image.convert("RGB").getpixel((image.width // 2, image.height // 2)) == (
            0x12, 0x34, 0x56)
    assert abs(pictures[0].width / pictures[0].height - 5) < 0.1


def test_kit_outline_can_drop_and_add_slides(tmp_path: Path, sample_path: Path) -> None:
    outline = (
        '{% extends "default/slides.yaml.j2" %}'
        "{% block review %}{% endblock %}"
        "{% block closing %}\n- kind: section\n  title: \"Acme: over to you\"\n{% endblock %}"
    )
    kit = make_kit(tmp_path, "name: Acme\n", {"slides.yaml.j2": outline})
    default_deck = _pptx(render("slides", default_kit_folder(), sample_path)[0])
    deck = _pptx(render("slides", kit, sample_path)[0])
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert "Review questions" not in titles and titles[-1] == "Acme: over to you"
    assert len(deck.slides) == len(default_deck.slides) - 1


def test_relative_urls_resolve_in_the_kit_and_content_images_beside_the_source(
        tmp_path: Path, sample_path: Path) -> None:
    from PIL import Image

    kit = make_kit(tmp_path, "name: Badge\n", {"handout.html.j2": (
        '{% extends "default/handout.html.j2" %}'
        '{% block sources %}<img src="badge.png" alt="badge">{% endblock %}')})
    Image.new("RGB", (40, 40), "#00AA00").save(kit / "badge.png")
    source = tmp_path / "src" / "pm.yaml"
    source.parent.mkdir()
    source.write_text(sample_path.read_text(encoding="utf-8").replace(
        "  text: |\n", "  text: |\n    ![a chart](chart%20one.png)\n", 1), encoding="utf-8")
    Image.new("RGB", (60, 30), "#AA0000").save(source.parent / "chart one.png")
    data, job = render("handout", kit, source)
    assert job.warnings == [] or all("font" in w for w in map(str, job.warnings)), job.warnings
    sizes = image_sizes(data)
    assert {(40, 40), (60, 30)} <= sizes


def test_a_kit_reads_no_picture_of_the_source_folder_the_source_does_not_show(
        tmp_path: Path, sample_path: Path) -> None:
    """One folder may hold several clients' sources and pictures: a kit's template writing
    Markdown of its own must not pull another client's picture into its PDF."""
    from PIL import Image

    kit = make_kit(tmp_path, "name: Nosy\n", {"handout.html.j2": (
        '{% extends "default/handout.html.j2" %}{% block sources %}'
        "{{ '![leak](other-client/secret.png)' | md }}{{ '![own](chart.png)' | md }}"
        '{% endblock %}')})
    source = tmp_path / "src" / "pm.yaml"
    (source.parent / "other-client").mkdir(parents=True)
    source.write_text(sample_path.read_text(encoding="utf-8").replace(
        "  text: |\n", "  text: |\n    ![a chart](chart.png)\n", 1), encoding="utf-8")
    Image.new("RGB", (60, 30), "#AA0000").save(source.parent / "chart.png")
    Image.new("RGB", (70, 35), "#0000AA").save(source.parent / "other-client" / "secret.png")
    data, job = render("handout", kit, source)
    sizes = image_sizes(data)
    assert (60, 30) in sizes and (70, 35) not in sizes
    assert any("secret.png" in w and "refused" in w for w in map(str, job.warnings)), job.warnings


@pytest.mark.parametrize(("files", "message"), [
    ({"handout.html.j2": "{% if %}"}, "handout: "),
    ({"slides.yaml.j2": "- kind: chart\n  title: x\n"}, "unknown kind 'chart'"),
    ({"cheatsheet.css.j2": "{{ nope }}"}, "'nope' is undefined"),
])
def test_brand_check_renders_a_sample_to_find_template_errors(tmp_path: Path, files: dict,
                                                              message: str) -> None:
    kit = make_kit(tmp_path, "name: Broken\n", files)
    result = CliRunner().invoke(cli, ["brand", "check", str(kit)])
    assert result.exit_code == 1, result.output
    assert "the kit fails when rendering a sample" in result.output and message in result.output


def _font_names(data: bytes, tmp_path: Path) -> set[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    names = set()
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def _first_page_content(data: bytes, tmp_path: Path) -> bytes:
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    return PdfReader(path).pages[0].get_contents().get_data()


@pytest.mark.slow
def test_kits_rendered_in_one_process_keep_their_own_fonts(tmp_path: Path,
                                                           sample_path: Path) -> None:
    # A worker keeps parsed stylesheets and their fonts; a second kit must not see the first's.
    northwind = default_kit_folder().parent / "northwind"
    first = _font_names(render("handout", default_kit_folder(), sample_path)[0], tmp_path)
    client = _font_names(render("handout", northwind, sample_path)[0], tmp_path)
    again = _font_names(render("handout", default_kit_folder(), sample_path)[0], tmp_path)
    assert first == again and all(name.startswith("Inter") for name in first)
    assert client and all(name.startswith(("Lato", "Vollkorn")) for name in client)


@pytest.mark.slow
def test_fonts_one_document_loads_never_reach_the_next(tmp_path: Path, sample_path: Path) -> None:
    # A kit that declares a face for German documents only: an English document rendered after
    # a German one, in the same worker, must come out exactly as when rendered first.
    from generator.render.pdf import engine as pdf
    lato = default_kit_folder().parent / "northwind" / "fonts" / "Lato-Regular.ttf"
    kit = make_kit(tmp_path, "name: Bilingual\ncss: [body.css]\n", {
        "fonts/Lato-Regular.ttf": lato.read_bytes(),
        "fonts.css.j2": '{% if language == "de" %}@font-face { font-family: "Body"; '
                        'src: url(fonts/Lato-Regular.ttf); }{% endif %}\n',
        "body.css": 'body, h1, h2, h3, th, td { font-family: "Body", "Inter", sans-serif; }\n'})
    sources = tmp_path / "sources"  # one folder: both documents may share kept stylesheets
    sources.mkdir()
    english, german = sources / "english.yaml", sources / "german.yaml"
    english.write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")
    german.write_text(sample_path.read_text(encoding="utf-8").replace("language: en",
                                                                      "language: de"),
                      encoding="utf-8")
    pdf.forget_styles()
    english_alone = _font_names(render("handout", kit, english)[0], tmp_path)
    # (WeasyPrint names an embedded @font-face font after the family the rule gives it)
    assert any(name.startswith("Body") for name in
               _font_names(render("handout", kit, german)[0], tmp_path))
    english_after = _font_names(render("handout", kit, english)[0], tmp_path)
    assert english_after == english_alone
    assert not any(name.startswith("Body") for name in english_after)


@pytest.mark.slow
def test_fonts_a_template_loads_itself_never_reach_the_next_document(
        tmp_path: Path, sample_path: Path) -> None:
    # The kit's HTML template loads a face (through an @import in a <style>) for one course
    # only; the next course rendered in that worker must not see it.
    from generator.render.pdf import engine as pdf
    lato = default_kit_folder().parent / "northwind" / "fonts" / "Lato-Regular.ttf"
    kit = make_kit(tmp_path, "name: Special\ncss: [body.css]\n", {
        "fonts/Lato-Regular.ttf": lato.read_bytes(),
        "extra-fonts.css": '@font-face { font-family: "Body"; src: url(fonts/Lato-Regular.ttf); }\n',
        "body.css": 'body, h1, h2, h3, th, td { font-family: "Body", "Inter", sans-serif; }\n',
        "handout.html.j2": '{% extends "default/handout.html.j2" %}{% block head_meta %}'
                           '{{ super() }}{% if "Special" in doc.title %}'
                           '<style>@import "extra-fonts.css";</style>{% endif %}{% endblock %}'})
    sources = tmp_path / "sources"  # one folder: both documents may share kept stylesheets
    sources.mkdir()
    normal, special = sources / "normal.yaml", sources / "special.yaml"
    normal.write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")
    special.write_text(sample_path.read_text(encoding="utf-8").replace(
        "title: Product management", "title: Special product management"), encoding="utf-8")
    pdf.forget_styles()
    alone = _font_names(render("handout", kit, normal)[0], tmp_path)
    assert any(name.startswith("Body") for name in
               _font_names(render("handout", kit, special)[0], tmp_path))
    after = _font_names(render("handout", kit, normal)[0], tmp_path)
    assert after == alone and not any(name.startswith("Body") for name in after)


def test_kit_css_with_a_byte_order_mark_applies_its_first_rule(tmp_path: Path,
                                                              sample_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Bom\ncss: [bom.css]\n", {
        "bom.css": "\ufeff.cover h1 { color: #ff0000; }\n"})
    assert b"1 0 0 rg" in _first_page_content(render("handout", kit, sample_path)[0], tmp_path)


def test_an_edited_kit_file_is_read_again_by_the_next_render(tmp_path: Path,
                                                             sample_path: Path) -> None:
    # Kept stylesheets are keyed by the kit's files: an @imported file edited between two
    # renders in one process takes effect.
    kit = make_kit(tmp_path, "name: Imports\ncss: [main.css]\n", {
        "main.css": '@import "extra.css";\n',
        "extra.css": ".cover h1 { color: #ff0000; }\n"})
    assert b"1 0 0 rg" in _first_page_content(render("handout", kit, sample_path)[0], tmp_path)
    (kit / "extra.css").write_text(".cover h1 { color: #0000ff; } /* blue now */\n",
                                   encoding="utf-8")
    content = _first_page_content(render("handout", kit, sample_path)[0], tmp_path)
    assert b"0 0 1 rg" in content and b"1 0 0 rg" not in content


@pytest.mark.slow
def test_huge_kit_stylesheets_are_not_kept_in_memory(tmp_path: Path, sample_path: Path) -> None:
    from generator.render.pdf import engine as pdf
    rule = ".cover h1 { color: #123456; }\n"
    kit = make_kit(tmp_path, "name: Huge\ncss: [huge.css]\n", {
        "huge.css": rule * (pdf.MAX_KEPT_CSS_CHARS // len(rule) + 1)})
    pdf.forget_styles()
    render("handout", kit, sample_path)
    assert not pdf._KEPT_STYLES
    render("handout", default_kit_folder(), sample_path)
    assert len(pdf._KEPT_STYLES) == 1


def test_a_refused_url_in_kit_css_is_reported_on_every_render(tmp_path: Path,
                                                              sample_path: Path) -> None:
    # The parsed stylesheet is reused by later renders; its refusal must be reported each time.
    kit = make_kit(tmp_path, "name: Remote\ncss: [remote.css]\n", {
        "remote.css": "h1 { background: url(http://127.0.0.1:9/remote.png); color: #123456 }\n"})
    for _ in range(2):
        _, job = render("handout", kit, sample_path)
        assert any("refused to read http://127.0.0.1:9/remote.png" in w for w in map(str, job.warnings))


@pytest.mark.parametrize("picture", [b"\x89PNG\r\n\x1a\n" + bytes(range(200)),
                                     b"not a picture at all"])
def test_a_kit_picture_that_cannot_be_drawn_is_a_warning_naming_it(
        tmp_path: Path, sample_path: Path, picture: bytes) -> None:
    """A kit stylesheet's picture that is cut short or not a picture: WeasyPrint leaves it
    out without a word; the build says which picture of the kit, in every PDF, and the
    refusal of a URL is still said as a refusal, not twice."""
    kit = make_kit(tmp_path, "name: Banner\ncss: [banner.css]\n", {
        "banner.css": "h1 { background-image: url(img/banner.png) }\n"
                      "h2 { background-image: url(http://127.0.0.1:9/remote.png) }\n",
        "img/banner.png": picture})
    for name in ("handout", "cheatsheet", "handout"):  # a stylesheet kept is reported again
        _, job = render(name, kit, sample_path)
        warnings = [str(w) for w in job.warnings]
        assert warnings.count("kit kit: the picture 'img/banner.png' is not shown: it cannot be "
                              "drawn (cut short, corrupt, or another format under a picture's "
                              "name) — save it again as PNG, JPEG or SVG") == 1, warnings
        assert [w for w in warnings if "remote.png" in w] == [
            "kit kit: refused to read http://127.0.0.1:9/remote.png — kit templates and CSS may "
            "only use files inside the kit, never the network"]


def test_a_kit_is_resolved_once_and_renderers_ask_the_disk_for_nothing_else(
        tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loaded kit carries its layers, the base kit's master and measuring fonts: once it
    is loaded, rendering every output never looks a kit up again."""
    from generator.kits import folders as kit_folders
    kit = load_brand("default")
    assert kit.folders == (default_kit_folder(),) and kit.base_folder == default_kit_folder()
    assert kit.deck_master == default_kit_folder() / "master.pptx" and kit.themed_master
    assert {p.name for p in kit.base_fonts} >= {"Inter-Regular.ttf", "Inter-Bold.ttf"}

    def looked_up(*_args: object) -> None:
        raise AssertionError("a renderer looked a kit up on disk")

    monkeypatch.setattr(kit_folders, "packaged_templates", looked_up)  # under every lookup
    job = RenderJob(load_source(sample_path), kit, sample_path)
    for name in ("handout", "slides", "cheatsheet"):
        assert FORMATS[name].render(job)[:4] in (b"%PDF", b"PK\x03\x04")


# -- fonts per language --------------------------------------------------------------------

SAMPLE_PATH = REPO / "content" / "product-vs-project-management.yaml"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
LATO = REPO / "templates" / "northwind" / "fonts" / "Lato-Regular.ttf"
SOURCES = REPO / "tests" / "data" / "sources"


def test_fonts_per_language_are_read_resolved_and_looked_up_by_tag(tmp_path: Path) -> None:
    kit = load_brand(str(make_kit(tmp_path, "name: Global\nfonts:\n  ja: [fonts/Lato.ttf]\n"
                                  "  zh-TW: [fonts/Lato.ttf]\n",
                                  {"fonts/Lato.ttf": LATO.read_bytes()})))
    lato = tmp_path / "kit" / "fonts" / "Lato.ttf"
    assert kit.fonts.languages == {"ja": [lato], "zh-TW": [lato]}
    assert kit.fonts.for_language("ja-JP") == [lato] and kit.fonts.for_language("zh-tw") == [lato]
    assert kit.fonts.for_language("zh") == [] and kit.fonts.for_language("en") == []
    assert kit.fonts.body == "Inter"  # the kit's families are kept


@pytest.mark.parametrize(("fonts", "message"), [
    ("  ja: [missing.ttf]\n", r"brand.yaml:4:8: file 'missing.ttf' not found in the kit"),
    ("  ja: [../../etc/passwd]\n", r"brand.yaml:4:8: '../../etc/passwd' is outside the kit"),
    ("  fles: [a.ttf]\n", r"brand.yaml:4:3: unknown key 'fles' — did you mean 'files'"),
    ("  ja: 3\n", r"brand.yaml:4:7: fonts.ja: expected a list"),
])
def test_bad_fonts_per_language_are_located(tmp_path: Path, fonts: str, message: str) -> None:
    kit = make_kit(tmp_path, "name: Global\n\nfonts:\n" + fonts)
    with pytest.raises(KitError, match=message):
        load_brand(str(kit))


def test_a_languages_font_follows_the_kits_in_the_pdfs_and_sets_its_script_in_the_deck(
        tmp_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Global\nfonts:\n  ja: [fonts/Lato.ttf]\n  ar: [fonts/Lato.ttf]\n",
                   {"fonts/Lato.ttf": LATO.read_bytes()})
    for language, slot in (("ja", "ea"), ("ar", "cs")):
        source = SOURCES / f"{language}.yaml"
        job = RenderJob(load_source(source), load_brand(str(kit)), source, format="handout")
        context = template_context(job)
        assert context["fonts"]["body_stack"] == '"Inter", "Lato", sans-serif'
        assert "Lato" in {face["family"] for face in context["font_faces"]}
        deck = Presentation(io.BytesIO(FORMATS["slides"].render(job)))
        theme = etree.fromstring(deck.slide_masters[0].part.part_related_by(RT.THEME).blob)
        for which in ("majorFont", "minorFont"):
            font = theme.find(f".//{A}{which}/{A}{slot}")
            assert font is not None and font.get("typeface") == "Lato", (language, which)
        assert any("Lato" in w for w in map(str, job.warnings))  # install it on presenting machines
    english = RenderJob(load_source(SAMPLE_PATH), load_brand(str(kit)), SAMPLE_PATH,
                        format="handout")
    assert template_context(english)["fonts"]["body_stack"] == '"Inter", sans-serif'


def test_a_kit_font_for_the_language_satisfies_strict(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("DejaVu Sans (Debian's fonts-dejavu-core) is not installed: it stands in "
                    "here for a kit's Arabic font")
    from generator.build import glyphs

    monkeypatch.setattr(glyphs, "_installed_coverage", lambda: ([0x20], [0x7E]))  # Latin only
    out = tmp_path / "out"
    args = ["build", str(SOURCES / "ar.yaml"), "--format", "cheatsheet", "--strict",
            "--out", str(out)]
    plain = make_kit(tmp_path / "plain", "name: Plain\n")
    assert CliRunner().invoke(cli, [*args, "--brand", str(plain)]).exit_code == 1
    arabic = make_kit(tmp_path / "arabic", "name: Arabic\nfonts:\n  ar: [DejaVuSans.ttf]\n",
                      {"DejaVuSans.ttf": dejavu.read_bytes()})
    result = CliRunner().invoke(cli, [*args, "--brand", str(arabic)])
    assert result.exit_code == 0, result.output
    assert "no font can draw" not in result.output


def test_fonts_spelt_out_under_languages_are_confined_too(tmp_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Evil\nfonts:\n  languages:\n    en: [/etc/passwd]\n")
    with pytest.raises(KitError, match=r"brand.yaml:4:10: '/etc/passwd' is outside the kit"):
        load_brand(str(kit))
    kit = make_kit(tmp_path / "b", "name: Odd\nfonts:\n  languages:\n    '../x': [a.ttf]\n")
    with pytest.raises(KitError, match=r"'\.\./x' is not a language tag"):
        load_brand(str(kit))


def test_traditional_chinese_takes_the_kits_zh_hant_fonts(tmp_path: Path) -> None:
    kit = load_brand(str(make_kit(tmp_path, "name: G\nfonts:\n  zh: [a.ttf]\n  zh-Hant: [b.ttf]\n",
                                  {"a.ttf": LATO.read_bytes(), "b.ttf": LATO.read_bytes()})))
    assert [p.name for p in kit.fonts.for_language("zh-TW")] == ["b.ttf"]
    assert [p.name for p in kit.fonts.for_language("zh-CN")] == ["a.ttf"]


def test_a_font_whose_family_name_holds_control_characters_is_refused(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(LATO)
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = "Lato\x01Evil"
    (tmp_path / "kit").mkdir()
    font.save(tmp_path / "kit" / "evil.ttf")
    kit = make_kit(tmp_path, "name: G\nfonts:\n  ja: [evil.ttf]\n")
    with pytest.raises(KitError, match=r"family name .* control characters"):
        load_brand(str(kit))


BROKEN_FONTS = {"lato.woff2": corrupt_woff2, "lato.ttf": character_map_cut_short}


@pytest.mark.parametrize("name", sorted(BROKEN_FONTS))
def test_a_broken_font_file_is_a_located_kit_error(tmp_path: Path, sample_path: Path,
                                                   name: str) -> None:
    """A WOFF2 whose compressed data is corrupt, a TrueType font whose character map fontTools
    cannot read: `brand check` and `build` point at the line naming the file, and build
    nothing."""
    kit = make_kit(tmp_path, f"name: Broken\nfonts:\n  files: [{name}]\n",
                   {name: BROKEN_FONTS[name]()})
    out = tmp_path / "out"
    for args in (["brand", "check", str(kit)],
                 ["build", str(sample_path), "--brand", str(kit), "--out", str(out)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert f"brand.yaml:3:11: font {name!r}: not a readable font file" in result.output
        assert "replace it with the file as the foundry ships it" in result.output
        assert "internal error" not in result.output and "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("name", sorted(BROKEN_FONTS))
def test_a_font_broken_after_the_kit_loaded_is_a_kit_error_wherever_it_is_read(
        tmp_path: Path, name: str) -> None:
    """The glyph coverage check, the deck's text measuring and its font names read kit fonts
    again: a file that breaks in between (or a path no loader checked) is a KitError naming
    it, never a crash."""
    from generator.build.glyphs import missing_glyphs
    from generator.kits.fonts import font_faces
    from generator.render.deck.fit.measure import glyph_widths

    path = tmp_path / name
    path.write_bytes(BROKEN_FONTS[name]())
    for read in (lambda: missing_glyphs(["text"], [path]), lambda: glyph_widths(path),
                 lambda: font_faces([path])):
        with pytest.raises(KitError, match=rf"{name}: .*\(\w*[eE]rror: .*\) — replace it"):
            read()
