"""What a renderer gets: the validated source and kit, options, and the template context."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.fonts import font_faces
from generator.labels import labels_for
from generator.model import BrandKit, Comparison

PAPER_SIZES = {"a4": ("210mm", "297mm"), "letter": ("8.5in", "11in")}


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

    @property
    def effective_paper(self) -> str:
        """Return the paper size: the command line's, else the kit's."""
        return self.paper or self.kit.paper

    @property
    def language(self) -> str:
        """Return the output language: the source's, else the kit's default."""
        if "language" in self.comparison.model_fields_set or not self.kit.language:
            return self.comparison.language
        return self.kit.language

    @property
    def labels(self) -> dict[str, str]:
        """Return the labels in the output language, with the kit's overrides."""
        return labels_for(self.language, self.kit.labels)

    @property
    def allowed_roots(self) -> list[Path]:
        """Return the folders a PDF may read from: the kit folders and the source's folder."""
        return [*self.kit.folders, self.source_path.parent.resolve()]

    def environment(self) -> Any:
        """Return the kit's sandboxed template environment, with Markdown images resolved
        beside the source."""
        from generator.templating import make_environment

        return make_environment(self.kit, refused=self.refused_images,
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


def template_context(job: RenderJob, **extra: Any) -> dict[str, Any]:
    """Return the variables every template sees (documented in the README)."""
    doc, kit = job.comparison, job.kit
    width, height = PAPER_SIZES[job.effective_paper]
    return {
        "doc": doc,
        "subjects": doc.subjects,
        "dimensions": doc.dimensions,
        "kit": kit,
        "colors": kit.colors,
        "fonts": kit.fonts,
        "font_faces": font_faces(list(kit.fonts.files)),
        "logo_url": kit.logo.as_uri() if kit.logo else None,
        "labels": job.labels,
        "language": job.language,
        "paper": job.effective_paper,
        "page_width": width,
        "page_height": height,
        "footer": kit.footer,
        "version": __version__,
        **extra,
    }

