"""Right-to-left languages set right to left in every PDF; every output says its language."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pptx
import pypdf
import pypdfium2
import pytest
from conftest import DATA, REPO, deck_titles

from generator.i18n.labels import labels_for
from generator.kits.load import load_brand
from generator.render import FORMATS
from generator.render.deck.check import check_deck
from generator.render.job import RenderJob
from generator.source.load import load_source

SOURCES = DATA / "sources"
SAMPLE = REPO / "content" / "product-vs-project-management.yaml"


def pdf_of(source: Path, name: str, kit: Path | None = None) -> bytes:
    job = RenderJob(load_source(source), load_brand(str(kit)) if kit else load_brand(), source)
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


@pytest.fixture(scope="module")
def arabic_deck() -> tuple[pptx.presentation.Presentation, RenderJob]:
    source = SOURCES / "ar.yaml"
    job = RenderJob(load_source(source), load_brand(), source)
    return pptx.Presentation(io.BytesIO(FORMATS["slides"].render(job))), job


def test_right_to_left_deck_says_so_on_every_paragraph(arabic_deck) -> None:
    deck, job = arabic_deck
    assert check_deck(deck, titles=deck_titles(job), language="ar-SA", rtl=True) == []
    texts = [s.text_frame.text for slide in deck.slides for s in slide.shapes
             if s.has_text_frame]
    assert labels_for("ar")["takeaway"].upper() in texts[-30:] or any(
        labels_for("ar")["takeaway"] in t for t in texts)


def test_right_to_left_deck_reads_from_the_right(arabic_deck) -> None:
    deck, job = arabic_deck
    width = deck.slide_width
    doc = job.comparison
    comparison = deck.slides[3]  # the first dimension
    heads = {s.text_frame.text: s for s in comparison.shapes
             if s.has_text_frame and s.text_frame.text in (doc.subjects[0].name,
                                                          doc.subjects[1].name)}
    first, second = heads[doc.subjects[0].name], heads[doc.subjects[1].name]
    assert first.left > second.left  # the first subject on the right
    band = next(s for s in comparison.shapes if s.has_text_frame
                and s.text_frame.text.startswith(labels_for("ar")["takeaway"]))
    bar = next(s for s in comparison.shapes if not s.has_text_frame or not
               s.text_frame.text.strip() if s.top == band.top and s.width < band.width // 20)
    assert bar.left + bar.width == band.left + band.width  # the bar on the band's right edge
    logo = next(s for s in deck.slides[0].shapes if s.name == "Logo")
    assert logo.left > width // 2
    # the base master is mirrored: the title slide's band runs down the right-hand side
    layout = deck.slides[0].slide_layout
    drawn = [s for s in layout.shapes if not s.is_placeholder and s.height > deck.slide_height // 2]
    assert drawn and all(s.left > width // 2 for s in drawn)
    for paragraph in (p for s in comparison.shapes if s.has_text_frame
                      for p in s.text_frame.paragraphs if p.text.strip()
                      and not p.text.strip().isdigit()):  # not the slide number
        assert paragraph._p.pPr.get("algn") == "r", paragraph.text


def test_left_to_right_decks_keep_the_master_as_it_is() -> None:
    job = RenderJob(load_source(SAMPLE), load_brand(), SAMPLE)
    deck = pptx.Presentation(io.BytesIO(FORMATS["slides"].render(job)))
    drawn = [s for s in deck.slides[0].slide_layout.shapes
             if not s.is_placeholder and s.height > deck.slide_height // 2]
    assert drawn and all(s.left < deck.slide_width // 2 for s in drawn)
    logo = next(s for s in deck.slides[0].shapes if s.name == "Logo")
    assert logo.left < deck.slide_width // 2


@pytest.mark.slow  # CJK fonts subset slowly in Python where HarfBuzz's subsetter is missing
@pytest.mark.parametrize(("language", "name"), [("ja", "handout"), ("zh", "cheatsheet")])
def test_chinese_and_japanese_pdfs_never_hyphenate_and_say_their_language(language: str,
                                                                          name: str) -> None:
    """With the kit's own fonts for the language (the test's, never the machine's)."""
    pdf = pdf_of(SOURCES / f"{language}.yaml", name, DATA / "kits" / "cjk")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == language
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("Noto-Sans-CJK" in font for font in fonts), fonts  # the kit's, by `fonts: {ja:}`
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert labels_for(language)["summary"] in text or name == "cheatsheet"
    cjk_hyphen = [m.group() for m in re.finditer(
        r"[\u3040-\u30ff\u4e00-\u9fff][-\u2010\u00ad]\s*\n", text)]
    assert cjk_hyphen == []


def test_right_to_left_deck_tables_start_at_the_right(arabic_deck) -> None:
    deck, _ = arabic_deck
    tables = [s for slide in deck.slides for s in slide.shapes if s.has_table]
    assert tables and all(t.table._tbl.tblPr.get("rtl") == "1" for t in tables)


def test_right_to_left_cheat_sheet_puts_the_first_takeaway_on_the_right(tmp_path: Path) -> None:
    source = tmp_path / "he.yaml"
    text = (SOURCES / "he.yaml").read_text(encoding="utf-8")
    extra = "takeaways:\n  - שלישי אחרון.\n  - רביעי אחרון.\n"
    source.write_text(text.replace("takeaways:\n", extra), encoding="utf-8")
    pdf = pdf_of(source, "cheatsheet")
    doc = load_source(source)
    first = span(pdf, doc.takeaways[0][:12])
    last = span(pdf, doc.takeaways[-1][:12])
    assert first[0] > last[1]  # the first column of the list is the right-hand one
