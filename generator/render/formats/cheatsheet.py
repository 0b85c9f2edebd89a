"""The one-page cheat sheet: the roomiest layout that fits one page, or a clear refusal.

A cheat sheet is never two pages and never clipped.  The renderer lays the sheet out at a
step-down level (type size, spacing, short labels, orientation), counts the pages and steps
down until it fits, or raises RenderError naming the cells to shorten.  Each trial layout costs
tens of milliseconds, so the search starts from a level estimated from the content's size and
bisects from there; a level tried before (by this or an earlier sheet) reuses its parsed
stylesheets (see `pdf`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace

from generator.errors import RenderError, relative_name
from generator.render.context import template_context
from generator.render.job import PAPER_SIZES, RenderJob
from generator.render.pdf.document import lay_out, write
from generator.render.pdf.engine import Document
from generator.render.pdf.engine import forget_styles as forget_caches  # noqa: F401


@dataclass(frozen=True)
class Fit:
    """One step-down level of the cheat sheet's layout."""

    font_size: float  # body type, pt
    spacing: float  # vertical cell padding, pt; the other gaps scale with it
    line_height: float = 1.25
    use_short: bool = False  # subjects' short labels in the column headings
    show_taglines: bool = True
    landscape: bool = False

    def describe(self) -> str:
        """Return the level in words, e.g. `7 pt type, short labels, no taglines`."""
        parts = [f"{self.font_size:g} pt type"]
        if self.use_short:
            parts.append("short labels")
        if not self.show_taglines:
            parts.append("no taglines")
        return ", ".join(parts)


# From roomiest to most compact: tighter spacing, then smaller type, then the subjects' short
# labels, then taglines dropped.  Summaries and dimensions are never dropped.
LEVELS: tuple[Fit, ...] = (
    Fit(13, 6, 1.3),
    Fit(12, 5, 1.3),
    Fit(11, 4.5),
    Fit(10, 4),
    Fit(10, 2.5),
    Fit(9, 2.5),
    Fit(9, 1.8, 1.18),
    Fit(8, 1.8, 1.18),
    Fit(8, 1.8, 1.18, use_short=True),
    Fit(7.5, 1.4, 1.15, use_short=True),
    Fit(7, 1.2, 1.15, use_short=True),
    Fit(7, 1.2, 1.15, use_short=True, show_taglines=False),
)
LANDSCAPE_FROM_SUBJECTS = 4  # from four columns on, the columns want a turned page
ORIENTATION_BIAS = 2  # levels the other orientation must gain to be tried first


def ladders(job: RenderJob) -> list[tuple[list[Fit], int]]:
    """Return the portrait and landscape ladders, the one to try first first, with start indexes.

    Four or more subjects prefer landscape, because the columns need the width; fewer prefer
    portrait.  The other orientation goes first only when its estimate fits two levels roomier
    (many dimensions need the height of a portrait page even for six subjects).  The second
    ladder is tried only when the first one's most compact level overflows.
    """
    prefer_landscape = len(job.comparison.subjects) >= LANDSCAPE_FROM_SUBJECTS
    plans = []
    for landscape in (prefer_landscape, not prefer_landscape):
        ladder = [replace(fit, landscape=landscape) for fit in LEVELS]
        start = estimated_level(job, ladder)
        bias = 0 if landscape == prefer_landscape else ORIENTATION_BIAS
        plans.append((start + bias, ladder, start))
    plans.sort(key=lambda plan: plan[0])  # stable: the preferred orientation wins a tie
    return [(ladder, start) for _, ladder, start in plans]


def dimension_share(job: RenderJob, fit: Fit) -> float:
    """Return the dimension-name column's share of the table width, in percent.

    Wide enough for the longest name on one line when the subjects can spare it, never
    narrower than the longest word of a name.
    """
    doc = job.comparison
    count = len(doc.subjects)
    width = page_content_box(job, fit)[0]
    padding = 2 * (2.5 + fit.spacing * 0.9) + 2

    def percent(chars: int) -> float:
        return 100 * (chars * fit.font_size * BOLD_CHAR_EM + padding) / width

    longest_word = max(len(word) for d in doc.dimensions for word in d.name.split())
    longest_name = max(len(d.name) for d in doc.dimensions)
    low = max(100 / (count + 4), percent(longest_word))
    high = min(max(100 / (count + 1.5), low), 35)
    return round(min(max(percent(longest_name), low), high), 1)


@dataclass
class FittedSheet:
    """The chosen level, its laid-out one-page document and how many layouts were tried."""

    fit: Fit
    document: Document
    trials: int


def choose_fit(job: RenderJob) -> FittedSheet:
    """Return the roomiest level whose layout fits one page; raise RenderError when none does."""
    documents: dict[Fit, Document | None] = {}

    def fits(fit: Fit) -> bool:
        if fit not in documents:
            document = lay_out(job, "cheatsheet", template_context(
                job, fit=asdict(fit), dimension_share=dimension_share(job, fit)))
            documents[fit] = document if len(document.pages) == 1 else None
        return documents[fit] is not None

    plans = ladders(job)
    if all(hopeless(job, ladder[-1]) for ladder, _ in plans):
        raise RenderError(_too_long_message(job, LEVELS[-1]))
    for ladder, start in plans:
        found = first_fitting(ladder, fits, start)
        if found is not None:
            document = documents[found]
            assert document is not None  # first_fitting only returns levels that fit
            return FittedSheet(found, document, trials=len(documents))
    raise RenderError(_too_long_message(job, LEVELS[-1]))


def first_fitting(ladder: Sequence[Fit], fits: Callable[[Fit], bool], start: int) -> Fit | None:
    """Return the first level of `ladder` that fits, bisecting outward from index `start`.

    Levels are ordered so that once one fits, every later one does.  A good `start` costs two
    trials (it fits, the one before it does not); a poor one costs a few more.
    """
    low, high = 0, len(ladder)  # every level before `low` overflows; `high` fits or is the end
    probe = min(max(start, 0), len(ladder) - 1)
    neighbour_first = True
    while low < high:
        if fits(ladder[probe]):
            high, neighbour = probe, probe - 1
        else:
            low, neighbour = probe + 1, probe + 1
        # The estimate is usually right or one off: check its neighbour, then bisect the rest.
        probe = neighbour if neighbour_first and low <= neighbour < high else (low + high) // 2
        neighbour_first = False
    return ladder[high] if high < len(ladder) else None


# --- Estimating a starting level from the content's size ---------------------------------------
# A rough model of cheatsheet.css.j2's default layout (within about 12 % of the real height on
# one page).  It picks where the search starts, so a kit's own CSS can never make a sheet
# overflow, only cost a trial or two more; and it refuses, untried, content estimated at over
# twice a page.

CHAR_EM = 0.5  # average advance of a character of running text, in em (Inter: 0.48)
BOLD_CHAR_EM = 0.55  # the same in bold (Inter: 0.52)
LOGO_PT = 140  # width the logo takes from the title
HOPELESS = 2.0  # estimated pages' worth of content at the most compact level that is refused
MARGINS_PT = (22 * 72 / 25.4, 20 * 72 / 25.4)  # vertical, horizontal page margins together


def _points(length: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(mm|in)", length).groups()  # type: ignore[union-attr]
    return float(value) * (72 / 25.4 if unit == "mm" else 72)


def _lines(text: str, width: float, size: float, em: float = CHAR_EM) -> int:
    """Return how many lines `text` takes when wrapped greedily at word breaks."""
    per_line = max(1, int(width / (size * em)))
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, 0
        if used:
            used += 1
        used += len(word)
        while used > per_line:  # a word longer than the line breaks anywhere
            lines, used = lines + 1, used - per_line
    return lines


def page_content_box(job: RenderJob, fit: Fit) -> tuple[float, float]:
    """Return the width and height inside the page margins at `fit`, in pt."""
    width, height = (_points(v) for v in PAPER_SIZES[job.paper])
    if fit.landscape:
        width, height = height, width
    return width - MARGINS_PT[1], height - MARGINS_PT[0]


def estimated_height(job: RenderJob, fit: Fit) -> tuple[float, float]:
    """Return the sheet's estimated content height at `fit`, and the height a page offers (pt)."""
    doc = job.comparison
    width, height = page_content_box(job, fit)
    share = dimension_share(job, fit)
    f, s, lh = fit.font_size, fit.spacing, fit.line_height
    pad_x = 2 * (2.5 + s * 0.9)
    label_width = width * share / 100 - pad_x
    column = width * (1 - share / 100) / len(doc.subjects) - pad_x
    small = max(7, f * 0.9)

    title_width = width - 2 * (6 + s * 1.6) - (LOGO_PT if job.kit.logo else 0)
    title = _lines(doc.title, title_width, f * 1.9, BOLD_CHAR_EM) * f * 1.9 * 1.15
    subtitle = _lines(doc.subtitle, title_width, f * 1.05) * f * 1.05 * lh if doc.subtitle else 0
    total = title + subtitle + 2 * (2 + s * 1.4) + 2.5 + (3 + s * 1.6)

    heads = [_lines(subject.short if fit.use_short and subject.short else subject.name, column,
                    f * 1.1) * f * 1.1 * 1.2
             + (_lines(subject.tagline, column, small) * small * lh
                if fit.show_taglines and subject.tagline else 0)
             for subject in doc.subjects]
    total += max(heads) + 2 * (1 + s * 1.2)
    for d in doc.dimensions:
        lines = max(_lines(d.name, label_width, f, BOLD_CHAR_EM),
                    *(_lines(cell.summary, column, f) for cell in d.cells.values()))
        total += lines * f * lh + 2 * s + 0.6

    if doc.takeaways:
        columns = 2 if len(doc.takeaways) > 1 else 1
        item_width = (width - 2 * (5 + s * 1.6) - 3 - f * 1.4) / columns - (8 + s * 2) / 2
        counts = [_lines(t, item_width, f) for t in doc.takeaways]
        rows = [max(counts[i:i + columns]) for i in range(0, len(counts), columns)]
        total += (3 + s * 1.6) + 2 * (2 + s * 1.3) + f * 1.15 * lh + 1 + s * 0.6
        total += sum(rows) * f * lh + (len(rows) - 1) * (0.5 + s * 0.5)
    return total, height


def hopeless(job: RenderJob, fit: Fit) -> bool:
    """Return whether the content is estimated at over twice what a page holds at `fit`.

    The estimate is within about 25 % of the real layout, so such a sheet cannot fit; refusing
    it without a trial saves the seconds a layout of many pages takes.
    """
    needed, available = estimated_height(job, fit)
    return needed > HOPELESS * available


def estimated_level(job: RenderJob, ladder: Sequence[Fit]) -> int:
    """Return the index of the first level of `ladder` estimated to fit (the last if none)."""
    for index, fit in enumerate(ladder):
        needed, available = estimated_height(job, fit)
        if needed <= available:
            return index
    return len(ladder) - 1


# --- Rendering -----------------------------------------------------------------------------


def render(job: RenderJob) -> bytes:
    """Return a one-page cheat sheet PDF, or raise RenderError when nothing fits."""
    return write(job, choose_fit(job).document)


def _too_long_message(job: RenderJob, smallest: Fit) -> str:
    """Return why the sheet cannot fit, naming the longest cells to shorten."""
    doc = job.comparison
    cells = sorted(
        ((len(d.cell(s).summary), d.name, s.name) for d in doc.dimensions for s in doc.subjects),
        key=lambda item: -item[0],
    )[:3]
    named = "; ".join(f"“{dimension}” for {subject} ({length} characters)"
                      for length, dimension, subject in cells)
    kit = job.kit
    restyled = kit.css or (len(kit.folders) > 1 and any(
        (kit.folder / name).exists() for name in ("cheatsheet.css.j2", "cheatsheet.html.j2")))
    also = (f"; kit {kit.slug} restyles the cheat sheet, so check its CSS for large sizes too"
            if restyled else "")
    return (f"{relative_name(job.source_path)}: the cheat sheet does not fit on one page, even "
            f"with {smallest.describe()} in portrait or landscape ({len(doc.dimensions)} "
            f"dimensions × {len(doc.subjects)} subjects) — shorten the longest summaries to "
            f"about 70 characters, or compare fewer dimensions; the longest are {named}{also}")
