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


def check_css(path: Path) -> list[Problem]:
    """Return a located problem for every out-of-range length in the stylesheet at `path`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return [Problem(relative_name(path), 0, 0, f"cannot read stylesheet ({err})",
                        "save it as UTF-8 text")]
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    return [
        Problem(relative_name(path), token.source_line, token.source_column,
                f"length {token.representation}{token.unit} is out of range",
                f"keep {token.unit} values under {MAX_LENGTH[token.unit.lower()]}")
        for token in _tokens(rules)
        if token.type == "dimension" and token.unit.lower() in MAX_LENGTH
        and abs(token.value) > MAX_LENGTH[token.unit.lower()]
    ]


def _tokens(nodes: Iterable[Any]) -> Iterable[Any]:
    for node in nodes:
        yield node
        for part in ("prelude", "content", "arguments"):
            children = getattr(node, part, None)
            if isinstance(children, list):
                yield from _tokens(children)
