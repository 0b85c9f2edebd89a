"""A deck's document properties: from the course and the kit, never from the master (its
title, author, company, custom properties and thumbnail are dropped)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from generator import __version__
from generator.render.deck.ooxml.names import NOT_XML
from generator.render.job import RenderJob
from generator.source.markdown import to_plain_text

EXTENDED_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>coursepack</Application></Properties>")


def describe_deck(prs: Any, job: RenderJob) -> None:
    """Set the deck's document properties from the course and the kit; nothing the master
    carried (its title, author, company, custom properties, thumbnail) is kept."""
    doc, name = job.comparison, job.kit.name
    props = prs.core_properties
    for element in list(props._element):
        props._element.remove(element)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    props.title = _property(to_plain_text(doc.title))
    props.subject = _property(to_plain_text(doc.subtitle))
    props.author = props.last_modified_by = _property(name)
    props.keywords = _property(", ".join(dict.fromkeys(
        [*(s.name for s in doc.subjects), *(d.name for d in doc.dimensions)])), ", ")
    props.comments = f"Made with coursepack {__version__}"
    props.language = job.language
    props.category = "Training"
    props.revision = 1
    props.created = props.modified = now
    package = prs.part.package
    # the master's app.xml names its company, manager and theme; a thumbnail shows its slides
    for r_id in list(package._rels):
        reltype = package._rels[r_id].reltype
        if reltype == RT.EXTENDED_PROPERTIES:
            package.related_part(r_id)._blob = EXTENDED_PROPERTIES.encode()
        elif reltype in (RT.CUSTOM_PROPERTIES, RT.THUMBNAIL):
            package.drop_rel(r_id)


def _property(text: str, separator: str = " ") -> str:
    """Return `text` on one line, cut at `separator` to the 255 characters a property holds."""
    text = " ".join(NOT_XML.sub("", text).split())
    if len(text) <= 255:
        return text
    return text[:255].rsplit(separator, 1)[0]
