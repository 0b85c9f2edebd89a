"""Whole-process timings and peak memory of coursepack, side by side with reference commands.

Every figure is the median wall time of several runs of a whole process, measured with
/usr/bin/time -v (which also gives the peak resident memory).  Run from the repo root:
    python benchmarks/run.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "content" / "product-vs-project-management.yaml"
PY = sys.executable
COURSEPACK = [PY, "-m", "generator"]


def measure(command: list[str], repeat: int, cwd: Path, before=None) -> tuple[float, float]:
    """Return (median seconds, max peak RSS in MB) of `command` run `repeat` times."""
    times, peaks = [], []
    for _ in range(repeat):
        if before:
            before()
        result = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd, capture_output=True,
                                text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        if result.returncode != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
        wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
        hours, minutes, seconds = wall.groups()
        times.append(int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds))
        peaks.append(int(re.search(r"Maximum resident set size \(kbytes\): (\d+)",
                                   result.stderr).group(1)) / 1024)
    return statistics.median(times), max(peaks)


def generated(folder: Path, count: int, subjects: int, dimensions: int) -> list[Path]:
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import generated_source, write_yaml

    folder.mkdir(parents=True, exist_ok=True)
    return [write_yaml(folder / f"gen{n:02}.yaml", generated_source(subjects, dimensions))
            for n in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    work = Path(tempfile.mkdtemp(prefix="coursepack-bench-"))
    out = work / "out"
    rows: list[tuple[str, float, float, str]] = []

    def row(label: str, command: list[str], reference: float | None = None, before=None,
            n: int = repeat) -> float:
        seconds, peak = measure(command, n, REPO, before)
        ratio = f"{seconds / reference:.2f}×" if reference else ""
        rows.append((label, seconds, peak, ratio))
        return seconds

    clean = lambda: shutil.rmtree(out, ignore_errors=True)  # noqa: E731
    try:
        import yaml  # noqa: F401
        ref_imports = "import click, jinja2, yaml"
    except ImportError:
        ref_imports = "import click, jinja2, ruamel.yaml"
    imports = row(f"python -c '{ref_imports}'", [PY, "-c", ref_imports])
    click_only = row("python -c 'import click'", [PY, "-c", "import click"])
    row("coursepack --help", [*COURSEPACK, "--help"], click_only)
    minimal = row("minimal script: sample, 3 files, 1 process",
                  [PY, "benchmarks/minimal_build.py", str(work / "min"), str(SAMPLE)], before=clean)
    sys.path.insert(0, str(REPO / "benchmarks"))
    from same_documents import prepare

    prepare(work / "same", SAMPLE)
    same = row("same documents, WeasyPrint + python-pptx alone",
               [PY, "benchmarks/same_documents.py", str(work / "same")])
    cold = row("coursepack build sample (cold, all 3)",
               [*COURSEPACK, "-q", "build", str(SAMPLE), "--out", str(out)], minimal, before=clean)
    rows.append(("… the same run, against the same-documents floor", cold, 0.0,
                 f"{cold / same:.2f}×"))
    row("coursepack build sample (nothing changed)",
        [*COURSEPACK, "-q", "build", str(SAMPLE), "--out", str(out)], imports)
    big = generated(work / "big", 1, 6, 30)
    # 30 dimensions is over what a one-page cheat sheet holds (20): handout and deck only.
    row("coursepack build 6 subjects x 30 dimensions (handout+deck)",
        [*COURSEPACK, "-q", "build", str(big[0]), "--out", str(out), "--format", "handout",
         "--format", "slides"], None, before=clean, n=3)
    wide = generated(work / "wide", 1, 6, 20)
    row("coursepack build 6 subjects x 20 dimensions (all 3)",
        [*COURSEPACK, "-q", "build", str(wide[0]), "--out", str(out)], None, before=clean, n=3)
    catalogue = generated(work / "catalogue", 20, 3, 6)
    minimal_many = row("minimal forked script: 20 sources x 3, 2 workers",
                       [PY, "benchmarks/minimal_build.py", str(work / "min20"), *map(str, catalogue),
                        "--jobs", "2"], n=3)
    same_folders = []
    for source in catalogue:
        prepare(work / "same20" / source.stem, source)
        same_folders.append(str(work / "same20" / source.stem))
    same_many = row("same documents forked: 20 sources x 3, 2 workers",
                    [PY, "benchmarks/same_documents.py", *same_folders, "--jobs", "2"], n=3)
    many = row("coursepack build 20 sources x 3 (--jobs 2)",
               [*COURSEPACK, "-q", "build", str(work / "catalogue"), "--out", str(out),
                "--jobs", "2"], minimal_many, before=clean, n=3)
    rows.append(("… the same run, against the same-documents floor", many, 0.0,
                 f"{many / same_many:.2f}×"))

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"{'what':58} {'median s':>9} {'peak MB':>8} {'ratio':>7}")
    for label, seconds, peak, ratio in rows:
        peak_text = f"{peak:8.1f}" if peak else " " * 8
        print(f"{label:58} {seconds:9.3f} {peak_text} {ratio:>7}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
