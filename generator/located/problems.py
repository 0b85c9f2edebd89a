"""Validation problems in our words: pydantic errors and near-misses become located hints."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Problem, did_you_mean
from generator.located.yaml import LocatedDocument
from generator.model import PART_MINUTES

_TYPE_NAMES = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "nothing"}


def describe(value: Any) -> str:
    """Return a reader's name for the type of `value` ("a list", "text" …)."""
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def translate_errors(
    document: LocatedDocument, error: ValidationError, model: type[BaseModel],
    skip: frozenset[str] = frozenset(),
    relocate: Callable[[tuple[Any, ...]], tuple[Any, ...]] = lambda loc: loc,
) -> list[Problem]:
    """Return pydantic's errors as located problems with hints, leaving out those whose
    error type is in `skip`; `relocate` maps a field's place in the model to where the
    document writes it, when the loader moved it."""
    problems = []
    items = [item for item in error.errors(include_url=False) if item["type"] not in skip]
    # A misspelt key shows up twice (unknown 'titel', missing 'title'): keep the "did you mean".
    misspelt = {
        (tuple(item["loc"][:-1]), hint_word)
        for item in items if item["type"] == "extra_forbidden"
        for hint_word in difflib.get_close_matches(str(item["loc"][-1]), _allowed_keys(
            model, tuple(item["loc"][:-1])), n=1, cutoff=0.6)
    }
    for item in items:
        if item["type"] == "missing" and (tuple(item["loc"][:-1]), item["loc"][-1]) in misspelt:
            continue
        loc = tuple(item["loc"])
        # keys the models gather under a field of their own are located where they are written
        if len(loc) > 2 and loc[0] == "dimensions" and loc[2] == "cells":
            loc = loc[:2] + loc[3:]  # a dimension's cells, by subject key
        elif len(loc) > 2 and loc[:2] == ("fonts", "languages"):
            loc = loc[:1] + loc[2:]  # a kit's fonts per language, by language tag
        loc = relocate(loc)
        if item["type"] == "extra_forbidden":
            field = str(loc[-1])
            allowed = _allowed_keys(model, loc[:-1])
            hint = did_you_mean(field, allowed) or f"allowed keys here: {', '.join(allowed)}"
            problems.append(document.problem(loc, f"unknown key {field!r}", hint, key=True))
            continue
        message, hint = _message(item, loc)
        problems.append(document.problem(loc, message, hint, key=item["type"] == "missing"))
    return problems


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Return the field names allowed at `loc` inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            break
        current = _inner_model(field.annotation)
    if not hasattr(current, "model_fields"):
        return []
    return [name for name in current.model_fields if name not in PART_MINUTES]


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _name(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else ("." if parts else "") + part)
    return "".join(parts) or "document"


def _message(item: Any, loc: tuple[Any, ...]) -> tuple[str, str]:
    """Return (message, hint) for one pydantic error."""
    kind, name, ctx = item["type"], _name(loc), item.get("ctx") or {}
    found = describe(item.get("input"))
    if kind == "missing":
        return f"missing required key {str(loc[-1])!r}", f"add `{loc[-1]}: …`"
    if kind == "string_type":
        return f"{name}: expected text, found {found}", "write plain text after the colon"
    if kind in ("list_type",):
        return f"{name}: expected a list, found {found}", "write one `- item` per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{name}: expected a mapping of keys, found {found}", "write `key: value` lines"
    if kind == "string_too_short":
        return f"{name} is empty", "write some text, or remove the key"
    if kind == "too_short":
        if loc == ("subjects",):
            return (f"a comparison needs at least 2 subjects, found {ctx.get('actual_length')}",
                    "add another entry under `subjects:`")
        if loc == ("dimensions",):
            return ("a comparison needs at least one dimension",
                    "add an entry under `dimensions:` with a `name` and one cell per subject")
        return f"{name} needs at least {ctx.get('min_length')} entries", "add entries"
    if kind == "too_long":
        return (f"{name} has {ctx.get('actual_length')} entries, at most {ctx.get('max_length')} "
                "are allowed", "split the comparison")
    if kind == "string_pattern_mismatch":
        if loc[-1] == "key":
            return (f"subject key {item.get('input')!r} is not a lowercase slug",
                    "use lowercase letters, digits, - or _, starting with a letter")
        if loc[-1] == "language":
            return (f"language {item.get('input')!r} is not a BCP 47 tag",
                    "use a tag such as en, de, fr-CA")
        if loc[-1] == "url":
            return f"{name}: only http(s) and mailto links are allowed", "use an https:// address"
        if loc[0] == "colors":
            return (f"{name}: {item.get('input')!r} is not a colour",
                    "write a colour as #RRGGBB, e.g. #1F3A5F")
        if loc[0] == "fonts" and loc[-1] == "[key]":  # a key of fonts.languages
            return (f"fonts: {item.get('input')!r} is not a language tag",
                    "give fonts per language under a tag such as ja, zh-TW or ar")
        if loc[0] == "fonts":
            return (f"{name}: {item.get('input')!r} is not a font family name",
                    "use the family's plain name, e.g. Source Sans 3")
        return f"{name}: {item['msg']}", ""
    if kind in ("bool_parsing", "bool_type"):
        return f"{name}: expected true or false, found {item.get('input')!r}", \
            "write `true` or `false`"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        if loc and loc[-1] == "[key]":
            word = str(loc[-2])
            choices = [c.strip() for c in expected.replace(" or ", ", ").split(",")]
            return (f"{_name(loc[:-2])}: unknown key {word!r}",
                    did_you_mean(word, choices) or f"use one of: {expected}")
        return f"{name}: {item.get('input')!r} is not allowed", f"use one of: {expected}"
    if kind == "duration":
        message, _, hint = item["msg"].partition(" — ")
        return f"duration: {message}", hint
    if loc and loc[-1] == "minutes" and kind in (
            "minutes", "int_parsing", "int_parsing_size", "int_from_float", "int_type",
            "greater_than_equal", "less_than_equal"):
        found = item.get("input")
        shown = str(found).lower() if isinstance(found, bool) else repr(
            found if not isinstance(found, str) or len(found) <= 20 else found[:19] + "…")
        return (f"{name}: expected a whole number of minutes from 1 to 1440, found {shown}",
                "write e.g. `minutes: 10`")
    if kind == "string_too_long":
        return f"{name} is too long", f"keep it under {ctx.get('max_length')} characters"
    return f"{name}: {item['msg']}", ""
