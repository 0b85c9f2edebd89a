"""What the command line decides about a build (import-light: the up-to-date check runs
before anything heavy is imported)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.limits import DEFAULT_MAX_DIMENSIONS, DEFAULT_MAX_SOURCE_KIB, DEFAULT_TIMEOUT
from generator.render import DEFAULT_FORMATS
from generator.render.job import RenderOptions


@dataclass(frozen=True)
class BuildOptions:
    """Everything the command line decides about a build."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    out: Path = Path("output")
    render: RenderOptions = field(default_factory=RenderOptions)  # to every renderer, whole
    max_dimensions: int = DEFAULT_MAX_DIMENSIONS
    max_source_kib: int = DEFAULT_MAX_SOURCE_KIB
    force: bool = False
    jobs: int = 0  # 0: one worker per core
    timeout: float = DEFAULT_TIMEOUT  # seconds one output may take to render
    strict: bool = False  # undrawable characters and missing pictures are errors, not warnings
    overwrite_edited: bool = False  # replace outputs edited by hand (a copy of each is kept)
