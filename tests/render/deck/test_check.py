"""The deck checker finds each broken invariant, on decks broken on purpose; and brand check
runs it on its sample, so a kit whose master gives such decks is not "ok"."""

from __future__ import annotations

from pathlib import Path

import pptx
import pytest
from click.testing import CliRunner
from conftest import DATA
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from generator.cli import cli
from generator.render.deck.check import check_deck


def deck(build) -> pptx.presentation.Presentation:
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])  # Title and Content
    slide.shapes.title.text = "Purpose"
    body = slide.placeholders[1]
    body.text_frame.text = "Some text"
    for paragraph in (*slide.shapes.title.text_frame.paragraphs, *body.text_frame.paragraphs):
        paragraph._p.get_or_add_pPr().set("rtl", "0")
        for run in paragraph.runs:
            run._r.get_or_add_rPr().set("lang", "en-US")
    build(prs, slide)
    return prs


def rules(prs, **expected) -> list[str]:
    return [v.rule for v in check_deck(prs, titles=["Purpose"], language="en", rtl=False,
                                       **expected)]


def test_a_sound_deck_passes() -> None:
    assert rules(deck(lambda prs, slide: None)) == []


def test_a_heading_outside_the_title_placeholder_is_found() -> None:
    def move(prs, slide):
        slide.shapes.title.text_frame.text = ""
        slide.placeholders[1].text_frame.text = "Purpose"
    assert "title" in rules(deck(move))


def test_shapes_off_the_slide_or_without_size_are_found() -> None:
    def stray(prs, slide):
        box = slide.shapes.add_textbox(prs.slide_width - Inches(1), Inches(1), Inches(3),
                                       Inches(1))
        box.text_frame.text = "off the edge"
        slide.shapes.add_textbox(Inches(1), Inches(6), Inches(2), 0).text_frame.text = "flat"
    found = rules(deck(stray))
    assert found.count("bounds") == 2


def test_overlapping_text_is_found() -> None:
    def pile(prs, slide):
        body = slide.placeholders[1]
        over = slide.shapes.add_textbox(body.left + Inches(0.5), body.top + Inches(0.5),
                                        Inches(3), Inches(1))
        over.text_frame.text = "on top"
    assert "overlap" in rules(deck(pile))


def test_unreadable_text_is_found() -> None:
    def pale(prs, slide):
        run = slide.placeholders[1].text_frame.paragraphs[0].runs[0]
        run.font.color.rgb = RGBColor(0xEE, 0xEE, 0xEE)  # on white
        run.font.size = Pt(18)
    assert "contrast" in rules(deck(pale))


def test_missing_direction_or_language_is_found() -> None:
    def bare(prs, slide):
        paragraph = slide.placeholders[1].text_frame.paragraphs[0]
        del paragraph._p.get_or_add_pPr().attrib["rtl"]
    assert "direction" in rules(deck(bare))
    assert "direction" in [v.rule for v in check_deck(deck(lambda p, s: None), language="ar")]


def test_brand_check_reports_a_deck_that_breaks_an_invariant(tmp_path: Path,
                                                             monkeypatch) -> None:
    """brand check is not "ok" for a deck whose headings are missing (forced here by a
    writer that drops them), and names slide and layout."""
    from generator.render.deck.compose import titles
    monkeypatch.setattr(titles, "write_title", lambda *args: None)
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "brand.yaml").write_text("name: Broken\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["brand", "check", str(kit)])
    assert result.exit_code == 1 and "\nok" not in result.output
    assert "the deck breaks what every deck must keep" in result.output
    assert 'slide 2 (layout "Title and Content"): its heading' in result.output


@pytest.mark.slow
@pytest.mark.parametrize("master", ["libreoffice/Beehive.pptx", "libreoffice/Midnightblue.pptx"])
def test_brand_check_is_ok_for_masters_that_give_sound_decks(tmp_path: Path,
                                                             master: str) -> None:
    source = DATA / "masters" / master
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / source.name).write_bytes(source.read_bytes())
    (kit / "brand.yaml").write_text(f"name: Client\nslides: {{master: {source.name}}}\n",
                                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["brand", "check", str(kit)])
    assert result.exit_code == 0 and result.output.rstrip().endswith("ok"), result.output
