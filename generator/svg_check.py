"""SVG logos from clients: refuse entity tricks, scripts and references to other files."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.errors import KitError, relative_name

MAX_SVG_BYTES = 2 * 1024 * 1024
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#|data:)", re.IGNORECASE)


def check_svg(path: Path) -> None:
    """Raise KitError unless `path` is a self-contained SVG without DTDs, scripts or links."""
    where = relative_name(path)
    data = path.read_bytes()
    if len(data) > MAX_SVG_BYTES:
        raise KitError(f"{where}: SVG logo over 2 MiB — simplify or export it as PNG")
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        raise KitError(f"{where}: SVG logo declares a DOCTYPE or entities, which can expand or "
                       "read files — export it again without them")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise KitError(f"{where}: SVG logo is not well-formed XML ({err}) — export it again") from None
    if not root.tag.endswith("svg"):
        raise KitError(f"{where}: not an SVG image (root element {root.tag!r})")
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("script", "foreignObject"):
            raise KitError(f"{where}: SVG logo contains <{tag}> — remove it")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local == "href" and not value.startswith(("#", "data:image/")):
                raise KitError(f"{where}: SVG logo refers to {value!r} — embed the image or "
                               "remove the reference; logos must be self-contained")
            if local.startswith("on"):
                raise KitError(f"{where}: SVG logo has an event handler ({local}) — remove it")
            if _EXTERNAL_URL.search(value):
                raise KitError(f"{where}: SVG logo refers to an outside resource in {local!r} — "
                               "logos must be self-contained")
        if tag == "style" and element.text and (
            _EXTERNAL_URL.search(element.text) or "@import" in element.text
        ):
            raise KitError(f"{where}: SVG logo's <style> loads an outside resource — remove it")
