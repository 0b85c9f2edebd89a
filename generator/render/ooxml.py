"""OOXML names every deck module shares: namespaces and the parser for XML from outside."""

from __future__ import annotations

from lxml import etree

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P14_NS = "http://schemas.microsoft.com/office/powerpoint/2010/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

# No DTDs, entities or network: these XML files come from outside.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def tag(ns: str, name: str) -> str:
    """Return the Clark name `{ns}name` lxml uses."""
    return f"{{{ns}}}{name}"
