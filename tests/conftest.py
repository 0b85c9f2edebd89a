"""Shared fixtures: the sample source, generated sources of any size, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from ruamel.yaml import YAML

# Property tests: few examples by default, so the suite stays a quick loop; CI runs the
# thorough profile (HYPOTHESIS_PROFILE=thorough, set by .ci/run).
settings.register_profile("quick", max_examples=12, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("thorough", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
# Real processes the tests start (`python -m generator`) run the code in this tree too, not an
# installed copy, whatever folder they start in (pytest's own imports: pythonpath in
# pyproject.toml).
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])
SAMPLE = REPO / "content" / "product-vs-project-management.yaml"
WORDS = (
    "planning", "delivery", "roadmap", "budget", "customer", "sponsor", "scope", "release",
    "metric", "value", "team", "stakeholder", "quality", "risk", "schedule", "market", "outcome",
    "adoption", "feedback", "strategy",
)


def generated_source(subjects: int = 3, dimensions: int = 8, *, language: str = "en",
                     detail_sentences: int = 3, summary_words: int = 6) -> dict:
    """Return a valid source as data with the given number of subjects and dimensions."""
    def words(seed: int, count: int) -> str:
        return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(count))

    keys = [f"s{i + 1}" for i in range(subjects)]
    return {
        "title": f"Generated comparison of {subjects} subjects",
        "subtitle": "A source made by the test suite",
        "language": language,
        "audience": "Test readers",
        "duration": "30 minutes",
        "intro": "This comparison was **generated** for tests.",
        "subjects": [
            {"key": key, "name": f"Subject {i + 1} {words(i, 1).title()}", "short": f"S{i + 1}",
             "tagline": words(i, 5).capitalize()}
            for i, key in enumerate(keys)
        ],
        "dimensions": [
            {
                "name": f"Dimension {d + 1} {words(d, 2).title()}",
                "takeaway": f"Takeaway {d + 1}: {words(d, 8)}.",
                **{
                    key: {
                        "summary": f"Cell {d + 1}.{i + 1} {words(d + i, summary_words - 2)}",
                        "detail": " ".join(
                            f"Detail {d + 1}.{i + 1} sentence {n + 1} about {words(d + i + n, 9)}."
                            for n in range(detail_sentences)
                        ),
                    }
                    for i, key in enumerate(keys)
                },
            }
            for d in range(dimensions)
        ],
        "summary": "Closing summary of the generated comparison.",
        "takeaways": [f"Generated takeaway {n + 1} about {words(n, 4)}" for n in range(4)],
        "review": [{"question": f"Question {n + 1}?", "answer": f"Answer {n + 1}."}
                   for n in range(3)],
        "notes": "Facilitator-only note: FACILITATOR-SECRET.",
        "sources": [{"title": "Generated source", "url": "https://example.org/source"}],
    }


def write_yaml(path: Path, data: dict) -> Path:
    """Write `data` as YAML to `path` and return the path."""
    yaml = YAML()
    yaml.default_flow_style = False
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    return path


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def make_source(tmp_path: Path) -> Callable[..., Path]:
    """Return a factory writing a generated source into tmp_path."""
    def make(name: str = "generated", **kwargs) -> Path:
        overrides = kwargs.pop("overrides", {})
        data = generated_source(**kwargs)
        data.update(overrides)
        return write_yaml(tmp_path / f"{name}.yaml", data)

    return make


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def colliding_glyphs(pdf: bytes) -> list[tuple[int, str, str]]:
    """Return glyphs of `pdf` drawn over one another, as (page, one, other): text that ran
    into a neighbouring column or box.  Positions are PDFium's, independent of the renderer;
    two glyphs collide when they share more than half the narrower one's width and half the
    shorter one's height (kerned and italic neighbours touch far less; the letters of one
    ligature, such as "fi", share its box and are not counted)."""
    import pypdfium2

    found = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, 1):
            text = page.get_textpage()
            boxes = []
            for i in range(text.count_chars()):
                char = text.get_text_range(i, 1)
                left, bottom, right, top = text.get_charbox(i)
                if char.strip() and right > left and top > bottom:
                    boxes.append((left, bottom, right, top, char, i))
            grid: dict[tuple[int, int], list[tuple[float, float, float, float, str, int]]] = {}
            for box in boxes:
                seen: set[tuple[float, float, float, float, str, int]] = set()
                left, bottom, right, top, char, _ = box
                cells = {(int(x) // 12, int(y) // 12) for x in (left, right) for y in (bottom, top)}
                for cell in cells:
                    for other in grid.get(cell, []):
                        if abs(other[5] - box[5]) <= 2 or other in seen:  # one ligature
                            continue
                        width = min(right - left, other[2] - other[0])
                        height = min(top - bottom, other[3] - other[1])
                        shared_x = min(right, other[2]) - max(left, other[0])
                        shared_y = min(top, other[3]) - max(bottom, other[1])
                        if shared_x > width / 2 and shared_y > height / 2:
                            found.append((number, other[4], char))
                            seen.add(other)
                    grid.setdefault(cell, []).append(box)
    finally:
        document.close()
    return found


def make_kit(root: Path, brand_yaml: str, files: dict[str, bytes | str] | None = None) -> Path:
    """Return a kit folder `root/kit` holding `brand_yaml` and `files` (name -> content)."""
    kit = root / "kit"
    kit.mkdir(parents=True, exist_ok=True)
    (kit / "brand.yaml").write_text(brand_yaml, encoding="utf-8")
    for name, content in (files or {}).items():
        path = kit / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return kit


def build_sample(out: Path, *options: str, kit: Path | None = None,
                 source: Path = SAMPLE) -> Path:
    """Build `source` with `coursepack build` (Click's runner) into `out`; return the kit's
    output folder."""
    from generator.cli import cli

    args = ["build", str(source), "--out", str(out), *options]
    if kit is not None:
        args += ["--brand", str(kit)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out / (kit.name if kit is not None else "default")


def default_sigint() -> None:
    """Give a child process the default Ctrl-C (a `preexec_fn`): a suite started in the
    background by a shell without job control ignores SIGINT, and children inherit that, so
    a test that interrupts a build would wait for nothing."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def coursepack_process(cwd: Path, *args: str) -> subprocess.Popen[str]:
    """Start `coursepack ARGS` from this working tree, in `cwd`, its output (and errors) in
    one text pipe, with the default Ctrl-C."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args], cwd=cwd, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        preexec_fn=default_sigint)


def deck_titles(job) -> list[str]:
    """Return the heading of each slide of `job`'s deck as the writer wrote it (composed again:
    what the deck checker expects of the deck `job` rendered)."""
    from generator.render.deck.compose.writer import compose
    from generator.render.outline import build_outline

    job.format = "slides"
    return compose(job, build_outline(job)).titles
