"""The colours a slide really shows: its background and the colour its text inherits.

A master names colours by role (`tx1`, `bg1`, `accent2` …); its colour map turns roles into
theme slots (`dk1`, `lt1` …) and its theme gives each slot a colour.  A layout or slide may
override the map and the background.  The deck writer asks here what a text would look like
on a slide, so that it can pick a readable colour; the deck checker asks to verify it.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from generator.colors import mix
from generator.render.ooxml import A_NS, R_NS, SAFE_XML

WHITE = "#FFFFFF"
SLOTS = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5",
         "accent6", "hlink", "folHlink")
DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2", "accent1": "accent1",
               "accent2": "accent2", "accent3": "accent3", "accent4": "accent4",
               "accent5": "accent5", "accent6": "accent6", "hlink": "hlink",
               "folHlink": "folHlink"}
PRESET = {"black": "#000000", "white": "#FFFFFF", "red": "#FF0000", "green": "#008000",
          "blue": "#0000FF", "yellow": "#FFFF00", "gray": "#808080", "grey": "#808080"}
FILLS = ("solidFill", "gradFill", "blipFill", "pattFill", "noFill", "grpFill")


def _master_of(part_owner: Any) -> Any:
    """Return the slide master of a slide, layout or master."""
    for name in ("slide_master", "slide_layout"):
        owner = getattr(part_owner, name, None)
        if owner is not None:
            return owner if name == "slide_master" else owner.slide_master
    return part_owner


@lru_cache(maxsize=64)
def _theme_of(theme_blob: bytes) -> dict[str, str]:
    root = etree.fromstring(theme_blob, SAFE_XML)
    scheme = root.find(f".//{{{A_NS}}}clrScheme")
    colors = {slot: "#000000" if slot.startswith("dk") else WHITE for slot in SLOTS}
    if scheme is None:
        return colors
    for slot in SLOTS:
        element = scheme.find(f"{{{A_NS}}}{slot}")
        if element is not None and len(element):
            found = _plain(element[0])
            if found:
                colors[slot] = found
    return colors


def theme_colors(master: Any) -> dict[str, str]:
    """Return the master's theme colours by slot (dk1, lt1, accent1 …)."""
    try:
        theme = master.part.part_related_by(RT.THEME)
    except KeyError:
        return _theme_of(b"<a:theme xmlns:a='" + A_NS.encode() + b"'/>")
    return _theme_of(bytes(theme.blob))


def color_map(owner: Any) -> dict[str, str]:
    """Return the colour map that applies to a slide, layout or master: role -> slot."""
    master = _master_of(owner)
    mapping = dict(DEFAULT_MAP)
    clr_map = master._element.find(qn("p:clrMap"))
    if clr_map is not None:
        mapping.update(clr_map.attrib)
    for level in _levels(owner)[:-1]:  # a layout's or slide's override
        override = level._element.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")
        if override is not None:
            mapping.update(override.attrib)
            break
    return mapping


def _levels(owner: Any) -> list[Any]:
    """Return `owner` and what it inherits from: slide, layout, master (as far as they go)."""
    levels = [owner]
    layout = getattr(owner, "slide_layout", None)
    if layout is not None:
        levels.append(layout)
    master = _master_of(owner)
    if master is not owner:
        levels.append(master)
    return levels


def resolve(element: Any, owner: Any) -> str | None:
    """Return a colour element (srgbClr, schemeClr …) as #RRGGBB on `owner`'s slide."""
    base = _plain(element)
    if base is None and element.tag == qn("a:schemeClr"):
        role = element.get("val", "tx1")
        slot = color_map(owner).get(role, role)
        base = theme_colors(_master_of(owner)).get(slot)
    if base is None:
        return None
    return _transformed(base, element)


def _plain(element: Any) -> str | None:
    tag = etree.QName(element).localname
    if tag == "srgbClr":
        return "#" + (element.get("val") or "000000").upper()
    if tag == "sysClr":
        return "#" + (element.get("lastClr") or ("000000" if element.get("val") ==
                                                  "windowText" else "FFFFFF")).upper()
    if tag == "prstClr":
        return PRESET.get((element.get("val") or "").lower(), "#000000")
    if tag == "scrgbClr":
        return "#" + "".join(f"{round(int(element.get(c, '0')) / 100000 * 255):02X}"
                             for c in ("r", "g", "b"))
    return None


def _transformed(color: str, element: Any) -> str:
    """Apply the lumMod/lumOff/tint/shade children of a colour element, approximately."""
    for child in element:
        name, value = etree.QName(child).localname, int(child.get("val", "100000")) / 100000
        if name == "tint":
            color = mix(color, WHITE, value)
        elif name in ("shade", "lumMod"):  # darker by `value` (lumMod, roughly so)
            color = mix(color, "#000000", value)
        elif name == "lumOff":
            color = mix(WHITE, color, value)
    return color


def _fill_color(fill: Any, owner: Any, part: Any) -> str | None:
    """Return the colour a fill element shows, on average (None for no fill)."""
    tag = etree.QName(fill).localname
    if tag == "solidFill" and len(fill):
        return resolve(fill[0], owner)
    if tag == "gradFill":
        stops = [resolve(gs[0], owner) for gs in fill.iter(qn("a:gs")) if len(gs)]
        stops = [s for s in stops if s]
        return _average(stops) if stops else None
    if tag == "pattFill":
        colors = [resolve(c[0], owner) for c in (fill.find(qn("a:fgClr")), fill.find(qn("a:bgClr")))
                  if c is not None and len(c)]
        return _average([c for c in colors if c]) if colors else None
    if tag == "blipFill":
        blip = fill.find(qn("a:blip"))
        r_id = blip.get(f"{{{R_NS}}}embed") if blip is not None else None
        if r_id and r_id in part.rels:
            return image_color(bytes(part.rels[r_id].target_part.blob))
    return None


@lru_cache(maxsize=32)
def image_color(blob: bytes, *, opaque_only: bool = False) -> str | None:
    """Return the average colour of an image (a background picture, a logo's ink when
    `opaque_only`: its transparent pixels left out), or None."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(blob)) as image:
            if image.width * image.height > 80_000_000:
                return None
            image.draft("RGB", (64, 64))
            raw = image.convert("RGBA").resize((32, 32)).tobytes()
            pixels = [raw[i:i + 4] for i in range(0, len(raw), 4)]
            pixels = [p for p in pixels if not opaque_only or p[3] > 128]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    if not pixels:
        return None
    return "#" + "".join(f"{round(sum(p[i] for p in pixels) / len(pixels)):02X}"
                         for i in range(3))


def _average(colors: list[str]) -> str:
    return "#" + "".join(
        f"{round(sum(int(c[i:i + 2], 16) for c in colors) / len(colors)):02X}"
        for i in (1, 3, 5))


def background(owner: Any) -> str:
    """Return the colour the background of a slide (or layout, or master) shows, on average."""
    for level in _levels(owner):
        bg = level._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        if bg is None:
            continue
        pr = bg.find(qn("p:bgPr"))
        if pr is not None:
            fill = next((child for child in pr if etree.QName(child).localname in FILLS), None)
            if fill is not None:
                found = _fill_color(fill, owner, level.part)
                if found:
                    return found
        ref = bg.find(qn("p:bgRef"))
        if ref is not None and len(ref):
            found = resolve(ref[0], owner)
            if found:
                return found
    return resolve(etree.Element(qn("a:schemeClr"), val="bg1"), owner) or WHITE


def shape_fill(shape: Any, owner: Any) -> str | None:
    """Return the colour of a shape's own solid, gradient or picture fill, or None."""
    sp_pr = shape._element.find(qn("p:spPr"))
    if sp_pr is None:
        return None
    fill = next((child for child in sp_pr if etree.QName(child).localname in FILLS), None)
    if fill is None or etree.QName(fill).localname == "noFill":
        return None
    return _fill_color(fill, owner, owner.part)


def inherited_text_color(shape: Any, owner: Any, level: int = 1) -> str:
    """Return the colour the text of `shape` gets when its runs name none: from its own list
    style, the placeholders it inherits from, the master's text styles, else `tx1`."""
    lvl = f"a:lvl{level}pPr"
    current = shape
    style = "other"
    while current is not None:
        fill = current._element.find(
            f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn(lvl)}/{qn('a:defRPr')}/{qn('a:solidFill')}")
        if fill is not None and len(fill):
            found = resolve(fill[0], owner)
            if found:
                return found
        ph = current._element.ph if hasattr(current._element, "ph") else None
        if ph is not None:
            style = "title" if ph.get("type") in ("title", "ctrTitle") else "body"
        current = getattr(current, "_base_placeholder", None) if getattr(
            current, "is_placeholder", False) else None
    master = _master_of(owner)
    styles = master._element.find(qn("p:txStyles"))
    tag = {"title": "p:titleStyle", "body": "p:bodyStyle", "other": "p:otherStyle"}[style]
    if styles is not None:
        fill = styles.find(f"{qn(tag)}/{qn(lvl)}/{qn('a:defRPr')}/{qn('a:solidFill')}")
        if fill is not None and len(fill):
            found = resolve(fill[0], owner)
            if found:
                return found
    return resolve(etree.Element(qn("a:schemeClr"), val="tx1"), owner) or "#000000"



def color_under(slide: Any, left: int, top: int, width: int, height: int) -> str:
    """Return the colour a box on `slide` sits on: the topmost filled shape of the layout or
    master that covers the box's centre (a band, a picture), else the slide's background."""
    x, y = left + width // 2, top + height // 2
    layout = slide.slide_layout
    levels = [layout]
    if layout._element.get("showMasterSp") not in ("0", "false"):
        levels.append(layout.slide_master)
    for level in levels:  # the layout's shapes lie over the master's
        for shape in reversed(list(level.shapes)):
            if getattr(shape, "is_placeholder", False) or None in (
                    shape.left, shape.top, shape.width, shape.height):
                continue
            if not (shape.left <= x <= shape.left + shape.width
                    and shape.top <= y <= shape.top + shape.height):
                continue
            found = shape_fill(shape, level) if shape.shape_type != 13 else _picture_color(shape)
            if found:
                return found
    return background(slide)


def _picture_color(picture: Any) -> str | None:
    try:
        return image_color(bytes(picture.image.blob))
    except (AttributeError, KeyError, ValueError):
        return None
