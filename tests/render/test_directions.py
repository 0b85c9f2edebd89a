"""Right-to-left languages set right to left in every PDF; every output says its language."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from generator.brand import load_brand
from generator.labels import labels_for
from generator.render import FORMATS
from generator.render.context import RenderJob
from generator.source import load_source

SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"
SAMPLE = Path(__file__).resolve().parents[2] / "content" / "product-vs-project-management.yaml"


def pdf_of(source: Path, name: str) -> bytes:
    job = RenderJob(load_source(source), load_brand(), source)
    return FORMATS[name].render(job)


def spans(pdf: bytes, text: str, page: int = 0) -> list[tuple[float, float, float, float]]:
    """Return (left, right, middle height, page width) of every place `text` is drawn."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        sheet = document[page]
        textpage = sheet.get_textpage()
        searcher = textpage.search(text, match_whole_word=True)
        found = []
        while (hit := searcher.get_next()) is not None:
            boxes = [textpage.get_charbox(i) for i in range(hit[0], hit[0] + hit[1])]
            found.append((min(b[0] for b in boxes), max(b[2] for b in boxes),
                          (boxes[0][1] + boxes[0][3]) / 2, sheet.get_width()))
        assert found, f"{text!r} is not on page {page + 1}"
        return found
    finally:
        document.close()


def span(pdf: bytes, text: str, page: int = 0) -> tuple[float, float, float]:
    """Return (left, right, page width) of the first place `text` is drawn on `page`."""
    left, right, _, width = spans(pdf, text, page)[0]
    return left, right, width


def in_row_of(pdf: bytes, text: str, anchor: str, page: int = 0) -> tuple[float, float]:
    """Return (left, right) of `text` where it is drawn on the same line as `anchor` (a
    table's header row, say)."""
    height = spans(pdf, anchor, page)[0][2]
    left, right, _, _ = min(spans(pdf, text, page), key=lambda s: abs(s[2] - height))
    return left, right


@pytest.fixture(scope="module", params=["ar", "he"])
def rtl(request: pytest.FixtureRequest) -> tuple[str, dict[str, bytes]]:
    source = SOURCES / f"{request.param}.yaml"
    return request.param, {name: pdf_of(source, name) for name in ("handout", "cheatsheet")}


def test_right_to_left_handout_is_set_from_the_right(rtl) -> None:
    language, pdfs = rtl
    doc = load_source(SOURCES / f"{language}.yaml")
    left, right, width = span(pdfs["handout"], doc.title.split()[0])
    assert right > 0.8 * width and left > 0.4 * width  # the title starts at the right margin
    labels = labels_for(language)
    # the "at a glance" table reads right to left: the dimension column on the right
    dimension = span(pdfs["handout"], labels["dimension"], page=1)
    subject = in_row_of(pdfs["handout"], doc.subjects[0].name, labels["dimension"], page=1)
    assert dimension[0] > subject[1]
    reader = pypdf.PdfReader(io.BytesIO(pdfs["handout"]))
    assert reader.trailer["/Root"]["/Lang"] == language
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert labels["summary"] in text and "Summary" not in text


def test_right_to_left_cheat_sheet_mirrors_its_table(rtl) -> None:
    language, pdfs = rtl
    doc = load_source(SOURCES / f"{language}.yaml")
    header = labels_for(language)["dimension"]
    first = in_row_of(pdfs["cheatsheet"], doc.subjects[0].name, header)
    second = in_row_of(pdfs["cheatsheet"], doc.subjects[1].name, header)
    assert first[0] > second[1]  # the first subject's column is the right-hand one
    reader = pypdf.PdfReader(io.BytesIO(pdfs["cheatsheet"]))
    assert len(reader.pages) == 1 and reader.trailer["/Root"]["/Lang"] == language


def test_left_to_right_sources_stay_left_to_right() -> None:
    pdf = pdf_of(SAMPLE, "cheatsheet")
    first = in_row_of(pdf, "Product management", "Dimension")
    second = in_row_of(pdf, "Project management", "Dimension")
    assert first[1] < second[0]
    left, _, width = span(pdf_of(SAMPLE, "handout"), "Product management vs")
    assert left < 0.2 * width
