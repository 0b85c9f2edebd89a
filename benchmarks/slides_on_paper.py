"""The slides on paper, measured: whole-process time of `coursepack build` for the sample's
slides PDF and slide handout, against the handout alone (the same process, no LibreOffice).

Each command runs `--repeat` times under `/usr/bin/time -v` (elapsed time and peak memory of
the coursepack process; LibreOffice's own processes are its children and count in the time,
not in the peak).  "cold" builds with a LibreOffice profile made afresh (the first deck a
process draws); a build of two courses shows the second drawn warm, in a profile already
made.  Needs LibreOffice.  Run from the repo root:
    python benchmarks/slides_on_paper.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "content" / "product-vs-project-management.yaml"


def timed(args: list[str]) -> tuple[float, int]:
    """Return the elapsed seconds and peak memory (KB) of one command."""
    result = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-2000:]}")
    clock = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+(?:\.\d+)?)$",
                      result.stderr, re.MULTILINE)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert clock and peak
    return int(clock[1] or 0) * 60 + float(clock[2]), int(peak[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    if not shutil.which("soffice"):
        raise SystemExit("LibreOffice is needed: apt install libreoffice-impress")
    with tempfile.TemporaryDirectory(prefix="coursepack-bench-") as scratch:
        work = Path(scratch)
        second = work / "second.yaml"
        shutil.copy(SAMPLE, work / "first.yaml")
        shutil.copy(SAMPLE, second)
        coursepack = [sys.executable, "-m", "generator", "build", "--force", "--jobs", "1"]
        cases = {
            "handout (no LibreOffice)": [*coursepack, str(SAMPLE), "--out", str(work / "o"),
                                         "--format", "handout"],
            "slides-pdf, cold": [*coursepack, str(SAMPLE), "--out", str(work / "o"),
                                 "--format", "slides-pdf"],
            "slide-handout, cold": [*coursepack, str(SAMPLE), "--out", str(work / "o"),
                                    "--format", "slide-handout"],
            "slides-pdf of 2 courses (2nd warm)": [*coursepack, str(work / "first.yaml"),
                                                   str(second), "--out", str(work / "o"),
                                                   "--format", "slides-pdf"],
        }
        print(f"{'build':38} {'median s':>9} {'min s':>7} {'peak MB':>8}")
        for name, args in cases.items():
            runs = [timed(args) for _ in range(repeat)]
            seconds = [s for s, _ in runs]
            print(f"{name:38} {statistics.median(seconds):9.2f} {min(seconds):7.2f} "
                  f"{max(k for _, k in runs) / 1024:8.0f}")


if __name__ == "__main__":
    main()
