"""The slides on paper: `--format slides-pdf` (one slide a page, as the deck looks) and
`--format slide-handout` (several a page on the kit's paper, lines for notes).

Drawing needs LibreOffice: those tests skip without it (and fail instead where
COURSEPACK_REQUIRE_LIBREOFFICE is set, as in CI's tier that installs it).  The layout of the
pages, the message without LibreOffice and the kit's settings are tested everywhere.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner
from conftest import DATA, SAMPLE, make_kit
from pypdf import PdfReader

from generator.cli import cli
from generator.kits.load import load_brand
from generator.render import FORMATS, office
from generator.render.formats import slide_handout
from generator.render.formats.slide_handout import GAP, MARGIN, MM, sheet_layout
from generator.render.job import RenderJob, RenderOptions
from generator.source.load import load_source

A4, LETTER = (595.276, 841.89), (612.0, 792.0)


def needs_libreoffice() -> None:
    if office.soffice() is None:
        if os.environ.get("COURSEPACK_REQUIRE_LIBREOFFICE"):
            pytest.fail("COURSEPACK_REQUIRE_LIBREOFFICE is set but LibreOffice is not installed")
        pytest.skip("no LibreOffice on this machine (Debian: apt install libreoffice-impress)")


def job_for(source: Path, kit: str | Path = "default", **options: str) -> RenderJob:
    return RenderJob(load_source(source), load_brand(str(kit)), source, RenderOptions(**options),
                     format="slides-pdf")


def texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def outline(pdf: bytes) -> list[tuple[str, int]]:
    """Return the PDF's bookmarks as (title, page index)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]


def embedded_fonts(pdf: bytes) -> set[str]:
    """Return the base names of the fonts embedded anywhere in the PDF (subset tags off)."""
    reader = PdfReader(io.BytesIO(pdf))
    found: set[str] = set()

    def walk(resources: object) -> None:
        resources = resources.get_object() if resources is not None else None  # type: ignore[union-attr]
        if not resources:
            return
        for font in (resources.get("/Font") or {}).values():
            found.add(str(font.get_object().get("/BaseFont", "")).lstrip("/").split("+")[-1])
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


# -- the layout of a sheet (no LibreOffice needed) ---------------------------------------------


@pytest.mark.parametrize("paper", [A4, LETTER])
@pytest.mark.parametrize("per_page", [1, 2, 3, 4, 6, 9])
@pytest.mark.parametrize("lines", [True, False])
@pytest.mark.parametrize("aspect", [16 / 9, 4 / 3])
def test_every_sheet_layout_keeps_its_slides_apart_inside_the_margins(
        paper: tuple[float, float], per_page: int, lines: bool, aspect: float) -> None:
    slots = sheet_layout(paper, per_page, lines, aspect)
    assert len(slots) == per_page
    boxes = [s.slide for s in slots] + [s.lines for s in slots if s.lines]
    for box in boxes:
        assert box.x >= MARGIN - 0.01 and box.x + box.w <= paper[0] - MARGIN + 0.01
        assert box.y >= 20 * MM and box.y + box.h <= paper[1] - 15 * MM
    for i, one in enumerate(boxes):  # nothing drawn over anything else
        for other in boxes[i + 1:]:
            assert (one.x + one.w <= other.x + 0.01 or other.x + other.w <= one.x + 0.01
                    or one.y + one.h <= other.y + 0.01 or other.y + other.h <= one.y + 0.01)
    for slot in slots:  # slides keep their shape, and are not postage stamps
        assert slot.slide.w / slot.slide.h == pytest.approx(aspect)
        assert slot.slide.w >= (paper[0] - 2 * MARGIN - 2 * GAP) / 3 - 0.01
    with_lines = [s for s in slots if s.lines]
    assert (len(with_lines) == per_page) == (lines and per_page <= 3)
    for slot in with_lines:
        assert slot.lines is not None and slot.lines.h >= 30 * MM  # room for a few notes


def test_right_to_left_sheets_are_mirrored() -> None:
    ltr, rtl = sheet_layout(A4, 3, True, 16 / 9), sheet_layout(A4, 3, True, 16 / 9, rtl=True)
    for left, right in zip(ltr, rtl, strict=True):
        assert right.slide.x == pytest.approx(A4[0] - left.slide.x - left.slide.w)
        assert left.lines is not None and right.lines is not None
        assert left.slide.x < left.lines.x and right.slide.x > right.lines.x


def test_a_kit_asking_for_a_layout_coursepack_does_not_make_is_told_which_exist(
        tmp_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Five\nslide_handout: {per_page: 5, lines: false}\n")
    result = CliRunner().invoke(cli, ["brand", "check", str(kit)])
    assert result.exit_code == 1
    assert ("brand.yaml:2:27: slide_handout.per_page: 5 slides a page is not a layout "
            "coursepack makes — use one of 1, 2, 3, 4, 6, 9") in result.output


def test_without_libreoffice_the_slides_on_paper_fail_alone_saying_how_to_install_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no soffice; the workers are forked with it
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(SAMPLE), "--out", str(out), "--format",
                                      "handout", "--format", "slides-pdf", "--format",
                                      "slide-handout"])
    assert result.exit_code == 1
    for name in ("slides-pdf", "slide-handout"):
        assert f"error: the {name} of " in result.output
    assert result.output.count("sudo apt install libreoffice-impress") == 2
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (out / "default").glob("*.pdf")) == [
        "product-vs-project-management-handout.pdf"]


def test_brand_check_without_libreoffice_checks_the_rest_and_says_what_it_left(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = CliRunner().invoke(cli, ["brand", "check", "default"])
    assert result.exit_code == 0, result.output
    assert "built a sample handout, slides, cheatsheet, guide from" in result.output
    assert "note: the slides on paper were not drawn: they need LibreOffice — install " \
        "LibreOffice (Debian, Ubuntu: sudo apt install libreoffice-impress" in result.output
    assert result.output.rstrip().endswith("ok")


def test_the_slides_on_paper_are_built_only_when_asked_for() -> None:
    assert not FORMATS["slides-pdf"].default and not FORMATS["slide-handout"].default
    assert FORMATS["slides-pdf"].file_name("pm") == "pm-slides.pdf"
    assert FORMATS["slide-handout"].file_name("pm") == "pm-slide-handout.pdf"


# -- drawn by LibreOffice ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_drawn() -> office.DrawnSlides:
    needs_libreoffice()
    return office.draw_slides(job_for(SAMPLE))


@pytest.fixture(scope="module")
def sample_slides_pdf() -> tuple[bytes, RenderJob]:
    needs_libreoffice()
    job = job_for(SAMPLE)
    return FORMATS["slides-pdf"].render(job), job


def test_the_slides_pdf_is_one_page_a_slide_in_the_deck_s_order_and_size(
        sample_slides_pdf: tuple[bytes, RenderJob], tmp_path: Path) -> None:
    pdf, job = sample_slides_pdf
    deck_titles = office.draw_slides(job_for(SAMPLE)).titles
    pages = texts(pdf)
    assert len(pages) == len(deck_titles) == 13
    for page, title in zip(pages, deck_titles, strict=True):
        assert title.split()[0] in page  # each slide's text is there, selectable, in order
    assert outline(pdf) == [(title, index) for index, title in enumerate(deck_titles)]
    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert width / height == pytest.approx(16 / 9, rel=0.01)
    assert reader.metadata.title == job.comparison.title
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "Focuses on the what and why of a product" in " ".join(pages[3].split())  # as text
    if shutil.which("qpdf"):  # a third party's reading of the file, where it is installed
        path = tmp_path / "slides.pdf"
        path.write_bytes(pdf)
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True)
        assert check.returncode == 0, check.stdout


def test_the_slides_pdf_draws_the_kit_s_own_fonts(tmp_path: Path) -> None:
    """Northwind's Vollkorn and Lato are files of the kit, not installed on the machine:
    LibreOffice sees them through a fontconfig file of the conversion's own."""
    needs_libreoffice()
    pdf = FORMATS["slides-pdf"].render(job_for(SAMPLE, "northwind"))
    fonts = embedded_fonts(pdf)
    assert any(name.startswith("Vollkorn") for name in fonts), fonts
    assert any(name.startswith("Lato") for name in fonts), fonts


def test_a_client_master_s_slides_pdf_has_its_pages_and_titles(tmp_path: Path) -> None:
    needs_libreoffice()
    master = DATA / "masters" / "libreoffice" / "Vintage.pptx"
    kit = make_kit(tmp_path, "name: Vintage\nslides: {master: Vintage.pptx}\n",
                   {"Vintage.pptx": master.read_bytes()})
    job = job_for(SAMPLE, kit)
    pdf = FORMATS["slides-pdf"].render(job)
    titles = [title for title, _ in outline(pdf)]
    assert titles[:3] == ["Product management vs project management", "Agenda",
                          "What we compare"]
    assert len(texts(pdf)) == len(titles)


@pytest.mark.parametrize("per_page", [1, 2, 3, 4, 6, 9])
def test_the_slide_handout_holds_the_slides_per_page_the_kit_asks_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_drawn: office.DrawnSlides,
        per_page: int) -> None:
    monkeypatch.setattr(slide_handout, "draw_slides", lambda job: sample_drawn)
    kit = make_kit(tmp_path, f"name: Paper\nslide_handout: {{per_page: {per_page}}}\n")
    job = job_for(SAMPLE, kit, paper="letter")
    pdf = FORMATS["slide-handout"].render(job)
    count = len(sample_drawn.titles)
    pages = texts(pdf)
    assert len(pages) == math.ceil(count / per_page)
    reader = PdfReader(io.BytesIO(pdf))
    assert [float(v) for v in reader.pages[0].mediabox.upper_right] == pytest.approx(LETTER)
    assert outline(pdf) == [(title, index // per_page)
                            for index, title in enumerate(sample_drawn.titles)]
    for number, page in enumerate(pages, 1):
        assert "Product management vs project management" in page  # the header
        assert f"Page {number} of {len(pages)}" in page
    assert "Agenda" in pages[1 // per_page]
    notes = "Ask the group"  # the sample's speaker notes never reach the learners' paper
    assert not any(notes in page for page in pages)


def test_the_slide_handout_is_on_the_kit_s_paper_with_lines_beside_three(
        sample_drawn: office.DrawnSlides, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slide_handout, "draw_slides", lambda job: sample_drawn)
    pdf = FORMATS["slide-handout"].render(job_for(SAMPLE))
    reader = PdfReader(io.BytesIO(pdf))
    assert [float(v) for v in reader.pages[0].mediabox.upper_right] == pytest.approx(A4)
    assert len(reader.pages) == math.ceil(len(sample_drawn.titles) / 3)
    document = pypdfium2.PdfDocument(pdf)
    try:  # the first slide's title sits left of the page's middle, the lines to its right
        page = document[0]
        text = page.get_textpage()
        boxes = text.search("Agenda").get_next()
        assert boxes is not None
        left, *_ = text.get_charbox(boxes[0])
        assert left < A4[0] / 2
    finally:
        document.close()


def test_a_right_to_left_slide_handout_is_mirrored() -> None:
    needs_libreoffice()
    source = DATA / "sources" / "ar.yaml"
    job = job_for(source)
    pdf = FORMATS["slide-handout"].render(job)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    title = outline(pdf)[0][0]
    document = pypdfium2.PdfDocument(pdf)
    try:  # the first slide is on the right half of the page: its title is drawn there
        text = document[0].get_textpage()
        found = text.search(title.split()[0]).get_next()
        assert found is not None
        left, *_ = text.get_charbox(found[0])
        assert left > A4[0] / 2
    finally:
        document.close()
