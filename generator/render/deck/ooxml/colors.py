"""The colours a slide really shows: its background and the colour its text inherits.

A master names colours by role (`tx1`, `bg1`, `accent2` …); its colour map turns roles into
theme slots (`dk1`, `lt1` …) and its theme gives each slot a colour.  A layout or slide may
override the map and the background.  The deck writer asks here what a text would look like
on a slide, so that it can pick a readable colour; the deck checker asks to verify it.
"""

from __future__ import annotations

import io
import itertools
import math
from functools import lru_cache
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from generator.render.colors import mix
from generator.render.deck.ooxml.inherit import master_of
from generator.render.deck.ooxml.names import A_NS, R_NS, SAFE_XML, base_placeholder

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


_THEMES: dict[int, tuple[Any, dict[str, str]]] = {}  # id(master part) -> (it, its colours)


def theme_colors(master: Any) -> dict[str, str]:
    """Return the master's theme colours by slot (dk1, lt1, accent1 …)."""
    cached = _THEMES.get(id(master.part))
    if cached is not None and cached[0] is master.part:
        return cached[1]
    try:
        theme = master.part.part_related_by(RT.THEME)
    except KeyError:
        colors = _theme_of(b"<a:theme xmlns:a='" + A_NS.encode() + b"'/>")
    else:
        colors = _theme_of(bytes(theme.blob))
    if len(_THEMES) > 64:
        _THEMES.clear()
    _THEMES[id(master.part)] = (master.part, colors)
    return colors


def color_map(owner: Any) -> dict[str, str]:
    """Return the colour map that applies to a slide, layout or master: role -> slot."""
    master = master_of(owner)
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
    master = master_of(owner)
    if master is not owner:
        levels.append(master)
    return levels


def resolve(element: Any, owner: Any) -> str | None:
    """Return a colour element (srgbClr, schemeClr …) as #RRGGBB on `owner`'s slide."""
    base = _plain(element)
    if base is None and element.tag == qn("a:schemeClr"):
        role = element.get("val", "tx1")
        slot = color_map(owner).get(role, role)
        base = theme_colors(master_of(owner)).get(slot)
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
        shares = [min(max(_ooxml_number(element.get(c), 0), 0), 100000) / 100000
                  for c in ("r", "g", "b")]
        return "#" + "".join(f"{round(share * 255):02X}" for share in shares)
    return None


def _transformed(color: str, element: Any) -> str:
    """Apply the lumMod/lumOff/tint/shade children of a colour element, approximately."""
    for child in element:
        name, value = etree.QName(child).localname, _ooxml_number(child.get("val"), 100000) / 100000
        if name == "tint":
            color = mix(color, WHITE, value)
        elif name in ("shade", "lumMod"):  # darker by `value` (lumMod, roughly so)
            color = mix(color, "#000000", value)
        elif name == "lumOff":
            color = mix(WHITE, color, value)
    return color


def fill_color(fill: Any, owner: Any, part: Any) -> str | None:
    """Return the colour a fill element shows, on average (None for no fill)."""
    tag = etree.QName(fill).localname
    if tag == "solidFill" and len(fill):
        return resolve(fill[0], owner)
    if tag == "gradFill":
        found = [resolve(gs[0], owner) for gs in fill.iter(qn("a:gs")) if len(gs)]
        stops = [stop for stop in found if stop]
        return _average(stops) if stops else None
    if tag == "pattFill":
        found = [resolve(c[0], owner) for c in (fill.find(qn("a:fgClr")), fill.find(qn("a:bgClr")))
                 if c is not None and len(c)]
        colors = [c for c in found if c]
        return _average(colors) if colors else None
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


Gradient = tuple[tuple[tuple[float, str], ...], float | None]  # (position, colour) stops, angle


def gradient_of(fill: Any, owner: Any) -> Gradient | None:
    """Return a gradient fill's stops (position 0–1, colour) and its linear angle in degrees
    (None for a radial or shape gradient), or None when it has no colour."""
    stops = []
    for stop in fill.iter(qn("a:gs")):
        color = resolve(stop[0], owner) if len(stop) else None
        if color:
            stops.append((_ooxml_number(stop.get("pos"), 0) / 100000, color))
    if not stops:
        return None
    linear = fill.find(qn("a:lin"))
    angle = _ooxml_number(linear.get("ang"), 0) / 60000 if linear is not None else None
    return tuple(sorted(stops)), angle


def gradient_at(gradient: Gradient, fx: float, fy: float) -> str:
    """Return the colour a gradient shows at (fx, fy), fractions of its box: along a linear
    gradient's direction, else (radial, shape) its average."""
    stops, angle = gradient
    if angle is None or len(stops) == 1:
        return _average([color for _, color in stops])
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    corners = [cx * dx + cy * dy for cx in (0, 1) for cy in (0, 1)]
    low, high = min(corners), max(corners)
    t = (fx * dx + fy * dy - low) / max(high - low, 1e-9)
    if t <= stops[0][0]:
        return stops[0][1]
    for (start, one), (end, other) in itertools.pairwise(stops):
        if t <= end:
            return mix(other, one, (t - start) / max(end - start, 1e-9))
    return stops[-1][1]


def _ooxml_number(value: str | None, default: int) -> int:
    """Return an OOXML percentage or angle as written in thousandths (`50000`), also when a
    client's master writes it as a percentage (`50%`, which is 50000), else `default`."""
    if value is None:
        return default
    try:
        return round(float(value[:-1]) * 1000) if value.endswith("%") else int(value)
    except ValueError:
        return default


def _average(colors: list[str]) -> str:
    return "#" + "".join(
        f"{round(sum(int(c[i:i + 2], 16) for c in colors) / len(colors)):02X}"
        for i in (1, 3, 5))


def background_fill(owner: Any) -> tuple[Any, Any] | None:
    """Return the fill element of the background a slide shows and the level holding it."""
    for level in _levels(owner):
        bg = level._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        if bg is None:
            continue
        pr = bg.find(qn("p:bgPr"))
        if pr is not None:
            fill = next((child for child in pr if etree.QName(child).localname in FILLS), None)
            if fill is not None:
                return fill, level
        ref = bg.find(qn("p:bgRef"))
        if ref is not None and len(ref):
            return ref, level
    return None


def background(owner: Any) -> str:
    """Return the colour the background of a slide (or layout, or master) shows, on average."""
    found = background_fill(owner)
    if found is not None:
        fill, level = found
        color = resolve(fill[0], owner) if etree.QName(fill).localname == "bgRef" and len(
            fill) else fill_color(fill, owner, level.part)
        if color:
            return color
    return resolve(etree.Element(qn("a:schemeClr"), val="bg1"), owner) or WHITE


def own_fill(shape: Any) -> Any:
    """Return the fill element of a shape's own properties, or None."""
    sp_pr = shape._element.find(qn("p:spPr"))
    return next((child for child in sp_pr if etree.QName(child).localname in FILLS),
                None) if sp_pr is not None else None


def shape_fill(shape: Any, owner: Any) -> str | None:
    """Return the colour of a shape's own fill (solid, gradient, picture, pattern, or the
    slide's background where it says `useBgFill`), or of the placeholder it inherits from
    when it has none, or None when it shows what is behind."""
    if shows_background(shape):
        return background(owner)
    current = shape
    while current is not None:
        sp_pr = current._element.find(qn("p:spPr"))
        fill = next((child for child in sp_pr if etree.QName(child).localname in FILLS),
                    None) if sp_pr is not None else None
        if fill is not None:
            if etree.QName(fill).localname == "noFill" or _translucent(fill):
                return None
            return fill_color(fill, owner, current.part)
        current = base_placeholder(current)
    return None


def shows_background(shape: Any) -> bool:
    """Return whether a shape is filled with the slide's background (`useBgFill`): a panel
    that hides what lies under it in the background's colour."""
    return shape._element.get("useBgFill") in ("1", "true")


_COLOR_TAGS = ("srgbClr", "schemeClr", "sysClr", "prstClr", "scrgbClr", "hslClr")


def _translucent(fill: Any) -> bool:
    """Return whether a fill is more than half transparent (a glow, a watermark): what shows
    is mostly what lies behind it."""
    return opacity(fill) < 0.5


def sample_text_color(shape: Any, owner: Any) -> str | None:
    """Return the colour of the sample text in the layout's or master's placeholder that
    `shape` inherits from: where exports such as LibreOffice's keep the designer's colour
    (their text styles say nothing), or None."""
    current = base_placeholder(shape)
    while current is not None:
        for run in current._element.iter(qn("a:rPr"), qn("a:endParaRPr")):
            fill = run.find(qn("a:solidFill"))
            if fill is not None and len(fill):
                return resolve(fill[0], owner)
        current = base_placeholder(current)
    return None


def inherited_text_color(shape: Any, owner: Any, level: int = 1) -> str:
    """Return the colour the text of `shape` shows when its runs name none: from its own list
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
        current = base_placeholder(current)
    master = master_of(owner)
    styles = master._element.find(qn("p:txStyles"))
    tag = {"title": "p:titleStyle", "body": "p:bodyStyle", "other": "p:otherStyle"}[style]
    if styles is not None:
        fill = styles.find(f"{qn(tag)}/{qn(lvl)}/{qn('a:defRPr')}/{qn('a:solidFill')}")
        if fill is not None and len(fill):
            found = resolve(fill[0], owner)
            if found:
                return found
    return resolve(etree.Element(qn("a:schemeClr"), val="tx1"), owner) or "#000000"


def opacity(fill: Any) -> float:
    """Return how opaque a fill is, 0–1 (the average of its colours' alpha)."""
    colors = [e for e in fill.iter() if etree.QName(e).localname in _COLOR_TAGS]
    alphas = [next((_ooxml_number(child.get("val"), 100000) / 100000 for child in color
                    if etree.QName(child).localname == "alpha"), 1.0) for color in colors]
    return sum(alphas) / len(alphas) if alphas else 1.0
