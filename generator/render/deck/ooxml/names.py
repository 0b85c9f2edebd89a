"""OOXML names every deck module shares: namespaces, placeholder types, the parser for XML
from outside and the characters XML cannot hold."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P14_NS = "http://schemas.microsoft.com/office/powerpoint/2010/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

TITLE_TYPES = ("title", "ctrTitle")  # the placeholder types a slide's heading goes in
# Characters no XML 1.0 document may hold (controls, lone surrogates, U+FFFE/U+FFFF): text
# is written without them.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# No DTDs, entities or network: these XML files come from outside.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def placeholder_type(shape: Any) -> str | None:
    """Return the `type` of a placeholder shape as written (`title`, `body` …; `obj` when it
    says none), or None for a shape that is no placeholder."""
    element = getattr(shape, "_element", None)
    nv_pr = element[0].find(tag(P_NS, "nvPr")) if element is not None and len(element) else None
    ph = nv_pr.find(tag(P_NS, "ph")) if nv_pr is not None else None
    return None if ph is None else ph.get("type", "obj")


def tag(ns: str, name: str) -> str:
    """Return the Clark name `{ns}name` lxml uses."""
    return f"{{{ns}}}{name}"


_BASES: dict[tuple[int, str, str], tuple[Any, Any]] = {}  # see base_placeholder


def base_placeholder(shape: Any) -> Any:
    """Return the placeholder a slide's or layout's placeholder `shape` inherits from (the
    layout's, the master's), or None.  python-pptx finds it by walking every shape of the
    layout on each call; a deck asks hundreds of times, so the answer is kept per part."""
    element = getattr(shape, "_element", None)
    # the <p:ph> under the shape's non-visual properties, found with lxml: python-pptx's
    # `is_placeholder` and `ph` each run an XPath query, and this is asked hundreds of times
    nv_pr = element[0].find(tag(P_NS, "nvPr")) if element is not None and len(element) else None
    ph = nv_pr.find(tag(P_NS, "ph")) if nv_pr is not None else None
    if ph is None:
        return None
    part = shape.part
    key = (id(part), ph.get("idx", "0"), ph.get("type", "obj"))
    cached = _BASES.get(key)
    if cached is not None and cached[0] is part:
        return cached[1]
    found = getattr(shape, "_base_placeholder", None)
    if len(_BASES) > 4096:
        _BASES.clear()
    _BASES[key] = (part, found)
    return found
