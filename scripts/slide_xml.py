"""PresentationML snippets shared by the scripts that generate PowerPoint masters.

Masters are built as XML so that every placeholder gets an explicit position and style;
these helpers write the shapes both `make_master.py` and `make_northwind_kit.py` need.
"""

from __future__ import annotations

from lxml import etree
from pptx.oxml import parse_xml

NSDECL = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
EMU_PER_INCH = 914400


def emu(inches: float) -> int:
    """Return `inches` in EMU."""
    return round(inches * EMU_PER_INCH)


def xfrm(x: float, y: float, w: float, h: float) -> str:
    return (f'<a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/>'
            f'<a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>')


def paras(prompts: tuple[str, ...]) -> str:
    return "".join(f'<a:p><a:pPr lvl="{i}"/><a:r><a:rPr lang="en-US"/><a:t>{t}</a:t></a:r></a:p>'
                   for i, t in enumerate(prompts))


def levels(sizes: tuple[int, ...], *, bold: bool = False, color: str = "",
            flat: bool = False, font: str = "") -> str:
    """Return lvl1pPr..lvl9pPr with the given point sizes (the last one repeats)."""
    out = []
    for i in range(9):
        size = sizes[min(i, len(sizes) - 1)]
        indent, bullet = (' marL="0" indent="0"', "<a:buNone/>") if flat else ("", "")
        fill = f"<a:solidFill>{color}</a:solidFill>" if color else ""
        latin = f'<a:latin typeface="{font}"/>' if font else ""
        bold_attr = ' b="1"' if bold else ""
        out.append(f'<a:lvl{i + 1}pPr{indent}>{bullet}<a:defRPr sz="{size * 100}"{bold_attr}>'
                   f"{fill}{latin}</a:defRPr></a:lvl{i + 1}pPr>")
    return "".join(out)


def placeholder(sp_id: int, name: str, ph: str, box: tuple[float, float, float, float],
                body_pr: str = "<a:bodyPr/>", lst: str = "", prompts: tuple[str, ...] = (),
                fill: str = "") -> str:
    """Return a placeholder `p:sp` at `box`; `ph` holds the p:ph attributes."""
    text = paras(prompts) if prompts else '<a:p><a:endParaRPr lang="en-US"/></a:p>'
    sp_fill = f"<a:solidFill>{fill}</a:solidFill>" if fill else ""
    return (f'<p:sp {NSDECL}><p:nvSpPr><p:cNvPr id="{sp_id}" name="{name}"/>'
            f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr>'
            f"</p:nvSpPr><p:spPr>{xfrm(*box)}{sp_fill}</p:spPr><p:txBody>{body_pr}"
            f"<a:lstStyle>{lst}</a:lstStyle>{text}</p:txBody></p:sp>")


def rect(sp_id: int, name: str, box: tuple[float, float, float, float], color: str) -> str:
    """Return a decorative filled rectangle in scheme colour `color`."""
    return (f'<p:sp {NSDECL}><p:nvSpPr><p:cNvPr id="{sp_id}" name="{name}"/><p:cNvSpPr/>'
            f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{xfrm(*box)}'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'<a:solidFill><a:schemeClr val="{color}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
            f"</p:spPr></p:sp>")


def replace_shapes(sp_tree: etree._Element, shapes: list[str]) -> None:
    """Replace every shape in `sp_tree` (keeping the group properties) with `shapes`."""
    for child in list(sp_tree)[2:]:
        sp_tree.remove(child)
    for xml in shapes:
        sp_tree.append(parse_xml(xml))


def text_styles(*, title_color: str, indent: int, line_spacing: int, bullets: tuple[str, str]
                ) -> tuple[str, str]:
    """Return a master's titleStyle and bodyStyle XML.

    Titles: 32 pt bold in the theme's heading font and `title_color`. Body levels: 20/18/16/14 pt
    in the theme's body font, `line_spacing` in thousandths of a percent, each level indented
    by `indent` EMU; `bullets` holds the bullet XML of even and odd levels.
    """
    font = '<a:latin typeface="+{0}-lt"/><a:ea typeface="+{0}-ea"/><a:cs typeface="+{0}-cs"/>'
    title = (f'<p:titleStyle {NSDECL}><a:lvl1pPr algn="l" defTabSz="914400" rtl="0" eaLnBrk="1" '
             'latinLnBrk="0" hangingPunct="1"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
             '<a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>'
             f'<a:defRPr sz="3200" b="1" kern="1200"><a:solidFill><a:schemeClr val="{title_color}"/>'
             f'</a:solidFill>{font.format("mj")}</a:defRPr></a:lvl1pPr></p:titleStyle>')
    body = []
    for i in range(9):
        size = (20, 18, 16)[i] if i < 3 else 14
        mar_l, hang = (indent, -indent) if i == 0 else (indent + indent * i, -228600)
        before = 1000 if i == 0 else 400
        body.append(
            f'<a:lvl{i + 1}pPr marL="{mar_l}" indent="{hang}" algn="l" defTabSz="914400" '
            'rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
            f'<a:lnSpc><a:spcPct val="{line_spacing}"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{before}"/></a:spcBef>{bullets[i % 2]}'
            f'<a:defRPr sz="{size * 100}" kern="1200"><a:solidFill><a:schemeClr val="tx1"/>'
            f'</a:solidFill>{font.format("mn")}</a:defRPr></a:lvl{i + 1}pPr>')
    return title, f'<p:bodyStyle {NSDECL}>{"".join(body)}</p:bodyStyle>'


def themed(theme_xml: bytes, name: str, colors: dict[str, str], heading_font: str,
           body_font: str) -> bytes:
    """Return the theme XML named `name`, with `colors` (slot -> RRGGBB, "#" optional) and the
    two theme fonts."""
    theme = etree.fromstring(theme_xml)
    theme.set("name", name)
    scheme = theme.find(".//a:clrScheme", NS)
    scheme.set("name", name)
    for slot, value in colors.items():
        el = scheme.find(f"a:{slot}", NS)
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{{{NS['a']}}}srgbClr", val=value.lstrip("#").upper())
    fonts = theme.find(".//a:fontScheme", NS)
    fonts.set("name", name)
    fonts.find("a:majorFont/a:latin", NS).set("typeface", heading_font)
    fonts.find("a:minorFont/a:latin", NS).set("typeface", body_font)
    return etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def title_ph(sp_id: int, box: tuple[float, float, float, float], ph: str = 'type="title"',
             body_pr: str = "<a:bodyPr/>", lst: str = "") -> str:
    """Return a title placeholder at `box`."""
    return placeholder(sp_id, "Title", ph, box, body_pr, lst, ("Click to edit Master title style",))


def with_slide_number(number_ph: str, field_id: str) -> str:
    """Return the slide-number placeholder with its field, so PowerPoint shows the number
    rather than a blank box."""
    return number_ph.replace(
        '<a:p><a:endParaRPr lang="en-US"/></a:p>',
        f'<a:p><a:fld id="{{{field_id}}}" type="slidenum">'
        '<a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld><a:endParaRPr lang="en-US"/></a:p>')
