"""Warnings about a valid source: what it most likely did not mean to say.

`coursepack check` and every build report the same ones (see `build.preflight`).
"""

from __future__ import annotations

from pathlib import Path

from generator.located.yaml import (
    LocatedDocument,
    YamlProblems,
    continued_items,
    located_text,
)
from generator.source.load import SUMMARY_MAX_CHARS, first_sentence
from generator.source.model import Comparison
from generator.source.plan import plan_warning


def source_warnings(name: str, comparison: Comparison, text: str) -> list[str]:
    """Return the warnings of the source called `name`, whose file holds `text`: list items
    an indentation slip merged, cells whose summary had to be cut, a review with minutes and
    no questions, a timing plan that does not add up."""
    warnings = [f"{name}:{line}:{col}: this line starts with '- ' but is read as more text of "
                "the list item above it — indent it like the other items to make it an item of "
                "its own" for line, col in continued_items(text)]
    warnings += _cut_summaries(name, comparison, text)
    if comparison.review_minutes and not comparison.review:
        warnings.append(f"{_where(name, text, ('review', 'minutes'))}: the review has minutes but "
                        "no questions, so the timing plan has a part that no slide shows — add "
                        "`questions:` under `review:`, or remove its minutes")
    unbalanced = plan_warning(name, comparison, text)
    return [*warnings, *([unbalanced] if unbalanced else [])]


def _located(name: str, text: str) -> LocatedDocument | None:
    """Return `text` read again with the place of every value (None if it cannot be)."""
    try:
        return located_text(text, Path(name), name, max_chars=4 * len(text) + 1)
    except YamlProblems:
        return None


def _where(name: str, text: str, path: tuple[str | int, ...]) -> str:
    """Return `name:line:col` of `path` in the source (`name` alone if it cannot be read)."""
    document = _located(name, text)
    if document is None:
        return name
    line, col = document.where(path)
    return f"{name}:{line}:{col}"


def _cut_summaries(name: str, comparison: Comparison, text: str) -> list[str]:
    """Return a warning for each cell written without a `summary` whose first sentence is
    too long to be one: the slides and the cheat sheet show it cut short with "…"."""
    cut = [(index, key) for index, dimension in enumerate(comparison.dimensions)
           for key, cell in dimension.cells.items()
           if cell.summary.endswith("…") and cell.summary == first_sentence(cell.detail)]
    if not cut:
        return []
    document = _located(name, text)
    if document is None:
        return []
    warnings = []
    for index, key in cut:
        line, col = document.where(("dimensions", index, key), key=True)
        warnings.append(
            f"{name}:{line}:{col}: dimension {comparison.dimensions[index].name!r}: the cell "
            f"for {key!r} has no `summary`, and its first sentence is longer than "
            f"{SUMMARY_MAX_CHARS} characters, so the slides and the cheat sheet show it cut "
            "short with \"…\" — write a short `summary:` for them and the full text as "
            "`detail:`")
    return warnings
