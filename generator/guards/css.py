"""Kit stylesheets from clients: refuse sizes so large that layout would crash or run away.

Plain lengths are checked against a limit per unit; a math function (`calc()`, `min()`,
`max()`, `clamp()`) is checked by the largest value it can reach, with the custom properties
it reads (`var(--x)`) counted at their largest declared value.
"""

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
    variables = _Variables(_custom_properties(rules))
    for function in _math_functions(rules):
        reach = _reach(function.arguments, variables, 0)
        if reach > MAX_PX:
            shown = f"{reach:.2g} px" if reach < float("inf") else "any size (custom "\
                "properties use each other in a loop or too deeply)"
            problems.append(Problem(
                relative_name(path), function.source_line, function.source_column,
                f"{function.lower_name}() can reach {shown}, out of range",
                f"keep computed sizes under {MAX_PX:g} px (about 2 m of paper)"))
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            target = (_import_target(rule) or "").split("?", 1)[0].split("#", 1)[0]
            imported = (path.parent / target).resolve() if target else None
            if (not target or ":" in target or target.startswith(("/", "\\"))
                    or imported is None or not imported.is_relative_to(root.resolve())):
                problems.append(Problem(
                    relative_name(path), rule.source_line, rule.source_column,
                    "@import of something other than a stylesheet of the kit",
                    "import the kit's own .css files by their relative name"))
            elif imported.is_file():
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


# Roughly how many CSS pixels one of each unit is: enough to bound a computed size.  Relative
# units count at a generous 16 px (em) and a 1000 px page (viewport units, percentages).
PX_PER_UNIT = {
    "px": 1, "pt": 4 / 3, "pc": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6,
    "em": 16, "rem": 16, "ex": 8, "ch": 8, "vw": 10, "vh": 10, "vmin": 10, "vmax": 10,
}
MAX_PX = 8000.0
MATH_FUNCTIONS = {"calc", "min", "max", "clamp", "-webkit-calc"}
MAX_VARIABLE_DEPTH = 16


def _math_functions(nodes: Iterable[Any]) -> Iterable[Any]:
    """Yield the outermost math functions in `nodes` (those inside them are counted there)."""
    for node in nodes:
        if node.type == "function" and node.lower_name in MATH_FUNCTIONS:
            yield node
            continue
        for part in ("prelude", "content", "arguments"):
            children = getattr(node, part, None)
            if isinstance(children, list):
                yield from _math_functions(children)


def _custom_properties(rules: Iterable[Any]) -> dict[str, list[list[Any]]]:
    """Return every custom property declared in `rules` (at any depth): name -> values."""
    found: dict[str, list[list[Any]]] = {}
    for rule in rules:
        content = getattr(rule, "content", None)
        if not isinstance(content, list):
            continue
        for item in tinycss2.parse_blocks_contents(content, skip_comments=True,
                                                   skip_whitespace=True):
            if item.type == "declaration" and item.name.startswith("--"):
                found.setdefault(item.name, []).append(item.value)
            elif item.type in ("qualified-rule", "at-rule"):
                for name, values in _custom_properties([item]).items():
                    found.setdefault(name, []).extend(values)
    return found


class _Variables:
    """The custom properties of a stylesheet, each one's reach worked out once (a property
    that uses another three times must not cost three times as much, at every level)."""

    def __init__(self, declared: dict[str, list[list[Any]]]) -> None:
        self.declared = declared
        self.reach: dict[str, float] = {}
        self.busy: set[str] = set()

    def __call__(self, name: str, depth: int) -> float:
        if name in self.reach:
            return self.reach[name]
        if name in self.busy or depth > MAX_VARIABLE_DEPTH:
            return float("inf")  # custom properties that refer to each other without end
        self.busy.add(name)
        found = max((_reach(value, self, depth + 1) for value in self.declared.get(name, [])),
                    default=1.0)
        self.busy.discard(name)
        self.reach[name] = found
        return found


def _reach(tokens: list[Any], variables: _Variables, depth: int) -> float:
    """Return the largest absolute value, in px, an expression of `tokens` can reach: the
    largest of comma-separated arguments (min, max, clamp), terms added, factors multiplied,
    divisors at their smallest."""
    if depth > MAX_VARIABLE_DEPTH:
        return float("inf")
    largest = total = 0.0
    term: float | None = None
    divide = False
    for token in [*tokens, None]:
        if token is not None and token.type in ("whitespace", "comment"):
            continue
        if token is None or (token.type == "literal" and token.value in ("+", "-", ",")):
            total += term or 0.0
            term = None
            if token is None or token.value == ",":
                largest, total = max(largest, total), 0.0
            continue
        if token.type == "literal" and token.value in ("*", "/"):
            divide = token.value == "/"
            continue
        value = _factor(token, variables, depth)
        if term is None:
            term = value
        elif divide:
            term = term / value if value > 1e-9 else float("inf")
        else:
            term *= value
        divide = False
    return largest


def _factor(token: Any, variables: _Variables, depth: int) -> float:
    """Return the largest absolute value, in px, one factor can take."""
    if token.type == "number":
        return abs(token.value)
    if token.type == "dimension":
        return abs(token.value) * PX_PER_UNIT.get(token.unit.lower(), 1)
    if token.type == "percentage":
        return abs(token.value) * 10
    if token.type == "() block":
        return _reach(token.content, variables, depth + 1)
    if token.type == "function" and token.lower_name == "var":
        names = [t.value for t in token.arguments if t.type == "ident" and t.value.startswith("--")]
        fallback = [t for t in token.arguments if t.type not in ("whitespace", "comment")][2:]
        candidates = [variables(names[0], depth)] if names and names[0] in variables.declared \
            else []
        if fallback:
            candidates.append(_reach(fallback, variables, depth + 1))
        return max(candidates, default=1.0)
    if token.type == "function":
        return _reach(token.arguments, variables, depth + 1)
    return 1.0
