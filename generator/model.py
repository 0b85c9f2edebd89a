"""Typed models of a comparison source and of a brand kit.

The loaders (`source.load_source`, `brand.load_brand`) validate once; everything downstream
trusts these objects.  Text fields named `intro`, `detail`, `summary` (the closing one) and
`answer` hold Markdown; other text fields hold plain text with inline Markdown allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.durations import MAX_MINUTES, DurationError, parse_duration
from generator.limits import DEFAULT_MAX_DIMENSIONS  # noqa: F401  (re-exported for callers)

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

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
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
    return value


Minutes = Annotated[int, BeforeValidator(_whole_minutes), Field(ge=1, le=MAX_MINUTES)]
LanguageTag = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35)
]


class _Strict(BaseModel):
    """Base for source models: unknown keys are errors, models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Subject(_Strict):
    """One of the things being compared (a column)."""

    key: Slug = Field(description="Lowercase slug that names this subject's cells, e.g. `product`.")
    name: NonEmpty = Field(description="Display name, e.g. 'Product management'.")
    short: NonEmpty | None = Field(None, description="Short label for tight layouts.")
    tagline: NonEmpty | None = Field(None, description="One line that sums the subject up.")

    @property
    def label(self) -> str:
        """Return the short label when there is one, else the name."""
        return self.short or self.name


class Cell(_Strict):
    """What one subject says about one dimension."""

    summary: NonEmpty = Field(description="One line, used on slides and the cheat sheet.")
    detail: NonEmpty = Field(description="Markdown paragraphs and lists, for handout and notes.")


class RawCell(_Strict):
    """A cell as written: either part may be missing and is derived from the other."""

    summary: NonEmpty | None = None
    detail: NonEmpty | None = None


class Dimension(_Strict):
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


class ReviewItem(_Strict):
    """A review question and its answer."""

    question: NonEmpty
    answer: NonEmpty


class SourceRef(_Strict):
    """A cited source."""

    title: NonEmpty
    url: Annotated[str, StringConstraints(pattern=r"^(https?|mailto):", max_length=2000)] | None = (
        None
    )


class Comparison(_Strict):
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
    def _duration_is_readable(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_duration(value)
            except DurationError as err:
                raise PydanticCustomError("duration", "{message}", {"message": str(err)}) from None
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


# --- Brand kits -------------------------------------------------------------------------------

HexColor = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
FontFamily = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,62}$", strip_whitespace=True)
]
LayoutKind = Literal["title", "section", "content", "two_content", "comparison", "title_only", "blank"]
LAYOUT_KINDS: tuple[str, ...] = (
    "title", "section", "content", "two_content", "comparison", "title_only", "blank",
)
Paper = Literal["a4", "letter"]


class BrandColors(_Strict):
    """The kit's palette, as #RRGGBB."""

    primary: HexColor = "#1F3A5F"
    secondary: HexColor = "#4A6FA5"
    accent: HexColor = "#E07A2E"
    text: HexColor = "#1E2430"
    background: HexColor = "#FFFFFF"


LANGUAGE_KEY = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


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


class BrandFonts(_Strict):
    """Font families for headings and body, and optional font files inside the kit; under a
    language tag (`ja: [...]`, `ar: [...]`), the files that set text in that language where
    the kit's own fonts lack its characters."""

    heading: FontFamily = "Inter"
    body: FontFamily = "Inter"
    files: list[Path] = Field(default_factory=list)
    languages: dict[LanguageTag, list[Path]] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _language_keys(cls, data: object) -> object:
        """Gather `ja: [...]`-style keys into `languages` (other unknown keys stay errors)."""
        if not isinstance(data, dict):
            return data
        own = {"heading", "body", "files", "languages"}
        tags = {k: v for k, v in data.items()
                if k not in own and isinstance(k, str) and LANGUAGE_KEY.match(k)}
        if not tags:
            return data
        rest = {k: v for k, v in data.items() if k not in tags}
        return {**rest, "languages": {**(rest.get("languages") or {}), **tags}}

    def for_language(self, language: str) -> list[Path]:
        """Return the files given for `language`: its own tag, the tag it is an alias of
        (`zh-TW` → `zh-Hant`), then shorter tags (`zh`)."""
        from generator.i18n.languages import tag_candidates

        by_tag = {tag.lower(): files for tag, files in self.languages.items()}
        return next((list(by_tag[tag]) for tag in tag_candidates(language) if tag in by_tag), [])


class SlideSettings(_Strict):
    """The kit's PowerPoint master and how our layout kinds map onto its layouts."""

    master: Path | None = None
    layouts: dict[LayoutKind, NonEmpty] = Field(default_factory=dict)


class BrandSettings(_Strict):
    """What one brand.yaml may set; a client kit's file holds only what differs from default."""

    name: NonEmpty | None = None
    logo: Path | None = None
    logo_alt: str = ""
    colors: BrandColors = Field(default_factory=BrandColors)
    fonts: BrandFonts = Field(default_factory=BrandFonts)
    paper: Paper = "a4"
    footer: str = ""
    language: LanguageTag | None = None
    labels: dict[str, str] = Field(default_factory=dict)
    css: list[Path] = Field(default_factory=list)
    slides: SlideSettings = Field(default_factory=SlideSettings)
    pdf_variant: Literal["pdf/ua-1"] | None = None
    answer_key: bool = Field(True, description="Whether the learner handout prints the answers "
                                               "to the review questions (--no-answer-key: not).")


class BrandKit(BrandSettings):
    """A resolved brand kit: every path is absolute and confined to its kit folder."""

    name: NonEmpty
    slug: str
    folders: tuple[Path, ...] = Field(description="Template search path, the kit's own first.")
    base_fonts: tuple[Path, ...] = Field(
        default=(), description="The base kit's font files: what text in a family the kit "
                                "gives no file for is measured with.")

    @field_validator("slug")
    @classmethod
    def _slug_is_safe(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value):
            raise ValueError(f"kit folder name {value!r} is not a safe file name")
        return value

    @property
    def folder(self) -> Path:
        """Return the kit's own folder."""
        return self.folders[0]

    @property
    def base_folder(self) -> Path:
        """Return the base kit's folder, the last layer of every kit."""
        return self.folders[-1]

    @property
    def deck_master(self) -> Path:
        """Return the master the deck is built on: the kit's own, else the base kit's."""
        return self.slides.master or self.base_folder / "master.pptx"

    @property
    def themed_master(self) -> bool:
        """Return whether the deck is built on the base kit's master, which takes the kit's
        colours and fonts (a client's master keeps its own look)."""
        return self.slides.master is None or self.slides.master.parent == self.base_folder
