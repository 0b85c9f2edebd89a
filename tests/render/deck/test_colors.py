"""What colour a slide shows where text goes, and which text colour reads there."""

from __future__ import annotations

import pytest
from lxml import etree

from generator.render.colors import contrast, readable_on
from generator.render.deck.ooxml.colors import gradient_at, gradient_of

A = "http://schemas.openxmlformats.org/drawingml/2006/main"


@pytest.mark.parametrize(("on", "color", "needed"), [
    (["#FFFFFF"], "#1E2430", 4.5),  # dark text on white: kept
    (["#000032", "#9B0051"], "#FFFFFF", 3.0),  # white on a dark gradient: kept
])
def test_a_colour_that_reads_is_kept(on: list[str], color: str, needed: float) -> None:
    assert readable_on(on, color, needed) == color


@pytest.mark.parametrize(("on", "color", "needed"), [
    (["#590044", "#170037", "#9B0051"], "#000000", 3.0),  # black text over purple to pink
    (["#FFFFFF", "#F2F2F2"], "#C8C8C8", 4.5),  # a pale grey on white
    (["#1F3A5F"], "#4A6FA5", 3.0),  # a mid blue on navy
])
def test_a_colour_that_must_change_reads_comfortably_not_barely(
        on: list[str], color: str, needed: float) -> None:
    fixed = readable_on(on, color, needed)
    assert fixed != color
    assert min(contrast(fixed, background) for background in on) >= min(needed + 3, 7)


def test_no_colour_reads_on_black_and_white_together_so_the_best_extreme_is_used() -> None:
    assert readable_on(["#000000", "#FFFFFF"], "#777777", 4.5) in ("#000000", "#FFFFFF")


def gradient(stops: str, angle: int | None) -> etree._Element:
    linear = f'<a:lin ang="{angle}"/>' if angle is not None else '<a:path path="circle"/>'
    return etree.fromstring(f'<a:gradFill xmlns:a="{A}"><a:gsLst>{stops}</a:gsLst>{linear}'
                            "</a:gradFill>")


STOPS = ('<a:gs pos="0"><a:srgbClr val="000000"/></a:gs>'
         '<a:gs pos="100000"><a:srgbClr val="FFFFFF"/></a:gs>')


@pytest.mark.parametrize(("angle", "point", "expected"), [
    (0, (0.0, 0.5), "#000000"), (0, (1.0, 0.5), "#FFFFFF"), (0, (0.5, 0.1), "#808080"),
    (5400000, (0.5, 0.0), "#000000"), (5400000, (0.1, 1.0), "#FFFFFF"),  # top to bottom
    (10800000, (0.0, 0.5), "#FFFFFF"),  # right to left
])
def test_a_lineargradient_of_is_sampled_where_the_text_is(angle: int, point: tuple[float, float],
                                                        expected: str) -> None:
    found = gradient_of(gradient(STOPS, angle), None)
    assert found is not None
    assert gradient_at(found, *point) == expected


def test_agradient_of_starting_late_keeps_its_first_colour_before_it() -> None:
    stops = ('<a:gs pos="30000"><a:srgbClr val="000032"/></a:gs>'
             '<a:gs pos="100000"><a:srgbClr val="F60063"/></a:gs>')  # LibreOffice's Lights
    found = gradient_of(gradient(stops, 5400000), None)
    assert found is not None
    assert gradient_at(found, 0.5, 0.1) == "#000032"
    assert gradient_at(found, 0.5, 1.0) == "#F60063"


def test_a_radialgradient_of_is_taken_as_its_average() -> None:
    found = gradient_of(gradient(STOPS, None), None)
    assert found is not None
    assert gradient_at(found, 0.0, 0.0) == gradient_at(found, 1.0, 1.0) == "#808080"


def test_percentages_and_junk_in_a_masters_numbers_are_read_not_crashed_on() -> None:
    """Strict OOXML writes `pos="30%"`; a hand-edited master may write anything."""
    stops = ('<a:gs pos="30%"><a:srgbClr val="000032"><a:alpha val="50%"/></a:srgbClr></a:gs>'
             '<a:gs pos="100%"><a:srgbClr val="F60063"/></a:gs>')
    found = gradient_of(gradient(stops, 5400000), None)
    assert found is not None
    assert gradient_at(found, 0.5, 0.1) == "#000032"
    assert gradient_at(found, 0.5, 1.0) == "#F60063"
    junk = stops.replace('"30%"', '"junk"').replace('"50%"', '"x"')
    assert gradient_of(gradient(junk, "junk"), None) is not None  # type: ignore[arg-type]
