"""The facilitator guide (--format guide) and the deck's use of the timing plan."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner
from conftest import SAMPLE, build_sample, make_kit
from pptx import Presentation

from generator.cli import cli
from generator.i18n.labels import labels_for
from generator.source.load import load_source
from generator.source.markdown import to_plain_text
from generator.source.plan import make_plan

DOC = load_source(SAMPLE)
STEM = "product-vs-project-management"
A4, LETTER = (595, 842), (612, 792)


def words(text: str) -> str:
    """Return `text` as its letters only, to compare whatever the line breaks."""
    return re.sub(r"[\W_]+", "", text.replace("\u00ad", "")).lower()


def holds(text: str, markdown: str | None) -> bool:
    """Return whether `text` (letters only) holds every paragraph and list item of
    `markdown`, each whole (a page break may fall between them)."""
    return all(words(block) in text for block in to_plain_text(markdown).split("\n"))


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


build = build_sample


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("guide"), "--format", "guide", "--format", "slides",
                 "--format", "handout", "--format", "cheatsheet")


def deck_titles(path: Path) -> list[str]:
    deck = Presentation(path)
    return [slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
            for slide in deck.slides]


def bookmarks(path: Path) -> list[tuple[str, int]]:
    """Return the PDF's outline, flattened: (title, page index) in order."""
    reader = pypdf.PdfReader(path)

    def walk(items: list) -> list[tuple[str, int]]:
        found = []
        for item in items:
            if isinstance(item, list):
                found += walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item)))
        return found

    return walk(reader.outline)


def test_the_guide_is_built_only_when_asked_for(tmp_path: Path) -> None:
    folder = build(tmp_path / "out")
    assert sorted(p.name for p in folder.glob("*.p*")) == [
        f"{STEM}-cheatsheet.pdf", f"{STEM}-handout.pdf", f"{STEM}-slides.pptx"]


def test_the_run_sheet_lists_every_part_with_clock_times_that_add_up(built: Path) -> None:
    first = page_texts(built / f"{STEM}-guide.pdf")[0]
    plan = make_plan(DOC, labels_for("en"))
    slots = re.findall(r"(\d+):(\d\d)–(\d+):(\d\d)", first)
    spans = [(int(a) * 60 + int(b), int(c) * 60 + int(d)) for a, b, c, d in slots]
    parts = spans[:-1]  # the last is the total's row
    assert len(parts) == len(plan.parts)
    assert parts[0][0] == 0
    assert all(later[0] == earlier[1] for earlier, later in itertools.pairwise(parts))
    assert [end - start for start, end in parts] == [part.minutes for part in plan.parts]
    assert spans[-1] == (0, 45) and words("Total (Duration: 45 minutes)") in words(first)
    for part in plan.parts:
        assert words(part.name) in words(first)


def test_every_slide_of_the_deck_is_in_the_guide_in_order(built: Path) -> None:
    titles = [to_plain_text(t) for t in deck_titles(built / f"{STEM}-slides.pptx")]
    text = words(" ".join(page_texts(built / f"{STEM}-guide.pdf")[1:]))
    at = 0
    for number, title in enumerate(titles, 1):
        found = text.find(words(f"{number} {title}"), at)
        assert found >= 0, (number, title)
        at = found
    outline = [title for title, _ in bookmarks(built / f"{STEM}-guide.pdf")]
    assert [t for t in outline if t[0].isdigit()] == [
        f"{n} {t}" for n, t in enumerate(titles, 1)]


def test_the_guide_holds_what_the_trainer_says_and_does(built: Path) -> None:
    text = words(" ".join(page_texts(built / f"{STEM}-guide.pdf")))
    for item in DOC.review:
        assert holds(text, item.answer)
    for dimension in DOC.dimensions:
        for cell in dimension.cells.values():
            assert holds(text, cell.detail)
        for extra in (dimension.takeaway, dimension.notes, dimension.activity):
            assert holds(text, extra)
    assert holds(text, DOC.notes)


def test_a_slide_and_its_trainer_material_share_a_page(built: Path) -> None:
    """A slide's material starts on the slide's page and, where it runs over half a page,
    may go on over the next one — never further."""
    pages = [words(t) for t in page_texts(built / f"{STEM}-guide.pdf")]
    on_page = dict(bookmarks(built / f"{STEM}-guide.pdf"))
    for number, dimension in enumerate(DOC.dimensions, 4):
        at = on_page[f"{number} {dimension.name}"]
        page, spread = pages[at], pages[at] + pages[at + 1] if at + 1 < len(pages) else ""
        first = next(iter(dimension.cells.values())).detail
        assert holds(page, first.split("\n")[0]), dimension.name
        for extra in (*(cell.detail for cell in dimension.cells.values()),
                      dimension.takeaway, dimension.notes, dimension.activity):
            assert holds(spread, extra), dimension.name


def filled(pdf: Path) -> list[float]:
    """Return how much of each page's height its text reaches down to (running footers
    left out): 1.0 is a full page."""
    document = pypdfium2.PdfDocument(pdf)
    shares = []
    try:
        for page in document:
            height = page.get_height()
            textpage = page.get_textpage()
            bottoms = [textpage.get_charbox(i)[1] for i in range(textpage.count_chars())
                       if not textpage.get_text_range(i, 1).isspace()]
            body = [b for b in bottoms if b > 25 / 25.4 * 72]  # above the footer
            top = 20 / 25.4 * 72  # the page's top margin
            shares.append((height - top - min(body, default=height - top)) / (height - top))
    finally:
        document.close()
    return shares


def test_no_page_of_the_guide_is_left_half_empty_before_the_last(tmp_path: Path) -> None:
    """A slide's block that does not fit the rest of a page moves to the next whole only
    when it is short (under half a page): no page before the last is left half empty."""
    text = SAMPLE.read_text(encoding="utf-8")
    long_notes = " ".join(f"Say point {n} and wait for the room to answer it." for n in range(60))
    source = tmp_path / "long.yaml"
    source.write_text(text.replace("  - name: Duration\n", "  - name: Duration\n"
                                   f"    notes: {long_notes}\n", 1), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out), "--format",
                                      "guide"])
    assert result.exit_code == 0, result.output
    shares = filled(out / "default" / "long-guide.pdf")
    assert all(share > 0.5 for share in shares[1:-1]), [round(s, 2) for s in shares]


def test_the_guide_has_metadata_and_an_outline(built: Path) -> None:
    reader = pypdf.PdfReader(built / f"{STEM}-guide.pdf")
    assert reader.metadata.title == f"{DOC.title} — Facilitator guide"
    assert reader.metadata.author == "coursepack"
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == list(A4)
    outline = [title for title, _ in bookmarks(built / f"{STEM}-guide.pdf")]
    assert outline[:4] == [DOC.title, "Run sheet", "Facilitator notes",
                           f"1 {DOC.title}"]


def test_learner_outputs_never_show_activities_or_dimension_notes(built: Path,
                                                                  tmp_path: Path) -> None:
    secrets = [words(to_plain_text(d.activity or d.notes or "")) for d in DOC.dimensions
               if d.activity or d.notes]
    assert secrets
    # a kit whose learner templates print every dimension's activity and notes
    nosy = make_kit(tmp_path, "name: Nosy\n", {name: (
        f'{{% extends "default/{name}" %}}{{% block {block} %}}{{{{ super() }}}}'
        '{% for d in dimensions %}<p>{{ d.activity }} {{ d.notes }}</p>{% endfor %}'
        '{% endblock %}') for name, block in (("handout.html.j2", "sources"),
                                            ("cheatsheet.html.j2", "footer"))})
    nosy_folder = build(tmp_path / "out", "--format", "handout", "--format", "cheatsheet",
                        kit=nosy)
    for pdf in (built / f"{STEM}-handout.pdf", built / f"{STEM}-cheatsheet.pdf",
                nosy_folder / f"{STEM}-handout.pdf", nosy_folder / f"{STEM}-cheatsheet.pdf"):
        text = words(" ".join(page_texts(pdf)))
        assert not [s for s in secrets if s[:60] in text], pdf.name


def test_each_slide_s_speaker_notes_start_with_its_time_slot(built: Path) -> None:
    deck = Presentation(built / f"{STEM}-slides.pptx")
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
    assert notes[0].startswith("5 min · 0:00–0:05\n")
    assert notes[3].startswith("5 min · 0:05–0:10\n")  # the first dimension
    assert notes[5].startswith("13 min · 0:13–0:26\n")
    assert words(to_plain_text(DOC.dimensions[2].activity)) in words(notes[5])
    assert notes[11].startswith("7 min · 0:38–0:45\n")  # the review
    agenda = " ".join(s.text_frame.text for s in deck.slides[1].shapes if s.has_text_frame)
    assert "Ownership · 13 min" in agenda and "Review questions · 7 min" in agenda


def test_a_kit_that_reorders_and_drops_slides_gets_a_matching_guide(tmp_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Short\n", {"slides.yaml.j2": (
        '{% extends "default/slides.yaml.j2" %}'
        '{% block agenda %}{% endblock %}{% block at_a_glance %}{% endblock %}'
        '{% block summary %}{% endblock %}{% block takeaways %}{% endblock %}'
        '{% block closing %}{% endblock %}{% block review %}{% endblock %}'
        '{% block title_slide %}{{ super() }}'
        '- kind: content\n  title: "Warm-up questions"\n  part: review\n'
        '  body: {{ (doc.review | map(attribute="question") | map("format_numbered")'
        ' | join("\\n")) | tojson }}\n{% endblock %}')})
    folder = build(tmp_path / "out", "--format", "guide", "--format", "slides", kit=kit)
    titles = [to_plain_text(t) for t in deck_titles(folder / f"{STEM}-slides.pptx")]
    assert titles[:3] == [DOC.title, "Warm-up questions", "What we compare"]
    assert len(titles) == 3 + len(DOC.dimensions)
    text = words(" ".join(page_texts(folder / f"{STEM}-guide.pdf")[1:]))
    positions = [text.find(words(f"{n} {t}")) for n, t in enumerate(titles, 1)]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert [t for t, _ in bookmarks(folder / f"{STEM}-guide.pdf")][3:] == [
        f"{n} {t}" for n, t in enumerate(titles, 1)]
    assert words("7 min · 0:38–0:45") in text  # the review's slot, now on slide 2


def test_an_outline_part_the_plan_lacks_is_a_warning_and_no_slot(tmp_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Wrong\n", {"slides.yaml.j2": (
        "- kind: content\n  title: Hello\n  part: dimension-9\n  notes: Say hello.\n")})
    result = CliRunner().invoke(cli, ["build", str(SAMPLE), "--out", str(tmp_path / "out"),
                                      "--format", "guide", "--format", "slides",
                                      "--brand", str(kit)])
    assert result.exit_code == 0, result.output
    assert ("slides.yaml.j2: slide 1: part 'dimension-9' is not in this source's plan (its "
            "parts: intro, dimension-1") in result.output
    deck = Presentation(tmp_path / "out" / "kit" / f"{STEM}-slides.pptx")
    assert deck.slides[0].notes_slide.notes_text_frame.text == "Say hello."


@pytest.mark.parametrize(("kit", "paper", "size"), [
    ("northwind", "letter", LETTER), ("default", "a4", A4)])
def test_the_guide_works_with_other_kits_paper_and_pdf_ua(tmp_path: Path, kit: str, paper: str,
                                                         size: tuple[int, int]) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(SAMPLE), "--format", "guide",
         "--brand", kit, "--paper", paper, "--pdf-ua", "--out", str(out)],
        capture_output=True, text=True, cwd=SAMPLE.parent.parent, check=False)
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(out / kit / f"{STEM}-guide.pdf")
    assert all([round(float(v)) for v in page.mediabox[2:]] == list(size)
               for page in reader.pages)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert words(to_plain_text(DOC.review[0].answer)) in words(
        " ".join(p.extract_text() for p in reader.pages))


def test_the_guide_keeps_the_answers_when_learner_pdfs_leave_them_out(tmp_path: Path) -> None:
    folder = build(tmp_path / "out", "--format", "guide", "--format", "handout",
                   "--no-answer-key")
    guide = words(" ".join(page_texts(folder / f"{STEM}-guide.pdf")))
    handout = words(" ".join(page_texts(folder / f"{STEM}-handout-no-answers.pdf")))
    for item in DOC.review:
        assert holds(guide, item.answer)
        assert words(to_plain_text(item.answer)) not in handout


def test_the_guide_numbers_slides_as_the_deck_does_when_it_continues_one(tmp_path: Path) -> None:
    from conftest import generated_source, write_yaml

    data = generated_source(2, 14)
    for dimension in data["dimensions"]:
        dimension["minutes"] = 5
    source = write_yaml(tmp_path / "many.yaml", data)
    folder = build(tmp_path / "out", "--format", "guide", "--format", "slides", source=source)
    titles = deck_titles(folder / "many-slides.pptx")
    assert titles[2].endswith("(continued)")  # the agenda of 17 parts takes two slides
    marks = [title for title, _ in bookmarks(folder / "many-guide.pdf")
             if title[0].isdigit()]
    assert marks[1] == "2–3 Agenda", marks
    covered = []
    for mark in marks:
        numbers, title = mark.split(" ", 1)
        first, _, last = numbers.partition("–")
        covered += range(int(first), int(last or first) + 1)
        assert to_plain_text(titles[int(first) - 1]) == title, (mark, titles)
    assert covered == list(range(1, len(titles) + 1))  # every deck slide, once, in order
    first = page_texts(folder / "many-guide.pdf")[0]
    assert re.search(r"Introduction\s+—\s+1–4", first), first


def test_headings_inside_trainer_markdown_are_no_bookmarks(tmp_path: Path) -> None:
    source = tmp_path / "pm.yaml"
    source.write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "    activity: |\n", "    activity: |\n      # Step heading\n\n      ## Sub heading\n\n", 1),
        encoding="utf-8")
    folder = build(tmp_path / "out", "--format", "guide", source=source)
    marks = [title for title, _ in bookmarks(folder / "pm-guide.pdf")]
    assert "Step heading" not in marks and "Sub heading" not in marks
    assert "Step heading" in " ".join(page_texts(folder / "pm-guide.pdf"))


def test_parts_without_minutes_have_no_clock_and_slots_speak_the_source_s_language(
        tmp_path: Path) -> None:
    """A German course whose "Duration" dimension has no minutes: the run sheet gives that
    part no clock time ("—") and the others keep theirs; every slot is in German."""
    text = SAMPLE.read_text(encoding="utf-8").replace("language: en", "language: de")
    text = text.replace("  - name: Duration\n", "  - name: Laufzeit\n", 1)
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  - name: Laufzeit"))
    minutes = next(i for i in range(at, at + 12) if lines[i].strip() == "minutes: 3")
    del lines[minutes]
    source = tmp_path / "kurs.yaml"
    source.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out), "--format",
                                      "guide", "--format", "slides"])
    assert result.exit_code == 0, result.output
    sheet = page_texts(out / "default" / "kurs-guide.pdf")[0]
    row = next(line for line in sheet.splitlines() if "Laufzeit" in line)
    assert "—" in row and not re.search(r"\d:\d\d", row), row
    assert "0:10–0:23" in sheet  # the next part starts where the last planned one ended
    assert "None" not in sheet
    notes = [slide.notes_slide.notes_text_frame.text
             for slide in Presentation(out / "default" / "kurs-slides.pptx").slides]
    assert notes[0].startswith("5 Min. · 0:00–0:05\n")
    assert not any(" min · " in note for note in notes)


def test_a_slide_without_guide_prints_its_notes_and_an_empty_guide_prints_nothing(
        tmp_path: Path) -> None:
    kit = make_kit(tmp_path, "name: Notes\n", {"slides.yaml.j2": (
        "- kind: content\n  title: Hello\n  notes: Greet the room NOTESFALLBACK.\n"
        "- kind: content\n  title: Quiet\n  notes: Never printed QUIETNOTES.\n  guide: \"\"\n"
        "- kind: content\n  title: Own\n  notes: Not this OWNNOTES.\n"
        "  guide: Say this OWNGUIDE.\n")})
    folder = build(tmp_path / "out", "--format", "guide", kit=kit)
    text = words(" ".join(page_texts(folder / f"{STEM}-guide.pdf")))
    assert words("Greet the room NOTESFALLBACK") in text
    assert "quietnotes" not in text and "ownnotes" not in text
    assert words("Say this OWNGUIDE") in text
