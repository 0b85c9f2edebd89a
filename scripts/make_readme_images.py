"""Regenerate the README's pictures: the sample built with the default kit and with Northwind.

Needs poppler-utils (pdftoppm) and LibreOffice (soffice) on the machine: they are tools for
these pictures only, not dependencies of coursepack.  Run from the repo root:
    python scripts/make_readme_images.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "docs" / "images"
SAMPLE = REPO / "content" / "product-vs-project-management.yaml"
STEM = SAMPLE.stem


def page_png(pdf: Path, page: int, out: Path, dpi: int = 45) -> Image.Image:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(out)], check=True)
    return Image.open(out.with_suffix(".png")).convert("RGB")


def strip(images: list[Image.Image], gap: int = 12) -> Image.Image:
    height = max(im.height for im in images)
    width = sum(im.width for im in images) + gap * (len(images) - 1)
    sheet = Image.new("RGB", (width, height), "white")
    x = 0
    for im in images:
        sheet.paste(im, (x, 0))
        x += im.width + gap
    return sheet


def main() -> None:
    work = Path(tempfile.mkdtemp())
    IMAGES.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "generator", "-q", "build", str(SAMPLE), "--brand",
                    "default", "--brand", "northwind", "--out", str(work), "--force"], check=True)
    for kit in ("default", "northwind"):
        folder = work / kit
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                        str(folder / f"{STEM}-slides.pptx")], check=True, capture_output=True)
        handout = folder / f"{STEM}-handout.pdf"
        deck = folder / f"{STEM}-slides.pdf"
        pages = [page_png(handout, 1, work / f"{kit}-h1"), page_png(handout, 2, work / f"{kit}-h2"),
                 page_png(folder / f"{STEM}-cheatsheet.pdf", 1, work / f"{kit}-c")]
        strip(pages).save(IMAGES / f"{kit}-pdfs.png", optimize=True)
        slides = [page_png(deck, n, work / f"{kit}-s{n}", dpi=30) for n in (1, 4, 9)]
        strip(slides).save(IMAGES / f"{kit}-slides.png", optimize=True)
    shutil.rmtree(work, ignore_errors=True)
    print("wrote", ", ".join(p.name for p in sorted(IMAGES.glob("*.png"))))


if __name__ == "__main__":
    main()
