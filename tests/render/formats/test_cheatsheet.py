"""The cheat sheet: always exactly one page, every dimension and summary on it, or a refusal."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import REPO, generated_source, write_yaml
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from generator.cli import cli
from generator.errors import RenderError
from generator.kits.load import load_brand
from generator.render.formats.cheatsheet import LEVELS, choose_fit, render
from generator.render.job import RenderJob, RenderOptions
from generator.source.load import load_source
from generator.source.markdown import to_plain_text

IMPOSSIBLE = {"subjects": 2, "dimensions": 20, "summary_words": 90}  # ~600-character cells


def job_for(path: Path, *, paper: str | None = None, labels: dict[str, str] | None = None
            ) -> RenderJob:
    kit = load_brand("default")
    if labels:
        kit = kit.model_copy(update={"labels": labels})
    return RenderJob(load_source(path), kit, path, RenderOptions(paper=paper), "cheatsheet")


def read_back(pdf: bytes, tmp_path: Path) -> PdfReader:
    target = tmp_path / "cheatsheet.pdf"
    target.write_bytes(pdf)
    return PdfReader(target)


def squash(text: str) -> str:
    """Return `text` without whitespace and hyphens, so wrapped lines compare equal."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def assert_all_content_shown(reader: PdfReader, job: RenderJob) -> None:
    text = squash(reader.pages[0].extract_text())
    for dimension in job.comparison.dimensions:
        assert squash(to_plain_text(dimension.name)) in text
        for cell in dimension.cells.values():
            assert squash(to_plain_text(cell.summary)) in text


def page_size(reader: PdfReader) -> tuple[float, float]:
    box = reader.pages[0].mediabox
    return float(box.width), float(box.height)


def long_labels_source(dimensions: int) -> dict:
    """Return a 3-subject source whose long names and taglines make every level matter."""
    data = generated_source(3, dimensions)
    for number, subject in enumerate(data["subjects"], start=1):
        subject["name"] = f"Subject {number} with a deliberately long display name"
        subject["tagline"] = " ".join([subject["tagline"]] * 4)
    return data


@pytest.fixture
def large_source(make_source: Callable[..., Path]) -> Path:
    return make_source("large", subjects=6, dimensions=20)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_sample_cheat_sheet_fits_on_one_page_with_everything(
    sample_path: Path, tmp_path: Path, paper: str
) -> None:
    job = job_for(sample_path, paper=paper)
    reader = read_back(render(job), tmp_path)
    assert len(reader.pages) == 1
    assert_all_content_shown(reader, job)
    text = squash(reader.pages[0].extract_text())
    doc = job.comparison
    for words in (doc.title, job.labels["takeaways"], *(s.name for s in doc.subjects),
                  *(s.tagline or "" for s in doc.subjects), *doc.takeaways):
        assert squash(to_plain_text(words)) in text
    assert squash(f"{job.labels['version']} {doc.version}") in text
    assert squash(str(doc.date)) in text


@pytest.mark.slow
@pytest.mark.parametrize(("paper", "size"), [("a4", (595.3, 841.9)), ("letter", (612, 792))])
def test_six_by_twenty_fits_on_one_page(large_source: Path, tmp_path: Path, paper: str,
                                        size: tuple[float, float]) -> None:
    job = job_for(large_source, paper=paper)
    reader = read_back(render(job), tmp_path)
    assert len(reader.pages) == 1
    assert sorted(page_size(reader)) == pytest.approx(sorted(size), abs=0.5)
    assert_all_content_shown(reader, job)


def test_sample_is_portrait_and_many_subjects_turn_the_page(
    sample_path: Path, make_source: Callable[..., Path]
) -> None:
    assert choose_fit(job_for(sample_path)).fit.landscape is False
    assert choose_fit(job_for(make_source(subjects=5, dimensions=4))).fit.landscape is True


def test_sample_and_large_source_take_few_trial_layouts(sample_path: Path,
                                                        large_source: Path) -> None:
    assert choose_fit(job_for(sample_path)).trials == 1
    assert choose_fit(job_for(large_source)).trials <= 3


# Dimension counts of `long_labels_source` that land on each level in turn (from trying them).
SIZES_BY_LEVEL = (2, 6, 8, 11, 14, 17, 21, 25, 27, 29, 32, 35)


@pytest.mark.slow
def test_each_step_down_level_is_reachable(tmp_path: Path) -> None:
    assert len(SIZES_BY_LEVEL) == len(LEVELS)
    reached = []
    for dimensions in SIZES_BY_LEVEL:
        path = write_yaml(tmp_path / f"d{dimensions}.yaml", long_labels_source(dimensions))
        fit = choose_fit(job_for(path)).fit
        assert fit.landscape is False
        reached.append(LEVELS.index(fit))
    assert reached == list(range(len(LEVELS)))


def test_smallest_level_keeps_type_readable() -> None:
    assert min(fit.font_size for fit in LEVELS) >= 7
    assert LEVELS[-1].use_short and not LEVELS[-1].show_taglines


def _descendants(box: boxes.Box) -> Iterator[boxes.Box]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def test_an_unbreakable_word_stays_inside_its_cell(make_source: Callable[..., Path]) -> None:
    data_path = make_source(subjects=6, dimensions=3)
    data = generated_source(6, 3)
    data["dimensions"][0]["s2"]["summary"] = "x" * 150
    write_yaml(data_path, data)
    document = choose_fit(job_for(data_path)).document
    assert len(document.pages) == 1
    cells = [box for box in _descendants(document.pages[0]._page_box)
             if isinstance(box, boxes.TableCellBox)]
    assert cells
    for cell in cells:
        right = cell.content_box_x() + cell.width
        for inner in _descendants(cell):
            if isinstance(inner, boxes.TextBox):
                assert inner.position_x + inner.width <= right + 0.5


def test_labels_come_from_the_kit(sample_path: Path, tmp_path: Path) -> None:
    job = job_for(sample_path, labels={"takeaways": "Remember this", "version": "Edition",
                                       "dimension": "Aspect"})
    text = read_back(render(job), tmp_path).pages[0].extract_text()
    assert "Remember this" in text
    assert "Edition 1.0" in text
    assert "ASPECT" in text.upper()


def test_source_that_cannot_fit_raises_naming_the_longest_cells(
    make_source: Callable[..., Path]
) -> None:
    job = job_for(make_source("huge", **IMPOSSIBLE))
    with pytest.raises(RenderError) as caught:
        render(job)
    message = caught.value.format_message()
    assert "does not fit on one page" in message
    doc = job.comparison
    cells = [(len(d.cell(s).summary), d.name, s.name) for d in doc.dimensions for s in doc.subjects]
    longest = max(length for length, _, _ in cells)
    assert any(f"“{dimension}” for {subject} ({length} characters)" in message
               for length, dimension, subject in cells if length == longest)


def test_source_just_too_big_is_refused_after_trying(make_source: Callable[..., Path]) -> None:
    # Close enough to fitting that the sheet is laid out before it is refused.
    with pytest.raises(RenderError, match="does not fit on one page"):
        choose_fit(job_for(make_source("big", subjects=2, dimensions=20, summary_words=25)))


def _build(runner, source: Path, out: Path):
    return runner.invoke(cli, ["build", str(source), "--format", "cheatsheet", "--out", str(out)])


def test_failed_build_exits_1_and_writes_nothing(runner, make_source: Callable[..., Path],
                                                 tmp_path: Path) -> None:
    source = make_source("huge", **IMPOSSIBLE)
    out = tmp_path / "out"
    result = _build(runner, source, out)
    assert result.exit_code == 1
    assert "does not fit on one page" in result.output
    assert "characters" in result.output
    assert list(out.rglob("*.pdf")) == []
    assert list(out.rglob("*.tmp")) == []


def test_failed_rebuild_keeps_the_earlier_cheat_sheet(runner, tmp_path: Path) -> None:
    source = write_yaml(tmp_path / "course.yaml", generated_source(3, 5))
    out = tmp_path / "out"
    assert _build(runner, source, out).exit_code == 0
    [earlier] = list(out.rglob("*-cheatsheet.pdf"))
    before, listing = earlier.read_bytes(), sorted(p.name for p in earlier.parent.iterdir())

    write_yaml(source, generated_source(**IMPOSSIBLE))
    result = _build(runner, source, out)
    assert result.exit_code == 1
    assert earlier.read_bytes() == before
    assert sorted(p.name for p in earlier.parent.iterdir()) == listing  # no temp files left


README_LIMITS = re.compile(
    r"summaries of up to about (\d+) characters when\s+there are six subjects; with four, "
    r"about (\d+); with three, about (\d+); with two, about (\d+)")


def summaries_of(length: int, subjects: int, tmp_path: Path) -> Path:
    """Return a 20-dimension source whose summaries are all `length` characters of words."""
    from conftest import WORDS

    data = generated_source(subjects, 20)
    for d, dimension in enumerate(data["dimensions"]):
        for i in range(subjects):
            words, n = [], d * 7 + i
            while len(" ".join(words)) < length:
                words.append(WORDS[n * 7 % len(WORDS)])
                n += 1
            dimension[f"s{i + 1}"]["summary"] = " ".join(words)[:length].rstrip().ljust(
                length, "x")
    return write_yaml(tmp_path / f"{subjects}-{length}.yaml", data)


@pytest.mark.parametrize("subjects", [6, *(pytest.param(n, marks=pytest.mark.slow)
                                           for n in (4, 3, 2))])
def test_the_readmes_cheat_sheet_limits_hold(subjects: int, tmp_path: Path) -> None:
    """'About N characters': 10 % under N fit on the page, 10 % over are refused."""
    readme = (REPO / "docs" / "source-format.md").read_text(encoding="utf-8")
    found = README_LIMITS.search(readme)
    assert found, "the source format's sentence on cheat sheet limits changed: update this test"
    stated = dict(zip((6, 4, 3, 2), map(int, found.groups()), strict=True))[subjects]
    choose_fit(job_for(summaries_of(round(stated * 0.9), subjects, tmp_path)))
    with pytest.raises(RenderError, match="does not fit on one page"):
        choose_fit(job_for(summaries_of(round(stated * 1.1), subjects, tmp_path)))
