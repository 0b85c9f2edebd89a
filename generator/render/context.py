"""What a renderer gets: the validated source and kit, options, and the template context."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator import __version__
from generator.i18n.labels import labels_for
from generator.i18n.languages import is_rtl
from generator.kits.fonts import font_faces
from generator.kits.model import BrandKit
from generator.source.model import Comparison, texts_in
from generator.source.plan import dimension_part, make_plan
from generator.templating.environment import css_string
from generator.templating.sandbox import DataFunction

PAPER_SIZES = {"a4": ("210mm", "297mm"), "letter": ("8.5in", "11in")}


def font_stack(family: str, fallbacks: list[str]) -> str:
    """Return a CSS font-family value: `family`, then `fallbacks`, then sans-serif."""
    names = dict.fromkeys([family, *fallbacks])  # names from font files: quoted, escaped
    return ", ".join(css_string(name) for name in names) + ", sans-serif"


def output_language(comparison: Comparison, kit: BrandKit) -> str:
    """Return the language of the outputs: the source's if it says one, else the kit's
    default, else the source's (English by default)."""
    if "language" in comparison.model_fields_set or not kit.language:
        return comparison.language
    return kit.language


@dataclass
class RenderJob:
    """One source rendered with one kit; renderers append warnings instead of printing."""

    comparison: Comparison
    kit: BrandKit
    source_path: Path
    paper: str | None = None
    pdf_variant: str | None = None
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # URLs the PDF fetcher refused (kit)
    refused_images: list[str] = field(default_factory=list)  # images in the source's Markdown
    answer_key: bool | None = None  # the learner PDFs print the answers (None: as the kit says)
    slide_titles: list[str] = field(default_factory=list)  # the deck's headings, as written
    check_invariants: bool = False  # brand check: a deck that breaks one is a failure

    @property
    def effective_paper(self) -> str:
        """Return the paper size: the command line's, else the kit's."""
        return self.paper or self.kit.paper

    @property
    def language(self) -> str:
        """Return the output language: the source's, else the kit's default."""
        return output_language(self.comparison, self.kit)

    @property
    def prints_answers(self) -> bool:
        """Return whether learner outputs (handout, cheat sheet) show the review's answers:
        the command line's choice, else the kit's."""
        return self.kit.answer_key if self.answer_key is None else self.answer_key

    @property
    def language_fonts(self) -> list[Path]:
        """Return the kit's font files for the output language (`fonts: {ja: [...]}`)."""
        return self.kit.fonts.for_language(self.language)

    @property
    def labels(self) -> dict[str, str]:
        """Return the labels in the output language, with the kit's overrides."""
        return labels_for(self.language, self.kit.labels)

    @property
    def allowed_roots(self) -> list[Path]:
        """Return the folders a PDF may read from: the kit folders."""
        return list(self.kit.folders)

    @cached_property
    def content_images(self) -> frozenset[Path]:
        """Return the files beside the source that its own Markdown shows as images: the only
        files of the source's folder a PDF may read (a kit template writing Markdown of its
        own cannot reach other files there, another client's pictures say)."""
        from generator.source.markdown import image_files

        base = self.source_path.parent.resolve()
        found: set[Path] = set()
        for text in texts_in(self.comparison.model_dump()):
            found.update(image_files(text, base))
        return frozenset(found)

    def environment(self) -> Any:
        """Return the kit's sandboxed template environment, with Markdown images resolved
        beside the source."""
        from generator.templating.environment import make_environment

        return make_environment(self.kit.folders, refused=self.refused_images,
                                content_dir=self.source_path.parent.resolve())

    def report_refused(self) -> None:
        """Turn refused images and fetches into warnings naming the URL and who asked (once)."""
        for url in dict.fromkeys(self.refused_images):
            self.warnings.append(f"{self.source_path.name}: image {url} not shown — images "
                                 "must be files in the source's folder, never elsewhere or online")
        for url in dict.fromkeys(self.refused):
            self.warnings.append(f"kit {self.kit.slug}: refused to read {url} — kit templates "
                                 "and CSS may only use files inside the kit, never the network")
        self.refused.clear()
        self.refused_images.clear()


def template_context(job: RenderJob, *, learner: bool = False, **extra: Any) -> dict[str, Any]:
    """Return the variables every template sees (documented in the README): inert data only
    (text, numbers, lists and mappings; files as URLs the PDF fetcher confines), never the
    objects behind it, so a kit template has nothing to call that reaches the machine.  For a
    `learner` output without the answer key, the review's answers are not in the data at all
    (whatever a kit's template does) and the facilitator notes neither."""
    doc, kit = job.comparison, job.kit
    width, height = PAPER_SIZES[job.effective_paper]
    data = comparison_data(doc)
    show_answers = not learner or job.prints_answers
    if learner:  # facilitator notes and activities: for the deck and the guide only
        data["notes"] = None
        for dimension in data["dimensions"]:
            dimension["notes"] = dimension["activity"] = None
    if not show_answers:
        for item in data["review"]:
            item["answer"] = ""
    faces = font_faces([*kit.fonts.files, *job.language_fonts])
    # the language's own fonts set what the kit's fonts cannot: after them in every stack
    fallbacks = list(dict.fromkeys(face.family for face in font_faces(job.language_fonts)))
    context = {
        "doc": data,
        "subjects": data["subjects"],
        "dimensions": data["dimensions"],
        "kit": kit_data(kit),
        "colors": kit.colors.model_dump(),
        "fonts": {"heading": kit.fonts.heading, "body": kit.fonts.body,
                  "files": [path.as_uri() for path in kit.fonts.files],
                  "fallbacks": fallbacks,
                  "heading_stack": font_stack(kit.fonts.heading, fallbacks),
                  "body_stack": font_stack(kit.fonts.body, fallbacks)},
        "font_faces": [{"family": face.family, "weight": face.weight, "style": face.style,
                        "uri": face.uri} for face in faces],
        "logo_url": kit.logo.as_uri() if kit.logo else None,
        "labels": dict(job.labels),
        "language": job.language,
        # right-to-left languages: the document's direction and its inline sides
        **(({"direction": "rtl", "start": "right", "end": "left"}) if is_rtl(job.language)
           else {"direction": "ltr", "start": "left", "end": "right"}),
        "paper": job.effective_paper,
        "page_width": width,
        "page_height": height,
        "footer": kit.footer,
        "show_answers": show_answers,
        "plan": make_plan(doc, job.labels).as_data(job.labels["minutes"]),
        "version": __version__,
        **extra,
    }
    return assert_inert(context)


class CellLookup(DataFunction):
    """`d.cell(subject)` in a template: a dimension's cell for a subject (or subject key)."""

    __slots__ = ("_cells",)

    def __init__(self, cells: dict[str, dict[str, str]]) -> None:
        self._cells = cells

    def __call__(self, subject: Any) -> dict[str, str]:
        key = subject.get("key") if isinstance(subject, dict) else subject
        if not isinstance(key, str) or key not in self._cells:
            raise LookupError(f"no cell for subject {key!r}")
        return self._cells[key]


def comparison_data(doc: Comparison) -> dict[str, Any]:
    """Return the comparison as plain data: the source's fields, each subject's `label`, and
    each dimension's `cells` by subject key with `cell(subject)` to look one up, and its
    `part` of the timing plan (`dimension-1` …)."""
    data = doc.model_dump()
    data["primary_language"] = doc.primary_language
    for subject, model in zip(data["subjects"], doc.subjects, strict=True):
        subject["label"] = model.label
    for number, dimension in enumerate(data["dimensions"], 1):
        dimension["cell"] = CellLookup(dimension["cells"])
        dimension["part"] = dimension_part(number)
    return data


def kit_data(kit: BrandKit) -> dict[str, Any]:
    """Return what templates may know of the kit: its brand.yaml values, files as URLs."""
    return {
        "name": kit.name, "slug": kit.slug, "logo_alt": kit.logo_alt,
        "logo_url": kit.logo.as_uri() if kit.logo else None,
        "colors": kit.colors.model_dump(), "paper": kit.paper, "footer": kit.footer,
        "language": kit.language, "labels": dict(kit.labels), "pdf_variant": kit.pdf_variant,
        "fonts": {"heading": kit.fonts.heading, "body": kit.fonts.body,
                  "files": [path.as_uri() for path in kit.fonts.files]},
        "css": [path.as_uri() for path in kit.css],
        "slides": {"layouts": dict(kit.slides.layouts)},
    }


INERT_TYPES = (str, int, float, bool, type(None))


def assert_inert(value: Any, where: str = "context") -> Any:
    """Return `value` after checking it holds only text, numbers, lists, mappings with text
    keys and data functions; anything else is a bug of ours, caught before a template sees it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"template {where} has a non-text key {key!r}")
            assert_inert(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            assert_inert(item, f"{where}[{index}]")
    elif not isinstance(value, (*INERT_TYPES, DataFunction)):
        raise TypeError(f"template {where} is a {type(value).__name__}, not plain data")
    return value
