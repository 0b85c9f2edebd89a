"""Live authoring, measured: from saving a one-cell change to the outputs rewritten.

Starts `coursepack build --watch` on a copy of the sample in a scratch folder, waits for its
first build, then saves a one-cell change (by rename, as many editors do) again and again,
each time timing until all three outputs have been rewritten.  With `--preview` it runs
`coursepack preview --no-open` instead and also times until the page, open in headless
Chromium (driven by Playwright), shows the changed text.  Run from the repo root:
    python benchmarks/watch.py [--repeat 10] [--preview]
A cold `coursepack build` of the same copy is timed too, for the comparison.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "content" / "product-vs-project-management.yaml"
CELL = "Focuses on the what and why of a product"
OUTPUTS = ("-handout.pdf", "-slides.pptx", "-cheatsheet.pdf")


def save_by_rename(path: Path, text: str) -> None:
    """Write `text` to `path` the way many editors save: a new file renamed over the old."""
    scratch = path.with_name(f".{path.name}.saving")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)


def wait_for(condition, timeout: float = 30.0, step: float = 0.002) -> float:
    """Return the time when `condition()` first held; raise after `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if condition():
            return time.perf_counter()
        time.sleep(step)
    raise SystemExit("timed out waiting for the watcher")


def stamps(folder: Path) -> list[int]:
    return [(folder / f"pm{suffix}").stat().st_mtime_ns if (folder / f"pm{suffix}").exists()
            else 0 for suffix in OUTPUTS]


def cold_build(work: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "pm.yaml", "--out", "cold",
                    "--force", "-q"], cwd=work, check=True)
    return time.perf_counter() - started


def measure(repeat: int, preview: bool) -> dict[str, list[float]]:
    if preview:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or shutil.which("google-chrome"),
                args=["--no-sandbox"])
            try:
                return _measure(repeat, browser.new_page())
            finally:
                browser.close()
    return _measure(repeat, None)


def _measure(repeat: int, page) -> dict[str, list[float]]:
    preview = page is not None
    work = Path(tempfile.mkdtemp(prefix="coursepack-watch-bench-"))
    source = work / "pm.yaml"
    shutil.copy(SAMPLE, source)
    folder = work / "out" / "default"
    command = ([sys.executable, "-m", "generator", "preview", "pm.yaml", "--no-open",
                "--out", "out"] if preview else
               [sys.executable, "-m", "generator", "build", "pm.yaml", "--watch", "--out", "out"])
    process = subprocess.Popen(command, cwd=work, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    figures: dict[str, list[float]] = {"outputs": [], "page": [], "cold": []}
    try:
        url = None
        if preview:
            assert process.stdout is not None
            for line in process.stdout:
                found = re.search(r"http://127\.0\.0\.1:\d+/", line)
                if found:
                    url = found.group(0)
                    break
            threading.Thread(target=process.stdout.read, daemon=True).start()  # keep it flowing
        wait_for(lambda: all(stamps(folder)), timeout=60)
        if page is not None:
            page.goto(url)
            page.wait_for_selector(f"img[alt*='{CELL}']", timeout=60_000)
        time.sleep(1.0)  # let the first build settle
        text = source.read_text(encoding="utf-8")
        for round_ in range(repeat):
            before = stamps(folder)
            edited = text.replace(CELL, f"{CELL} (edit {round_})")
            started = time.perf_counter()
            save_by_rename(source, edited)
            done = wait_for(lambda before=before: all(
                a != b for a, b in zip(stamps(folder), before, strict=True)))
            figures["outputs"].append(done - started)
            if page is not None:
                page.wait_for_selector(f"img[alt*='(edit {round_})']", timeout=30_000)
                figures["page"].append(time.perf_counter() - started)
            time.sleep(0.5)
        for _ in range(max(3, repeat // 3)):
            figures["cold"].append(cold_build(work))
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--preview", action="store_true")
    args = parser.parse_args()
    figures = measure(args.repeat, args.preview)
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}; medians of "
          f"{args.repeat} saves")
    print(f"save -> all three outputs rewritten: {statistics.median(figures['outputs']):.2f} s "
          f"(min {min(figures['outputs']):.2f}, max {max(figures['outputs']):.2f})")
    if figures["page"]:
        print(f"save -> the page shows the new build: {statistics.median(figures['page']):.2f} s "
              f"(min {min(figures['page']):.2f}, max {max(figures['page']):.2f})")
    print(f"cold build of the same source (whole process): "
          f"{statistics.median(figures['cold']):.2f} s")


if __name__ == "__main__":
    main()
