"""The slide deck: outline, placement on the master, fitted text, notes, tables and client masters.

Every test renders into memory or tmp_path and reads the deck back with python-pptx.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pptx
import pyphen
import pytest
from conftest import DATA, REPO, deck_titles, generated_source
from masters import titles_at_bottom
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.opc.constants import CONTENT_TYPE as CT

import generator
from generator.errors import TemplateError
from generator.i18n.labels import labels_for
from generator.kits.load import load_brand
from generator.kits.model import BrandKit
from generator.render.deck.check import check_deck
from generator.render.deck.fit import measure as deck_text
from generator.render.deck.fit.measure import Measure, font_files
from generator.render.deck.fit.paragraphs import Para, plain
from generator.render.deck.ooxml.inherit import effective_insets
from generator.render.deck.units import Box
from generator.render.formats import slides
from generator.render.job import RenderJob
from generator.render.outline import Column, build_outline, parse_outline
from generator.source.load import load_source
from generator.source.markdown import Run, to_plain_text

SAMPLE_TITLES = [
    "Product management vs project management", "Agenda", "What we compare",
    "Purpose and focus", "Duration", "Ownership", "Stakeholder engagement", "Metrics",
    "At a glance", "Summary", "Key takeaways", "Review questions", "Questions and discussion",
]
SAMPLE_LAYOUTS = ["Title Slide", "Title and Content", "Comparison", *["Comparison"] * 5,
                  *["Title and Content"] * 5]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HLINK_COLOR = "http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor"


def deck_measure(kit: BrandKit, language: str = "en") -> Measure:
    """Return the writer's measure of the body font the deck of `kit` names on its master."""
    return Measure(font_files(kit.deck_fonts[1], kit.fonts.files, kit.base_fonts), language)


def render_deck(source: Path, kit: BrandKit | None = None) -> tuple[pptx.presentation.Presentation,
                                                                    RenderJob]:
    """Return the deck for `source` (saved and opened again) and the job that made it."""
    job = RenderJob(load_source(source, max_dimensions=60), kit or load_brand(), source,
                    format="slides")
    deck = pptx.Presentation(io.BytesIO(slides.render(job)))
    return deck, job


def titles(deck: pptx.presentation.Presentation) -> list[str]:
    return [slide.shapes.title.text_frame.text if slide.shapes.title else "" for slide in deck.slides]


def notes(slide: pptx.slide.Slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def tables(deck: pptx.presentation.Presentation) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in shape.table.rows]
            for slide in deck.slides for shape in slide.shapes if shape.has_table]


@pytest.fixture(scope="module")
def sample_deck() -> tuple[pptx.presentation.Presentation, RenderJob]:
    return render_deck(REPO / "content"
                       / "product-vs-project-management.yaml")


# -- the sample ------------------------------------------------------------------------------


def test_sample_deck_has_its_slides_in_order(sample_deck) -> None:
    deck, _ = sample_deck
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9
    assert titles(deck) == SAMPLE_TITLES
    assert [slide.slide_layout.name for slide in deck.slides] == SAMPLE_LAYOUTS


def test_title_slide_shows_subtitle_audience_duration_and_logo(sample_deck) -> None:
    deck, job = sample_deck
    slide = deck.slides[0]
    text = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    doc = job.comparison
    assert doc.subtitle in text
    assert f"Audience: {doc.audience}" in text and f"Duration: {doc.duration}" in text
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
    assert not [w for w in map(str, job.warnings) if "logo" in w]


def test_each_dimension_slide_shows_every_summary_and_the_takeaway(sample_deck) -> None:
    deck, job = sample_deck
    for dimension, slide in zip(job.comparison.dimensions, list(deck.slides)[3:8], strict=True):
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for subject in job.comparison.subjects:
            assert subject.name in text
            assert to_plain_text(dimension.cell(subject).summary) in text  # typographer quotes
        assert to_plain_text(dimension.takeaway) in text


def test_dimension_notes_hold_each_detail_after_the_subject_name(sample_deck) -> None:
    deck, job = sample_deck
    for dimension, slide in zip(job.comparison.dimensions, list(deck.slides)[3:8], strict=True):
        text = notes(slide)
        for subject in job.comparison.subjects:
            detail = to_plain_text(dimension.cell(subject).detail)
            assert f"{subject.name}:\n{detail}" in text
            assert "**" not in text and "- " not in text  # readable, not Markdown
        assert to_plain_text(dimension.takeaway) in text


def test_every_slide_has_speaker_notes_and_facilitator_notes_are_on_the_agenda(sample_deck) -> None:
    deck, job = sample_deck
    assert all(notes(slide).strip() for slide in deck.slides)
    assert to_plain_text(job.comparison.notes) in notes(deck.slides[1])
    answers = notes(deck.slides[11])
    assert all(to_plain_text(item.answer) in answers for item in job.comparison.review)


def test_at_a_glance_is_a_native_table_of_summaries(sample_deck) -> None:
    deck, job = sample_deck
    (table,) = tables(deck)
    doc = job.comparison
    assert table[0] == ["Dimension", *(s.label for s in doc.subjects)]
    assert table[1:] == [[d.name, *(to_plain_text(d.cell(s).summary) for s in doc.subjects)]
                         for d in doc.dimensions]


def theme_fonts_of(deck: pptx.presentation.Presentation) -> list[str]:
    """Return the latin typefaces the deck's first theme names (heading, then body)."""
    out = io.BytesIO()
    deck.save(out)
    with zipfile.ZipFile(out) as zf:
        theme = zf.read("ppt/theme/theme1.xml").decode()
    return re.findall(r'<a:(?:major|minor)Font><a:latin typeface="([^"]*)"', theme)


def test_the_default_deck_names_arial_and_says_nothing_of_fonts(sample_deck) -> None:
    """Every presenting machine has Arial: the default kit's deck names it (its PDFs embed
    Inter) and the build has nothing to say about fonts."""
    deck, job = sample_deck
    assert theme_fonts_of(deck) == ["Arial", "Arial"]
    assert not [w for w in map(str, job.warnings) if "font" in w]


@pytest.mark.parametrize(("brand", "deck_fonts", "warned"), [
    ("name: Lato\nfonts: {heading: Lato, body: Lato, files: [Lato-Regular.ttf]}\n",
     ["Lato", "Lato"], "fonts Lato: install them on presenting machines"),
    ("name: Plain\ncolors: {primary: '#004488'}\n", ["Arial", "Arial"], None),
    ("name: Both\nfonts: {heading: Lato, body: Lato, files: [Lato-Regular.ttf]}\n"
     "slides: {fonts: {heading: Georgia, body: Verdana}}\n", ["Georgia", "Verdana"], None),
])
def test_a_kit_naming_its_fonts_shows_them_in_its_deck(tmp_path: Path, small_source,
                                                        brand: str, deck_fonts: list[str],
                                                        warned: str | None) -> None:
    """A kit's `fonts:` reach its deck (with a note to install them where it is presented)
    unless its `slides.fonts` name others; a kit that names none keeps the default's Arial."""
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "brand.yaml").write_text(brand, encoding="utf-8")
    (kit / "Lato-Regular.ttf").write_bytes((REPO / "templates/northwind/fonts/Lato-Regular.ttf")
                                           .read_bytes())
    deck, job = render_deck(small_source, load_brand(str(kit)))
    assert theme_fonts_of(deck) == deck_fonts
    notes = [w for w in map(str, job.warnings) if w.startswith("fonts ")]
    assert notes == ([f"{warned}, or PowerPoint substitutes another font"] if warned else [])


def test_fonts_every_machine_has_are_measured_with_their_own_widths() -> None:
    """Arial, Times New Roman and Courier New are measured with the widths coursepack ships
    (no file needed, no safety margin): those of their metric twins, exactly."""
    base = load_brand().base_fonts
    for family, twin in (("Arial", "LiberationSans"), ("Helvetica", "LiberationSans"),
                         ("Times New Roman", "LiberationSerif"), ("Courier New", "LiberationMono")):
        fonts = font_files(family, [], base)
        assert not fonts.is_fallback and fonts.regular.suffix == ".json", family
        measure = Measure(fonts)
        installed = Path(f"/usr/share/fonts/truetype/liberation2/{twin}-Regular.ttf")
        if installed.exists():  # the same numbers as the font itself, where it is installed
            own = Measure(deck_text.FontFiles(family, installed, installed))
            for text in ("Product roadmap 2026–2031", "ÉTÉ", "Ownership & metrics: 100%"):
                assert measure.width(text, 18) == pytest.approx(own.width(text, 18))
    assert font_files("Verdana", [], base).is_fallback  # measured as Inter, made wider


def test_no_empty_placeholders_and_unique_shape_ids(sample_deck) -> None:
    deck, _ = sample_deck
    for number, slide in enumerate(deck.slides, 1):
        ids = [shape.shape_id for shape in slide.shapes]
        assert len(ids) == len(set(ids)), number
        for shape in slide.placeholders:
            assert shape.has_text_frame and shape.text_frame.text.strip(), (number, shape.name)


# -- fitting ---------------------------------------------------------------------------------


def estimated_height(measure: Measure, frame, width: float) -> float:
    """Return the text height of a written text frame, measured like the writer measures."""
    total = 0.0
    for paragraph in frame.paragraphs:
        runs = [r for r in paragraph.runs if r.text]
        if not runs:
            continue
        size = runs[0].font.size.pt
        p_pr = paragraph._p.pPr
        indent = int(p_pr.get("marL", "0")) / 12700 if p_pr is not None else 0.0
        # line breaks (<a:br>, as after a hyphenated part of a word) count as lines
        para = Para(tuple(Run(r.text, r.find(f"{A}rPr").get("b") == "1") if r.tag == f"{A}r"
                          else Run("\n") for r in paragraph._p if r.tag in (f"{A}r", f"{A}br")))
        before = paragraph.space_before.pt if paragraph.space_before is not None else 0.0
        total += before + measure.lines(para, size, width - indent) * measure.line_height(size)
    return total


def assert_text_fits(deck: pptx.presentation.Presentation, measure: Measure) -> int:
    """Assert that no text box or table cell holds more text than it has room for."""
    checked = 0
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                box = Box(shape.left, shape.top, shape.width, shape.height, effective_insets(shape))
                height = estimated_height(measure, shape.text_frame, box.text_width)
                assert height <= box.text_height + 0.5, (number, shape.name, shape.text_frame.text)
                checked += 1
            if shape.has_table:
                for row in shape.table.rows:
                    for cell, column in zip(row.cells, shape.table.columns, strict=True):
                        width = (column.width - cell.margin_left - cell.margin_right) / 12700
                        room = (row.height - cell.margin_top - cell.margin_bottom) / 12700
                        assert estimated_height(measure, cell.text_frame, width) <= room, (
                            number, cell.text)
                        checked += 1
    return checked


class AdvanceWidths:
    """The tests' own measure of slide text, independent of the writer's: sums of the font
    file's advance widths (no kerning, which only narrows text), lines broken greedily at
    spaces and after hyphens, and single spacing at the font's own ascent plus descent."""

    def __init__(self, regular: Path, bold: Path) -> None:
        from fontTools.ttLib import TTFont

        self.fonts = {}
        for is_bold, path in ((False, regular), (True, bold)):
            if path.suffix == ".json":  # a table of widths coursepack ships (Arial's)
                table = json.loads(path.read_text(encoding="utf-8"))
                per_em = table["units_per_em"]
                self.fonts[is_bold] = {start + i: width / per_em
                                       for start, *widths in table["runs"]
                                       for i, width in enumerate(widths)}
                if not is_bold:
                    self.spacing = max(1.2, table["line_height"] / per_em)
                continue
            with TTFont(path) as font:
                per_em = font["head"].unitsPerEm
                advances = {code: font["hmtx"][name][0] / per_em
                            for code, name in font.getBestCmap().items()}
                self.fonts[is_bold] = advances
                if not is_bold:
                    hhea = font["hhea"]
                    self.spacing = max(1.2, (hhea.ascent - hhea.descent) / per_em)

    @classmethod
    def of_arial(cls) -> AdvanceWidths:
        """Return the widths of the default deck's Arial: its metric twin's font files where
        installed (Liberation Sans), else the table coursepack ships."""
        installed = Path("/usr/share/fonts/truetype/liberation2")
        if (installed / "LiberationSans-Regular.ttf").exists():
            return cls(installed / "LiberationSans-Regular.ttf",
                       installed / "LiberationSans-Bold.ttf")
        return cls(deck_text.METRICS / "arial-regular.json", deck_text.METRICS / "arial-bold.json")

    def lines(self, chars: list[tuple[str, bool]], size: float, width: float) -> int:
        """Return the lines `chars` (character, bold) wrap to in `width` points."""
        pieces: list[tuple[float, float]] = []  # (width without, with the trailing space)
        ink = space = 0.0
        for char, bold in chars:
            advance = self.fonts[bold].get(ord(char), 0.6) * size
            if char == " ":
                space += advance
                continue
            if space:  # a new word after spaces: the last one ends here
                pieces.append((ink, ink + space))
                ink = space = 0.0
            ink += advance
            if char in "-\u2010":  # a line may break after a hyphen
                pieces.append((ink, ink))
                ink = 0.0
        pieces.append((ink, ink + space))
        count, line = 1, 0.0
        for visible, total in pieces:
            if line and line + visible > width:
                count, line = count + 1, 0.0
            while visible > width:  # a word wider than the line runs on over several
                count, visible, total = count + 1, visible - width, total - width
            line += total
        return count

    def height(self, frame, width: float) -> float:
        total = 0.0
        for paragraph in frame.paragraphs:
            runs = [r for r in paragraph.runs if r.text]
            if not runs:
                continue
            size = runs[0].font.size.pt
            p_pr = paragraph._p.pPr
            indent = int(p_pr.get("marL", "0")) / 12700 if p_pr is not None else 0.0
            before = paragraph.space_before.pt if paragraph.space_before is not None else 0.0
            pieces: list[list[tuple[str, bool]]] = [[]]
            for element in paragraph._p:
                if element.tag == f"{A}br":
                    pieces.append([])
                elif element.tag == f"{A}r":
                    bold = element.find(f"{A}rPr").get("b") == "1"
                    pieces[-1].extend((char, bold) for char in element.findtext(f"{A}t"))
            lines = sum(self.lines(piece, size, width - indent) for piece in pieces)
            total += before + lines * self.spacing * size
        return total


def assert_text_fits_by_advance_widths(deck: pptx.presentation.Presentation) -> int:
    """Assert, with AdvanceWidths and Arial's widths (the default deck's font), that no text
    box or table cell holds more text than it has room for; return how many were checked."""
    measure = AdvanceWidths.of_arial()
    checked = 0
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                box = Box(shape.left, shape.top, shape.width, shape.height, effective_insets(shape))
                height = measure.height(shape.text_frame, box.text_width)
                assert height <= box.text_height * 1.02 + 1, (
                    number, shape.name, shape.text_frame.text, height, box.text_height)
                checked += 1
            if shape.has_table:
                for row in shape.table.rows:
                    for cell, column in zip(row.cells, shape.table.columns, strict=True):
                        width = (column.width - cell.margin_left - cell.margin_right) / 12700
                        room = (row.height - cell.margin_top - cell.margin_bottom) / 12700
                        height = measure.height(cell.text_frame, width)
                        assert height <= room * 1.02 + 1, (number, cell.text, height, room)
                        checked += 1
    return checked


@pytest.mark.parametrize("subjects", [2, 3, 4, 6])
def test_two_to_six_subjects_render_with_text_that_fits(make_source, subjects: int) -> None:
    path = make_source(subjects=subjects, dimensions=4, summary_words=14)
    kit = load_brand()
    deck, job = render_deck(path, kit)
    dimension_slides = list(deck.slides)[3:7]
    for dimension, slide in zip(job.comparison.dimensions, dimension_slides, strict=True):
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert all(to_plain_text(dimension.cell(s).summary) in text for s in job.comparison.subjects)
        assert all(f"Detail {dimension.name.split()[1]}.{i + 1} sentence 1" in notes(slide)
                   for i in range(subjects))
    expected = "Comparison" if subjects == 2 else "Title and Content"
    assert {s.slide_layout.name for s in dimension_slides} == {expected}
    assert assert_text_fits(deck, deck_measure(kit)) > 20
    assert assert_text_fits_by_advance_widths(deck) > 20


@pytest.mark.slow
def test_thirty_dimensions_split_the_agenda_and_the_table(make_source) -> None:
    path = make_source(subjects=6, dimensions=30)
    deck, job = render_deck(path)
    names = [d.name for d in job.comparison.dimensions]
    agenda = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Agenda")]
    assert len(agenda) > 1
    assert [s.shapes.title.text_frame.text for s in agenda[1:]] == ["Agenda (continued)"] * (
        len(agenda) - 1)
    listed = [p.text for s in agenda for p in s.placeholders[1].text_frame.paragraphs]
    assert listed == names
    starts = [s.placeholders[1].text_frame.paragraphs[0]._p.find(f"{A}pPr/{A}buAutoNum")
              for s in agenda]
    assert starts[0].get("startAt") is None and int(starts[1].get("startAt")) == 1 + len(
        agenda[0].placeholders[1].text_frame.paragraphs)
    parts = tables(deck)
    assert len(parts) > 1
    header = ["Dimension", *(s.label for s in job.comparison.subjects)]
    assert all(part[0] == header for part in parts)
    assert [row[0] for part in parts for row in part[1:]] == names
    glance = [t for t in titles(deck) if t.startswith("At a glance")]
    assert glance == ["At a glance", *["At a glance (continued)"] * (len(parts) - 1)]
    (why,) = [str(w) for w in job.warnings if "its table needs" in str(w)]
    assert "(At a glance): its table needs" in why and f"continues on {len(parts)} slides" in why
    kit = load_brand()
    assert_text_fits(deck, deck_measure(kit))


def test_a_table_tightens_its_padding_before_it_is_split(make_source) -> None:
    """Adding rows to a six-subject table: before it continues on a second slide, there is
    a size of table that stays on one slide only because its cells' padding tightens."""
    found = []
    for dimensions in range(5, 13):
        deck, _ = render_deck(make_source(f"d{dimensions}", subjects=6, dimensions=dimensions,
                                          summary_words=4))
        shapes = [shape for slide in deck.slides for shape in slide.shapes if shape.has_table]
        top = shapes[0].table.cell(1, 1).margin_top
        found.append((dimensions, len(shapes), round(top / 914400, 3)))
        if len(shapes) > 1:
            break
    assert found[-1][1] > 1, found  # it did split, at last
    tight = [d for d, count, top in found if count == 1 and top < 0.05]
    assert tight and all(count == 1 and top == 0.05 for d, count, top in found
                         if d < tight[0]), found


def test_overlong_cell_summaries_are_shrunk_or_cut_never_overflowing(make_source) -> None:
    path = make_source(subjects=3, dimensions=2, summary_words=120)
    deck, _ = render_deck(path)
    kit = load_brand()
    assert_text_fits(deck, deck_measure(kit))
    assert assert_text_fits_by_advance_widths(deck) > 10


# -- the outline -----------------------------------------------------------------------------


def test_outline_problems_name_the_slide() -> None:
    with pytest.raises(TemplateError) as caught:
        parse_outline([
            {"kind": "title", "title": "Fine"},
            {"kind": "chart", "title": "x"},
            {"kind": "content", "title": ["a", "list"]},
            {"kind": "content", "colums": []},
            {"kind": "title_only", "table": {"header": ["a", "b"], "rows": [["1"]]}},
            {"kind": "content", "body": "x", "columns": [{"heading": "h"}]},
        ])
    message = caught.value.format_message()
    assert "slide 2: unknown kind 'chart' — kinds are title, section" in message
    assert "slide 3: `title` must be text, not list" in message
    assert "slide 4: unknown field 'colums' — did you mean 'columns'?" in message
    assert "slide 5: `table.rows[0]` has 1 cells; the header has 2" in message
    assert "slide 6: a slide holds one of body, columns and table" in message
    assert "slide 1" not in message


def test_outline_must_be_a_list() -> None:
    with pytest.raises(TemplateError, match="must be a list of slides"):
        parse_outline({"kind": "title"})


def test_outline_is_rendered_from_the_kit_template(sample_deck) -> None:
    _, job = sample_deck
    outline = build_outline(job)
    assert [spec.kind for spec in outline][:4] == ["title", "content", "comparison", "comparison"]
    assert outline[3].columns[0] == Column("Product management",
                                                  "Focuses on the what and why of a product")
    assert outline[8].table is not None and len(outline[8].table.rows) == 5


# -- client masters --------------------------------------------------------------------------

USUAL = ["Title Slide", "Title and Content", "Section Header", "Two Content", "Comparison",
         "Title Only", "Blank"]


def client_kit(tmp_path: Path, *, rename: dict[str, str] | None = None,
               drop: tuple[str, ...] = (), layouts: dict[str, str] | None = None,
               sample_slides: int = 0, suffix: str = ".pptx") -> BrandKit:
    """Return a kit in tmp_path whose master is python-pptx's 4:3 template, adjusted."""
    prs = pptx.Presentation()
    for layout in list(prs.slide_layouts):
        if layout.name not in USUAL or layout.name in drop:
            prs.slide_layouts.remove(layout)
    for layout in prs.slide_layouts:
        layout.name = (rename or {}).get(layout.name, layout.name)
    for _ in range(sample_slides):
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        slide.shapes.title.text = "Sample slide from the client"
    kit = tmp_path / "acme"
    kit.mkdir()
    master = kit / f"client{suffix}"
    prs.save(str(master))
    if suffix == ".potx":
        data = io.BytesIO()
        with zipfile.ZipFile(master) as src, zipfile.ZipFile(data, "w") as dst:
            for info in src.infolist():
                blob = src.read(info)
                if info.filename == "[Content_Types].xml":
                    blob = blob.replace(CT.PML_PRESENTATION_MAIN.encode(),
                                        CT.PML_TEMPLATE_MAIN.encode())
                dst.writestr(info, blob)
        master.write_bytes(data.getvalue())
    lines = ["name: Acme", "slides:", f"  master: client{suffix}"]
    if layouts:
        lines.append("  layouts:")
        lines.extend(f"    {kind}: {name}" for kind, name in layouts.items())
    (kit / "brand.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_brand(str(kit))


@pytest.fixture
def small_source(make_source) -> Path:
    return make_source(subjects=2, dimensions=3)


def test_renamed_layouts_are_used_through_the_kit_mapping(tmp_path: Path, small_source) -> None:
    kit = client_kit(tmp_path, rename={"Title and Content": "Acme Text", "Comparison": "Acme Pair"},
                     layouts={"content": "Acme Text", "comparison": "Acme Pair"})
    deck, job = render_deck(small_source, kit)
    layouts = [slide.slide_layout.name for slide in deck.slides]
    assert layouts[1] == "Acme Text" and layouts[3:6] == ["Acme Pair"] * 3
    assert (deck.slide_width, deck.slide_height) == (9144000, 6858000)  # the client's 4:3
    assert not [w for w in map(str, job.warnings) if w.startswith("fonts")]  # the client's own fonts
    assert_text_fits(deck, Measure(font_files("Calibri", kit.fonts.files, kit.base_fonts)))


def test_master_without_comparison_layout_gets_drawn_columns(tmp_path: Path, small_source) -> None:
    kit = client_kit(tmp_path, drop=("Comparison",))
    deck, job = render_deck(small_source, kit)
    slide = deck.slides[3]
    assert slide.slide_layout.name == "Two Content"
    boxes = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
    texts = [s.text_frame.text for s in boxes]
    for subject in job.comparison.subjects:
        assert subject.name in texts
        assert to_plain_text(job.comparison.dimensions[0].cell(subject).summary) in texts
    assert all(p.text_frame.text.strip() for p in slide.placeholders)  # no empty body left
    assert_text_fits(deck, Measure(font_files("Calibri", kit.fonts.files, kit.base_fonts)))


def test_potx_master_and_its_sample_slides_are_dropped(tmp_path: Path, small_source) -> None:
    kit = client_kit(tmp_path, sample_slides=2, suffix=".potx")
    deck, _ = render_deck(small_source, kit)
    assert titles(deck)[0] == "Generated comparison of 2 subjects"
    assert "Sample slide from the client" not in titles(deck)
    # title, agenda, subjects, three dimensions, at a glance, summary, takeaways, review, closing
    assert len(deck.slides) == 11


def test_an_empty_svg_logo_without_png_gives_a_blank_picture_not_an_error(
        tmp_path: Path, small_source) -> None:
    kit_folder = tmp_path / "svgkit"
    kit_folder.mkdir()
    (kit_folder / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>',
                                         encoding="utf-8")
    (kit_folder / "brand.yaml").write_text("name: Svg\nlogo: mark.svg\n", encoding="utf-8")
    deck, job = render_deck(small_source, load_brand(str(kit_folder)))
    assert [s for s in deck.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert not any("logo" in w for w in map(str, job.warnings))



# -- document properties ---------------------------------------------------------------------


def test_deck_properties_come_from_the_course_and_kit_not_the_master(tmp_path: Path,
                                                                     small_source) -> None:
    kit = client_kit(tmp_path)
    master = pptx.Presentation(str(kit.slides.master))
    props = master.core_properties
    props.title, props.author, props.last_modified_by = "Globex master", "Globex", "Globex IT"
    props.subject, props.keywords, props.comments = "Globex", "globex", "Globex confidential"
    props.category, props.content_status, props.identifier = "Globex", "Final", "GLX-1"
    props.version, props.language = "7", "fr-FR"
    master.save(str(kit.slides.master))
    deck, job = render_deck(small_source, kit)
    props, doc = deck.core_properties, job.comparison
    assert props.title == doc.title and props.subject == doc.subtitle
    assert props.author == props.last_modified_by == "Acme"
    assert props.keywords == ", ".join([*(s.name for s in doc.subjects),
                                        *(d.name for d in doc.dimensions)])
    assert props.comments == f"Made with coursepack {generator.__version__}"
    assert (props.language, props.category, props.revision) == ("en", "Training", 1)
    assert props.created is not None and props.created.year >= 2025
    assert props.content_status == props.identifier == props.version == ""
    out = io.BytesIO()
    deck.save(out)
    with zipfile.ZipFile(out) as zf:
        properties = [zf.read(name).decode() for name in zf.namelist()
                      if name.startswith("docProps/")]
    assert not [text for text in properties if "Globex" in text or "python-pptx" in text]


def test_deck_title_property_is_plain_text(make_source) -> None:
    path = make_source(overrides={"title": "Product *vs* **project**"})
    deck, _ = render_deck(path)
    assert deck.core_properties.title == "Product vs project"


# -- sources on the closing slide ------------------------------------------------------------


@pytest.mark.parametrize("brand", ["default", "northwind"])
def test_closing_slide_shows_sources_as_text_in_the_layout_colour(small_source,
                                                                  brand: str) -> None:
    deck, _ = render_deck(small_source, load_brand(brand))
    closing = deck.slides[-1]
    (body,) = [s for s in closing.placeholders if s.placeholder_format.idx != 0
               and "example.org" in s.text_frame.text]
    (paragraph,) = body.text_frame.paragraphs
    assert paragraph.text == "Generated source — https://example.org/source"
    assert paragraph._p.find(f"{A}pPr/{A}buNone") is not None  # no bullet in the theme colour
    for run in paragraph.runs:
        assert run._r.find(f"{A}rPr/{A}solidFill") is None  # the placeholder's own colour
    link = paragraph.runs[-1]._r.find(f"{A}rPr/{A}hlinkClick")
    assert link is not None and link.find(f".//{{{HLINK_COLOR}}}hlinkClr").get("val") == "tx"
    assert closing.part.target_ref(link.get(f"{{{R}}}id")) == "https://example.org/source"


# -- headings and long words -----------------------------------------------------------------

LONG_NAMES = ["Hybrid (Water-Scrum-Fall)",
              "Scaled Agile Framework (SAFe) for Lean Portfolio and Value Stream Management",
              "Disciplined Agile Delivery"]


def serif_kit(tmp_path: Path) -> BrandKit:
    """Return a kit whose fonts have no files: measured as Inter, 10% wider."""
    folder = tmp_path / "serif"
    folder.mkdir()
    (folder / "brand.yaml").write_text(
        "name: Serif\nfonts: {heading: Merriweather, body: Source Sans 3}\n", encoding="utf-8")
    return load_brand(str(folder))


def unbroken(text: str) -> set[str]:
    """Return what `text` reads as with its line breaks undone (after a hyphen added or not)."""
    return {text.replace("-\x0b", ""), text.replace("\x0b", "")}


@pytest.mark.parametrize("subjects", [2, 3])
def test_long_subject_headings_shrink_and_wrap_but_are_never_cut(tmp_path: Path, make_source,
                                                                 subjects: int) -> None:
    source = generated_source(subjects=subjects, dimensions=2)
    for subject, name in zip(source["subjects"], LONG_NAMES, strict=False):
        subject["name"] = name
    kit = serif_kit(tmp_path)
    deck, job = render_deck(make_source(overrides={"subjects": source["subjects"],
                                                   "dimensions": source["dimensions"]},
                                        subjects=subjects, dimensions=2), kit)
    names = [s.name for s in job.comparison.subjects]
    for slide in list(deck.slides)[2:5]:  # what we compare, the two dimensions
        texts = {t for s in slide.shapes if s.has_text_frame for t in unbroken(s.text_frame.text)}
        assert all(name in texts for name in names), texts
        for shape in slide.shapes:
            if shape.has_text_frame and any(n in unbroken(shape.text_frame.text) for n in names):
                assert shape.text_frame.paragraphs[0].runs[0].font.size.pt >= 12
    assert not [w for w in map(str, job.warnings) if "…" in w]
    assert_text_fits(deck, Measure(font_files("Merriweather", kit.fonts.files, kit.base_fonts)))


def test_a_heading_is_cut_only_when_nothing_else_fits_and_then_with_a_warning(
        tmp_path: Path, make_source) -> None:
    name = " ".join(["Extraordinarily long subject name"] * 12)
    source = generated_source(subjects=3, dimensions=1)
    source["subjects"][0]["name"] = name
    deck, job = render_deck(make_source(overrides={"subjects": source["subjects"]},
                                        subjects=3, dimensions=1), serif_kit(tmp_path))
    slide = deck.slides[2]
    assert any(s.text_frame.text.endswith("…") for s in slide.shapes if s.has_text_frame)
    assert any(w.startswith("generated.yaml: slide 3 (What we compare): cut \"Extraordinarily")
               and "full text is in the speaker notes" in w for w in map(str, job.warnings))
    assert name in notes(slide)


def test_over_wide_words_break_at_hyphenation_points_with_a_hyphen() -> None:
    files = load_brand().fonts.files
    english, german = Measure(font_files("Inter", files, ())), Measure(font_files("Inter", files, ()), "de")
    for measure, word, width in [(english, "Documentation", 60.0),
                                 (german, "Projektmanagementverantwortlichkeiten", 150.0)]:
        broken = measure.hyphenated(plain(word), 18, width).text
        pieces = broken.split("\n")
        assert len(pieces) > 1 and all(p.endswith("-") for p in pieces[:-1]), broken
        assert "".join(p.removesuffix("-") for p in pieces) == word
        assert all(measure.width(p, 18) <= width for p in pieces)
        hyphenator = pyphen.Pyphen(lang=measure.language)
        ends = [len("".join(p.removesuffix("-") for p in pieces[:i + 1]))
                for i in range(len(pieces) - 1)]
        assert set(ends) <= set(hyphenator.positions(word)), (broken, ends)
        assert measure.lines(plain(word), 18, width) == len(pieces)
    # no hyphenation point fits: between characters, still with a hyphen
    tight = english.hyphenated(plain("Documentation"), 18, 22.0).text.split("\n")
    assert all(p.endswith("-") for p in tight[:-1]) and len(tight) > 3
    # words that fit are left alone, at any language
    assert Measure(font_files("Inter", files, ()), "xx").hyphenated(plain("Scope"), 18, 60).text \
        == "Scope"


def assert_words_fit_their_cells(table, measure: Measure) -> None:
    """Assert that every word (or hyphenated part of one) fits the width of its cell."""
    for row in table.rows:
        for cell, column in zip(row.cells, table.columns, strict=True):
            width = (column.width - cell.margin_left - cell.margin_right) / 12700
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    for word in re.split(r"[ \x0b]+", run.text):
                        assert measure.width(word, run.font.size.pt, bool(run.font.bold)) <= width, (
                            word, run.font.size.pt, width)


def test_table_text_shrinks_before_a_word_breaks(make_source) -> None:
    source = generated_source(subjects=6, dimensions=2, summary_words=3)
    source["dimensions"][0]["s2"]["summary"] = "Documentation"
    deck, _ = render_deck(make_source(overrides={"dimensions": source["dimensions"]},
                                      subjects=6, dimensions=2))
    (table,) = [s.table for s in deck.slides[5].shapes if s.has_table]
    assert table.cell(1, 2).text == "Documentation"  # whole, at a size where it fits
    assert_words_fit_their_cells(table, deck_measure(load_brand()))


def test_table_words_too_long_at_any_size_are_hyphenated_for_the_language(make_source) -> None:
    source = generated_source(subjects=6, dimensions=3, language="de")
    source["dimensions"][1]["s2"]["summary"] = "Projektmanagementverantwortlichkeiten klären"
    deck, _ = render_deck(make_source(overrides={"dimensions": source["dimensions"],
                                                 "language": "de"}, subjects=6, dimensions=3))
    (table,) = [s.table for s in deck.slides[6].shapes if s.has_table]
    cell = table.cell(2, 2).text
    parts = cell.split("\x0b")
    assert len(parts) > 1 and all(part.endswith("-") for part in parts[:-1])
    assert "".join(part.removesuffix("-") for part in parts) == (
        "Projektmanagementverantwortlichkeiten klären")
    ends = [len("".join(p.removesuffix("-") for p in parts[:i + 1])) for i in range(len(parts) - 1)]
    assert set(ends) <= set(pyphen.Pyphen(lang="de").positions(
        "Projektmanagementverantwortlichkeiten"))
    measure = deck_measure(load_brand(), "de")
    assert_words_fit_their_cells(table, measure)
    assert_text_fits(deck, measure)


# -- fonts -----------------------------------------------------------------------------------


def test_client_master_with_uncommon_theme_fonts_warns_once(small_source) -> None:
    _, job = render_deck(small_source, load_brand("northwind"))
    fonts = [w for w in map(str, job.warnings) if w.startswith("fonts ")]
    assert fonts == ["fonts Vollkorn, Lato: install them on presenting machines, or PowerPoint "
                     "substitutes another font"]


def test_logo_finds_room_when_text_boxes_reach_into_every_corner(tmp_path: Path,
                                                               small_source) -> None:
    """On a master whose title slide spans its subtitle across the top and its title across
    the bottom, the subtitle gives up the top of its box (its text still fits) for the logo."""
    kit = tmp_path / "kit"
    kit.mkdir()
    titles_at_bottom(kit)
    (kit / "brand.yaml").write_text('name: K\nslides: {master: "titles-at-bottom.pptx"}\n',
                                    encoding="utf-8")
    brand = load_brand(str(kit))
    deck, job = render_deck(small_source, brand)
    assert not [w for w in map(str, job.warnings) if "logo" in w]
    for slide in deck.slides:
        logos = [s for s in slide.shapes if s.name == "Logo"]
        assert len(logos) == (1 if slide is deck.slides[0] else 0)
    assert check_deck(deck, titles=deck_titles(job)) == []  # the logo covers no text box
    slide = deck.slides[0]
    subtitle = next(s for s in slide.placeholders if s.placeholder_format.type == 4)
    layout_box = next(s for s in slide.slide_layout.placeholders
                      if s.placeholder_format.type == 4)
    assert subtitle.top > layout_box.top  # shortened from the top, where the logo went
    assert_text_fits(deck, Measure(font_files("Calibri", brand.fonts.files, brand.base_fonts)))


SOURCES = DATA / "sources"


def test_japanese_wraps_between_characters_without_hyphens() -> None:
    measure = Measure(font_files("Inter", load_brand().fonts.files, ()), "ja")
    sentence = "顧客のニーズを理解し、製品の機能を定義し、市場の要求と戦略目標を満たすようにします。"
    line = measure.width(sentence[:10], 18)
    # filled line by line as PowerPoint does, not moved whole to the next line
    assert measure.lines(plain(sentence), 18, line * 1.05) <= len(sentence) // 10 + 2
    assert not measure.breaks_words([plain(sentence)], 18, line * 1.05)
    assert measure.hyphenated(plain(sentence), 18, line * 1.05).text == sentence
    # kinsoku: no line starts with 、 or 。, none ends with 「
    pieces = [sentence[b:e] for b, e in deck_text._segments(sentence)]
    assert "".join(pieces) == sentence
    assert not any(p[0] in "、。」" for p in pieces[1:]) and not any(p[-1] == "「" for p in pieces)


@pytest.mark.parametrize(("language", "sentence"), [
    ("zh", "产品经理负责定义产品愿景与路线图并协调跨职能团队以满足市场需求"),  # Han only
    ("ja", "製品管理者責任範囲定義市場要求戦略目標達成計画策定"),  # kanji, no kana
    ("zh", "\U00020000\U00020001\U00020002\U00020003\U00020004" * 6),  # extension B
])
def test_han_characters_wrap_between_any_two(language: str, sentence: str) -> None:
    """A run of Chinese characters (no kana or punctuation to break at) fills its lines
    character by character, unhyphenated, like PowerPoint."""
    measure = Measure(font_files("Inter", load_brand().fonts.files, ()), language)
    line = measure.width(sentence[:8], 18) * 1.05
    assert not measure.breaks_words([plain(sentence)], 18, line)
    assert measure.lines(plain(sentence), 18, line) <= len(sentence) // 8 + 2
    assert measure.hyphenated(plain(sentence), 18, line).text == sentence


@pytest.mark.parametrize("name", ["ja", "zh"])
def test_chinese_and_japanese_decks_carry_the_text_unbroken_and_tagged(name: str) -> None:
    deck, job = render_deck(SOURCES / f"{name}.yaml")
    lang = {"ja": "ja-JP", "zh": "zh-CN"}[name]
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = ([c.text_frame for r in shape.table.rows for c in r.cells]
                      if shape.has_table else [shape.text_frame] if shape.has_text_frame else [])
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        texts.append(run.text)
                        assert run._r.find(f"{A}rPr").get("lang") == lang, run.text
    joined = "".join(texts)
    assert "-\n" not in joined and "-\v" not in joined
    assert titles(deck)[1] == labels_for(name)["agenda"]
    assert check_deck(deck, titles=deck_titles(job), language=job.language) == []
