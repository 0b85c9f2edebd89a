"""Reference 2: WeasyPrint and python-pptx alone, making coursepack's own documents.

`prepare(folder)` (not timed) writes the HTML and CSS that coursepack renders for the sample:
the handout, and the cheat sheet at the level it settles on.  Then, timed as a whole process,
`python same_documents.py FOLDER` imports WeasyPrint and python-pptx, lays out and writes those
two PDFs once each (no validation, no templates, no fitting search, no workers) and saves a
deck of one slide per dimension.  It is the floor for documents as rich as ours.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path


def prepare(folder: Path, source: Path) -> None:
    """Write handout/cheatsheet HTML and CSS for `source` into `folder` (not timed)."""
    from generator.brand import load_brand
    from generator.render import cheatsheet, handout
    from generator.render.context import RenderJob, template_context
    from generator.source import load_source
    from generator.templating import make_environment, render_template

    job = RenderJob(load_source(source), load_brand(), source.resolve())
    env = make_environment(job.kit)
    folder.mkdir(parents=True, exist_ok=True)
    context = template_context(job, tints=handout.tints(job.kit.colors))
    (folder / "handout.html").write_text(render_template(env, "handout.html.j2", context))
    (folder / "handout.css").write_text(render_template(env, "handout.css.j2", context))
    fit = cheatsheet.choose_fit(job).fit
    context = template_context(job, fit=asdict(fit),
                               dimension_share=cheatsheet.dimension_share(job, fit))
    (folder / "cheatsheet.html").write_text(render_template(env, "cheatsheet.html.j2", context))
    (folder / "cheatsheet.css").write_text(render_template(env, "cheatsheet.css.j2", context))
    rows = [[d.name, *(d.cell(s).summary for s in job.comparison.subjects)]
            for d in job.comparison.dimensions]
    (folder / "rows.json").write_text(json.dumps(rows))


def build_one(folder: Path) -> None:
    """Write the two PDFs and the deck for one prepared folder."""
    from pptx import Presentation
    from weasyprint import CSS, HTML

    base = folder.as_uri() + "/"
    for name in ("handout", "cheatsheet"):
        css = CSS(string=(folder / f"{name}.css").read_text(), base_url=base)
        HTML(string=(folder / f"{name}.html").read_text(), base_url=base).write_pdf(
            folder / f"{name}.pdf", stylesheets=[css])
    deck = Presentation()
    for row in json.loads((folder / "rows.json").read_text()):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = row[0]
        slide.placeholders[1].text = "\n".join(row[1:])
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
