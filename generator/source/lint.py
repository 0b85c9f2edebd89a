"""Warnings about a valid source: what it most likely did not mean to say.

`coursepack check` and every build report the same ones (see `build.preflight`).
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
from pathlib import Path

from generator.errors import shortened
from generator.located.yaml import (
    LocatedDocument,
    YamlProblems,
    continued_items,
    located_text,
)
from generator.source.load import SUMMARY_MAX_CHARS, first_sentence
from generator.source.model import Comparison
from generator.source.plan import plan_warning

MAX_NAMES_COMPARED = 2000  # names of a picture's folder read to suggest the one meant


def source_warnings(name: str, comparison: Comparison, text: str,
                    folder: Path | None = None) -> list[str]:
    """Return the warnings of the source called `name`, whose file holds `text`: list items
    an indentation slip merged, cells whose summary had to be cut, a review with minutes and
    no questions, a timing plan that does not add up, and (given the source's `folder`)
    pictures it shows that are not there."""
    warnings = missing_pictures(name, comparison, text, folder) if folder is not None else []
    warnings += [f"{name}:{line}:{col}: this line starts with '- ' but is read as more text of "
                "the list item above it — indent it like the other items to make it an item of "
                "its own" for line, col in continued_items(text)]
    warnings += _cut_by_comments(name, comparison, text)
    warnings += _repeated_dimensions(name, comparison, text)
    warnings += _cut_summaries(name, comparison, text)
    if comparison.review_minutes and not comparison.review:
        warnings.append(f"{_where(name, text, ('review', 'minutes'))}: the review has minutes but "
                        "no questions, so the timing plan has a part that no slide shows — add "
                        "`questions:` under `review:`, or remove its minutes")
    unbalanced = plan_warning(name, comparison, text)
    return [*warnings, *([unbalanced] if unbalanced else [])]


def missing_pictures(name: str, comparison: Comparison, text: str, folder: Path) -> list[str]:
    """Return a warning for each picture the source's Markdown shows from its `folder` that
    is not there (a misspelt or unsaved file), located where the source names it."""
    from generator.source.markdown import images_of
    from generator.source.model import texts_in

    found: list[str] = []
    for markdown in texts_in(comparison.model_dump()):
        for image in images_of(markdown, folder.resolve()):
            if not os.path.lexists(image.path):
                message = missing_picture(name, text, image.written, image.path, folder)
                if message not in found:
                    found.append(message)
    return found


def missing_picture(name: str, text: str, written: str, path: Path, folder: Path) -> str:
    """Return the warning for the picture that the source called `name` (holding `text`, in
    `folder`) writes as `written`, whose file `path` is not there: where, what is missing and
    the name most likely meant."""
    from generator.source.markdown import picture_place

    place = path.parent.relative_to(folder.resolve()).as_posix()
    beside = f"beside {name}" if place == "." else f"in {place}/ beside {name}"
    meant = None
    if not path.parent.is_dir():
        missing = f"there is no folder {place}/ beside {name}"
        folder_meant = _name_meant(path.parent)
        if folder_meant and (path.parent.parent / folder_meant / path.name).is_file() and \
                written.endswith(f"{path.parent.name}/{path.name}"):
            cut = len(path.parent.name) + len(path.name) + 1
            meant = f"{written[:len(written) - cut]}{folder_meant}/{path.name}"
    else:
        missing = f"no file is called {path.name!r} {beside}"
        file_meant = _name_meant(path)
        if file_meant and written.endswith(path.name):
            meant = written[:len(written) - len(path.name)] + file_meant
    fix = (f"did you mean {meant!r}? Correct the name" if meant else
           "save the picture there, or correct its name (names are case-sensitive)")
    return (f"{picture_place(name, text, written)}: the picture {shortened(written)!r} is not "
            f"there: {missing} — {fix}; until then the outputs show its description in its "
            "place")


def _name_meant(path: Path) -> str | None:
    """Return the name in `path`'s folder most like its own (the same but for case, or close
    by spelling); None when none is close."""
    try:
        with os.scandir(path.parent) as entries:
            names = [entry.name for entry in itertools.islice(entries, MAX_NAMES_COMPARED)]
    except OSError:
        return None
    same_but_case = [n for n in names if n.casefold() == path.name.casefold()]
    close = same_but_case or difflib.get_close_matches(path.name, names, n=1, cutoff=0.75)
    return close[0] if close else None


# " #word" after a plain value: YAML reads it as a comment, so the text ends before it
_COMMENT_AFTER_TEXT = re.compile(r"^(?!\s*#)(.*?\S)[ \t]+(#\S+)")
_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[^\s:#\"'][^:#]*:\s+)?(.*)$")  # a line's value, key off


def _cut_by_comments(name: str, comparison: Comparison, text: str) -> list[str]:
    """Return a warning for each line whose text YAML cut at ` #` (read as a comment): a
    channel name (`#team`) or a number (`#3`) in unquoted text loses the rest of the line."""
    from generator.source.model import texts_in

    values = list(texts_in(comparison.model_dump()))
    warnings = []
    for number, line in enumerate(text.splitlines(), 1):
        found = _COMMENT_AFTER_TEXT.match(line)
        if not found or (":" not in found[1] and not found[1].lstrip().startswith("- ")):
            continue  # not a value's line
        written = _VALUE.match(line)[1].strip()  # type: ignore[index]
        if written[:1] in "\"'" or any(written in value for value in values):
            continue  # kept as text: quoted, or a line of a block of text (`|`)
        column = found.start(2) + 1
        warnings.append(f"{name}:{number}:{column}: the text from {found[2]!r} on is read as a "
                        "comment and left out (YAML starts a comment at ' #') — put the whole "
                        "text in quotes to keep it")
    return warnings


def _located(name: str, text: str) -> LocatedDocument | None:
    """Return `text` read again with the place of every value (None if it cannot be)."""
    try:
        return located_text(text, Path(name), name, max_chars=4 * len(text) + 1)
    except YamlProblems:
        return None


def _repeated_dimensions(name: str, comparison: Comparison, text: str) -> list[str]:
    """Return a warning for each dimension named like one before it (a block pasted twice
    gives two identical slides and cheat-sheet rows)."""
    first: dict[str, int] = {}
    warnings = []
    for index, dimension in enumerate(comparison.dimensions):
        key = " ".join(dimension.name.split()).casefold()
        if key not in first:
            first[key] = index
            continue
        earlier = _where(name, text, ("dimensions", first[key], "name")).rsplit(":", 2)
        line = earlier[1] if len(earlier) == 3 else "?"
        warnings.append(f"{_where(name, text, ('dimensions', index, 'name'))}: dimension "
                        f"{dimension.name!r} is there twice (first at line {line}), so the "
                        "deck, the handout and the cheat sheet show it twice — remove one, or "
                        "rename it")
    return warnings


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
