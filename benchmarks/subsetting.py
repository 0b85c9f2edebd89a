"""Cold builds on this machine's font-subsetting path, and what coursepack's speed-up gives.

WeasyPrint subsets the fonts it embeds with HarfBuzz's subsetter (C) where libharfbuzz-subset
is installed, else with fontTools (Python).  Run this once on each kind of machine (or remove
the library, e.g. `apt-get remove libharfbuzz-subset0`, and run it again) from the repo root:
    python benchmarks/subsetting.py [--repeat 7]

On the fontTools path it also times the same builds without coursepack's speed-up
(`generator/render/pdf/font_subset.py`), side by side, so the gain is a measured ratio.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import COURSEPACK, PY, REPO, SAMPLE, measure

# coursepack as shipped, but with WeasyPrint's own fontTools subsetting left as it is
WITHOUT_SPEED_UP = [PY, "-c", (
    "import sys; import generator.render.pdf.font_subset as f; "
    "f.speed_up_python_subsetting = lambda: False; sys.argv[0] = 'coursepack'; "
    "from generator.cli import main; main()")]


def fast_path() -> bool:
    sys.path.insert(0, str(REPO))
    from generator.render.pdf.font_subset import has_fast_subsetting

    return has_fast_subsetting()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    work = Path(tempfile.mkdtemp(prefix="coursepack-bench-"))
    out = work / "out"
    clean = lambda: shutil.rmtree(out, ignore_errors=True)  # noqa: E731
    fast = fast_path()
    builds = [("sample, all three outputs, cold", []),
              ("sample, handout only, cold", ["--format", "handout"]),
              ("sample, cheat sheet only, cold", ["--format", "cheatsheet"])]
    group: list[tuple[str, list[str]]] = []
    for label, options in builds:
        arguments = ["build", str(SAMPLE), "--out", str(out), *options]
        group.append((label, [*COURSEPACK, *arguments]))
        if not fast:
            group.append((f"{label}, without the speed-up", [*WITHOUT_SPEED_UP, *arguments]))
    try:
        results = measure([(command, clean) for _, command in group], repeat, REPO)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {repeat} runs each")
    print("font subsetting:", "HarfBuzz (libharfbuzz-subset present)" if fast
          else "fontTools (libharfbuzz-subset missing)")
    print(f"{'what':58} {'median s':>9} {'peak MB':>8} {'ratio':>7}")
    for index, ((label, _), (seconds, peak, _tree)) in enumerate(
            zip(group, results, strict=True)):
        ratio = ""
        if not fast and index % 2 == 1:
            ratio = f"{results[index - 1][0] / seconds:.2f}×"  # as shipped / without
        print(f"{label:58} {seconds:9.3f} {peak:8.1f} {ratio:>7}")


if __name__ == "__main__":
    main()
