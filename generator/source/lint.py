"""Warnings about a valid source: what it most likely did not mean to say.

`coursepack check` and every build report the same ones (see `build.preflight`).
"""

from __future__ import annotations

from generator.located.yaml import continued_items
from generator.source.model import Comparison
from generator.source.plan import plan_warning


def source_warnings(name: str, comparison: Comparison, text: str) -> list[str]:
    """Return the warnings of the source called `name`, whose file holds `text`: a timing
    plan that does not add up, list items an indentation slip merged."""
    warnings = [f"{name}:{line}:{col}: this line starts with '- ' but is read as more text of "
                "the list item above it — indent it like the other items to make it an item of "
                "its own" for line, col in continued_items(text)]
    unbalanced = plan_warning(name, comparison, text)
    return [*warnings, *([unbalanced] if unbalanced else [])]
