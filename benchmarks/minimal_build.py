"""The reference point: the least code that makes the same three files per source.

No validation, no templates, no fitting, no kit: plain HTML to WeasyPrint twice and a deck
with one slide per dimension.  `run.py` compares coursepack's whole-process time against it.
Usage: python minimal_build.py OUT SOURCE... [--jobs N]
"""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path


def build_one(source: Path, out: Path) -> None:
    from pptx import Presentation
    from ruamel.yaml import YAML
    from weasyprint import HTML

    data = YAML(typ="safe").load(source.read_text(encoding="utf-8"))
    keys = [s["key"] for s in data["subjects"]]
    rows = "".join(
        "<tr><th>{}</th>{}</tr>".format(
            html.escape(d["name"]),
            "".join(f"<td>{html.escape(str(d[k]))}</td>" for k in keys),
        )
        for d in data["dimensions"]
    )
    page = f"<h1>{html.escape(data['title'])}</h1><table>{rows}</table>"
    HTML(string=page).write_pdf(out / f"{source.stem}-handout.pdf")
    HTML(string=page).write_pdf(out / f"{source.stem}-cheatsheet.pdf")
    deck = Presentation()
    for d in data["dimensions"]:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = d["name"]
        slide.placeholders[1].text = "\n".join(str(d[k]) for k in keys)
    deck.save(out / f"{source.stem}-slides.pptx")


def main() -> None:
    args = sys.argv[1:]
    jobs = 1
    if "--jobs" in args:
        index = args.index("--jobs")
        jobs = int(args[index + 1])
        del args[index: index + 2]
    out, sources = Path(args[0]), [Path(a) for a in args[1:]]
    out.mkdir(parents=True, exist_ok=True)
    import pptx  # noqa: F401  (imported before forking, as coursepack does)
    import weasyprint  # noqa: F401

    if jobs == 1:
        for source in sources:
            build_one(source, out)
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
        list(pool.map(build_one, sources, [out] * len(sources)))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
