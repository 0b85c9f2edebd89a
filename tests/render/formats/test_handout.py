"""The PDF handout, rendered in memory and read back with pypdf."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from conftest import SAMPLE, colliding_glyphs, generated_source, write_yaml

from generator.i18n.labels import CATALOGUE
from generator.kits.load import load_brand
from generator.render.formats import handout
from generator.render.job import RenderJob, RenderOptions
from generator.source.load import load_source
from generator.source.markdown import to_plain_text

LONG_COMPOUND = "Projektmanagementverantwortlichkeiten"
LONG_TOKEN = "X" * 60


def render(path: Path, **job_options: str) -> pypdf.PdfReader:
    """Return the handout of the source at `path`, read back from memory."""
    job = RenderJob(load_source(path), load_brand(), path.resolve(), RenderOptions(**job_options),
                    "handout")
    reader = pypdf.PdfReader(io.BytesIO(handout.render(job)))
    assert job.warnings == []
    return reader


def text_of(reader: pypdf.PdfReader) -> str:
    """Return the document's text with hyphenation undone and whitespace collapsed."""
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"[\u2010\u00ad-]\s*\n\s*", "", text)  # a word hyphenated at a line end
    return re.sub(r"\s+", " ", text)


def squashed(text: str) -> str:
    """Return `text` without whitespace or hyphens, to compare words broken anywhere."""
    return re.sub(r"[\s\u2010\u00ad-]+", "", text)


def outline_titles(reader: pypdf.PdfReader) -> list[tuple[int, str]]:
    """Return the outline as (depth, title) pairs in document order."""
    titles: list[tuple[int, str]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                titles.append((depth, item.title))

    walk(reader.outline, 0)
    return titles


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sources")
    german = generated_source(3, 3, language="de")
    german["title"] = f"{LONG_COMPOUND} im Vergleich"
    german["subjects"][0]["name"] = LONG_COMPOUND
    german["dimensions"][0]["s1"]["detail"] = (
        f"Die {LONG_COMPOUND} werden festgelegt, siehe https://example.org/ein/sehr/langer/pfad/"
        f"mit/vielen/segmenten.html und {LONG_TOKEN}.\n\n- **fett** und *kursiv*\n- [Link](https://example.org)"
    )
    write_yaml(folder / "de.yaml", german)
    write_yaml(folder / "big.yaml", generated_source(6, 30, detail_sentences=1))
    write_yaml(folder / "four.yaml", generated_source(4, 3))
    return folder


@pytest.fixture(scope="module")
def sample() -> pypdf.PdfReader:
    return render(SAMPLE)


@pytest.fixture(scope="module")
def sample_text(sample: pypdf.PdfReader) -> str:
    return text_of(sample)


@pytest.fixture(scope="module")
def german(sources: Path) -> pypdf.PdfReader:
    return render(sources / "de.yaml")


def test_every_dimension_subject_and_detail_is_in_the_handout(sample_text: str) -> None:
    doc = load_source(SAMPLE)
    text = squashed(sample_text)
    for dimension in doc.dimensions:
        assert squashed(dimension.name) in text
        for subject in doc.subjects:
            assert squashed(subject.name) in text
            cell = dimension.cell(subject)
            assert squashed(to_plain_text(cell.summary)) in text
            for line in to_plain_text(cell.detail).splitlines():
                assert squashed(line.removeprefix("• ")) in text, line


def test_facilitator_notes_never_appear(sample_text: str, german: pypdf.PdfReader) -> None:
    assert "icebreaker" not in sample_text.lower()
    assert "FACILITATOR-SECRET" not in text_of(german)


def test_answers_follow_the_questions_in_their_own_section(sample_text: str) -> None:
    doc = load_source(SAMPLE)
    text = squashed(sample_text)
    questions_at = text.index(squashed(CATALOGUE["en"]["review"]))
    answers_at = text.index(squashed(CATALOGUE["en"]["answers"]))
    assert questions_at < answers_at
    for item in doc.review:
        question = squashed(to_plain_text(item.question))
        answer = squashed(to_plain_text(item.answer))
        assert questions_at < text.index(question) < answers_at
        assert text.index(answer) > answers_at


def test_notes_page_has_a_page_of_its_own(sample: pypdf.PdfReader) -> None:
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in sample.pages]
    notes = [text for text in pages if re.search(r"(^| )Notes ", text)]
    assert len(notes) == 1
    assert "Answers" not in notes[0]
    assert "Review questions" not in notes[0]


def test_page_is_a4_by_default_and_letter_on_request(sample: pypdf.PdfReader) -> None:
    for page in sample.pages:
        assert float(page.mediabox.width) == pytest.approx(595, abs=1)
        assert float(page.mediabox.height) == pytest.approx(842, abs=1)
    letter = render(SAMPLE, paper="letter")
    assert (float(letter.pages[0].mediabox.width), float(letter.pages[0].mediabox.height)) == (
        pytest.approx(612, abs=1), pytest.approx(792, abs=1))


def test_page_numbers_and_running_header_skip_the_cover(sample: pypdf.PdfReader) -> None:
    pages = [page.extract_text() for page in sample.pages]
    total = len(pages)
    assert "Page 1 of" not in pages[0]
    assert f"Page 2 of {total}" in pages[1]
    assert f"Page {total} of {total}" in pages[-1]


def test_outline_has_the_title_and_an_entry_per_dimension(sample: pypdf.PdfReader) -> None:
    doc = load_source(SAMPLE)
    outline = outline_titles(sample)
    assert outline[0] == (0, doc.title)
    entries = [title for depth, title in outline if depth == 1]
    for dimension in doc.dimensions:
        assert any(title.endswith(dimension.name) for title in entries), dimension.name
    assert all(depth <= 1 for depth, _ in outline)
    assert not any(subject.name in entries for subject in doc.subjects)


def test_metadata_and_language_are_set(sample: pypdf.PdfReader) -> None:
    doc = load_source(SAMPLE)
    info = sample.metadata
    assert info.title == doc.title
    assert info.author == load_brand().name
    assert info.subject == doc.subtitle
    assert "Purpose and focus" in info["/Keywords"]
    assert sample.trailer["/Root"]["/Lang"] == "en"


def test_fonts_are_embedded(sample: pypdf.PdfReader) -> None:
    for page in sample.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font
                          else font)["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


def test_german_source_gets_german_labels_only(german: pypdf.PdfReader) -> None:
    text = text_of(german)
    for key in ("at_a_glance", "answers", "review", "notes", "takeaway"):
        assert CATALOGUE["de"][key].lower() in text.lower(), key
    for key in ("at_a_glance", "answers", "review", "takeaways", "summary", "audience", "duration"):
        assert CATALOGUE["en"][key] not in text, key
    assert "Seite 2 von" in text
    assert german.trailer["/Root"]["/Lang"] == "de"


def test_german_compounds_hyphenate_and_long_tokens_wrap(german: pypdf.PdfReader) -> None:
    raw = "\n".join(page.extract_text() for page in german.pages)
    # The compound is set in narrow columns and must break with a hyphen somewhere.
    assert re.search(r"Projektmanagement\w*[\u2010-]\n", raw)
    assert squashed(LONG_TOKEN) in squashed(raw)
    # Nothing is set beyond the right margin (18 mm): every glyph ends inside it, as PDFium
    # places them (the 60-character token would run 287 pt past it unbroken).
    document = pypdfium2.PdfDocument(german.stream.getvalue())
    rights = []
    for page in document:
        text = page.get_textpage()
        rights.extend(text.get_charbox(i)[2] for i in range(text.count_chars())
                      if not text.get_text_range(i, 1).isspace())
        margin = page.get_width() - 18 / 25.4 * 72
    assert len(rights) > 1000
    assert max(rights) <= margin + 0.5
    # nor into the next column: no glyph is drawn over another
    assert colliding_glyphs(german.stream.getvalue()) == []


def test_the_sample_handout_has_no_glyph_drawn_over_another(sample: pypdf.PdfReader) -> None:
    assert colliding_glyphs(sample.stream.getvalue()) == []


@pytest.mark.slow
def test_six_subjects_and_thirty_dimensions_render(sources: Path) -> None:
    reader = render(sources / "big.yaml")
    text = squashed(text_of(reader))
    data = generated_source(6, 30, detail_sentences=1)
    for dimension in data["dimensions"]:
        assert squashed(dimension["name"]) in text
    assert sum(1 for depth, _ in outline_titles(reader) if depth == 1) >= 30


def test_pdf_ua_variant_is_tagged(sources: Path) -> None:
    reader = render(sources / "four.yaml", pdf_variant="pdf/ua-1")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    assert "pdfuaid" in reader.xmp_metadata.rdf_root.toxml()
