"""What a renderer is given: one source and one kit, the options that change an output's
bytes, and the channels it reports through.

Import-light (no models, no renderer): the command line and the up-to-date check use
`RenderOptions` before anything heavy is imported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import Finding, relative_name, shortened

if TYPE_CHECKING:
    from generator.kits.model import BrandKit
    from generator.render import OutputFormat
    from generator.source.model import Comparison

PAPER_SIZES = {"a4": ("210mm", "297mm"), "letter": ("8.5in", "11in")}


@dataclass(frozen=True)
class RenderOptions:
    """The command line's choices that change an output's bytes, carried whole from the CLI to
    the renderer.  None means "as the kit says".  Every field is part of the up-to-date key of
    the outputs it can change (`key`), so a new option here can never be forgotten there."""

    paper: str | None = None  # "a4" or "letter"
    pdf_variant: str | None = None  # "pdf/ua-1"
    answer_key: bool | None = None  # learner PDFs print the review's answers

    def key(self, output_format: OutputFormat) -> tuple[str, ...]:
        """Return, as `name=value`, every option that can change an output of `output_format`:
        all of them, but the paper and PDF variant for a deck, and the answer key for what is
        not a learner's (the deck and the guide always carry the answers)."""
        ignored = {"paper", "pdf_variant"} if output_format.medium != "pdf" else set()
        if not output_format.learner:
            ignored.add("answer_key")
        return tuple(f"{option.name}={getattr(self, option.name)}" for option in fields(self)
                     if option.name not in ignored)

    def paper_for(self, kit: BrandKit) -> str:
        """Return the paper size: the command line's, else the kit's."""
        return self.paper or kit.paper

    def pdf_variant_for(self, kit: BrandKit) -> str | None:
        """Return the PDF variant (PDF/UA): the command line's, else the kit's."""
        return self.pdf_variant or kit.pdf_variant

    def answers_for(self, kit: BrandKit) -> bool:
        """Return whether learner outputs show the review's answers: the command line's
        choice, else the kit's."""
        return kit.answer_key if self.answer_key is None else self.answer_key


def output_language(comparison: Comparison, kit: BrandKit) -> str:
    """Return the language of the outputs: the source's if it says one, else the kit's
    default, else the source's (English by default)."""
    if "language" in comparison.model_fields_set or not kit.language:
        return comparison.language
    return kit.language


@dataclass
class RenderJob:
    """One source rendered with one kit in one format; renderers append warnings instead of
    printing.  `format` names the registry's row (see `generator.render.FORMATS`)."""

    comparison: Comparison
    kit: BrandKit
    source_path: Path
    options: RenderOptions = field(default_factory=RenderOptions)
    format: str = ""
    warnings: list[Finding] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # URLs the PDF fetcher refused (kit)
    refused_images: list[str] = field(default_factory=list)  # images in the source's Markdown
    unloadable: list[str] = field(default_factory=list)  # images served that could not be drawn
    check_invariants: bool = False  # brand check: a deck that breaks one is a failure

    @property
    def paper(self) -> str:
        """Return the paper size: the command line's, else the kit's."""
        return self.options.paper_for(self.kit)

    @property
    def pdf_variant(self) -> str | None:
        """Return the PDF variant: the command line's, else the kit's."""
        return self.options.pdf_variant_for(self.kit)

    @property
    def prints_answers(self) -> bool:
        """Return whether learner outputs (handout, cheat sheet) show the review's answers."""
        return self.options.answers_for(self.kit)

    @property
    def learner(self) -> bool:
        """Return whether this output is for learners (the registry says): no facilitator
        notes or activities, and answers only with the answer key."""
        from generator.render import FORMATS

        if self.format not in FORMATS:
            raise ValueError(f"a render job names its format, not {self.format!r}")
        return FORMATS[self.format].learner

    @property
    def language(self) -> str:
        """Return the output language: the source's, else the kit's default."""
        return output_language(self.comparison, self.kit)

    @property
    def language_fonts(self) -> list[Path]:
        """Return the kit's font files for the output language (`fonts: {ja: [...]}`)."""
        return self.kit.fonts.for_language(self.language)

    @property
    def labels(self) -> dict[str, str]:
        """Return the labels in the output language, with the kit's overrides."""
        from generator.i18n.labels import labels_for

        return labels_for(self.language, self.kit.labels)

    @property
    def allowed_roots(self) -> list[Path]:
        """Return the folders a PDF may read from: the kit folders."""
        return list(self.kit.folders)

    @cached_property
    def picture_verdicts(self) -> dict[Path, tuple[str, str] | None]:
        """Return each file beside the source that its own Markdown shows, with what makes it
        unfit to show and how to fix it (None: every output shows it).

        The verdict is `picture_problem`'s, the same in every output; each refused picture is
        a warning located where the source first names it, in the same words from every
        output, so that a build says it once.
        """
        from generator.guards.images import picture_problem
        from generator.source.lint import missing_picture
        from generator.source.markdown import images_of, picture_place
        from generator.source.model import texts_in

        base = self.source_path.parent.resolve()
        verdicts: dict[Path, tuple[str, str] | None] = {}
        for text in texts_in(self.comparison.model_dump()):
            for image in images_of(text, base):
                if image.path in verdicts:
                    continue
                problem = verdicts[image.path] = picture_problem(image.path)
                if problem is not None and not os.path.lexists(image.path):
                    # the words `coursepack check` and the build's preflight use
                    self.warn(missing_picture(self.source_path.name, self._source_text,
                                              image.written, image.path, base), about="")
                elif problem is not None:
                    where = picture_place(self.source_path.name, self._source_text,
                                          image.written)
                    self.warn(f"{where}: the picture {shortened(image.written)!r} is not shown:"
                              f" {problem[0]} — {problem[1]}", about="")
        return verdicts

    @cached_property
    def content_images(self) -> frozenset[Path]:
        """Return the files beside the source that its own Markdown shows as images and that
        every output can show: the only files of the source's folder a PDF may read (a kit
        template writing Markdown of its own cannot reach other files there, another
        client's pictures say)."""
        return frozenset(path for path, problem in self.picture_verdicts.items()
                         if problem is None)

    @cached_property
    def unusable_images(self) -> frozenset[Path]:
        """Return the pictures the source shows that no output shows (see picture_verdicts):
        their descriptions stand in for them."""
        return frozenset(path for path, problem in self.picture_verdicts.items()
                         if problem is not None)

    @cached_property
    def _source_text(self) -> str:
        """Return the source file's text (validated, so readable and bounded), to locate."""
        try:
            return self.source_path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return ""

    def environment(self) -> Any:
        """Return the kit's sandboxed template environment, with Markdown images resolved
        beside the source (those no output shows as their descriptions)."""
        from generator.templating.environment import make_environment

        return make_environment(self.kit.folders, refused=self.refused_images,
                                content_dir=self.source_path.parent.resolve(),
                                unusable=self.unusable_images)

    def warn(self, message: str, about: str | None = None, *, note: bool = False) -> None:
        """Add a warning (once) about `about`, by default the source; a `note` is about the
        machines the output meets rather than a problem of the inputs."""
        finding = Finding(message, self.source_path.name if about is None else about, note)
        if finding not in self.warnings:
            self.warnings.append(finding)

    def report_refused(self) -> None:
        """Turn refused images and fetches into warnings naming the URL and who asked (once)."""
        for url in dict.fromkeys(self.refused_images):
            self.warn(f"image {shortened(url)} not shown — images must be files in the "
                      "source's folder, never elsewhere or online")
        for url in dict.fromkeys(self.refused):
            self.warn(f"refused to read {shortened(url)} — kit templates and CSS may only use "
                      "files inside the kit, never the network", about=f"kit {self.kit.slug}")
        for url in dict.fromkeys(self.unloadable):
            name, in_kit = self._url_name(url)
            self.warn(f"the picture {shortened(name)!r} is not shown: it cannot be drawn (cut "
                      "short, corrupt, or another format under a picture's name) — save it "
                      "again as PNG, JPEG or SVG",
                      about=f"kit {self.kit.slug}" if in_kit else None)
        self.refused.clear()
        self.refused_images.clear()
        self.unloadable.clear()

    def _url_name(self, url: str) -> tuple[str, bool]:
        """Return a file URL as a path inside the kit, and True; else as a path (or the URL
        as given), and False."""
        from generator.source.markdown import url_to_path

        if not url.startswith("file:"):
            return url, False
        path = Path(url_to_path(url))
        for folder in self.kit.folders:
            if path.is_relative_to(folder):
                return path.relative_to(folder).as_posix(), True
        return relative_name(path), False
