"""SVG logos from clients: refuse entity tricks, scripts and references to other files."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.errors import KitFileError

MAX_SVG_BYTES = 2 * 1024 * 1024
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
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("script", "foreignObject"):
            return f"contains <{tag}>", "remove it"
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local == "href" and not value.startswith(("#", "data:image/")):
                return (f"refers to {value!r}",
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
    return None
