"""Decks on client templates look as if the client's designer made them.

The reference is each template's own sample slides: the deck's title slide and content
slides go on the layouts the samples use for them (read here, independently of the writer,
from the slides each template ships).  And on any template: each kind of text has one size
across the deck, the at-a-glance table stays on one slide, the logo reads on what is behind
it, every title (vertical ones too) is in its title placeholder, nothing overlaps; and a
layout the kit names is used, whatever its design.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pptx
import pytest
from conftest import DATA, REPO, deck_titles, generated_source, write_yaml
from masters import master_picture, pitchbook_like, staff_training_like
from PIL import Image
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.opc.constants import CONTENT_TYPE as CT

from generator.i18n.labels import labels_for
from generator.kits.load import load_brand
from generator.render import FORMATS
from generator.render.colors import contrast
from generator.render.deck.check import check_deck
from generator.render.deck.masters.choose import map_layouts
from generator.render.deck.masters.package import open_master
from generator.render.deck.ooxml.backdrop import colors_under
from generator.render.deck.ooxml.colors import image_color
from generator.render.job import RenderJob
from generator.source.load import load_source

OFFICE = sorted((DATA / "masters" / "office").glob("*.potx"))
SAMPLE = REPO / "content" / "product-vs-project-management.yaml"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def as_pptx(template: Path, folder: Path) -> Path:
    """Return a copy of a .potx that python-pptx opens as it is (with its sample slides)."""
    copy = folder / f"{template.stem}.pptx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(copy, "w") as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(CT.PML_TEMPLATE_MAIN.encode(), CT.PML_PRESENTATION_MAIN.encode())
            dst.writestr(info, blob)
    return copy


def samples_of(template: Path, folder: Path) -> dict[str, str]:
    """Return the layout the template's own sample slides use for a title slide and for
    content (the most used among slides with a body, a chart, a table or a diagram), by the
    layout's part: what the designer meant each layout for."""
    found: dict[str, Counter[str]] = {"title": Counter(), "content": Counter()}
    for number, slide in enumerate(pptx.Presentation(str(as_pptx(template, folder))).slides):
        types = [s._element.ph.get("type", "obj") if s._element.ph is not None else ""
                 for s in slide.placeholders]
        graphics = any(s._element.tag == f"{P}graphicFrame" for s in slide.shapes)
        role = "title" if number == 0 else "content" if (
            any(t in ("body", "obj") for t in types) or graphics) else ""
        if role:
            found[role][str(slide.slide_layout.part.partname)] += 1
    return {role: uses.most_common(1)[0][0] for role, uses in found.items() if uses}


def kit_for(master: Path, folder: Path, brand: str = "") -> Path:
    kit = folder / "kit"
    kit.mkdir(exist_ok=True)
    (kit / master.name).write_bytes(master.read_bytes())
    (kit / "brand.yaml").write_text(f'name: Client\nslides: {{master: "{master.name}"}}\n{brand}',
                                    encoding="utf-8")
    return kit


def deck_of(source: Path, kit: Path) -> tuple[pptx.presentation.Presentation, RenderJob]:
    job = RenderJob(load_source(source), load_brand(str(kit)), source)
    return pptx.Presentation(io.BytesIO(FORMATS["slides"].render(job))), job


def title_text(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


# -- the template's own samples are the reference ----------------------------------------------


@pytest.mark.parametrize("template", OFFICE, ids=[t.stem.split("_")[0] for t in OFFICE])
def test_title_and_content_slides_go_where_the_templates_samples_put_them(
        template: Path, tmp_path: Path) -> None:
    reference = samples_of(template, tmp_path)
    deck, job = deck_of(SAMPLE, kit_for(template, tmp_path))
    labels = labels_for("en")
    content = {labels[key] for key in ("agenda", "summary", "takeaways", "review",
                                       "questions_and_discussion")}
    used = [(title_text(s), str(s.slide_layout.part.partname)) for s in deck.slides]
    assert used[0][1] == reference["title"], used[0]
    on_content = [(title, part) for title, part in used if title in content]
    assert len(on_content) == len(content)
    assert all(part == reference["content"] for _, part in on_content), (reference, on_content)
    assert check_deck(deck, titles=deck_titles(job), language="en", rtl=False) == []


EXPORTS_WITH_SAMPLES = ["libreoffice/Beehive.pptx", "libreoffice/Nature_Illustration.pptx",
                        "libreoffice/Vintage.pptx", "pandoc/reference.pptx"]


@pytest.mark.parametrize("name", EXPORTS_WITH_SAMPLES)
def test_exports_put_title_and_content_on_the_masters_their_samples_use(
        name: str, tmp_path: Path) -> None:
    """LibreOffice exports repeat every layout name on each slide master; their samples say
    which master a title slide and content go on."""
    export = DATA / "masters" / name
    found: dict[str, str] = {}
    for number, slide in enumerate(pptx.Presentation(str(export)).slides):
        types = {s._element.ph.get("type", "obj") for s in slide.placeholders}
        role = "title" if number == 0 else "content" if types & {"body", "obj"} else ""
        if role and role not in found:
            found[role] = str(slide.slide_layout.part.partname)
    deck, _ = deck_of(SAMPLE, kit_for(export, tmp_path))
    assert str(deck.slides[0].slide_layout.part.partname) == found["title"]
    agenda = next(s for s in deck.slides if title_text(s) == "Agenda")
    assert str(agenda.slide_layout.part.partname) == found["content"]


def test_section_slides_go_where_the_samples_put_them(tmp_path: Path) -> None:
    """pandoc's reference deck ships a Section Header sample: a kit's outline that asks for a
    section slide gets that layout."""
    export = DATA / "masters" / "pandoc" / "reference.pptx"
    (section,) = [s for s in pptx.Presentation(str(export)).slides
                  if s.slide_layout._element.get("type") == "secHead"]
    kit = kit_for(export, tmp_path)
    (kit / "slides.yaml.j2").write_text(
        '{% extends "default/slides.yaml.j2" %}{% block summary %}- kind: section\n'
        '  title: {{ labels.summary | tojson }}\n{% endblock %}', encoding="utf-8")
    deck, _ = deck_of(SAMPLE, kit)
    (summary,) = [s for s in deck.slides if title_text(s) == "Summary"]
    assert summary.slide_layout.part.partname == section.slide_layout.part.partname


# -- one size for each kind of text, one slide for the table, a logo that reads ----------------


def sizes(shape) -> set[float]:
    """Return the sizes of the runs of `shape` set at the frame's size (not smaller lines)."""
    found = set()
    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            if run.text.strip() and run.font.size is not None and not run.font.bold:
                found.add(run.font.size.pt)
    return found


def text_shapes(slide) -> list:
    title = slide.shapes.title
    return [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()
            and s != title and not (s.is_placeholder and s.placeholder_format.type == 13)]


def is_band(shape, label: str) -> bool:
    """Return whether `shape` is a takeaway band (its first line the language's label)."""
    first = shape.text_frame.paragraphs[0].text
    return shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and first.casefold() == label.casefold()


SOURCES = {
    "sample-en": lambda folder: SAMPLE,
    "three-de": lambda folder: write_yaml(folder / "drei.yaml", generated_source(
        3, 5, language="de", summary_words=9)),
    "six-ja": lambda folder: write_yaml(folder / "roku.yaml", generated_source(
        6, 6, language="ja", summary_words=4)),
}
MASTERS = {
    "default": lambda folder: None,
    "staff-training": staff_training_like,
    "pitchbook": pitchbook_like,
    "office-employee": lambda folder: office("EmpOrienPres"),
}


def office(name: str) -> Path:
    """Return the Office template called `name` (they are not in the source distribution)."""
    found = [template for template in OFFICE if template.name.startswith(name)]
    if not found:
        pytest.skip(f"{name} is not in tests/data/masters/office")
    return found[0]


@pytest.mark.parametrize("source", list(SOURCES))
@pytest.mark.parametrize("master", list(MASTERS))
def test_each_kind_of_text_is_one_size_and_the_deck_keeps_its_invariants(
        master: str, source: str, tmp_path: Path) -> None:
    made = MASTERS[master](tmp_path)
    kit = kit_for(made, tmp_path) if made is not None else REPO / "templates" / "default"
    path = SOURCES[source](tmp_path)
    deck, job = deck_of(path, kit)
    doc = job.comparison
    assert check_deck(deck, titles=deck_titles(job), language=job.language, rtl=False) == []
    labels = job.labels
    content = [s for s in deck.slides if title_text(s) in {
        labels[key] for key in ("agenda", "summary", "takeaways", "review",
                                "questions_and_discussion")}]
    dimensions = [s for s in deck.slides
                  if title_text(s) in {d.name for d in doc.dimensions}]
    assert len(content) == 5 and len(dimensions) == len(doc.dimensions)
    bullets = set().union(*(sizes(shape) for slide in content for shape in text_shapes(slide)))
    assert len(bullets) == 1, bullets  # agenda, summary, takeaways, review, closing alike
    cells = set().union(*(sizes(shape) for slide in dimensions for shape in text_shapes(slide)
                          if not is_band(shape, labels["takeaway"])))
    assert len(cells) == 1, cells
    bands = set().union(*(sizes(shape) for slide in dimensions for shape in text_shapes(slide)
                          if is_band(shape, labels["takeaway"])))
    assert len(bands) == 1, bands
    tables = [s for s in deck.slides if any(shape.has_table for shape in s.shapes)]
    assert len(tables) == 1  # the at-a-glance table on one slide
    assert min(cells | bullets) >= 12
    assert_logo_reads(deck)


def assert_logo_reads(deck) -> None:
    """Every logo stands out at 3:1 from what is under it: its chip, else the slide."""
    for slide in deck.slides:
        shapes = list(slide.shapes)
        for index, logo in enumerate(shapes):
            if logo.shape_type != MSO_SHAPE_TYPE.PICTURE or logo.name != "Logo":
                continue
            ink = image_color(logo.image.blob, opaque_only=True)
            box = (int(logo.left), int(logo.top), int(logo.width), int(logo.height))
            chip = next((s for s in shapes[:index] if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
                         and s.left <= box[0] and s.top <= box[1]
                         and s.left + s.width >= box[0] + box[2]
                         and s.top + s.height >= box[1] + box[3]), None)
            under = [str(chip.fill.fore_color.rgb)] if chip is not None else []
            under = [f"#{c}" for c in under] or colors_under(slide, *box)
            assert ink is not None and min(contrast(ink, c) for c in under) >= 3, (ink, under)


def test_a_dark_logo_on_a_dark_panel_gets_a_light_chip(tmp_path: Path) -> None:
    """On Staff Training's dark panel, a dark logo is put on a chip of the kit's light
    colour (the README's promise)."""
    kit = kit_for(staff_training_like(tmp_path), tmp_path)
    (kit / "slides.yaml.j2").write_text(
        '{% extends "default/slides.yaml.j2" %}{% block agenda %}- kind: content\n'
        '  title: {{ labels.agenda | tojson }}\n  body: "Short"\n  logo: true\n{% endblock %}',
        encoding="utf-8")
    deck, _ = deck_of(SAMPLE, kit)
    agenda = next(s for s in deck.slides if title_text(s) == "Agenda")
    shapes = list(agenda.shapes)
    logo = next(i for i, s in enumerate(shapes) if s.name == "Logo")
    chip = shapes[logo - 1]
    assert chip.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
    assert str(chip.fill.fore_color.rgb) == "FFFFFF"
    assert_logo_reads(deck)


# -- a layout the kit names is used, as its designer made it -----------------------------------


def test_named_layouts_with_vertical_titles_are_used_and_filled(tmp_path: Path) -> None:
    kit = kit_for(pitchbook_like(tmp_path), tmp_path)
    (kit / "brand.yaml").write_text(
        "name: Pitch\nslides:\n  master: pitchbook-like.pptx\n  layouts:\n"
        "    title: Title Slide\n    content: Title and Content\n    comparison: Comparison\n"
        "    section: Section Header\n", encoding="utf-8")
    deck, job = deck_of(SAMPLE, kit)
    assert not [w for w in job.warnings if "slides.layouts" in str(w)]
    used = {s.slide_layout.name for s in deck.slides}
    assert {"Title Slide", "Title and Content", "Comparison"} <= used
    for slide in deck.slides:  # each title in the vertical title placeholder of its layout
        title = slide.shapes.title
        assert title is not None and title.text_frame.text.strip()
        assert title.text_frame._bodyPr.get("vert") in (None, "vert")  # inherited as designed
        assert title.left > deck.slide_width * 0.8
        size = title.text_frame.paragraphs[0].runs[0].font.size.pt
        assert size >= 24, (title.text_frame.text, size)  # fitted along the band's length
    assert not [w for w in job.warnings if "hyphenated" in str(w)]
    assert check_deck(deck, titles=deck_titles(job), language="en", rtl=False) == []


@pytest.mark.parametrize("vert", ["vert270", "eaVert", "wordArtVert", "mongolianVert",
                                  "wordArtVertRtl"])
def test_every_kind_of_vertical_title_is_filled_along_its_length(vert: str,
                                                                  tmp_path: Path) -> None:
    """DrawingML has six ways to run text down a box; the corpus's are `vert` and `vert270`.
    Each is a vertical title: fitted along the band, not squeezed across it."""
    deck, job = deck_of(SAMPLE, kit_for(pitchbook_like(tmp_path, vert), tmp_path))
    for slide in deck.slides:
        title = slide.shapes.title
        size = title.text_frame.paragraphs[0].runs[0].font.size.pt
        assert size >= 24, (vert, title.text_frame.text, size)
    assert not [w for w in job.warnings if "hyphenated" in str(w)]


def test_named_layouts_with_titles_at_the_bottom_are_used(tmp_path: Path) -> None:
    kit = kit_for(staff_training_like(tmp_path), tmp_path)
    (kit / "brand.yaml").write_text(
        "name: Staff\nslides:\n  master: staff-training-like.pptx\n  layouts:\n"
        "    content: Title and Content\n    comparison: Comparison\n    title: Title Slide\n",
        encoding="utf-8")
    deck, job = deck_of(SAMPLE, kit)
    assert not [w for w in job.warnings if "slides.layouts" in str(w)]
    agenda = next(s for s in deck.slides if title_text(s) == "Agenda")
    assert agenda.slide_layout.name == "Title and Content"
    assert agenda.shapes.title.top > deck.slide_height * 0.7  # where the designer put it


def test_a_named_layout_coursepack_would_not_choose_is_used_with_the_reason(
        tmp_path: Path) -> None:
    """Naming Staff Training's "Content with Caption" for content and "Picture with Caption"
    for title-only slides (neither what coursepack picks) uses them: a warning says what
    coursepack cannot use of a layout, the deck keeps its invariants."""
    kit = kit_for(staff_training_like(tmp_path), tmp_path)
    (kit / "brand.yaml").write_text(
        "name: Staff\nslides:\n  master: staff-training-like.pptx\n  layouts:\n"
        "    content: Content with Caption\n    title_only: Picture with Caption\n",
        encoding="utf-8")
    deck, job = deck_of(SAMPLE, kit)
    agenda = next(s for s in deck.slides if title_text(s) == "Agenda")
    assert agenda.slide_layout.name == "Content with Caption"
    glance = next(s for s in deck.slides if title_text(s) == "At a glance")
    assert glance.slide_layout.name in ("Picture with Caption", "Content with Caption")
    assert check_deck(deck, titles=deck_titles(job), language="en", rtl=False) == []


def test_a_name_several_masters_share_takes_the_best_and_says_which(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    vintage = DATA / "masters" / "libreoffice" / "Vintage.pptx"
    kit = kit_for(vintage, tmp_path)
    (kit / "brand.yaml").write_text(
        'name: Vintage\nslides:\n  master: Vintage.pptx\n  layouts:\n    content: "Title, Content"\n'
        '    title: "Title Slide"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["brand", "check", str(kit)])
    assert "content     -> 'Title, Content' of master" in result.output, result.output
    assert "of the 4 with that name" in result.output
    assert "cannot hold" not in result.output and "refused" not in result.output
    deck, _ = deck_of(SAMPLE, kit)
    assert {s.slide_layout.name for s in deck.slides} <= {"Title Slide", "Title, Content",
                                                          "Title, 2 Content"}


# -- the client's own logo is kept, the design's art is not taken for one ----------------------


def logos(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE and s.name == "Logo"]


def test_a_master_with_its_own_logo_gets_no_second_one(tmp_path: Path) -> None:
    """Sales Proposal's title slide shows the client's logo picture: the kit's is not added."""
    deck, _ = deck_of(SAMPLE, kit_for(office("SalesProposal"), tmp_path))
    assert logos(deck.slides[0]) == []


@pytest.mark.parametrize("name", ["libreoffice/Vintage.pptx", "libreoffice/Pencil.pptx"])
def test_backgrounds_bands_and_strips_are_not_taken_for_a_logo(name: str, tmp_path: Path) -> None:
    """A master's full-slide pictures (Vintage) and bands (Pencil) are its design: the title
    slide still gets the kit's logo, readable on them."""
    deck, _ = deck_of(SAMPLE, kit_for(DATA / "masters" / name, tmp_path))
    assert len(logos(deck.slides[0])) == 1
    assert_logo_reads(deck)


def test_a_strip_down_the_side_is_not_a_logo_but_a_small_picture_in_a_corner_is(
        tmp_path: Path) -> None:
    def png(size: tuple[int, int], color: tuple[int, int, int]) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", size, color).save(out, "PNG")
        return out.getvalue()

    prs = pptx.Presentation()
    strip = (prs.slide_width - 240000, 0, 240000, prs.slide_height)  # Growing Liberty's
    master_picture(prs, png((8, 200), (40, 160, 60)), strip)
    prs.save(str(tmp_path / "strip.pptx"))
    deck, _ = deck_of(SAMPLE, kit_for(tmp_path / "strip.pptx", tmp_path))
    assert len(logos(deck.slides[0])) == 1
    master_picture(prs, png((120, 60), (200, 30, 30)), (300000, 300000, 900000, 450000))
    prs.save(str(tmp_path / "strip.pptx"))
    deck, _ = deck_of(SAMPLE, kit_for(tmp_path / "strip.pptx", tmp_path))
    assert logos(deck.slides[0]) == []  # a small picture in a corner: the client's logo


def test_a_sample_that_removed_its_layouts_body_does_not_say_what_the_layout_is_for(
        tmp_path: Path) -> None:
    """LibreOffice's Candy has a sample on "Title, Content" whose body was deleted (a picture
    in its place): that is not evidence for a title-only layout; the master's "Title Only"
    is, by its type and name, and gives a table its room."""
    prs = pptx.Presentation()
    content = prs.slide_layouts.get_by_name("Title and Content")
    for _ in range(3):
        slide = prs.slides.add_slide(content)
        slide.shapes.title.text = "A picture under a title"
        body = slide.placeholders[1]._element
        body.getparent().remove(body)
    prs.save(str(tmp_path / "adapted.pptx"))
    samples: dict = {}
    choices = map_layouts(open_master(tmp_path / "adapted.pptx", [], samples), None, samples)
    assert choices["title_only"].layout.name == "Title Only"
    assert choices["content"].layout.name == "Title and Content"


@pytest.mark.parametrize(("count", "one"), [(2, True), (16, True), (40, False)])
def test_the_sources_stay_on_one_closing_slide_unless_there_are_many(
        count: int, one: bool, tmp_path: Path) -> None:
    """Staff Training's closing slide became two slides for two sources: they shrink to one
    slide, and continue only when there are many."""
    data = generated_source(3, 3)
    data["sources"] = [{"title": f"Source {n} with a title of some length, {2020 + n % 5}",
                        "url": f"https://example.org/source/{n}"} for n in range(count)]
    path = write_yaml(tmp_path / "sources.yaml", data)
    deck, job = deck_of(path, kit_for(staff_training_like(tmp_path), tmp_path))
    closing = [s for s in deck.slides
               if title_text(s).startswith(job.labels["questions_and_discussion"])]
    assert (len(closing) == 1) == one, [title_text(s) for s in closing]
    assert check_deck(deck, titles=deck_titles(job), language="en", rtl=False) == []
