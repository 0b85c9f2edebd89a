"""The output formats, registered once; the CLI's --format choices come from here.

Renderer modules are imported only when a format is rendered, so `coursepack --help` and
`coursepack check` never pay for WeasyPrint or python-pptx.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from generator.errors import RenderError

if TYPE_CHECKING:
    from generator.render.context import RenderJob


@dataclass(frozen=True)
class OutputFormat:
    """One kind of output: its name, the file name suffix it writes and its renderer module."""

    name: str
    suffix: str
    module: str
    description: str
    default: bool = True  # built when --format is not given (the guide is the trainer's, asked for)

    def file_name(self, stem: str) -> str:
        """Return the output file name for a source called `stem`."""
        return f"{stem}{self.suffix}"

    def renderer(self) -> ModuleType:
        """Return the renderer module, imported now if need be.

        Raises RenderError when it cannot load: most often a PDF renderer on a machine
        without the Pango library WeasyPrint uses.
        """
        try:
            return importlib.import_module(self.module)
        except (ImportError, OSError) as err:
            raise RenderError(
                f"--format {self.name} cannot be built here: its renderer did not load ({err}) "
                "— install what the README's install notes name (for PDFs, the Pango library; "
                "see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html), then "
                "build again") from err

    def render(self, job: RenderJob) -> bytes:
        """Return the rendered output's bytes."""
        return self.renderer().render(job)


FORMATS: dict[str, OutputFormat] = {
    fmt.name: fmt
    for fmt in (
        OutputFormat("handout", "-handout.pdf", "generator.render.handout", "PDF handout to print"),
        OutputFormat("slides", "-slides.pptx", "generator.render.slides", "editable slide deck"),
        OutputFormat("cheatsheet", "-cheatsheet.pdf", "generator.render.cheatsheet",
                     "one-page cheat sheet PDF"),
        OutputFormat("guide", "-guide.pdf", "generator.render.guide",
                     "facilitator guide PDF, built only when asked for", default=False),
    )
}
DEFAULT_FORMATS: tuple[str, ...] = tuple(name for name, fmt in FORMATS.items() if fmt.default)
