"""Typed model of a brand kit: what one brand.yaml may set, and a kit resolved from its layers.

The loader (`kits.load.load_brand`) validates once; everything downstream trusts these objects.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from generator.located.fields import LanguageTag, NonEmpty, StrictModel

HexColor = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
FontFamily = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,62}$", strip_whitespace=True)
]
LayoutKind = Literal["title", "section", "content", "two_content", "comparison", "title_only", "blank"]
LAYOUT_KINDS: tuple[str, ...] = (
    "title", "section", "content", "two_content", "comparison", "title_only", "blank",
)
Paper = Literal["a4", "letter"]


class BrandColors(StrictModel):
    """The kit's palette, as #RRGGBB."""

    primary: HexColor = "#1F3A5F"
    secondary: HexColor = "#4A6FA5"
    accent: HexColor = "#E07A2E"
    text: HexColor = "#1E2430"
    background: HexColor = "#FFFFFF"


LANGUAGE_KEY = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class BrandFonts(StrictModel):
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


class DeckFonts(StrictModel):
    """The fonts the deck names, where they differ from the kit's `fonts`: PowerPoint shows a
    deck in the fonts installed where it is presented (a kit's font files travel in its PDFs
    only), so a kit may name fonts every presenting machine has here."""

    heading: FontFamily | None = None
    body: FontFamily | None = None


class SlideSettings(StrictModel):
    """The kit's PowerPoint master, how our layout kinds map onto its layouts, and the fonts
    the deck names on the kit's own master."""

    master: Path | None = None
    layouts: dict[LayoutKind, NonEmpty] = Field(default_factory=dict)
    fonts: DeckFonts = Field(default_factory=DeckFonts)


SLIDES_PER_PAGE = (1, 2, 3, 4, 6, 9)


class SlideHandoutSettings(StrictModel):
    """The slides on paper for learners: how many slides a page holds, and whether ruled
    lines for notes go beside each (on pages of one, two or three slides)."""

    per_page: int = 3
    lines: bool = True

    @field_validator("per_page")
    @classmethod
    def _a_layout_we_make(cls, value: int) -> int:
        if value not in SLIDES_PER_PAGE:
            raise ValueError(f"{value} slides a page is not a layout coursepack makes — use "
                             f"one of {', '.join(map(str, SLIDES_PER_PAGE))}")
        return value


class BrandSettings(StrictModel):
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
    slide_handout: SlideHandoutSettings = Field(default_factory=SlideHandoutSettings)
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
    def deck_fonts(self) -> tuple[str, str]:
        """Return the heading and body fonts the deck's theme names on the base master:
        `slides.fonts` where given, else the kit's `fonts`."""
        return (self.slides.fonts.heading or self.fonts.heading,
                self.slides.fonts.body or self.fonts.body)

    @property
    def themed_master(self) -> bool:
        """Return whether the deck is built on the base kit's master, which takes the kit's
        colours and fonts (a client's master keeps its own look)."""
        return self.slides.master is None or self.slides.master.parent == self.base_folder
