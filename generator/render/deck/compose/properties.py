"""What the kit and its master bring to a deck: theme fonts, the logo, and the document
properties (which come from the course and the kit, never from the master)."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from generator import __version__
from generator.errors import KitError
from generator.guards.images import check_logo
from generator.kits.model import BrandKit
from generator.render.deck.ooxml.names import A_NS, SAFE_XML
from generator.render.job import RenderJob
from generator.render.pdf.raster import svg_to_png
from generator.source.markdown import to_plain_text

# fonts that come with Windows, macOS or Office: no warning for these
COMMON_FONTS = {
    "arial", "calibri", "cambria", "candara", "century gothic", "consolas", "constantia",
    "corbel", "courier new", "franklin gothic", "garamond", "georgia", "gill sans",
    "helvetica", "helvetica neue", "aptos", "palatino", "segoe ui", "tahoma",
    "times new roman", "trebuchet ms", "verdana",
}
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
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


def theme_fonts(prs: Any) -> tuple[str, str]:
    """Return the heading (major) and body (minor) latin fonts of the first master's theme."""
    theme = prs.slide_masters[0].part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob, SAFE_XML)
    names = []
    for which in ("majorFont", "minorFont"):
        latin = root.find(f".//{{{A_NS}}}fontScheme/{{{A_NS}}}{which}/{{{A_NS}}}latin")
        names.append(latin.get("typeface") if latin is not None else "Calibri")
    return names[0] or "Calibri", names[1] or "Calibri"


def layout_shows_picture(layout: Any) -> bool:
    """Return whether `layout`, or the master shapes it shows, already holds a picture."""
    def has_picture(shapes: Any) -> bool:
        return any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in shapes)

    if has_picture(layout.shapes):
        return True
    shows_master = layout._element.get("showMasterSp") not in ("0", "false")
    return shows_master and has_picture(layout.slide_master.shapes)


LOGO_PIXELS_HIGH = 300  # a logo is shown about half an inch high: 600 dpi


def deck_logo(kit: BrandKit, warnings: list[str]) -> tuple[Any, tuple[int, int]] | None:
    """Return the kit's logo as the deck takes it — a PNG or JPEG file, or a PNG rendered
    from an SVG (its PNG twin when the kit ships one) — with its size in pixels; or None
    with a warning."""
    logo = kit.logo
    if logo is None:
        return None
    if logo.suffix.lower() in (".png", ".jpg", ".jpeg"):
        return logo, _pixel_size(logo.read_bytes())  # checked when the kit was loaded
    png = logo.with_suffix(".png")
    if (png.is_file() and png.resolve().is_relative_to(logo.parent.resolve())
            and png.read_bytes()[:8] == PNG_SIGNATURE):
        try:
            check_logo(png)  # the SVG's twin: the same pixel budget as any logo
        except KitError as err:
            warnings.append(f"{err.message} — the title slide has no logo")
            return None
        return png, _pixel_size(png.read_bytes())
    try:
        data = svg_to_png(logo, LOGO_PIXELS_HIGH)
    except KitError as err:
        warnings.append(f"{err.message} — the title slide has no logo")
        return None
    return io.BytesIO(data), _pixel_size(data)


def _pixel_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size
