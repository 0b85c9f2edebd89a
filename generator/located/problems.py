"""Validation problems in our words: pydantic errors and near-misses become located hints.

Only what holds for any model is said here; a loader words its own fields (subjects,
colours, minutes …) through the `explain` it passes to `translate_errors`."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Problem, did_you_mean
from generator.located.yaml import LocatedDocument, quoted

Explain = Callable[[Any, tuple[Any, ...]], "tuple[str, str] | None"]
"""A loader's wording of one pydantic error at a (relocated) place: (message, hint), or None
for the generic wording."""

_TYPE_NAMES = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "nothing"}


def describe(value: Any) -> str:
    """Return a reader's name for the type of `value` ("a list", "text" …)."""
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def translate_errors(
    document: LocatedDocument, error: ValidationError, model: type[BaseModel],
    skip: frozenset[str] = frozenset(),
    relocate: Callable[[tuple[Any, ...]], tuple[Any, ...]] = lambda loc: loc,
    explain: Explain = lambda item, loc: None,
    hidden: Collection[str] = (),
) -> list[Problem]:
    """Return pydantic's errors as located problems with hints, leaving out those whose
    error type is in `skip`; `relocate` maps a field's place in the model to where the
    document writes it, when the loader moved it; `explain` words the loader's own fields;
    `hidden` fields (set by the loader, never written) are not offered as keys."""
    problems = []
    items = [item for item in error.errors(include_url=False) if item["type"] not in skip]
    # A misspelt key shows up twice (unknown 'titel', missing 'title'): keep the "did you mean".
    misspelt = {
        (tuple(item["loc"][:-1]), hint_word)
        for item in items if item["type"] == "extra_forbidden"
        for hint_word in difflib.get_close_matches(str(item["loc"][-1]), _allowed_keys(
            model, tuple(item["loc"][:-1]), hidden), n=1, cutoff=0.6)
    }
    for item in items:
        if item["type"] == "missing" and (tuple(item["loc"][:-1]), item["loc"][-1]) in misspelt:
            continue
        loc = relocate(tuple(item["loc"]))
        if item["type"] == "extra_forbidden":
            field = str(loc[-1])
            allowed = _allowed_keys(model, loc[:-1], hidden)
            hint = did_you_mean(field, allowed) or f"allowed keys here: {', '.join(allowed)}"
            problems.append(document.problem(loc, f"unknown key {field!r}", hint, key=True))
            continue
        message, hint = explain(item, loc) or _colon_in_text(document, item, loc) or _message(
            item, loc)
        problems.append(document.problem(loc, message, hint, key=item["type"] == "missing"))
    return problems


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...], hidden: Collection[str] = ()
                  ) -> list[str]:
    """Return the field names allowed at `loc` inside `model`, but for `hidden` ones."""
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
    return [name for name in current.model_fields if name not in hidden]


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _colon_in_text(document: LocatedDocument, item: Any, loc: tuple[Any, ...]
                   ) -> tuple[str, str] | None:
    """Return (message, hint) for text that YAML read as `key: value` because it holds
    ': ' (« Public : les chefs de produit » in a list), with the line fixed; else None."""
    found = item.get("input")
    if item["type"] != "string_type" or not isinstance(found, dict) or len(found) != 1:
        return None
    if not all(isinstance(value, str | None) for value in found.values()):
        return None
    fixed = quoted(document.line(document.where(loc)[0]), keyed=False)
    if fixed is None:
        return None
    return (f"{place_name(loc)}: the text holds ': ', so YAML reads it as `key: value`",
            f"put it in quotes: {fixed.strip()}")


def place_name(loc: tuple[Any, ...]) -> str:
    """Return a place in a document as a reader writes it: `dimensions[2].name`."""
    parts: list[str] = []
    for part in loc:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else ("." if parts else "") + part)
    return "".join(parts) or "document"


def _message(item: Any, loc: tuple[Any, ...]) -> tuple[str, str]:
    """Return (message, hint) for one pydantic error, in words that hold for any model."""
    kind, name, ctx = item["type"], place_name(loc), item.get("ctx") or {}
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
        return f"{name} needs at least {ctx.get('min_length')} entries", "add entries"
    if kind == "too_long":
        return (f"{name} has {ctx.get('actual_length')} entries, at most {ctx.get('max_length')} "
                "are allowed", "remove some")
    if kind in ("bool_parsing", "bool_type"):
        return f"{name}: expected true or false, found {item.get('input')!r}", \
            "write `true` or `false`"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        if loc and loc[-1] == "[key]":
            word = str(loc[-2])
            choices = [c.strip() for c in expected.replace(" or ", ", ").split(",")]
            return (f"{place_name(loc[:-2])}: unknown key {word!r}",
                    did_you_mean(word, choices) or f"use one of: {expected}")
        return f"{name}: {item.get('input')!r} is not allowed", f"use one of: {expected}"
    if kind == "string_too_long":
        return f"{name} is too long", f"keep it under {ctx.get('max_length')} characters"
    if kind == "value_error":  # a model's own check: "what is wrong — how to fix it"
        said, _, fix = str(ctx.get("error") or item["msg"]).removeprefix("Value error, ") \
            .partition(" — ")
        return f"{name}: {said}", fix
    return f"{name}: {item['msg']}", ""
