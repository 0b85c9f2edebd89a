"""Kit stylesheets from clients: refuse sizes so large that layout would crash or run away."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tinycss2

from generator.errors import Problem, relative_name

# The largest length any sensible print stylesheet uses, per unit (about 2 m of paper).
MAX_LENGTH = {
    "px": 8000, "pt": 6000, "pc": 500, "in": 80, "cm": 200, "mm": 2000, "q": 8000,
    "em": 200, "rem": 200, "ex": 400, "ch": 400, "vw": 1000, "vh": 1000, "vmin": 1000,
    "vmax": 1000,
}


def check_css(path: Path, root: Path | None = None, _seen: set[Path] | None = None
              ) -> list[Problem]:
    """Return a located problem for every out-of-range length in the stylesheet at `path`,
    and in the kit's stylesheets it `@import`s (other imports are refused when rendering)."""
    root = root or path.parent
    seen = _seen if _seen is not None else set()
    if path in seen:
        return []
    seen.add(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return [Problem(relative_name(path), 0, 0, f"cannot read stylesheet ({err})",
                        "save it as UTF-8 text")]
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    problems = [
        Problem(relative_name(path), token.source_line, token.source_column,
                f"length {token.representation}{token.unit} is out of range",
                f"keep {token.unit} values under {MAX_LENGTH[token.unit.lower()]}")
        for token in _tokens(rules)
        if token.type == "dimension" and token.unit.lower() in MAX_LENGTH
        and abs(token.value) > MAX_LENGTH[token.unit.lower()]
    ]
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            target = _import_target(rule)
            if target and "://" not in target and not target.startswith(("/", "data:")):
                imported = (path.parent / target).resolve()
                if imported.is_relative_to(root.resolve()) and imported.is_file():
                    problems.extend(check_css(imported, root, seen))
    return problems


def _import_target(rule: Any) -> str | None:
    """Return the URL of an `@import` rule, written as a string or as url(…)."""
    for token in rule.prelude:
        if token.type in ("string", "url"):
            return str(token.value)
        if token.type == "function" and token.lower_name == "url" and token.arguments:
            return str(token.arguments[0].value)
    return None


def _tokens(nodes: Iterable[Any]) -> Iterable[Any]:
    for node in nodes:
        yield node
        for part in ("prelude", "content", "arguments"):
            children = getattr(node, part, None)
            if isinstance(children, list):
                yield from _tokens(children)
