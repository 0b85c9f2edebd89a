"""The output formats, registered once; the CLI's --format choices come from here.

Renderer modules are imported only when a format is rendered, so `coursepack --help` and
`coursepack check` never pay for WeasyPrint or python-pptx.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.render.context import RenderJob


@dataclass(frozen=True)
class OutputFormat:
    """One kind of output: its name, the file name suffix it writes and its renderer module."""

    name: str
    suffix: str
    module: str
    description: str

    def file_name(self, stem: str) -> str:
        """Return the output file name for a source called `stem`."""
        return f"{stem}{self.suffix}"

    def render(self, job: RenderJob) -> bytes:
        """Return the rendered output's bytes."""
        return importlib.import_module(self.module).render(job)


FORMATS: dict[str, OutputFormat] = {
    fmt.name: fmt
    for fmt in (
        OutputFormat("handout", "-handout.pdf", "generator.render.handout", "PDF handout to print"),
        OutputFormat("slides", "-slides.pptx", "generator.render.slides", "editable slide deck"),
        OutputFormat("cheatsheet", "-cheatsheet.pdf", "generator.render.cheatsheet",
                     "one-page cheat sheet PDF"),
    )
}
