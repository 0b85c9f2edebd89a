"""SVGs from clients and sources: refuse entity tricks, scripts, references to other files,
and `<use>` copies that multiply without bound."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.errors import KitFileError, shortened

MAX_SVG_BYTES = 2 * 1024 * 1024
# Elements drawing an SVG takes, each <use> counted as a copy of what it refers to: a picture
# of a few thousand shapes draws tens of thousands; nested <use> copies of copies (a "billion
# laughs" of SVG) reach billions, and would draw until the render's time limit.
MAX_DRAWN_ELEMENTS = 200_000
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#|data:)", re.IGNORECASE)


def check_svg(path: Path) -> None:
    """Raise KitFileError unless `path` is a self-contained SVG without DTDs, scripts or
    links."""
    data = path.read_bytes()
    if len(data) > MAX_SVG_BYTES:
        raise KitFileError(path, "SVG logo over 2 MiB", "simplify or export it as PNG")
    problem = svg_problem(data)
    if problem:
        raise KitFileError(path, f"SVG logo {problem[0]}", problem[1])


def svg_problem(data: bytes) -> tuple[str, str] | None:
    """Return what makes an SVG unsafe to draw (DTDs, scripts, links to other files) and how
    to fix it, or None when it is self-contained."""
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        return ("declares a DOCTYPE or entities, which can expand or read files",
                "export it again without them")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        return f"is not well-formed XML ({err})", "export it again"
    if not root.tag.endswith("svg"):
        return f"is not an SVG image (root element {root.tag!r})", "export it again as SVG"
    for element in root.iter():
        tag = _local(element.tag)
        if tag in ("script", "foreignObject"):
            return f"contains <{tag}>", "remove it"
        for name, value in element.attrib.items():
            local = _local(name)
            if local == "href" and not value.startswith(("#", "data:image/")):
                return (f"refers to {shortened(value)!r}",
                        "embed the image or remove the reference; logos must be self-contained")
            if local.startswith("on"):
                return f"has an event handler ({local})", "remove it"
            if _EXTERNAL_URL.search(value):
                return (f"refers to an outside resource in {local!r}",
                        "logos must be self-contained: embed it or remove it")
        if tag == "style" and element.text and (
            _EXTERNAL_URL.search(element.text) or "@import" in element.text
        ):
            return "has a <style> that loads an outside resource", "remove it"
    drawn = drawn_elements(root, MAX_DRAWN_ELEMENTS)
    if drawn >= MAX_DRAWN_ELEMENTS:
        return (f"draws more than {MAX_DRAWN_ELEMENTS:,} elements once its <use> copies are "
                "counted (copies of copies, or a <use> that contains itself)",
                "export it again with its copies flattened, or as PNG")
    return None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def drawn_elements(root: ET.Element, limit: int) -> int:
    """Return how many elements drawing `root` takes, each `<use>` counted with a copy of
    what it refers to, up to `limit`; a `<use>` that contains itself, however indirectly,
    counts as `limit` (it never ends).  Each element is counted once, so the time grows
    with the file, not with the copies."""
    named: dict[str, ET.Element] = {}
    for element in root.iter():
        if (name := element.get("id")) is not None:
            named.setdefault(name, element)

    def copied(element: ET.Element) -> ET.Element | None:
        if _local(element.tag) != "use":
            return None
        href = next((value for name, value in element.attrib.items()
                     if _local(name) == "href"), "")
        return named.get(href[1:]) if href.startswith("#") else None

    counted: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[ET.Element, bool]] = [(root, False)]
    while stack:
        element, children_counted = stack.pop()
        target = copied(element)
        parts = [*element, *([target] if target is not None else [])]
        if children_counted:
            counted[id(element)] = min(limit, 1 + sum(counted[id(p)] for p in parts))
            continue
        if id(element) in counted:
            continue
        if id(element) in started:
            return limit  # reached again while counting what it draws: it draws itself
        started.add(id(element))
        stack.append((element, True))
        for part in parts:
            if id(part) in started and id(part) not in counted:
                return limit
            if id(part) not in counted:
                stack.append((part, False))
    return counted[id(root)]
