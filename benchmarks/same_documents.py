"""Reference 2: WeasyPrint and python-pptx alone, making coursepack's own three files.

`prepare(folder)` (not timed) has coursepack work out everything about the sample: the HTML
and CSS of the handout and of the cheat sheet at the level it settles on, and the deck's
slides (layout, shapes as XML, pictures, notes) on the kit's themed master.  Then, timed as a
whole process, `python same_documents.py FOLDER` imports WeasyPrint and python-pptx, lays out
and writes the two PDFs once each and writes the same deck by adding each slide and its
ready-made shapes (no validation, no templates, no fitting, no text measuring, no workers).
It is the floor for documents as rich as ours.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path


def prepare(folder: Path, source: Path) -> None:
    """Write handout/cheatsheet HTML and CSS for `source` into `folder` (not timed)."""
    from generator.kits.load import load_brand
    from generator.render.context import template_context
    from generator.render.formats import cheatsheet, handout
    from generator.render.job import RenderJob
    from generator.source.load import load_source
    from generator.templating.environment import make_environment, render_template

    job = RenderJob(load_source(source), load_brand(), source.resolve())
    env = make_environment(job.kit.folders)
    folder.mkdir(parents=True, exist_ok=True)
    context = template_context(job, tints=handout.tints(job.kit.colors))
    (folder / "handout.html").write_text(render_template(env, "handout.html.j2", context))
    (folder / "handout.css").write_text(render_template(env, "handout.css.j2", context))
    fit = cheatsheet.choose_fit(job).fit
    context = template_context(job, fit=asdict(fit),
                               dimension_share=cheatsheet.dimension_share(job, fit))
    (folder / "cheatsheet.html").write_text(render_template(env, "cheatsheet.html.j2", context))
    (folder / "cheatsheet.css").write_text(render_template(env, "cheatsheet.css.j2", context))
    _prepare_deck(folder, job)


def _prepare_deck(folder: Path, job) -> None:
    """Save our deck as replay data: its themed master, and per slide the layout's name, the
    shapes' XML, picture files and the notes."""
    import io

    from lxml import etree
    from pptx import Presentation

    from generator.render import FORMATS

    deck = Presentation(io.BytesIO(FORMATS["slides"].render(job)))
    slides = []
    for number, slide in enumerate(deck.slides):
        shapes, pictures = [], []
        for shape in slide.shapes:
            if shape.shape_type == 13:  # a picture: keep its image beside
                name = f"picture-{number}-{len(pictures)}.{shape.image.ext}"
                (folder / name).write_bytes(shape.image.blob)
                pictures.append((len(shapes), name))
            shapes.append(etree.tostring(shape._element, encoding="unicode"))
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append({"layout": slide.slide_layout.name, "shapes": shapes,
                       "pictures": pictures, "notes": notes})
    (folder / "slides.json").write_text(json.dumps(slides))
    ids = deck.slides._sldIdLst
    for slide_id in list(ids):  # the master as our deck themed it, without slides
        deck.part.drop_rel(slide_id.rId)
        ids.remove(slide_id)
    deck.save(folder / "master.pptx")


def build_one(folder: Path) -> None:
    """Write the two PDFs and the deck for one prepared folder."""
    from pptx import Presentation
    from pptx.oxml import parse_xml
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    base = folder.as_uri() + "/"
    for name in ("handout", "cheatsheet"):
        fonts = FontConfiguration()  # so the kit's @font-face rules load, as in coursepack
        css = CSS(string=(folder / f"{name}.css").read_text(), base_url=base, font_config=fonts)
        HTML(string=(folder / f"{name}.html").read_text(), base_url=base).write_pdf(
            folder / f"{name}.pdf", stylesheets=[css], font_config=fonts)
    deck = Presentation(folder / "master.pptx")
    layouts = {layout.name: layout for layout in deck.slide_layouts}
    for spec in json.loads((folder / "slides.json").read_text()):
        slide = deck.slides.add_slide(layouts[spec["layout"]])
        tree = slide.shapes._spTree
        for placeholder in list(slide.placeholders):
            tree.remove(placeholder._element)
        elements = [parse_xml(xml) for xml in spec["shapes"]]
        for index, name in spec["pictures"]:
            _, rid = slide.part.get_or_add_image_part(str(folder / name))
            elements[index].blipFill.blip.rEmbed = rid
        for element in elements:
            tree.append(element)
        if spec["notes"]:
            slide.notes_slide.notes_text_frame.text = spec["notes"]
    deck.save(folder / "slides.pptx")


def main(args: list[str]) -> None:
    """`same_documents.py FOLDER... [--jobs N]`: one process, or N forked workers."""
    jobs = 1
    if "--jobs" in args:
        index = args.index("--jobs")
        jobs = int(args[index + 1])
        del args[index: index + 2]
    folders = [Path(a) for a in args]
    import pptx  # noqa: F401  (imported before forking)
    import weasyprint  # noqa: F401

    if jobs == 1:
        for folder in folders:
            build_one(folder)
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
        list(pool.map(build_one, folders))


if __name__ == "__main__":
    main(sys.argv[1:])
