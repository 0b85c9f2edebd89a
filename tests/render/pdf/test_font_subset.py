"""PDFs on machines without HarfBuzz's subsetter: the same pages, sooner, and a note once."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from broken_fonts import character_map_cut_short
from click.testing import CliRunner
from conftest import REPO, SAMPLE, make_kit

from generator.cli import cli
from generator.kits.load import load_brand
from generator.render.formats import cheatsheet, handout
from generator.render.job import RenderJob
from generator.render.pdf import font_subset
from generator.source.load import load_source


def pixels(pdf: bytes) -> list[bytes]:
    """Return every page of `pdf` drawn at 50 dpi, as raw bytes."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [bytes(page.render(scale=50 / 72).to_pil().tobytes()) for page in document]
    finally:
        document.close()


# Lato (TrueType, with kern and GPOS) in the quick tier; Inter (CFF) in the slow one
@pytest.mark.parametrize("kit", ["northwind", pytest.param("default", marks=pytest.mark.slow)])
def test_faster_python_subsetting_draws_the_same_pages(monkeypatch: pytest.MonkeyPatch,
                                                      kit: str) -> None:
    """On the fontTools path (forced here on any machine), the speed-up embeds subsets that
    draw exactly the pages WeasyPrint's own fontTools subsetting draws."""
    from weasyprint.pdf import fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)  # as on a machine without the library
    # WeasyPrint's own subsetting, even where an earlier render in this process sped it up
    current = fonts.Font._fonttools_subset
    monkeypatch.setattr(fonts.Font, "_fonttools_subset", getattr(current, "original", current))
    brand = load_brand(kit)

    def both() -> list[bytes]:
        jobs = [RenderJob(load_source(SAMPLE), brand, SAMPLE, format=name)
                for name in ("handout", "cheatsheet")]
        return [handout.render(jobs[0]), cheatsheet.render(jobs[1])]

    plain = both()
    assert font_subset.speed_up_python_subsetting() is True
    assert font_subset.speed_up_python_subsetting() is False  # once is enough
    faster = both()
    for before, after in zip(plain, faster, strict=True):
        assert pixels(after) == pixels(before)
        embedded = font_programs(after)
        assert embedded == font_programs(before)  # the same subsets, glyph for glyph
        assert embedded and all(size < 60_000 for size in embedded.values())  # subsets


def font_programs(pdf: bytes) -> dict[str, int]:
    """Return the embedded fonts of `pdf`: name (without its subset tag) -> program size."""
    found = {}
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            for part in font.get_object().get("/DescendantFonts", []):
                part = part.get_object()
                descriptor = part["/FontDescriptor"].get_object()
                tag, _, name = str(part["/BaseFont"]).lstrip("/").partition("+")
                assert len(tag) == 6 and name  # a subset, named as PDF wants
                for key in ("/FontFile2", "/FontFile3"):
                    if key in descriptor:
                        found[name] = len(descriptor[key].get_object().get_data())
    return found


def test_a_font_fonttools_cannot_subset_is_embedded_whole(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    """A kit's stylesheet loads a font whose character map FreeType reads and fontTools
    cannot: on the fontTools path the PDF is written all the same, the font embedded whole
    (as WeasyPrint embeds those it knows it cannot subset), not a failed layout."""
    from weasyprint.pdf import fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)  # as on a machine without the library
    current = fonts.Font._fonttools_subset
    monkeypatch.setattr(fonts.Font, "_fonttools_subset", getattr(current, "original", current))
    assert font_subset.speed_up_python_subsetting() is True
    kit = make_kit(tmp_path, "name: Odd\ncss: [odd.css]\n", {
        "odd.ttf": character_map_cut_short(keep_good=True),
        "odd.css": '@font-face { font-family: "Odd"; src: url(odd.ttf); }\n'
                   'body, h1, h2, h3, p, td, th { font-family: "Odd"; }\n'})
    pdf = handout.render(RenderJob(load_source(SAMPLE), load_brand(str(kit)), SAMPLE,
                                   format="handout"))
    embedded = font_programs(pdf)
    assert embedded.get("Odd", 0) > 60_000  # the whole font: no subset could be made


def test_the_speed_up_leaves_harfbuzz_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.pdf import fonts

    monkeypatch.setattr(font_subset, "has_fast_subsetting", lambda: True)
    monkeypatch.setattr(fonts.Font, "_fonttools_subset", fonts.Font._fonttools_subset)
    before = fonts.Font._fonttools_subset
    assert font_subset.speed_up_python_subsetting() is False
    assert fonts.Font._fonttools_subset is before


@pytest.mark.parametrize(("fast", "formats", "noted"), [
    (False, [], True), (False, ["--format", "slides"], False), (True, [], False)])
def test_a_build_without_the_subsetter_says_so_once(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fast: bool, formats: list[str],
        noted: bool) -> None:
    monkeypatch.setattr(font_subset, "has_fast_subsetting", lambda: fast)  # the forks inherit it
    result = CliRunner().invoke(cli, ["build", str(SAMPLE), "--out", str(tmp_path), *formats])
    assert result.exit_code == 0, result.output
    assert result.output.count("note: PDFs are written about twice as slowly") == int(noted)
    if noted:
        assert "libharfbuzz-subset0" in result.output
    assert len(list(tmp_path.rglob("*.p*"))) == (1 if formats else 3)  # the note fails nothing


def test_the_default_kits_fonts_have_truetype_outlines() -> None:
    """CFF fonts subset about three times slower in Python: the default kit ships TrueType."""
    from fontTools.ttLib import TTFont

    files = sorted((REPO / "templates" / "default" / "fonts").glob("*.[ot]tf"))
    assert len(files) == 6
    for path in files:
        with TTFont(path, lazy=True) as font:
            assert "glyf" in font and "CFF " not in font, path.name
            assert "GPOS" in font and "GSUB" in font  # kerning and features survived
