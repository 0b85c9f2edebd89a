"""Whole-process timings and peak memory of coursepack, side by side with reference commands.

Every figure is the median wall time of several runs of a whole process (the peak resident
memory comes from /usr/bin/time -v).  Commands that are compared take turns, so the ratios
are measured side by side.  Run from the repo root:
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
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "content" / "product-vs-project-management.yaml"
PY = sys.executable
COURSEPACK = [PY, "-m", "generator"]


def run_once(command: list[str], cwd: Path) -> tuple[float, float]:
    """Return (wall seconds, peak RSS in MB) of one run of `command`.

    The wall time is taken around the process (time's own clock shows only 10 ms steps, too
    coarse for `--help`); /usr/bin/time -v reports the peak memory.
    """
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd, capture_output=True,
                            text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return wall, peak / 1024


def tree_peak_pss(command: list[str], cwd: Path) -> float:
    """Return the peak of the summed proportional set size (MB) of `command`'s process tree.

    /usr/bin/time reports the largest single process; a build's workers add to it.  PSS
    counts pages the forks share once.  Sampled every 10 ms from /proc (Linux), in a run of
    its own so the sampling never slows a timed run.
    """
    if not Path("/proc/self/smaps_rollup").exists():
        return 0.0
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONWARNINGS": "ignore"})
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss_kib(pid) for pid in _tree(process.pid)))
        time.sleep(0.01)
    return peak / 1024


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                for child in children.read().split():
                    found.extend(_tree(int(child)))
    except OSError:
        pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def measure(commands: list[tuple[list[str], object]], repeat: int, cwd: Path
            ) -> list[tuple[float, float, float]]:
    """Return (median seconds, max peak MB, tree PSS MB) of each (command, before) pair.

    The commands take turns, each round starting one further along (A B C, B C A, C A B, ...),
    so a slow spell on a shared machine, or a position in the round, falls on all of them
    alike and the ratios between them stay fair.
    """
    samples: list[list[tuple[float, float]]] = [[] for _ in commands]
    for round_ in range(repeat):
        for offset in range(len(commands)):
            index = (round_ + offset) % len(commands)
            command, before = commands[index]
            if before:
                before()
            samples[index].append(run_once(command, cwd))
    trees = []
    for command, before in commands:
        if before:
            before()
        trees.append(tree_peak_pss(command, cwd))
    return [(statistics.median(t for t, _ in runs), max(p for _, p in runs), tree)
            for runs, tree in zip(samples, trees, strict=True)]


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
    rows: list[tuple[str, float, float, float, str]] = []

    def rows_of(group: list[tuple[str, list[str], object]], n: int = repeat) -> list[float]:
        """Time a group of commands side by side; add a row for each; return their medians."""
        results = measure([(command, before) for _, command, before in group], n, REPO)
        for (label, _, _), (seconds, peak, tree) in zip(group, results, strict=True):
            rows.append((label, seconds, peak, tree, ""))
        return [seconds for seconds, _, _ in results]

    def ratio(label: str, seconds: float, reference: float) -> None:
        rows.append((f"  ratio: {label}", 0.0, 0.0, 0.0, f"{seconds / reference:.2f}×"))

    clean = lambda: shutil.rmtree(out, ignore_errors=True)  # noqa: E731
    try:
        import yaml  # noqa: F401
        ref_imports = "import click, jinja2, yaml"
    except ImportError:
        ref_imports = "import click, jinja2, ruamel.yaml"
    build = [*COURSEPACK, "-q", "build", str(SAMPLE), "--out", str(out)]
    run_once(build, REPO)  # so that the "nothing changed" runs below find their outputs
    imports, click_only, help_, unchanged = rows_of([
        (f"python -c '{ref_imports}'", [PY, "-c", ref_imports], None),
        ("python -c 'import click'", [PY, "-c", "import click"], None),
        ("coursepack --help", [*COURSEPACK, "--help"], None),
        ("coursepack build sample (nothing changed)", build, None),
    ])
    ratio("--help / import click", help_, click_only)
    ratio("nothing changed / the imports above", unchanged, imports)

    sys.path.insert(0, str(REPO / "benchmarks"))
    from same_documents import prepare

    prepare(work / "same", SAMPLE)
    minimal, same, cold, _serial = rows_of([
        ("minimal script: sample, 3 files, 1 process",
         [PY, "benchmarks/minimal_build.py", str(work / "min"), str(SAMPLE)],
         lambda: shutil.rmtree(work / "min", ignore_errors=True)),
        ("same documents, WeasyPrint + python-pptx alone",
         [PY, "benchmarks/same_documents.py", str(work / "same")], None),
        ("coursepack build sample (cold, all 3)", build, clean),
        ("coursepack build sample (cold, all 3, --jobs 1)", [*build, "--jobs", "1"], clean),
    ])
    ratio("cold / minimal script", cold, minimal)
    ratio("cold / same documents", cold, same)

    big = generated(work / "big", 1, 6, 30)
    wide = generated(work / "wide", 1, 6, 20)
    # 30 dimensions is over what a one-page cheat sheet holds (20): handout and deck only.
    rows_of([
        ("coursepack build 6 subjects x 30 dimensions (handout+deck)",
         [*COURSEPACK, "-q", "build", str(big[0]), "--out", str(out), "--format", "handout",
          "--format", "slides"], clean),
        ("coursepack build 6 subjects x 20 dimensions (all 3)",
         [*COURSEPACK, "-q", "build", str(wide[0]), "--out", str(out)], clean),
    ], n=3)

    catalogue = generated(work / "catalogue", 20, 3, 6)
    same_folders = []
    for source in catalogue:
        prepare(work / "same20" / source.stem, source)
        same_folders.append(str(work / "same20" / source.stem))
    minimal_many, same_many, many = rows_of([
        ("minimal forked script: 20 sources x 3, 2 workers",
         [PY, "benchmarks/minimal_build.py", str(work / "min20"), *map(str, catalogue),
          "--jobs", "2"], lambda: shutil.rmtree(work / "min20", ignore_errors=True)),
        ("same documents forked: 20 sources x 3, 2 workers",
         [PY, "benchmarks/same_documents.py", *same_folders, "--jobs", "2"], None),
        ("coursepack build 20 sources x 3 (--jobs 2)",
         [*COURSEPACK, "-q", "build", str(work / "catalogue"), "--out", str(out), "--jobs", "2"],
         clean),
    ], n=3)
    ratio("catalogue / minimal forked script", many, minimal_many)
    ratio("catalogue / same documents forked", many, same_many)

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"{'what':58} {'median s':>9} {'peak MB':>8} {'tree MB':>8} {'ratio':>7}")
    print(f"{'':58} {'':9} {'(largest':>8} {'(PSS of':>8}")
    print(f"{'':58} {'':9} {'process)':>8} {'all)':>8}")
    for label, seconds, peak, tree, ratio_text in rows:
        if ratio_text:
            print(f"{label:58} {'':9} {'':8} {'':8} {ratio_text:>7}")
        else:
            print(f"{label:58} {seconds:9.3f} {peak:8.1f} {tree:8.1f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
