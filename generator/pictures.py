"""Pictures in a source's Markdown: the checks a build makes on them before rendering."""

from __future__ import annotations

import re

# `![](file)` or `![  ](file)`: a picture whose description (alt text) is empty
_WITHOUT_ALT = re.compile(r"!\[\s*\]\((?P<src>[^)\s]*)")


def pictures_without_alt(source_name: str, source_text: str) -> list[str]:
    """Return a located message for each picture of the source (as written in its file)
    that has no description for screen readers and for the deck's picture description."""
    found = []
    for match in _WITHOUT_ALT.finditer(source_text):
        line = source_text.count("\n", 0, match.start()) + 1
        column = match.start() - (source_text.rfind("\n", 0, match.start()) + 1) + 1
        found.append(f"{source_name}:{line}:{column}: the picture {match['src']!r} has no "
                     "description — write what it shows between the brackets, e.g. "
                     "![The 2027 roadmap](roadmap.png); screen readers and the deck read it")
    return found
