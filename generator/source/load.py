"""Load a comparison source: YAML with line numbers in, a validated Comparison out.

Every problem in a file is collected and reported at once, each located as
`path:line:col: message — hint`, then loading stops.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.errors import Problem, SourceError, relative_name
from generator.limits import DEFAULT_MAX_DIMENSIONS, DEFAULT_MAX_SOURCE_KIB
from generator.located.problems import describe, did_you_mean, place_name, translate_errors
from generator.located.yaml import LocatedDocument, YamlPath, YamlProblems, load_located
from generator.source.durations import MAX_MINUTES
from generator.source.markdown import to_plain_text
from generator.source.model import (
    CELL_COVERAGE,
    PART_CONTENT,
    PART_MINUTES,
    RESERVED_DIMENSION_KEYS,
    SLUG_PATTERN,
    Comparison,
)

SUMMARY_MAX_CHARS = 140
# Words that end with a full stop without ending the sentence (English, German, French,
# Spanish), so "Uses e.g. Jira." is one sentence.
ABBREVIATIONS = {
    "e.g.", "i.e.", "vs.", "etc.", "cf.", "approx.", "incl.", "dr.", "mr.", "mrs.", "ms.",
    "prof.", "no.", "fig.", "z.b.", "d.h.", "u.a.", "bzw.", "ca.", "usw.", "vgl.", "nr.",
    "p.ex.", "env.", "cf", "p.", "pp.", "ej.", "sr.", "sra.", "inc.", "ltd.", "co.",
}
_CELL_KEYS = ("summary", "detail")


def load_source(
    path: Path,
    *,
    max_dimensions: int = DEFAULT_MAX_DIMENSIONS,
    max_source_kib: int = DEFAULT_MAX_SOURCE_KIB,
) -> Comparison:
    """Return the validated Comparison loaded from `path`, or raise SourceError."""
    display = relative_name(path)
    try:
        document = load_located(path, display, max_bytes=max_source_kib * 1024)
    except YamlProblems as err:
        raise SourceError(err.problems) from None
    data = document.data
    if not isinstance(data, dict):
        raise SourceError([*document.problems, document.problem(
            (), f"expected a mapping of keys at the top level, found {describe(data)}",
            "start the file with `title: …` (see `coursepack schema`)",
        )] if data is not None or not document.problems else document.problems)
    problems: list[Problem] = list(document.problems)
    normalized = dict(data)
    subject_keys, keys_broken = _check_subjects(document, data.get("subjects"),
                                                data.get("dimensions"), problems)
    if isinstance(data.get("dimensions"), list):
        normalized["dimensions"] = _normalize_dimensions(
            document, data["dimensions"], subject_keys, max_dimensions, problems,
            keys_broken=keys_broken,
        )
    mapped = _normalize_parts(document, data, normalized, problems)
    unclaimed = _unclaimed_cell_keys(data.get("dimensions"), subject_keys)
    try:
        comparison = Comparison.model_validate(normalized)
    except ValidationError as err:
        # Skip what repeats a problem located above: the model's own cell-coverage check, and
        # complaints about a value the YAML reader already refused (a tag, say).
        found = translate_errors(document, err, Comparison,
                                 skip=frozenset({CELL_COVERAGE}) if problems else frozenset(),
                                 relocate=lambda loc: _as_written(loc, mapped),
                                 explain=lambda item, loc: _explain(item, loc, unclaimed),
                                 hidden=PART_MINUTES)
        refused_at = {(p.line, p.col) for p in document.problems}
        problems.extend(p for p in found if (p.line, p.col) not in refused_at)
        comparison = None
    if problems or comparison is None:
        raise SourceError(problems, summary=_count(problems))
    return comparison


def _normalize_parts(document: LocatedDocument, data: dict[str, Any],
                     normalized: dict[str, Any], problems: list[Problem]) -> set[str]:
    """Move the minutes of parts written as mappings to the model's `<part>_minutes` fields,
    and return the names of those parts.  A source naming `<part>_minutes` itself is told
    how to write it."""
    if "minutes" in data:
        normalized.pop("minutes")
        problems.append(document.problem(
            ("minutes",), "unknown key 'minutes'",
            "minutes go with each part: `intro: {text: …, minutes: 5}`, `minutes: 10` in a "
            "dimension, `review: {minutes: 7, questions: […]}`; the whole is `duration`",
            key=True))
    for name, part in PART_MINUTES.items():
        if name in data:
            normalized.pop(name)
            problems.append(document.problem(
                (name,), f"unknown key {name!r}",
                f"give the minutes with the {part}: `{part}: {{{PART_CONTENT[part]}: …, "
                "minutes: 5}`", key=True))
    mapped: set[str] = set()
    for part, content in PART_CONTENT.items():
        value = data.get(part)
        if not isinstance(value, dict):
            continue
        mapped.add(part)
        for key in value:
            if key not in (content, "minutes"):
                problems.append(document.problem(
                    (part, key), f"{part}: unknown key {key!r}",
                    did_you_mean(str(key), [content, "minutes"])
                    or f"{part} written as a mapping holds `{content}` and `minutes`", key=True))
        misspelt = any(did_you_mean(str(key), [content]) for key in value
                       if key not in (content, "minutes"))
        if part != "review" and value.get(content) is None and not misspelt:
            problems.append(document.problem(
                (part, content) if content in value else (part,),
                f"{part}: {'empty' if content in value else 'missing'} `{content}`",
                f"write the {part} itself under `{content}: |`, beside `minutes`"))
        normalized[part] = value.get(content) if part != "review" else value.get(content) or []
        if "minutes" in value:
            normalized[f"{part}_minutes"] = value["minutes"]
    return mapped


def _as_written(loc: tuple[Any, ...], mapped: set[str]) -> tuple[Any, ...]:
    """Return where the document writes the model's field at `loc`: a dimension's cells sit
    beside its name (by subject key), and the minutes and content of parts written as
    mappings one level down."""
    if len(loc) > 2 and loc[0] == "dimensions" and loc[2] == "cells":
        return loc[:2] + loc[3:]
    if loc and loc[0] in PART_MINUTES:
        return (PART_MINUTES[loc[0]], "minutes", *loc[1:])
    if loc and loc[0] in mapped:
        return (loc[0], PART_CONTENT[loc[0]], *loc[1:])
    return loc


def _unclaimed_cell_keys(dimensions: Any, subject_keys: list[str]) -> list[str]:
    """Return the keys every dimension uses for a cell that no subject has: the key of a
    subject written without one, most likely."""
    if not isinstance(dimensions, list) or not dimensions:
        return []
    found = [[str(key) for key in dimension if key not in RESERVED_DIMENSION_KEYS
              and key not in subject_keys] if isinstance(dimension, dict) else []
             for dimension in dimensions]
    return [key for key in found[0] if all(key in keys for keys in found[1:])]


def _explain(item: Any, loc: tuple[Any, ...], unclaimed: list[str] | None = None
             ) -> tuple[str, str] | None:
    """Return (message, hint) for a pydantic error about a source's own fields (None: the
    generic wording); `unclaimed` are the cell keys no subject has (`_unclaimed_cell_keys`)."""
    kind, ctx = item["type"], item.get("ctx") or {}
    if kind == "too_short" and loc == ("subjects",):
        return (f"a comparison needs at least 2 subjects, found {ctx.get('actual_length')}",
                "add another entry under `subjects:`")
    if kind == "too_short" and loc == ("dimensions",):
        return ("a comparison needs at least one dimension",
                "add an entry under `dimensions:` with a `name` and one cell per subject")
    if kind == "too_long":
        return (f"{place_name(loc)} has {ctx.get('actual_length')} entries, at most "
                f"{ctx.get('max_length')} are allowed", "split the comparison")
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "key":
        found = str(item.get("input"))
        return (f"subject key {found!r} may hold only the letters a–z, digits 0–9, - and _, "
                "starting with a letter",
                f"write `key: {ascii_slug(found)}`, and the same key for its cell in every "
                "dimension")
    if kind == "missing" and len(loc) == 3 and loc[0] == "subjects" and loc[2] == "key":
        if unclaimed:
            named = " or ".join(f"`key: {key}`" for key in unclaimed[:3])
            return (f"subject {loc[1] + 1} has no `key`",
                    f"add {named} above its name: the dimensions' cells use "
                    f"{'that key' if len(unclaimed) == 1 else 'these keys'} and no subject has "
                    f"{'it' if len(unclaimed) == 1 else 'them'}")
        return (f"subject {loc[1] + 1} has no `key`",
                "add `key: …` above its name: a short name (a–z, 0–9, -) that each dimension "
                "uses for this subject's cell")
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "language":
        return (f"language {item.get('input')!r} is not a BCP 47 tag",
                "use a tag such as en, de, fr-CA")
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "url":
        return f"{place_name(loc)}: only http(s) and mailto links are allowed", \
            "use an https:// address"
    if kind == "duration":
        return f"duration: {ctx['message']}", ctx["hint"]
    if loc and loc[-1] == "minutes" and kind in (
            "minutes", "int_parsing", "int_parsing_size", "int_from_float", "int_type",
            "greater_than_equal", "less_than_equal"):
        found = item.get("input")
        shown = str(found).lower() if isinstance(found, bool) else repr(
            found if not isinstance(found, str) or len(found) <= 20 else found[:19] + "…")
        return (f"{place_name(loc)}: expected a whole number of minutes from 1 to "
                f"{MAX_MINUTES}, found {shown}", "write e.g. `minutes: 10`")
    return None


def ascii_slug(text: str) -> str:
    """Return `text` as a key a source accepts: accents dropped, lower case, other
    characters as -; `híbrida` -> `hibrida`, `Product Mgmt` -> `product-mgmt`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_-]+", "-", plain.lower()).strip("-_")
    slug = re.sub(r"^[^a-z]+", "", slug)
    return slug or "subject"


def _count(problems: list[Problem]) -> str:
    return "" if len(problems) < 2 else f"{len(problems)} problems found"


def _check_subjects(
    document: LocatedDocument, subjects: Any, dimensions: Any, problems: list[Problem]
) -> tuple[list[str], bool]:
    """Return the subjects' keys in order, reporting duplicate and reserved keys, and whether
    some subject's key is missing, unusable or taken (the dimensions' cells then cannot be
    matched to subjects, and are not reported one by one: the cause is reported once)."""
    keys: list[str] = []
    if not isinstance(subjects, list):
        return keys, False
    broken = False
    first_seen: dict[str, int] = {}
    for index, subject in enumerate(subjects):
        if not isinstance(subject, dict) or not isinstance(subject.get("key"), str):
            broken = broken or isinstance(subject, dict)
            continue
        key = subject["key"]
        path: YamlPath = ("subjects", index, "key")
        if not re.fullmatch(SLUG_PATTERN, key):
            broken = True
            continue  # reported by the model; cells keyed by it would only repeat the problem
        if key in RESERVED_DIMENSION_KEYS:
            problems.append(document.problem(
                path, f"subject key {key!r} is reserved", "choose another key for this subject"
            ))
        if key in first_seen:
            line = document.where(("subjects", first_seen[key], "key"))[0]
            taken = _unclaimed_cell_keys(dimensions, [*first_seen, key])
            problems.append(document.problem(
                path, f"duplicate subject key {key!r} (first at line {line})",
                "give every subject its own key" + (
                    f" (the dimensions' cells use {taken[0]!r}, which no subject has)"
                    if taken else ""),
            ))
            broken = True
            continue
        first_seen[key] = index
        keys.append(key)
    return keys, broken


def _normalize_dimensions(
    document: LocatedDocument,
    dimensions: list[Any],
    subject_keys: list[str],
    max_dimensions: int,
    problems: list[Problem],
    *,
    keys_broken: bool = False,
) -> list[Any]:
    """Return dimensions reshaped to `{name, takeaway, cells}`, reporting cell problems (but
    not cells keyed by a subject whose key is broken: `keys_broken`)."""
    if len(dimensions) > max_dimensions:
        problems.append(document.problem(
            ("dimensions",),
            f"{len(dimensions)} dimensions is over the limit of {max_dimensions}",
            "split the comparison, or raise the limit with --max-dimensions",
        ))
    subjects_text = ", ".join(subject_keys)
    result: list[Any] = []
    for index, dimension in enumerate(dimensions):
        if not isinstance(dimension, dict):
            result.append(dimension)  # pydantic reports the wrong type
            continue
        label = f"dimension {dimension.get('name')!r}" if isinstance(
            dimension.get("name"), str) else f"dimension {index + 1}"
        reshaped: dict[str, Any] = {}
        cells: dict[str, Any] = {}
        for key, value in dimension.items():
            path: YamlPath = ("dimensions", index, key)
            if key in RESERVED_DIMENSION_KEYS:
                reshaped[key] = value
            elif key in subject_keys:
                cells[key] = _normalize_cell(document, path, value, label, key, problems)
            elif subject_keys and not keys_broken:
                hint = did_you_mean(key, [*subject_keys, *RESERVED_DIMENSION_KEYS])
                problems.append(document.problem(
                    path, f"{label}: unknown key {key!r} (subjects are: {subjects_text})",
                    hint or "a dimension holds `name`, `takeaway`, `minutes`, `activity`, "
                    "`notes` and one cell per subject key",
                    key=True,
                ))
        if subject_keys and not keys_broken:
            # A misspelt key already says "did you mean 'project'?"; don't also report the
            # missing 'project' cell.
            unknown = [str(k) for k in dimension
                       if k not in subject_keys and k not in RESERVED_DIMENSION_KEYS]
            suggested = {close for k in unknown
                         for close in difflib.get_close_matches(k, subject_keys, n=1, cutoff=0.6)}
            for key in subject_keys:
                if key not in dimension and key not in suggested:
                    problems.append(document.problem(
                        ("dimensions", index),
                        f"{label}: missing cell for subject {key!r} (subjects are: {subjects_text})",
                        f"add `{key}: …` to this dimension",
                    ))
        reshaped["cells"] = cells
        result.append(reshaped)
    return result


def _normalize_cell(
    document: LocatedDocument, path: YamlPath, value: Any, label: str, key: str,
    problems: list[Problem],
) -> Any:
    """Return the cell as `{summary, detail}`, deriving whichever part is missing."""
    if isinstance(value, str):
        value = {"detail": value}
    if value is None:
        problems.append(document.problem(
            path, f"{label}: the cell for {key!r} is empty", "write its text after the colon",
            key=True,  # an empty value's own mark points at whatever follows it
        ))
        return {"summary": "x", "detail": "x"}
    if not isinstance(value, dict):
        problems.append(document.problem(
            path, f"{label}: cell for {key!r} must be text or a mapping with summary and detail, "
            f"found {describe(value)}", "write the text after the colon",
        ))
        return {"summary": "x", "detail": "x"}  # placeholder; the file is rejected anyway
    for extra in value:
        if extra not in _CELL_KEYS:
            problems.append(document.problem(
                (*path, extra), f"{label}: unknown key {extra!r} in the cell for {key!r}",
                did_you_mean(str(extra), _CELL_KEYS) or "a cell holds `summary` and `detail`",
                key=True,
            ))
    summary, detail = value.get("summary"), value.get("detail")
    if summary is None and detail is None:
        problems.append(document.problem(
            path, f"{label}: the cell for {key!r} is empty", "give it a `summary` or a `detail`"
        ))
        return {"summary": "x", "detail": "x"}
    if isinstance(detail, str) and summary is None:
        summary = first_sentence(detail)
    if isinstance(summary, str) and detail is None:
        detail = summary
    return {"summary": summary, "detail": detail}


# A sentence ends at a full stop written without a space after it (Chinese and Japanese
# 。！？, with any closing bracket or quote), or at a stop followed by a space and a
# sentence's start: Latin . ! ?, Arabic ؟, Urdu ۔, Devanagari ।.
_SENTENCE_END = re.compile(
    r"[。！？][」』”’）)]*"
    r"|[.!?؟۔।][\"”’»)]*(?=\s+[\"“‘(¿¡«]?(?P<next>\w))")


def _open_brackets(text: str) -> bool:
    """Return whether `text` leaves a Chinese or Japanese quote or bracket open."""
    depth = 0
    for ch in text:
        if ch in "「『“（":
            depth += 1
        elif ch in "」』”）" and depth:
            depth -= 1
    return depth > 0


def first_sentence(markdown_text: str) -> str:
    """Return the first sentence of `markdown_text` as plain text, shortened if very long."""
    text = " ".join(to_plain_text(markdown_text).split())
    sentence = text
    for match in _SENTENCE_END.finditer(text):
        following = match.group("next")
        if following is None and _open_brackets(text[: match.start()]):
            continue  # 「すごい！」と言った: a stop inside quotes ends no sentence
        if following is not None:
            if following.islower():  # "e.g. the", or a sentence going on
                continue
            last_word = text[: match.start() + 1].rsplit(" ", 1)[-1].lower()
            if last_word in ABBREVIATIONS:
                continue
        sentence = text[: match.end()]
        break
    if len(sentence) > SUMMARY_MAX_CHARS:
        cut = sentence[:SUMMARY_MAX_CHARS]
        if " " in cut[SUMMARY_MAX_CHARS // 2:]:  # at a space, where the script has them
            cut = cut.rsplit(" ", 1)[0]
        sentence = cut.rstrip(",;:、，") + "…"
    return sentence
