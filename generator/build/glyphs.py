"""Characters no font can draw, and fonts a kit names that no file here provides: found
before rendering, each reported as one clear warning.

The kit's own font files are checked first (fontTools reads their character maps); characters
they lack are looked up among the installed fonts with fontconfig's `fc-list`, as Pango would.
A build checks each source and kit once, in the parent, while the workers import renderers;
fontconfig is asked once per process for what every installed font covers.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.located.yaml import line_and_column
from generator.source.model import texts_in


@lru_cache(maxsize=1)
def _installed_coverage() -> tuple[list[int], list[int]] | None:
    """Return the code points the installed fonts cover, as sorted, merged (starts, ends)
    ranges read once from fontconfig (None when fontconfig is absent)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        result = subprocess.run([fc_list, "--format=%{charset}\n"], capture_output=True,
                                text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    ranges = []
    for item in result.stdout.split():
        low, _, high = item.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(ranges):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends


@lru_cache(maxsize=1)
def _installed_families() -> frozenset[str] | None:
    """Return the family names of the installed fonts, case-folded (None when fontconfig is
    absent)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        result = subprocess.run([fc_list, "--format=%{family}\n"], capture_output=True,
                                text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return frozenset(name.strip().casefold() for line in result.stdout.splitlines()
                     for name in line.split(",") if name.strip())


@lru_cache(maxsize=16)
def _substitute(family: str) -> str:
    """Return the installed family fontconfig (and so the PDFs) use for `family`."""
    fc_match = shutil.which("fc-match")
    if fc_match is not None:
        try:
            result = subprocess.run([fc_match, "--format=%{family[0]}", family],
                                    capture_output=True, text=True, timeout=20, check=False)
            if result.stdout.strip():
                return result.stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            pass
    return "a fallback font"


def unavailable_fonts(families: dict[str, str], font_files: Iterable[Path]) -> list[str]:
    """Return a sentence for each font of `families` ({"heading": family, …}) that neither
    `font_files` provide nor is installed here, naming what stands in for it; none when
    fontconfig cannot say."""
    from generator.kits.fonts import font_faces

    shipped = {face.family.casefold() for face in font_faces(list(font_files))}
    installed = _installed_families()
    found = []
    for family, roles in _by_family(families).items():
        if family.casefold() in shipped or installed is None or family.casefold() in installed:
            continue
        found.append(f"font {family!r} ({' and '.join(roles)}) is neither in the kit nor "
                     f"installed here: the PDFs use {_substitute(family)} instead, and the deck "
                     f"asks PowerPoint for {family!r}, which shows another font where it is not "
                     "installed")
    return found


def _by_family(families: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for role, family in families.items():
        grouped.setdefault(family, []).append(role)
    return grouped


def _installed_font_has(codepoint: int) -> bool | None:
    """Return whether an installed font covers `codepoint` (None when fontconfig is absent)."""
    coverage = _installed_coverage()
    if coverage is None:
        return None
    starts, ends = coverage
    index = bisect.bisect_right(starts, codepoint) - 1
    return index >= 0 and codepoint <= ends[index]


def missing_glyphs(texts: Iterable[str], font_files: Iterable[Path]) -> list[str]:
    """Return every character in `texts` (once each, in code point order) that neither the
    kit's fonts nor installed fonts cover."""
    from generator.kits.fonts import font_coverage

    covered: set[int] = set()
    for path in font_files:
        covered |= font_coverage(path)
    wanted = {
        ch for text in texts for ch in text
        if ord(ch) > 0x7E and ord(ch) not in covered
        and unicodedata.category(ch)[0] not in ("C", "Z", "M")  # controls, spaces, marks
    }
    return [ch for ch in sorted(wanted) if _installed_font_has(ord(ch)) is not True]


def describe_missing(characters: list[str]) -> str:
    """Return `“🚀” (U+1F680 ROCKET), …` for a warning."""
    shown = [f"“{ch}” (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in characters[:5]]
    more = f" and {len(characters) - 5} more" if len(characters) > 5 else ""
    count = f"{len(characters)} characters: " if len(characters) > 1 else ""
    return count + ", ".join(shown) + more


def missing_glyph_warning(source_name: str, data: Any, font_files: Iterable[Path],
                          source_text: str = "") -> str | None:
    """Return the warning for characters in `data` (a source as plain data) no font can draw,
    located at the first of them in `source_text` (the source file as written), if given."""
    missing = missing_glyphs(texts_in(data), font_files)
    if not missing:
        return None
    where = source_name
    first = min((at for ch in missing if (at := source_text.find(ch)) >= 0), default=-1)
    if first >= 0:
        line, column = line_and_column(source_text, first)
        where = f"{source_name}:{line}:{column}"
    return (f"{where}: no font can draw {describe_missing(missing)}; they show as boxes — "
            "add a font that covers them to the kit's fonts.files, or install one (e.g. Noto "
            "Sans CJK, Noto Sans Arabic, Noto Color Emoji)")
