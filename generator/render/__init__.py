"""The output formats, registered once: what the CLI offers, build plans, workers render and
the preview shows all come from `FORMATS`.  Adding a format is one module in
`render/formats/` (with `render(job) -> bytes` and `forget_caches()`) and one row here.

Renderer modules are imported only when a format is rendered, so `coursepack --help` and
`coursepack check` never pay for WeasyPrint or python-pptx.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, cast

from generator.errors import RenderError

if TYPE_CHECKING:
    from generator.render.job import RenderJob


NO_ANSWERS = "-no-answers"  # in the name of a learner output without the answer key


class Renderer(Protocol):
    """What a format's module offers: the output's bytes for a job, and a way to drop what
    it keeps between renders (a worker does after a render ran out of time or memory)."""

    def render(self, job: RenderJob) -> bytes: ...

    def forget_caches(self) -> None: ...


@dataclass(frozen=True)
class OutputFormat:
    """One kind of output, as every stage sees it."""

    name: str
    label: str  # what the trainer calls it: "Handout", "Cheat sheet"
    suffix: str  # of the file name: `<source>-handout.pdf`
    module: str  # the renderer, imported when first needed
    description: str
    default: bool = True  # built when --format is not given (the guide is the trainer's, asked for)
    cost: int = 1  # relative render time: the slowest are handed to workers first
    medium: Literal["pdf", "pptx"] = "pdf"
    learner: bool = True  # for learners: no trainer's notes; answers only with the answer key
    libreoffice: bool = False  # drawn by LibreOffice, an optional tool (see render/office.py)

    def file_name(self, stem: str, *, answers: bool = True) -> str:
        """Return the output file name for a source called `stem`: a learner edition without
        the review's answers says so (`pm-handout-no-answers.pdf`), so that it never replaces
        the edition with them."""
        if answers or not self.learner:
            return f"{stem}{self.suffix}"
        name, dot, extension = self.suffix.rpartition(".")
        return f"{stem}{name}{NO_ANSWERS}{dot}{extension}"

    def renderer(self) -> Renderer:
        """Return the renderer module, imported now if need be.

        Raises RenderError when it cannot load: most often a PDF renderer on a machine
        without the Pango library WeasyPrint uses.
        """
        try:
            return cast(Renderer, importlib.import_module(self.module))
        except (ImportError, OSError) as err:
            raise RenderError(
                f"--format {self.name} cannot be built here: its renderer did not load ({err}) "
                "— install what the README's install notes name (for PDFs, the Pango library; "
                "see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html), then "
                "build again") from err

    def render(self, job: RenderJob) -> bytes:
        """Return the rendered output's bytes (the job is this format's, whatever it said);
        what the kit's templates and the source asked for in vain becomes warnings, once,
        however the render ends."""
        job.format = self.name
        try:
            job.picture_verdicts  # noqa: B018  (the source's pictures, judged alike for all)
            return self.renderer().render(job)
        finally:
            job.report_refused()


FORMATS: dict[str, OutputFormat] = {
    fmt.name: fmt
    for fmt in (
        OutputFormat("handout", "Handout", "-handout.pdf", "generator.render.formats.handout",
                     "PDF handout to print", cost=3),
        OutputFormat("slides", "Slides", "-slides.pptx", "generator.render.formats.slides",
                     "editable slide deck", cost=1, medium="pptx", learner=False),
        OutputFormat("cheatsheet", "Cheat sheet", "-cheatsheet.pdf", "generator.render.formats.cheatsheet",
                     "one-page cheat sheet PDF", cost=2),
        OutputFormat("guide", "Facilitator guide", "-guide.pdf", "generator.render.formats.guide",
                     "facilitator guide PDF, built only when asked for", default=False, cost=3,
                     learner=False),
        OutputFormat("slides-pdf", "Slides PDF", "-slides.pdf",
                     "generator.render.formats.slides_pdf",
                     "the slides as a PDF, drawn by LibreOffice; built only when asked for",
                     default=False, cost=4, learner=False, libreoffice=True),
        OutputFormat("slide-handout", "Slide handout", "-slide-handout.pdf",
                     "generator.render.formats.slide_handout",
                     "the slides several to a page with lines for notes, drawn by LibreOffice; "
                     "built only when asked for", default=False, cost=4, learner=False,
                     libreoffice=True),
    )
}
DEFAULT_FORMATS: tuple[str, ...] = tuple(name for name, fmt in FORMATS.items() if fmt.default)
