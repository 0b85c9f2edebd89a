"""A new course's first source: a small, commented example comparison in the trainer's
language, to replace with their own (`coursepack new`)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import CoursepackError, relative_name
from generator.files import safe_stem, write_atomically
from generator.i18n.languages import primary_subtag

STARTERS = Path(__file__).resolve().parent / "starters"


def starter_languages() -> list[str]:
    """Return the languages a starter is written in."""
    return sorted(path.stem for path in STARTERS.glob("*.yaml"))


def starter_text(language: str) -> tuple[str, bool]:
    """Return the starter source for `language` (a BCP 47 tag) and whether it is written in
    that language (else it is the English one, set to `language`)."""
    own = STARTERS / f"{primary_subtag(language)}.yaml"
    if own.is_file():
        text = own.read_text(encoding="utf-8")
        return re.sub(r"(?m)^language: \S+", f"language: {language}", text, count=1), True
    text = (STARTERS / "en.yaml").read_text(encoding="utf-8")
    return re.sub(r"(?m)^language: en\b", f"language: {language}", text, count=1), False


def new_course(name: str, language: str, folder: Path) -> tuple[Path, bool]:
    """Write a new course called `name` (a file name, or a path ending in .yaml) from the
    starter in `language`; return its path and whether the example is in that language.
    Raises CoursepackError if the file exists: nothing is ever overwritten."""
    given = Path(name)
    if given.suffix.lower() in (".yaml", ".yml") or len(given.parts) > 1:
        target = given if given.suffix.lower() in (".yaml", ".yml") else given.with_suffix(
            ".yaml")
    else:
        target = folder / f"{safe_stem(name)}.yaml"
    if target.exists():
        raise CoursepackError(f"{relative_name(target)} already exists — choose another name, "
                              "or open that file to go on with it")
    text, translated = starter_text(language)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, text.encode("utf-8"))
    return target, translated
