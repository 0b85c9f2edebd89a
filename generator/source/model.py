"""Typed models of a comparison source.

The loader (`source.load.load_source`) validates once; everything downstream trusts these
objects.  Text fields named `intro`, `detail`, `summary` (the closing one) and
`answer` hold Markdown; other text fields hold plain text with inline Markdown allowed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import (
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.located.fields import LanguageTag, NonEmpty, StrictModel
from generator.source.durations import MAX_MINUTES, DurationError, parse_duration

SLUG_PATTERN = r"^[a-z][a-z0-9_-]*$"
RESERVED_DIMENSION_KEYS = ("name", "takeaway", "minutes", "activity", "notes")
# The minutes of the parts written as mappings (`intro: {text: …, minutes: 5}`): the loader
# moves them to these fields, which a source never names itself.
PART_MINUTES = {"intro_minutes": "intro", "summary_minutes": "summary",
                "review_minutes": "review"}
# What each of those parts holds beside its minutes, written as a mapping:
# `intro: {text: …, minutes: 5}`, `summary: {text: …}`, `review: {questions: [...]}`.
PART_CONTENT = {"intro": "text", "summary": "text", "review": "questions"}
MIN_SUBJECTS, MAX_SUBJECTS = 2, 6
CELL_COVERAGE = "cell_coverage"  # the error type of a dimension that misses a subject's cell

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=40)]
def _whole_minutes(value: object) -> object:
    """Read `minutes` as YAML gives it: digits of any script as a number; true/false refused
    (they are no number of minutes, though Python counts them as 1 and 0)."""
    if isinstance(value, bool):
        raise PydanticCustomError("minutes", "expected a whole number of minutes from 1 to "
                                  "{limit}, found {found}",
                                  {"limit": MAX_MINUTES, "found": str(value).lower()})
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 5:
        return int(value.strip())
    if isinstance(value, str) and len(value) <= 40:  # "8 min", "1 h", "une heure"
        try:
            return parse_duration(value)
        except DurationError:
            return value
    return value


Minutes = Annotated[int, BeforeValidator(_whole_minutes), Field(ge=1, le=MAX_MINUTES)]
class Subject(StrictModel):
    """One of the things being compared (a column)."""

    key: Slug = Field(description="Lowercase slug that names this subject's cells, e.g. `product`.")
    name: NonEmpty = Field(description="Display name, e.g. 'Product management'.")
    short: NonEmpty | None = Field(None, description="Short label for tight layouts.")
    tagline: NonEmpty | None = Field(None, description="One line that sums the subject up.")

    @property
    def label(self) -> str:
        """Return the short label when there is one, else the name."""
        return self.short or self.name


class Cell(StrictModel):
    """What one subject says about one dimension."""

    summary: NonEmpty = Field(description="One line, used on slides and the cheat sheet.")
    detail: NonEmpty = Field(description="Markdown paragraphs and lists, for handout and notes.")


class RawCell(StrictModel):
    """A cell as written: either part may be missing and is derived from the other."""

    summary: NonEmpty | None = None
    detail: NonEmpty | None = None


class Dimension(StrictModel):
    """One aspect the subjects are compared on (a row)."""

    name: NonEmpty
    takeaway: NonEmpty | None = None
    minutes: Minutes | None = Field(None, description="Minutes the session spends on it.")
    activity: NonEmpty | None = Field(None, description="Markdown for the trainer: an exercise, "
                                      "a discussion prompt, what to hand out.")
    notes: NonEmpty | None = Field(None, description="Markdown for the trainer: what to say "
                                   "and watch for.")
    cells: dict[str, Cell]

    def cell(self, subject: Subject) -> Cell:
        """Return this dimension's cell for `subject`."""
        return self.cells[subject.key]


class ReviewItem(StrictModel):
    """A review question and its answer."""

    question: NonEmpty
    answer: NonEmpty


class SourceRef(StrictModel):
    """A cited source."""

    title: NonEmpty
    url: Annotated[str, StringConstraints(pattern=r"^(https?|mailto):", max_length=2000)] | None = (
        None
    )


class Comparison(StrictModel):
    """A whole comparison: the validated content of one source file."""

    title: NonEmpty
    subtitle: NonEmpty | None = None
    language: LanguageTag = "en"
    audience: NonEmpty | None = None
    duration: NonEmpty | None = Field(None, description="How long the session lasts: "
                                      "`45 minutes`, `1.5 hours`, `90 min`, `1 h 30`.")
    author: NonEmpty | None = None
    version: NonEmpty | None = Field(None, description="Shown in the cheat sheet's footer.")
    date: NonEmpty | None = Field(None, description="Shown in the cheat sheet's footer.")
    intro: NonEmpty | None = None
    subjects: list[Subject] = Field(min_length=MIN_SUBJECTS, max_length=MAX_SUBJECTS)
    dimensions: list[Dimension] = Field(min_length=1)
    summary: NonEmpty | None = None
    takeaways: list[NonEmpty] = Field(default_factory=list)
    review: list[ReviewItem] = Field(default_factory=list)
    notes: NonEmpty | None = Field(None, description="Facilitator notes: the deck's speaker "
                                   "notes and the facilitator guide only.")
    sources: list[SourceRef] = Field(default_factory=list)
    intro_minutes: Minutes | None = None
    summary_minutes: Minutes | None = None
    review_minutes: Minutes | None = None

    @field_validator("duration")
    @classmethod
    def _duration_is_readable(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            try:
                parse_duration(value, str(info.data.get("language") or "en"))
            except DurationError as err:
                raise PydanticCustomError("duration", "{message} — {hint}",
                                          {"message": err.message, "hint": err.hint}) from None
        return value

    @property
    def duration_minutes(self) -> int | None:
        """Return `duration` in minutes (None when the source gives none)."""
        return parse_duration(self.duration) if self.duration else None

    @model_validator(mode="after")
    def _every_dimension_covers_every_subject(self) -> Comparison:
        # The loader reports missing cells with their location; this guards the model itself.
        keys = [subject.key for subject in self.subjects]
        for dimension in self.dimensions:
            if sorted(dimension.cells) != sorted(keys):
                raise PydanticCustomError(
                    CELL_COVERAGE, "dimension {name!r} has cells for {cells}, subjects are {keys}",
                    {"name": dimension.name, "cells": sorted(dimension.cells), "keys": keys})
        return self

    @property
    def primary_language(self) -> str:
        """Return the language subtag, e.g. `de` for `de-CH`."""
        return self.language.split("-")[0].lower()


def texts_in(value: object) -> Iterator[str]:
    """Yield every text inside a model's plain data (nested mappings and lists)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts_in(item)
