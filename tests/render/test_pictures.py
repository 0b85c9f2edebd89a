"""Pictures in a source's Markdown, in every output: sized to their box, described."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from click.testing import CliRunner

from generator.brand import load_brand
from generator.cli import cli
from generator.render import FORMATS
from generator.render.context import RenderJob
from generator.source import load_source

PICTURES = Path(__file__).resolve().parents[1] / "data" / "sources" / "pictures"
SOURCE = PICTURES / "pictures.yaml"


def render(name: str, source: Path = SOURCE, **options: str) -> tuple[bytes, RenderJob]:
    job = RenderJob(load_source(source), load_brand(), source, **options)
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
    folder = tmp_path / "src"
    shutil.copytree(PICTURES, folder)
    source = folder / "pictures.yaml"
    text = source.read_text(encoding="utf-8").replace("![A tall project plan]", "![]")
    source.write_text(text, encoding="utf-8")
    line = text[: text.index("![]")].count("\n") + 1
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"warning: pictures.yaml:{line}:9: the picture 'tall.png' has no description" \
        in result.output
    shutil.rmtree(out)
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out), "--pdf-ua"])
    assert result.exit_code == 1
    assert f"error: pictures.yaml:{line}:9: the picture 'tall.png' has no description" \
        in result.output and "PDF/UA" in result.output
    assert not out.exists() or not list(out.rglob("*.p*"))
