"""Pictures in a source's Markdown, in every output: sized to their box, described."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pptx
import pypdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from click.testing import CliRunner
from conftest import DATA, REPO, deck_titles, make_kit
from masters import corpus
from pptx.enum.shapes import MSO_SHAPE_TYPE

from generator.cli import cli
from generator.kits.load import load_brand
from generator.render import FORMATS
from generator.render.deck.check import check_deck
from generator.render.job import RenderJob, RenderOptions
from generator.source.load import load_source

PICTURES = DATA / "sources" / "pictures"
SOURCE = PICTURES / "pictures.yaml"


def pictures_source(tmp_path: Path, old: str = "", new: str = "") -> Path:
    """Return a copy of the pictures source and its pictures in `tmp_path`, `old` replaced
    by `new` in the source's text."""
    folder = tmp_path / "src"
    shutil.copytree(PICTURES, folder)
    source = folder / "pictures.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return source


def render(name: str, source: Path = SOURCE, **options: str) -> tuple[bytes, RenderJob]:
    job = RenderJob(load_source(source), load_brand(), source, RenderOptions(**options))
    return FORMATS[name].render(job), job


def images(pdf: bytes) -> list[tuple[int, tuple[float, float, float, float], tuple[int, int]]]:
    """Return (page, (left, bottom, right, top), pixel size) of every raster image drawn."""
    found = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number, page in enumerate(document):
            for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=5):
                found.append((number, image.get_bounds(), image.get_px_size()))
    finally:
        document.close()
    return found


def heading_left(pdf: bytes, text: str, page: int, above: float) -> float:
    """Return the left edge of `text` where it is drawn nearest above height `above` (the
    column heading over a picture, not the same words in a table further up)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        textpage = document[page].get_textpage()
        hits = []
        searcher = textpage.search(text, match_case=True)
        while (hit := searcher.get_next()) is not None:
            left, bottom, _, _ = textpage.get_charbox(hit[0])
            if bottom >= above:
                hits.append((bottom - above, left))
        return min(hits)[1]
    finally:
        document.close()


@pytest.fixture(scope="module")
def handout() -> bytes:
    return render("handout")[0]


def test_handout_pictures_fit_their_column_keep_their_shape_and_honour_a_width(
        handout: bytes) -> None:
    drawn = {size: (page, box) for page, box, size in images(handout)}
    page, roadmap = drawn[(600, 300)]
    _, tall = drawn[(200, 800)]
    product = heading_left(handout, "Product management", page, roadmap[3])
    project = heading_left(handout, "Project management", page, roadmap[3])
    pitch = project - product  # a column and its gutter
    width = roadmap[2] - roadmap[0]
    assert roadmap[0] >= product - 1 and roadmap[2] <= project  # within its own column
    assert 0.5 * pitch < width < 0.62 * pitch  # {width=60%} of its column
    assert (roadmap[3] - roadmap[1]) / width == pytest.approx(0.5, rel=0.02)
    tall_width, tall_height = tall[2] - tall[0], tall[3] - tall[1]
    assert tall_height <= 80 / 25.4 * 72 + 1  # at most 80 mm in a side-by-side column
    assert tall_width / tall_height == pytest.approx(0.25, rel=0.03)
    assert tall[0] >= project - 1 and tall[2] <= 595.3 - 18 / 25.4 * 72  # inside the margin
    assert len(pypdf.PdfReader(io.BytesIO(handout)).pages) <= 3


def test_cheat_sheet_with_pictures_stays_one_page() -> None:
    pdf, _ = render("cheatsheet")
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1


def test_every_figure_of_a_pdf_ua_handout_has_its_description() -> None:
    pdf, _ = render("handout", pdf_variant="pdf/ua-1")
    figures = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]:
                if kid is not None:
                    walk(kid)

    walk(pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"])
    assert "A product roadmap with releases growing over time" in figures
    assert "The two roles as overlapping circles" in figures
    assert all(figures) and len(figures) >= 4  # the logo and the three pictures


def test_a_picture_without_description_warns_and_is_refused_under_pdf_ua(
        tmp_path: Path) -> None:
    source = pictures_source(tmp_path, "![A tall project plan]", "![]")
    text = source.read_text(encoding="utf-8")
    line = text[: text.index("![]")].count("\n") + 1
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"warning: pictures.yaml:{line}:13: the picture 'tall.png' has no description" \
        in result.output
    shutil.rmtree(out)
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out), "--pdf-ua"])
    assert result.exit_code == 1
    assert f"error: pictures.yaml:{line}:13: the picture 'tall.png' has no description" \
        in result.output and "PDF/UA" in result.output
    assert not out.exists() or not list(out.rglob("*.p*"))


def test_a_kit_that_asks_for_pdf_ua_requires_descriptions_too(tmp_path: Path) -> None:
    """PDF/UA asked by the kit (`pdf_variant`) is PDF/UA: a picture without a description
    stops the build as `--pdf-ua` does."""
    source = pictures_source(tmp_path, "![A tall project plan]", "![]")
    kit = make_kit(tmp_path, "name: Accessible\npdf_variant: pdf/ua-1\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out),
                                      "--brand", str(kit), "--format", "handout"])
    assert result.exit_code == 1, result.output
    assert "error: pictures.yaml:" in result.output and "has no description" in result.output
    assert not out.exists() or not list(out.rglob("*.pdf"))


def test_a_tall_picture_across_the_page_is_at_most_110_mm_tall(tmp_path: Path) -> None:
    source = pictures_source(tmp_path, "![The two roles as overlapping circles](cycle.svg)",
                             "![A tall project plan, across the page](tall.png)")
    pdf, _ = render("handout", source)
    (_, box, _), *_ = [found for found in images(pdf) if found[2] == (200, 800)]
    width, height = box[2] - box[0], box[3] - box[1]
    assert 100 / 25.4 * 72 < height <= 110 / 25.4 * 72 + 1  # capped, not shrunk to nothing
    assert width / height == pytest.approx(0.25, rel=0.03)


def deck_of(source: Path = SOURCE, kit: str | None = None) -> tuple[Any, RenderJob]:
    job = RenderJob(load_source(source), load_brand(kit) if kit else load_brand(), source)
    return pptx.Presentation(io.BytesIO(FORMATS["slides"].render(job))), job


def pictures_on(slide: object) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE and s.name != "Logo"]


def test_deck_shows_pictures_on_a_follow_on_slide_with_their_descriptions() -> None:
    deck, job = deck_of()
    titles = [s.shapes.title.text_frame.text if s.shapes.title else "" for s in deck.slides]
    follow = titles.index("Planning horizon (continued)")
    assert titles[follow - 1] == "Planning horizon"
    shown = {p.image.size: p for p in pictures_on(deck.slides[follow])}
    roadmap, tall = shown[(600, 300)], shown[(200, 800)]
    assert roadmap._element.nvPicPr.cNvPr.get("descr") == (
        "A product roadmap with releases growing over time")
    assert tall._element.nvPicPr.cNvPr.get("descr") == "A tall project plan"
    for picture, ratio in ((roadmap, 0.5), (tall, 4.0)):
        assert picture.height / picture.width == pytest.approx(ratio, rel=0.01)
        assert picture.left >= 0 and picture.left + picture.width <= deck.slide_width
        assert picture.top >= 0 and picture.top + picture.height <= deck.slide_height
    assert roadmap.left + roadmap.width < tall.left  # each under its subject, side by side
    half = (tall.left - roadmap.left)  # a column and its gutter
    assert 0.5 * half < roadmap.width < 0.62 * half  # {width=60%}
    notes = deck.slides[follow].notes_slide.notes_text_frame.text
    assert "A tall project plan" in notes
    # the dimension's own slide carries no description as text: the picture says it
    text = " ".join(s.text_frame.text for s in deck.slides[follow - 1].shapes if s.has_text_frame)
    assert "roadmap with releases" not in text
    # the intro's SVG, drawn as a PNG, follows the subjects slide
    intro = pictures_on(deck.slides[titles.index("What we compare (continued)")])
    assert len(intro) == 1 and intro[0].image.content_type == "image/png"
    assert intro[0]._element.nvPicPr.cNvPr.get("descr") == "The two roles as overlapping circles"
    assert check_deck(deck, titles=deck_titles(job), language=job.language) == []
    assert all(str(w).startswith("fonts") for w in map(str, job.warnings)), job.warnings


def test_sources_without_pictures_get_no_picture_slides() -> None:
    deck, _ = deck_of(REPO / "content"
                      / "product-vs-project-management.yaml")
    assert not any(pictures_on(slide) for slide in deck.slides)
    assert len(deck.slides) == 13


def test_a_kit_outline_cannot_show_a_file_the_source_does_not(tmp_path: Path) -> None:
    source = pictures_source(tmp_path)
    (source.parent / "private.png").write_bytes((PICTURES / "roadmap.png").read_bytes())
    kit = make_kit(tmp_path, "name: Nosy\n", {"slides.yaml.j2": (
        '- kind: title_only\n  title: "Look"\n  notes: "n"\n'
        '  pictures: [{heading: "", body: "![theirs](private.png) ![ours](roadmap.png)"}]\n')})
    deck, job = deck_of(source, str(kit))
    shown = [p for slide in deck.slides for p in pictures_on(slide)]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in shown] == ["ours"]
    assert any("private.png: not a picture of the source's own" in w for w in map(str, job.warnings))


@pytest.mark.parametrize("master", ["libreoffice/Midnightblue.pptx", "titles_at_bottom",
                                    "vertical_title_strips"])
def test_picture_slides_keep_every_deck_invariant_on_client_masters(
        master: str, tmp_path: Path) -> None:
    made = corpus(tmp_path)
    kit = make_kit(tmp_path, f'name: C\nslides: {{master: "{made[master].name}"}}\n',
                   {made[master].name: made[master].read_bytes()})
    deck, job = deck_of(SOURCE, str(kit))
    assert check_deck(deck, titles=deck_titles(job), language=job.language) == []
    shown = [p for slide in deck.slides for p in pictures_on(slide)]
    assert len(shown) == 3


def test_descriptions_are_checked_on_the_markdown_not_on_its_text() -> None:
    from generator.build.preflight import pictures_without_alt

    source = ("intro: |\n  Write `![](file.png)` for a picture.  # not a picture: code\n"
              "summary: |\n  ![][plan]\n\n  [plan]: plan.png\n")
    data = {"intro": "Write `![](file.png)` for a picture.",
            "summary": "![][plan]\n\n[plan]: plan.png"}
    assert pictures_without_alt("s.yaml", data, source) == [
        "s.yaml:6:11: the picture 'plan.png' has no description — write what it shows "
        "between the brackets, e.g. ![The 2027 roadmap](roadmap.png); screen readers and the "
        "deck read it"]


def test_pictures_elsewhere_keep_their_description_as_text(tmp_path: Path) -> None:
    """A takeaway is not shown as pictures: its picture's description stays readable."""
    source = pictures_source(
        tmp_path, "takeaway: Products plan for years; projects for their duration.",
        "takeaway: \"![Roadmaps beat plans](roadmap.png)\"")
    deck, _ = deck_of(source)
    texts = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    assert any("Roadmaps beat plans" in t for t in texts)


def test_corrupt_pictures_are_left_out_with_a_warning(tmp_path: Path) -> None:
    import zlib

    import weasyprint  # noqa: F401  (imported, it makes Pillow accept cut-short images)

    source = pictures_source(tmp_path)
    png = (source.parent / "roadmap.png").read_bytes()
    at = png.index(b"IDAT") - 4  # the image data, cut short, with a checksum that matches
    length = int.from_bytes(png[at:at + 4], "big")
    data = png[at + 8:at + 8 + length][: length // 2]
    crc = zlib.crc32(b"IDAT" + data).to_bytes(4, "big")
    chunk = len(data).to_bytes(4, "big") + b"IDAT" + data + crc
    (source.parent / "roadmap.png").write_bytes(png[:at] + chunk + png[at + 12 + length:])
    deck, job = deck_of(source)
    shown = [p.image.size for slide in deck.slides for p in pictures_on(slide)]
    assert (600, 300) not in shown and (200, 800) in shown
    assert any("the picture 'roadmap.png' is not shown: it cannot be read as a picture" in w
               for w in map(str, job.warnings))


def test_a_picture_in_the_summary_follows_the_summary_slide(tmp_path: Path) -> None:
    source = pictures_source(
        tmp_path, "  Both plan, over different horizons.\n",
        "  Both plan, over different horizons.\n\n  ![Both horizons side by side](cycle.svg)\n")
    deck, job = deck_of(source)
    titles = [s.shapes.title.text_frame.text if s.shapes.title else "" for s in deck.slides]
    follow = deck.slides[titles.index("Summary (continued)")]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures_on(follow)] == [
        "Both horizons side by side"]
    assert check_deck(deck, titles=deck_titles(job), language=job.language) == []


def broken_pictures(folder: Path) -> dict[str, bytes]:
    """Return pictures that no output may show, by file name: a decompression bomb (a small
    file of 49 million pixels), a JPEG cut short, one whose data is garbage, and text."""
    from PIL import Image

    def saved(image: Any, kind: str) -> bytes:
        out = io.BytesIO()
        image.save(out, kind)
        return out.getvalue()

    jpeg = saved(Image.open(folder / "roadmap.png").convert("RGB").resize((300, 150)), "JPEG")
    scan = jpeg.index(b"\xff\xda")  # the image data starts here
    garbage = bytearray(jpeg)
    for at in range(scan + 20, scan + 400, 7):
        garbage[at] = 0xFF
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        bomb = saved(Image.new("1", (7000, 7000)), "PNG")
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    return {"bomb.png": bomb, "cut.jpg": jpeg[: len(jpeg) // 2], "garbage.jpg": bytes(garbage),
            "note.png": b"Not a picture: a note saved under a picture's name.\n"}


BROKEN_REASONS = {"bomb.png": "it has more than 40,000,000 pixels",
                  "cut.jpg": "it cannot be read as a picture (image file is truncated",
                  "garbage.jpg": "it cannot be read as a picture (broken data stream",
                  "note.png": "it cannot be read as a picture (cannot identify image file)"}


def test_a_broken_picture_gets_one_verdict_and_one_located_warning_for_every_output(
        tmp_path: Path) -> None:
    """The deck refused decompression bombs, cut-short and corrupt JPEGs and text named .png,
    while the PDFs embedded them or dropped them without a word.  One check judges each
    picture: no output shows it, the PDFs give its description instead, and the build
    warns once, where the source names it."""
    shown = "".join(f"  ![Broken {name}]({name})\n\n" for name in BROKEN_REASONS)
    source = pictures_source(tmp_path, "  Two roles, side by side.\n",
                             "  Two roles, side by side.\n\n" + shown)
    for name, data in broken_pictures(source.parent).items():
        (source.parent / name).write_bytes(data)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out), "--format",
                                      "handout", "--format", "cheatsheet", "--format",
                                      "guide", "--format", "slides"])
    assert result.exit_code == 0, result.output
    text = source.read_text(encoding="utf-8")
    for name, reason in BROKEN_REASONS.items():
        at = text.index(f"]({name})") + 2
        line, column = text[:at].count("\n") + 1, at - text.rfind("\n", 0, at)
        warnings = [w for w in result.output.splitlines() if name in w]
        assert len(warnings) == 1, warnings  # the PDFs and the deck say nothing more
        assert warnings[0].startswith(f"warning: pictures.yaml:{line}:{column}: the picture "
                                      f"'{name}' is not shown: {reason}"), warnings[0]
    folder = out / "default"
    for pdf in ("pictures-handout.pdf", "pictures-cheatsheet.pdf", "pictures-guide.pdf"):
        drawn = {size for _, _, size in images((folder / pdf).read_bytes())}
        assert drawn <= {(200, 800), (600, 300)}, (pdf, drawn)  # tall.png and roadmap.png
    handout = (folder / "pictures-handout.pdf").read_bytes()
    assert (200, 800) in {size for _, _, size in images(handout)}
    words = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(handout)).pages)
    assert all(f"Broken {name}" in words for name in BROKEN_REASONS)  # described instead
    deck = pptx.Presentation(str(folder / "pictures-slides.pptx"))
    described = {p._element.nvPicPr.cNvPr.get("descr") for slide in deck.slides
                 for p in pictures_on(slide)}
    assert "A tall project plan" in described
    assert not any(str(d).startswith("Broken") for d in described), described


def test_a_picture_linked_outside_the_source_folder_is_refused_and_one_inside_shown(
        tmp_path: Path) -> None:
    """Whether a picture lies beside the source is decided on the file a link leads to: a
    link out of the folder (to a client's secret chart, say) is refused in every output, and
    a link to a picture inside it is shown."""
    from PIL import Image

    source = pictures_source(tmp_path, "  Two roles, side by side.\n",
                             "  Two roles, side by side.\n\n  ![Linked inside](alias.png)\n\n"
                             "  ![Linked outside](leak.png)\n")
    (source.parent / "figures").mkdir()
    Image.new("RGB", (40, 20), (0, 128, 0)).save(source.parent / "figures" / "real.png")
    (source.parent / "alias.png").symlink_to(Path("figures") / "real.png")
    (tmp_path / "secret").mkdir()
    Image.new("RGB", (30, 90), (255, 0, 0)).save(tmp_path / "secret" / "leak.png")
    (source.parent / "leak.png").symlink_to(Path("..") / "secret" / "leak.png")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out), "--format",
                                      "handout", "--format", "slides"])
    assert result.exit_code == 0, result.output
    drawn = {size for _, _, size in images((out / "default" / "pictures-handout.pdf").read_bytes())}
    assert (40, 20) in drawn and (30, 90) not in drawn, drawn
    assert "image leak.png not shown — images must be files in the source's folder" in (
        result.output)
    deck = pptx.Presentation(str(out / "default" / "pictures-slides.pptx"))
    described = {p._element.nvPicPr.cNvPr.get("descr") for slide in deck.slides
                 for p in pictures_on(slide)}
    assert "Linked inside" in described and "Linked outside" not in described


def test_an_undescribed_picture_is_located_where_it_lacks_its_description(
        tmp_path: Path) -> None:
    """The same file shown twice, described the first time: the warning (and the PDF/UA
    error) points at the second, which has empty brackets."""
    source = pictures_source(tmp_path, "![A tall project plan](tall.png)", "![](roadmap.png)")
    text = source.read_text(encoding="utf-8")
    described = text[: text.index("](roadmap.png)")].count("\n") + 1
    line = text[: text.index("![](roadmap.png)")].count("\n") + 1
    assert line > described
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out), "--pdf-ua",
                                      "--format", "handout"])
    assert result.exit_code == 1
    column = text.splitlines()[line - 1].index("roadmap.png") + 1
    assert f"error: pictures.yaml:{line}:{column}: the picture 'roadmap.png' has no " \
        "description" in result.output, result.output


@pytest.mark.parametrize(("written", "there", "said"), [
    ("roadmap.pgn", "roadmap.png", "no file is called 'roadmap.pgn' beside pictures.yaml — "
     "did you mean 'roadmap.png'?"),
    ("Roadmap.PNG", "roadmap.png", "did you mean 'roadmap.png'?"),
    ("imgs/plan.png", "img/plan.png", "there is no folder imgs/ beside pictures.yaml — did "
     "you mean 'img/plan.png'?"),
    ("img/Plan.png", "img/plan.png", "no file is called 'Plan.png' in img/ beside "
     "pictures.yaml — did you mean 'img/plan.png'?"),
    ("quarterly-review.png", "roadmap.png", "no file is called 'quarterly-review.png' beside "
     "pictures.yaml — save the picture there, or correct its name"),
])
def test_a_picture_that_is_not_there_is_named_with_the_file_meant(
        tmp_path: Path, written: str, there: str, said: str) -> None:
    """A misspelt picture: `check` reports it where the source names it, with the name most
    likely meant; the build warns once in the same words and shows the description; with
    --strict nothing is built, even when every output is up to date."""
    source = pictures_source(tmp_path, "](roadmap.png)", f"]({written})")
    if there != "roadmap.png":
        (source.parent / there).parent.mkdir(exist_ok=True)
        shutil.copy(PICTURES / "roadmap.png", source.parent / there)
    text = source.read_text(encoding="utf-8")
    at = text.index(f"]({written})") + 2
    line, column = text[:at].count("\n") + 1, at - text.rindex("\n", 0, at)
    where = f"pictures.yaml:{line}:{column}: the picture {written!r} is not there: "

    checked = CliRunner().invoke(cli, ["check", str(source)])
    assert checked.exit_code == 0
    assert f"warning: {where}" in checked.output and said in checked.output, checked.output

    out = tmp_path / "out"
    built = CliRunner().invoke(cli, ["build", str(source), "--out", str(out)])
    assert built.exit_code == 0
    warned = [line for line in built.output.splitlines() if written in line]
    assert len(warned) == 1 and warned[0].startswith(f"warning: {where}"), built.output
    assert "never the network" not in built.output
    handout = pypdf.PdfReader(out / "default" / "pictures-handout.pdf")
    assert "A product roadmap" in "".join(page.extract_text() for page in handout.pages)

    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.p*")}
    strict = CliRunner().invoke(cli, ["build", str(source), "--out", str(out), "--strict"])
    assert strict.exit_code == 1
    assert f"error: {where}" in strict.output and "--strict: nothing was built" in strict.output
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.p*")} == before
