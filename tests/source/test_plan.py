"""The timing plan in the source: durations, minutes on every part, and the sum warning."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import SAMPLE

from generator.cli import cli
from generator.errors import SourceError
from generator.i18n.labels import labels_for
from generator.source.durations import (
    EXAMPLES_IN,
    MAX_MINUTES,
    DurationError,
    examples,
    parse_duration,
)
from generator.source.load import load_source
from generator.source.plan import make_plan, plan_warning
from generator.source.schema import source_schema

BASE = """\
title: T
duration: {duration}
subjects:
  - {{key: a, name: A}}
  - {{key: b, name: B}}
dimensions:
  - {{name: One, minutes: 20, a: x, b: y}}
  - {{name: Two, minutes: 20, a: x, b: y}}
review:
  minutes: 10
  questions:
    - {{question: Q?, answer: A.}}
"""


@pytest.mark.parametrize(("text", "minutes"), [
    ("45 minutes", 45), ("1.5 hours", 90), ("90 min", 90), ("1 h 30", 90), ("1h30", 90),
    ("1 hour 30 minutes", 90), ("2 hours", 120), ("45 Min.", 45), ("1,5 Stunden", 90),
    ("2 Stunden und 15 Minuten", 135), ("1 heure 30", 90), ("90 minutos", 90),
    ("1 ora e 30 minuti", 90), ("1 uur", 60), ("90 minut", 90), ("1 timme", 60),
    ("45 dakika", 45), ("30分", 30), ("1 時間 30 分", 90), ("30 分钟", 30), ("1 小時", 60),
    ("1시간 30분", 90), ("30 دقيقة", 30), ("٤٥ دقيقة", 45), ("١٫٥ ساعة", 90), ("30 דקות", 30),
    ("שעתיים", 120), ("שעה ו־30 דקות", 90), ("45 דק׳", 45), ("45 דק'", 45), ("2 ש׳", 120),
    ("1 heure et demie", 90), ("1 hora y media", 90), ("1時間半", 90), ("1시간 반", 90),
    ("שעה וחצי", 90), ("ساعة ونصف", 90), ("1小时30分钟", 90),
    # everyday phrases: "an hour", a half hour, an hour and a half, in the labels' languages
    ("an hour", 60), ("one hour", 60), ("une heure", 60), ("una hora", 60),
    ("eine Stunde", 60), ("un'ora", 60), ("uma hora", 60), ("een uur", 60),
    ("en timme", 60), ("en time", 60), ("yksi tunti", 60), ("jedna hodina", 60),
    ("bir saat", 60), ("한 시간", 60), ("half an hour", 30), ("une demi-heure", 30),
    ("media hora", 30), ("eine halbe Stunde", 30), ("mezz'ora", 30), ("meia hora", 30),
    ("een half uur", 30), ("pół godziny", 30), ("en halvtimme", 30), ("puoli tuntia", 30),
    ("půl hodiny", 30), ("yarım saat", 30), ("半小时", 30), ("חצי שעה", 30),
    ("نصف ساعة", 30), ("an hour and a half", 90), ("eine Stunde und 30 Minuten", 90),
])
def test_durations_are_read_in_the_labels_languages(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(("text", "minutes"), [
    ("1.25 hours", 75), ("1,25 Stunden", 75), ("0.75 h", 45), ("2,75 heures", 165),
    ("0.05 hours", 3), ("1.10 hours", 66), ("١٫٢٥ ساعة", 75), ("1.25時間", 75),
])
def test_two_digit_fractions_of_an_hour_count_in_hundredths(text: str, minutes: int) -> None:
    """A quarter past is 75 minutes, not 1 hour and 2.5 tenths: "1.5 hours" alone cannot
    tell tenths from hundredths."""
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", [
    "45", "half a day", "2 days", "1 h 75", "1.5 min", "45 minutes long", "0 min", "30 hours",
    "h", "time", "ساعات", "1 hour and", "1,000 minutes", "1.000 Minuten",
    "9999999999999999999999 minutes", "1" * 310 + " min", "1" * 5000 + " hours",
    "1 " + "a" * 3000,
])
def test_other_durations_are_refused(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unreadable_duration_is_a_located_error(tmp_path: Path) -> None:
    path = write(tmp_path, BASE.format(duration="a long morning"))
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert ("plan.yaml:2:11: duration: cannot read 'a long morning' as a length of time — "
            "write it as `45 minutes`") in result.output
    assert "Traceback" not in result.output


def test_parts_take_minutes_as_mappings_and_the_plan_runs_from_zero(tmp_path: Path) -> None:
    comparison = load_source(SAMPLE)
    assert (comparison.intro_minutes, comparison.summary_minutes,
            comparison.review_minutes) == (5, 3, 7)
    assert comparison.intro.startswith("Product management and project management")
    assert len(comparison.review) == 4
    plan = make_plan(comparison, labels_for("en"))
    assert [part.key for part in plan.parts] == [
        "intro", *(f"dimension-{n}" for n in range(1, 6)), "summary", "review"]
    clock = 0
    for part in plan.parts:
        assert part.start == clock
        clock += part.minutes or 0
    assert plan.total == clock == comparison.duration_minutes == 45
    assert plan.parts[3].slot("{minutes} min") == "13 min · 0:13–0:26"
    assert plan_warning("x.yaml", comparison) is None


def test_a_plan_that_does_not_add_up_warns_with_both_figures(tmp_path: Path) -> None:
    path = write(tmp_path, BASE.format(duration="45 minutes"))
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert ("warning: plan.yaml:2:11: dimensions and review sum to 50 min; duration is "
            "45 minutes — change the minutes or the duration so that they agree") in result.output
    built = CliRunner().invoke(cli, ["build", str(path), "--format", "slides",
                                     "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert "dimensions and review sum to 50 min; duration is 45 minutes" in built.output


def test_a_plan_short_of_the_duration_names_the_parts_without_minutes(tmp_path: Path) -> None:
    text = BASE.format(duration="1 hour").replace("{name: Two, minutes: 20,", "{name: Two,")
    comparison = load_source(write(tmp_path, text))
    warning = plan_warning("plan.yaml", comparison)
    assert warning is not None
    assert "1 of 2 dimensions and review sum to 30 min; duration is 1 hour" in warning
    assert "(introduction, Two, summary have no minutes)" in warning


@pytest.mark.parametrize(("change", "where", "message"), [
    ("{name: One, minutes: 20,", "7:26", "dimensions[1].minutes: expected a whole number of "
     "minutes from 1 to 1440, found 'twenty'"),
    ("review:\n  minutes: 10", "10:12", "review.minutes: expected a whole number of minutes"),
    ("    - {question: Q?, answer: A.}", "12:7", "missing required key 'answer'"),
    ("title: T", "2:1", "unknown key 'intro_minutes' — give the minutes with the intro: "
     "`intro: {text: …, minutes: 5}`"),
    ("title: T", "3:3", "intro: missing `text` — write the intro itself under `text: |`"),
])
def test_minutes_and_mapped_parts_are_located_where_written(
        tmp_path: Path, change: str, where: str, message: str) -> None:
    replacements = {
        "{name: One, minutes: 20,": "{name: One, minutes: twenty,",
        "review:\n  minutes: 10": "review:\n  minutes: 1.5",
        "    - {question: Q?, answer: A.}": "    - {question: Q?}",
    }
    text = BASE.format(duration="50 minutes")
    if where == "2:1":
        text = text.replace("title: T", "title: T\nintro_minutes: 5")
    elif where == "3:3":
        text = text.replace("title: T", "title: T\nintro:\n  minutes: 5")
    else:
        text = text.replace(change, replacements[change])
    with pytest.raises(SourceError) as caught:
        load_source(write(tmp_path, text))
    shown = [str(problem) for problem in caught.value.problems]
    assert any(f"plan.yaml:{where}: {message}" in line for line in shown), shown


def test_the_schema_accepts_parts_with_minutes_and_refuses_the_loader_fields() -> None:
    from ruamel.yaml import YAML

    schema = source_schema()
    data = YAML(typ="safe").load(SAMPLE.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert "intro_minutes" not in schema["properties"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "intro_minutes": 5}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "review": {"minutes": 0, "questions": []}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "dimensions": [{**data["dimensions"][0], "minutes": True}]},
                            schema)
    # what the loader accepts, the schema does too
    jsonschema.validate({**data, "intro": None, "summary": {"text": "S", "minutes": "3"},
                         "review": {"minutes": 5, "questions": None}}, schema)
    dimension = schema["$defs"]["Dimension"]
    assert {"minutes", "activity", "notes"} <= set(dimension["properties"])


@pytest.mark.parametrize(("value", "found"), [
    ("true", "found true"), ("false", "found false"), ("1.5", "found '1.5'"),
    ("1" * 5000, "found '1111111111111111111…'"), ("0", "from 1 to 1440"),
])
def test_minutes_that_are_no_whole_number_are_located_errors(
        tmp_path: Path, value: str, found: str) -> None:
    text = BASE.format(duration="50 minutes").replace("{name: One, minutes: 20,",
                                                      f"{{name: One, minutes: {value},")
    result = CliRunner().invoke(cli, ["check", str(write(tmp_path, text))])
    assert result.exit_code == 1
    assert "plan.yaml:7:26: dimensions[1].minutes: expected a whole number of minutes" in \
        result.output and found in result.output
    assert "Traceback" not in result.output


def test_minutes_in_other_digits_or_quoted_are_numbers(tmp_path: Path) -> None:
    text = BASE.format(duration="50 minutes").replace("{name: One, minutes: 20,",
                                                      "{name: One, minutes: \"٢٠\",")
    assert load_source(write(tmp_path, text)).dimensions[0].minutes == 20


def test_a_huge_duration_is_a_located_error_not_a_crash(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(write(
        tmp_path, BASE.format(duration="1" * 310 + " min")))])
    assert result.exit_code == 1 and "plan.yaml:2:11: duration: cannot read" in result.output


@pytest.mark.parametrize("duration", ["1 " + "time" * 5000 + "x", "1 " + "a" * 3000])
def test_a_duration_word_built_to_exhaust_the_reader_is_a_located_error(
        tmp_path: Path, duration: str) -> None:
    """A word that splits into known words in ever more ways ("timetime…" is "time", "tim"
    and "e" …) made the reader backtrack for ever, and a 3,000-letter word overflowed its
    recursion (an internal error).  In a real process, bounded: a hang fails, not waits."""
    path = write(tmp_path, BASE.format(duration=duration))
    result = subprocess.run([sys.executable, "-m", "generator", "check", str(path)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1, result.stderr
    assert "plan.yaml:2:11: duration: cannot read '1 " in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr) < 1000


@pytest.mark.parametrize("language", sorted(EXAMPLES_IN))
def test_the_examples_a_hint_gives_in_each_language_are_read(language: str) -> None:
    """What a hint tells a trainer to write must work."""
    for example in re.findall(r"`([^`]+)`", examples(language)):
        assert 1 <= parse_duration(example, language) <= MAX_MINUTES, example


def test_an_unreadable_duration_s_hint_speaks_the_source_s_language(tmp_path: Path) -> None:
    source = tmp_path / "cours.yaml"
    source.write_text(BASE.format(duration="trois quarts").replace(
        "title: T\n", "title: T\nlanguage: fr\n"), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_source(source)
    (problem,) = caught.value.problems
    assert "cannot read 'trois quarts'" in str(problem)
    assert "`une heure`" in str(problem) and "`1 heure et demie`" in str(problem)


@pytest.mark.parametrize(("written", "minutes"), [("8 min", 8), ("une heure", 60), ("8", 8)])
def test_minutes_may_be_written_with_their_unit(tmp_path: Path, written: str,
                                                minutes: int) -> None:
    source = tmp_path / "parts.yaml"
    source.write_text(BASE.format(duration="50 minutes").replace(
        "minutes: 10", f"minutes: {written}"), encoding="utf-8")
    assert load_source(source).review_minutes == minutes
