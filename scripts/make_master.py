"""Generate the default brand kit's PowerPoint master, templates/default/master.pptx.

Run from anywhere: ``python scripts/make_master.py [OUTPUT]``. The master starts from
python-pptx's bundled (4:3) template, which is widened to 16:9, restyled and cut down to the
seven layouts the deck writer uses. Every layout placeholder gets an explicit position, so
nothing depends on the 4:3 geometry the template inherits from.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from slide_xml import (
    EMU_PER_INCH,
    NS,
    levels,
    placeholder,
    rect,
    replace_shapes,
    text_styles,
    themed,
    title_ph,
    with_slide_number,
)

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "templates" / "default" / "master.pptx"


SLIDE_W, SLIDE_H = 12192000, 6858000  # 13.333 in x 7.5 in


# -- grid (inches): one margin everywhere so titles, bodies and rules share a left edge
MARGIN = 0.75
CONTENT_W = SLIDE_W / EMU_PER_INCH - 2 * MARGIN  # 11.833
GUTTER = 0.5
COL_W = (CONTENT_W - GUTTER) / 2
TITLE_Y, TITLE_H = 0.35, 1.05
RULE_Y = 1.52
TOP_BAR_H = 0.09
BODY_Y, BODY_BOTTOM = 1.8, 6.55
FOOT_Y, FOOT_H = 6.85, 0.35
BAND_W = 0.5  # left colour band on the title and section slides
HERO_X = 1.25  # text start on the title and section slides

THEME_COLORS = {
    "dk1": "1E2430", "lt1": "FFFFFF", "dk2": "1F3A5F", "lt2": "EEF2F7",
    "accent1": "1F3A5F", "accent2": "4A6FA5", "accent3": "E07A2E",
    "accent4": "3C8D7F", "accent5": "7A6C9D", "accent6": "D4A72C",
    "hlink": "2F6DB5", "folHlink": "6B5B95",
}
THEME_FONT = "Inter"

# -- layout name -> (layout `type` attribute, index in python-pptx's default template)
KEEP = (
    ("Title Slide", "title", 0),
    ("Section Header", "secHead", 2),
    ("Title and Content", "obj", 1),
    ("Two Content", "twoObj", 3),
    ("Comparison", "twoTxTwoObj", 4),
    ("Title Only", "titleOnly", 5),
    ("Blank", "blank", 6),
)

MUTED = '<a:schemeClr val="tx1"><a:lumMod val="65000"/><a:lumOff val="35000"/></a:schemeClr>'
BODY_PROMPTS = ("Click to edit Master text styles", "Second level", "Third level",
                "Fourth level", "Fifth level")


def footer_placeholders(first_id: int, idx: tuple[int, int, int], master: bool = False) -> list[str]:
    """Return date, footer and slide-number placeholders along the bottom margin.

    On the master they carry the formatting (no insets, small muted text); layouts only
    position them and inherit the rest.
    """
    body_pr = '<a:bodyPr anchor="ctr"/>'
    if master:
        body_pr = ('<a:bodyPr vert="horz" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" '
                   'anchor="ctr"/>')

    def lst(align: str) -> str:
        fill = f"<a:solidFill>{MUTED}</a:solidFill>" if master else ""
        return f'<a:lvl1pPr algn="{align}"><a:defRPr sz="1000">{fill}</a:defRPr></a:lvl1pPr>'

    num_w = 1.75
    date = placeholder(first_id, "Date Placeholder", f'type="dt" sz="half" idx="{idx[0]}"',
                       (8.25, FOOT_Y, 2.5, FOOT_H), body_pr, lst("r"))
    footer = placeholder(first_id + 1, "Footer Placeholder",
                         f'type="ftr" sz="quarter" idx="{idx[1]}"',
                         (MARGIN, FOOT_Y, 7.0, FOOT_H), body_pr, lst("l"))
    number = placeholder(first_id + 2, "Slide Number Placeholder",
                         f'type="sldNum" sz="quarter" idx="{idx[2]}"',
                         (MARGIN + CONTENT_W - num_w, FOOT_Y, num_w, FOOT_H), body_pr, lst("r"))
    number = with_slide_number(number, "C1FF6DA9-008F-8B48-92A6-B652298478BF")
    return [date, footer, number]


def layout_shapes(name: str) -> list[str]:
    """Return the shapes of layout `name`, placeholders first in reading order."""
    std_title = title_ph(2, (MARGIN, TITLE_Y, CONTENT_W, TITLE_H))
    body_h = BODY_BOTTOM - BODY_Y
    right_x = MARGIN + COL_W + GUTTER
    col_sizes = levels((18, 16, 14))
    if name == "Title Slide":
        return [
            title_ph(2, (HERO_X, 1.4, CONTENT_W + MARGIN - HERO_X, 2.6), 'type="ctrTitle"',
                     '<a:bodyPr anchor="b"/>', '<a:lvl1pPr algn="l"><a:defRPr sz="4000"/></a:lvl1pPr>'),
            placeholder(3, "Subtitle", 'type="subTitle" idx="1"',
                        (HERO_X, 4.45, CONTENT_W + MARGIN - HERO_X, 1.6), '<a:bodyPr anchor="t"/>',
                        levels((20, 18), color=MUTED, flat=True),
                        ("Click to edit Master subtitle style",)),
            *footer_placeholders(4, (10, 11, 12)),
            rect(7, "Band", (0, 0, BAND_W, 7.5), "accent1"),
            rect(8, "Rule", (HERO_X, 4.2, 1.0, 0.06), "accent3"),
        ]
    if name == "Section Header":
        return [
            title_ph(2, (HERO_X, 2.5, CONTENT_W + MARGIN - HERO_X, 2.0), body_pr='<a:bodyPr anchor="b"/>',
                     lst='<a:lvl1pPr><a:defRPr sz="3600"/></a:lvl1pPr>'),
            placeholder(3, "Text Placeholder", 'type="body" idx="1"',
                        (HERO_X, 4.9, CONTENT_W + MARGIN - HERO_X, 1.4), '<a:bodyPr anchor="t"/>',
                        levels((20, 18, 16), color=MUTED, flat=True), BODY_PROMPTS[:1]),
            *footer_placeholders(4, (10, 11, 12)),
            rect(7, "Band", (0, 0, BAND_W, 7.5), "accent1"),
            rect(8, "Rule", (HERO_X, 4.65, 1.0, 0.06), "accent3"),
        ]
    if name == "Title and Content":
        return [std_title,
                placeholder(3, "Content Placeholder", 'idx="1"', (MARGIN, BODY_Y, CONTENT_W, body_h),
                            prompts=BODY_PROMPTS),
                *footer_placeholders(4, (10, 11, 12))]
    if name == "Two Content":
        return [std_title,
                placeholder(3, "Content Placeholder", 'sz="half" idx="1"',
                            (MARGIN, BODY_Y, COL_W, body_h), lst=col_sizes, prompts=BODY_PROMPTS),
                placeholder(4, "Content Placeholder", 'sz="half" idx="2"',
                            (right_x, BODY_Y, COL_W, body_h), lst=col_sizes, prompts=BODY_PROMPTS),
                *footer_placeholders(5, (10, 11, 12))]
    if name == "Comparison":
        head_y, head_h, cmp_y = 1.75, 0.6, 2.6
        head = levels((20, 18, 16), bold=True, flat=True)
        head_pr = '<a:bodyPr anchor="b"/>'
        return [std_title,
                placeholder(3, "Text Placeholder", 'type="body" idx="1"',
                            (MARGIN, head_y, COL_W, head_h), head_pr, head, BODY_PROMPTS[:1]),
                placeholder(4, "Content Placeholder", 'sz="half" idx="2"',
                            (MARGIN, cmp_y, COL_W, BODY_BOTTOM - cmp_y), lst=col_sizes,
                            prompts=BODY_PROMPTS),
                placeholder(5, "Text Placeholder", 'type="body" sz="quarter" idx="3"',
                            (right_x, head_y, COL_W, head_h), head_pr, head, BODY_PROMPTS[:1]),
                placeholder(6, "Content Placeholder", 'sz="quarter" idx="4"',
                            (right_x, cmp_y, COL_W, BODY_BOTTOM - cmp_y), lst=col_sizes,
                            prompts=BODY_PROMPTS),
                *footer_placeholders(7, (10, 11, 12)),
                # hairlines under the two headers make the columns read as a pair
                rect(10, "Header Rule", (MARGIN, head_y + head_h + 0.06, COL_W, 0.025), "accent2"),
                rect(11, "Header Rule", (right_x, head_y + head_h + 0.06, COL_W, 0.025), "accent2")]
    if name == "Title Only":
        return [std_title, *footer_placeholders(3, (10, 11, 12))]
    if name == "Blank":
        # keeps the top bar but not the master's title rule, which would float under nothing
        return [*footer_placeholders(2, (10, 11, 12)),
                rect(5, "Top Bar", (0, 0, SLIDE_W / EMU_PER_INCH, TOP_BAR_H), "accent1")]
    raise ValueError(name)


def master_shapes() -> list[str]:
    """Return the slide master's shapes: placeholders plus the top bar and title rule."""
    body_h = BODY_BOTTOM - BODY_Y
    return [
        title_ph(2, (MARGIN, TITLE_Y, CONTENT_W, TITLE_H),
                 body_pr='<a:bodyPr vert="horz" lIns="0" tIns="45720" rIns="0" bIns="45720" '
                         'rtlCol="0" anchor="b"><a:normAutofit/></a:bodyPr>'),
        placeholder(3, "Text Placeholder", 'type="body" idx="1"', (MARGIN, BODY_Y, CONTENT_W, body_h),
                    '<a:bodyPr vert="horz" lIns="0" tIns="45720" rIns="0" bIns="45720" rtlCol="0">'
                    "<a:normAutofit/></a:bodyPr>", prompts=BODY_PROMPTS),
        *footer_placeholders(4, (2, 3, 4), master=True),
        rect(7, "Top Bar", (0, 0, SLIDE_W / EMU_PER_INCH, TOP_BAR_H), "accent1"),
        rect(8, "Title Rule", (MARGIN, RULE_Y, 0.8, 0.05), "accent3"),
    ]


def master_text_styles() -> tuple[str, str]:
    """Return the default master's titleStyle and bodyStyle XML."""
    return text_styles(title_color="tx1", indent=274320, line_spacing=100000, bullets=(
        '<a:buClr><a:schemeClr val="accent1"/></a:buClr><a:buFont typeface="Arial"/>'
        '<a:buChar char="•"/>',
        '<a:buFont typeface="Arial"/><a:buChar char="–"/>'))


def restyle_theme(theme_xml: bytes) -> bytes:
    """Return the theme XML with the coursepack colours and Inter as both theme fonts."""
    return themed(theme_xml, "coursepack", THEME_COLORS, THEME_FONT, THEME_FONT)


def build(output: Path) -> None:
    """Write the default master to `output`."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    # python-pptx keeps type="screen4x3", which would contradict the new size
    prs.part._element.find("p:sldSz", NS).attrib.pop("type", None)

    master = prs.slide_masters[0]
    layouts = list(master.slide_layouts)
    id_lst = master._element.find("p:sldLayoutIdLst", NS)
    rel_of = {master.part.related_part(el.rId): el for el in master._element.sldLayoutIdLst}
    keep = []
    for number, (name, kind, index) in enumerate(KEEP, start=1):
        layout = layouts[index]
        if layout.name != name:  # python-pptx's bundled template changed under us
            raise RuntimeError(f"expected layout {name!r} at {index}, found {layout.name!r}")
        layout._element.set("type", kind)
        if name in ("Title Slide", "Section Header", "Blank"):
            # these carry their own decoration instead of the master's top bar and title rule
            layout._element.set("showMasterSp", "0")
        replace_shapes(layout.shapes._spTree, layout_shapes(name))
        layout.part.partname = PackURI(f"/ppt/slideLayouts/slideLayout{number}.xml")
        keep.append(rel_of[layout.part])
    for el in list(id_lst):
        id_lst.remove(el)
        if el not in keep:
            master.part.drop_rel(el.rId)  # the dropped layout part is no longer reachable
    for offset, el in enumerate(keep, start=1):
        # ids ascend in display order; they only need to be unique and above the master's id
        el.set("id", str(2147483648 + offset))
        id_lst.append(el)

    replace_shapes(master.shapes._spTree, master_shapes())
    tx_styles = master._element.find("p:txStyles", NS)
    title_style, body_style = master_text_styles()
    tx_styles.replace(tx_styles.find("p:titleStyle", NS), parse_xml(title_style))
    tx_styles.replace(tx_styles.find("p:bodyStyle", NS), parse_xml(body_style))

    theme = master.part.part_related_by(RT.THEME)
    theme.blob = restyle_theme(theme.blob)

    package = prs.part.package
    for r_id, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a 4:3 preview of the old template
            package.drop_rel(r_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part.blob = (rel.target_part.blob
                                    .replace(b"On-screen Show (4:3)", b"Widescreen")
                                    .replace(b"Office Theme", b"coursepack"))
    props = prs.core_properties
    props.title, props.author, props.last_modified_by = "coursepack default master", "coursepack", ""
    props.revision = 1

    output.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(output))


def main(argv: list[str]) -> int:
    """Build the master at argv[1] (default: the default kit's master)."""
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    build(output)
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
