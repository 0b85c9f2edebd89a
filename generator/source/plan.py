"""The session's timing plan: its parts in order (introduction, each dimension, summary,
review), each with its minutes and its slot on a clock that starts at 0:00.

The deck's speaker notes, its agenda, the facilitator guide's run sheet and the build's
"does the plan add up" warning all read the one plan made here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.located.yaml import line_and_column
from generator.source.durations import format_minutes
from generator.source.model import Comparison

INTRO, SUMMARY, REVIEW = "intro", "summary", "review"


def dimension_part(number: int) -> str:
    """Return the part key of the dimension numbered `number` (from 1)."""
    return f"dimension-{number}"


@dataclass(frozen=True)
class Part:
    """One part of the session; `start` is minutes from 0:00 (None when unplanned)."""

    key: str
    name: str
    minutes: int | None
    start: int | None

    @property
    def is_dimension(self) -> bool:
        """Return whether the part is a dimension's."""
        return self.key.startswith("dimension-")

    @property
    def end(self) -> int | None:
        """Return the minute the part ends at, or None when unplanned."""
        return None if self.start is None or self.minutes is None else self.start + self.minutes

    def slot(self, minutes_label: str) -> str:
        """Return the part's time slot, `10 min · 0:05–0:15` ("" when unplanned);
        `minutes_label` is the labels' `{minutes} min`."""
        if self.minutes is None or self.start is None or self.end is None:
            return ""
        return (f"{minutes_label.replace('{minutes}', str(self.minutes))} · "
                f"{format_minutes(self.start)}–{format_minutes(self.end)}")


@dataclass(frozen=True)
class Plan:
    """The parts of a session, in order, and the duration the source gives."""

    parts: tuple[Part, ...]
    duration: int | None

    @property
    def planned(self) -> bool:
        """Return whether any part has minutes."""
        return any(part.minutes is not None for part in self.parts)

    @property
    def total(self) -> int:
        """Return the minutes of all the planned parts."""
        return sum(part.minutes or 0 for part in self.parts)

    def as_data(self, minutes_label: str) -> dict[str, object]:
        """Return the plan as template data: `parts` (key, name, minutes, start, end as
        clock text, slot), `total`, `total_text`, `duration` (minutes) and `planned`."""
        return {
            "parts": [{"key": part.key, "name": part.name, "minutes": part.minutes,
                       "start": None if part.start is None else format_minutes(part.start),
                       "end": None if part.end is None else format_minutes(part.end),
                       "slot": part.slot(minutes_label)} for part in self.parts],
            "total": self.total,
            "total_text": minutes_label.replace("{minutes}", str(self.total)),
            "duration": self.duration,
            "planned": self.planned,
        }


def make_plan(comparison: Comparison, labels: dict[str, str]) -> Plan:
    """Return the plan of `comparison`, its parts named with `labels`."""
    written: list[tuple[str, str, int | None]] = [
        (INTRO, labels["introduction"], comparison.intro_minutes)]
    written += [(dimension_part(number), dimension.name, dimension.minutes)
                for number, dimension in enumerate(comparison.dimensions, 1)]
    written.append((SUMMARY, labels["summary"], comparison.summary_minutes))
    if comparison.review or comparison.review_minutes:
        written.append((REVIEW, labels["review"], comparison.review_minutes))
    parts, clock = [], 0
    for key, name, minutes in written:
        parts.append(Part(key, name, minutes, clock if minutes is not None else None))
        clock += minutes or 0
    return Plan(tuple(parts), comparison.duration_minutes)


_PART_WORDS = {INTRO: "introduction", SUMMARY: "summary", REVIEW: "review"}


def plan_warning(source_name: str, comparison: Comparison, source_text: str = "") -> str | None:
    """Return the warning for a plan whose minutes do not add up to the duration, naming
    both figures and located at `duration` in `source_text` (the file as written)."""
    from generator.i18n.labels import labels_for

    plan = make_plan(comparison, labels_for("en"))
    if not plan.planned or plan.duration is None or plan.total == plan.duration:
        return None
    planned = [part for part in plan.parts if part.minutes is not None]
    dimensions = [part for part in planned if part.is_dimension]
    names = []
    for part in planned:
        if part.is_dimension:
            if part is dimensions[0]:
                names.append("dimensions" if len(dimensions) == len(comparison.dimensions)
                             else f"{len(dimensions)} of {len(comparison.dimensions)} dimensions")
        else:
            names.append(_PART_WORDS[part.key])
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    verb = "sums" if len(names) == 1 and names[0] != "dimensions" else "sum"
    where = source_name
    match = re.search(r"^[\"']?duration[\"']?[ \t]*:[ \t]*", source_text, re.MULTILINE)
    if match:
        line, column = line_and_column(source_text, match.end())
        where = f"{source_name}:{line}:{column}"
    unplanned = [part.name if part.is_dimension else _PART_WORDS[part.key]
                 for part in plan.parts if part.minutes is None]
    gap = (f" ({', '.join(unplanned[:3])}{', …' if len(unplanned) > 3 else ''} "
           f"{'has' if len(unplanned) == 1 else 'have'} no minutes)"
           if unplanned and plan.total < plan.duration else "")
    return (f"{where}: {listed} {verb} to {plan.total} min; duration is {comparison.duration}"
            f"{gap} — change the minutes or the duration so that they agree")
