"""Hostile and broken input: clear errors, nothing lost, nothing leaked, no runaway renders."""

from __future__ import annotations

import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from generator.build.options import BuildOptions
from generator.build.run import run
from generator.build.workers import RenderPool, RenderTask
from generator.cli import cli
from generator.errors import CoursepackError
from generator.kits.load import load_brand
from generator.kits.model import BrandKit
from generator.source.load import load_source

KIT_CSS_HOG = "@page { size: 100000cm 100000cm }\nhtml { font-size: 1e9px }\n"


def write_kit(root: Path, files: dict[str, str]) -> Path:
    kit = root / "kit"
    kit.mkdir(exist_ok=True)
    for name, text in files.items():
        (kit / name).write_text(text, encoding="utf-8")
    return kit


def test_out_of_range_css_lengths_are_located(tmp_path: Path, sample_path: Path) -> None:
    kit = write_kit(tmp_path, {"brand.yaml": "name: Hog\ncss: [hog.css]\n", "hog.css": KIT_CSS_HOG})
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--brand", str(kit),
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "hog.css:1:15: length 100000cm is out of range" in result.output
    assert "hog.css:2:19: length 1e9px is out of range" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("css", "message"), [
    ("p { width: calc(199cm * 100000) }", "1:12: calc() can reach 7.5e+08 px, out of range"),
    (":root { --n: 100000 }\np { margin: max(1px, calc(var(--n) * 1cm)) }",
     "2:13: max() can reach 3.8e+06 px"),
    ("p { width: calc(1cm / 0.0000001) }", "1:12: calc() can reach 3.8e+08 px"),
    (":root { --a: var(--b); --b: var(--a) }\np { width: calc(var(--a) * 2px) }",
     "2:12: calc() can reach any size"),
])
def test_computed_css_sizes_are_bounded_too(tmp_path: Path, sample_path: Path, css: str,
                                            message: str) -> None:
    kit = write_kit(tmp_path, {"brand.yaml": "name: Hog\ncss: [hog.css]\n", "hog.css": css})
    result = CliRunner().invoke(cli, ["brand", "check", str(kit)])
    assert result.exit_code == 1 and f"hog.css:{message}" in result.output, result.output


def test_ordinary_computed_css_sizes_pass(tmp_path: Path) -> None:
    css = ("p { width: calc(100% - 2cm); margin: min(10px, 5vw); font-size: clamp(9pt, 2vw, "
           "12pt); padding: calc((10px + 20px) * 3); line-height: calc(1.2 * 1.1) }")
    kit = write_kit(tmp_path, {"brand.yaml": "name: Fine\ncss: [fine.css]\n", "fine.css": css})
    assert load_brand(str(kit)).css


def test_crashing_layout_from_a_kit_template_is_a_render_error(tmp_path: Path,
                                                               sample_path: Path) -> None:
    kit = write_kit(tmp_path, {"brand.yaml": "name: Hog\n",
                               "handout.css.j2": "html { font-size: 1e30px }"})
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--brand", str(kit),
                                      "--format", "handout", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


TINY_SOURCE = ("title: Tiny\nsubjects:\n  - {key: a, name: A}\n  - {key: b, name: B}\n"
               "dimensions:\n  - {name: D, a: x, b: y}\n")


@pytest.mark.slow
def test_endless_template_is_stopped_by_the_timeout(tmp_path: Path) -> None:
    """A template that never ends, against a source every machine renders in well under the
    timeout (about a second without harfbuzz-subset): only the runaway output fails."""
    source = tmp_path / "tiny.yaml"
    source.write_text(TINY_SOURCE, encoding="utf-8")
    loop = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    kit = write_kit(tmp_path, {"brand.yaml": "name: Slow\n", "handout.html.j2": loop})
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(source), "--brand", str(kit),
         "--brand", "default", "--format", "handout", "--format", "slides",
         "--out", str(tmp_path / "out"), "--timeout", "10", "--jobs", "2"],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert ("the handout of " in result.stderr and "(kit kit): took longer than 10 s and was "
            "stopped" in result.stderr)
    assert result.stderr.count("took longer") == 1  # only the runaway output failed
    written = sorted(p.relative_to(tmp_path / "out").as_posix()
                     for p in (tmp_path / "out").rglob("*.p*"))
    assert written == ["default/tiny-handout.pdf", "default/tiny-slides.pptx",
                       "kit/tiny-slides.pptx"]


@pytest.mark.slow
def test_the_worker_a_runaway_template_held_up_renders_the_next_output(tmp_path: Path) -> None:
    """The render's own alarm stops a template that never ends inside its worker, which
    lives on and renders the next output.  Without the alarm the pool's backstop (--timeout
    + 30 s) stops it by killing the worker: the same message, but another process."""
    source = tmp_path / "tiny.yaml"
    source.write_text(TINY_SOURCE, encoding="utf-8")
    loop = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    kit = write_kit(tmp_path, {"brand.yaml": "name: Slow\n", "handout.html.j2": loop})
    comparison = load_source(source)
    with RenderPool(jobs=1, formats=["handout", "cheatsheet"]) as pool:
        worker = pool.pool[0].process.pid
        pool.submit(RenderTask(source, comparison, load_brand(str(kit)), "handout", timeout=2))
        pool.submit(RenderTask(source, comparison, load_brand("default"), "cheatsheet",
                               timeout=60))
        outcomes = dict(pool.outcomes(timeout=2))
        assert [each.process.pid for each in pool.pool] == [worker]  # never replaced
    assert [str(failure) for failure in outcomes[0].failures] == [
        f"the handout of {source} (kit kit): took longer than 2 s and was stopped — check the "
        "kit's templates and CSS for runaway loops, or raise --timeout"]
    assert (outcomes[1].output or b"").startswith(b"%PDF") and not outcomes[1].failures


def _comparable(output: bytes) -> dict[str, bytes]:
    """Return an output's parts as they must be equal for the same inputs: a PDF whole, a
    deck member by member, without the time of the build in docProps/core.xml."""
    import io
    import re
    import zipfile

    if not output.startswith(b"PK"):
        return {"": output}
    with zipfile.ZipFile(io.BytesIO(output)) as deck:
        return {name: re.sub(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>", b"",
                             deck.read(name)) for name in deck.namelist()}


def _one_worker(*tasks: RenderTask) -> list[dict[str, bytes]]:
    """Return the outputs of `tasks`, rendered one after the other by one worker."""
    found = []
    with RenderPool(jobs=1, formats=[task.format for task in tasks]) as pool:
        for task in tasks:
            pool.start_batch()
            pool.submit(task)
            [(_, outcome)] = list(pool.outcomes(timeout=120))
            assert outcome.output is not None, outcome.failures
            found.append(_comparable(outcome.output))
    return found


@pytest.mark.slow
def test_a_worker_renders_the_same_bytes_whatever_it_rendered_before(
        tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """State a render leaves in its process must not reach the next.  Pillow's pixel limit is
    one for the whole process, and the deck sets it lower than Pillow's own: a handout showing
    a kit picture of 81 million pixels came out at 254 KB from a fresh worker and at 18 KB
    after a deck (found by rendering A, B, A).  Now each output comes out the same after any
    other, and as from a worker of its own."""
    from PIL import Image

    source = tmp_path / "tiny.yaml"
    source.write_text(TINY_SOURCE, encoding="utf-8")
    kit = write_kit(tmp_path, {"brand.yaml": "name: Pictured\ncss: [cover.css]\n",
                               "cover.css": ".cover { background: url(wide.png) no-repeat; "
                                            "background-size: 2cm 2cm }\n"})
    Image.new("1", (9000, 9000)).save(kit / "wide.png")  # 10 KB on disk
    pictures = Path(__file__).resolve().parents[1] / "data" / "sources" / "pictures" / "pictures.yaml"
    handout = RenderTask(source, load_source(source), load_brand(str(kit)), "handout")
    deck = RenderTask(pictures, load_source(pictures), load_brand("default"), "slides")
    # the workers fork from here: give them Pillow's limit as a fresh process has it
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1024 * 1024 * 1024 // 4 // 3)
    first, deck_after, again = _one_worker(handout, deck, handout)
    assert again == first
    assert _one_worker(deck) == [deck_after]


@pytest.mark.slow
def test_a_kit_font_replaced_while_a_worker_lives_on_is_read_again(tmp_path: Path) -> None:
    """What is read from a font file was kept under its path alone: after `body.ttf` was
    replaced (Lato by Vollkorn, as during --watch) a warm worker still named it Lato and
    measured it as Lato, and its handout differed from a fresh process's."""
    northwind = Path(__file__).resolve().parents[2] / "templates" / "northwind" / "fonts"
    source = tmp_path / "tiny.yaml"
    source.write_text(TINY_SOURCE, encoding="utf-8")

    def kit_in(family: str, font: str) -> BrandKit:
        write_kit(tmp_path, {"brand.yaml": f"name: Swap\nfonts:\n  heading: {family}\n"
                                           f"  body: {family}\n  files: [body.ttf]\n"})
        (tmp_path / "kit" / "body.ttf").write_bytes((northwind / font).read_bytes())
        return load_brand(str(tmp_path / "kit"))

    formats = ("handout", "slides")
    with RenderPool(jobs=1, formats=list(formats)) as pool:
        for family, font in (("Lato", "Lato-Regular.ttf"), ("Vollkorn", "Vollkorn-SemiBold.ttf")):
            kit = kit_in(family, font)
            pool.start_batch()
            for name in formats:
                pool.submit(RenderTask(source, load_source(source), kit, name))
            warm = [_comparable(outcome.output or b"") for _, outcome in
                    sorted(pool.outcomes(timeout=120), key=lambda item: item[0])]
    fresh = subprocess.run(  # a process that never saw Lato there
        [sys.executable, "-m", "generator", "build", str(source), "--brand",
         str(tmp_path / "kit"), "--format", "handout", "--format", "slides", "--out",
         str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert fresh.returncode == 0, fresh.stderr
    assert warm == [_comparable((tmp_path / "out" / "kit" / f"tiny-{name}").read_bytes())
                    for name in ("handout.pdf", "slides.pptx")]


@pytest.mark.slow
def test_builds_leave_no_temporary_folders(tmp_path: Path, sample_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(sample_path), "--out",
         str(tmp_path / "out")], capture_output=True, text=True, timeout=120,
        env={**os.environ, "TMPDIR": str(scratch)})
    assert result.returncode == 0, result.stderr
    assert list(scratch.iterdir()) == []


def test_raw_html_and_outside_images_in_content_stay_inert(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    source = tmp_path / "src" / "hostile.yaml"
    source.parent.mkdir()
    source.write_text(
        "title: Hostile <script>alert(1)</script>\nsubjects:\n  - key: a\n    name: A\n"
        "  - key: b\n    name: B\ndimensions:\n  - name: D\n"
        f"    a: '<img src=\"file://{secret}\"> <link rel=\"attachment\" href=\"{secret}\">'\n"
        f"    b: '![x](file://{secret}) ![y](../secret.txt) ![z](http://127.0.0.1:9/z.png) {{{{ 7*7 }}}}'\n",
        encoding="utf-8",
    )
    report = run([source], ["default"], BuildOptions(formats=("handout",), out=tmp_path / "out",
                                                     jobs=1))
    pdf = report.written[0].read_bytes()
    assert b"TOP-SECRET" not in pdf and b"/EmbeddedFile" not in pdf
    text = " ".join(p.extract_text() for p in PdfReader(report.written[0]).pages)
    assert "<script>" in text and "{{ 7*7 }}" in text
    refused = "\n".join(map(str, report.warnings))
    assert "image file:///" in refused and "/secret.txt not shown" in refused  # quoted short
    assert "http://127.0.0.1:9/z.png" in refused


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "مقارنة بين إدارة المنتج وإدارة المشروع",  # right-to-left
    "产品管理与项目管理的比较",  # CJK
    "Product 🚀 vs project 📅 management",  # emoji
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4,  # one very long word
])
def test_unusual_scripts_render_or_warn(tmp_path: Path, text: str) -> None:
    source = tmp_path / "script.yaml"
    source.write_text(
        f"title: '{text}'\nsubjects:\n  - key: a\n    name: '{text}'\n  - key: b\n    name: B\n"
        f"dimensions:\n  - name: D\n    a: '{text}'\n    b: '{text}'\n", encoding="utf-8")
    report = run([source], ["default"], BuildOptions(out=tmp_path / "out", jobs=1))
    assert len(report.written) == 3 and not report.failures


@pytest.mark.parametrize("target", ["file", "readonly"])
def test_unwritable_out_is_a_clear_error(tmp_path: Path, sample_path: Path, target: str) -> None:
    out = tmp_path / "out"
    if target == "file":
        out.write_text("x")
    else:
        out.mkdir()
        out.chmod(0o500)
        if subprocess.run(["test", "-w", str(out)]).returncode == 0:
            pytest.skip("running as a user who can write anywhere (root)")
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--out", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output


FIELD_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0,
                     max_size=80)


TEXT_FIELDS = ("title", "subtitle", "audience", "duration", "author", "version", "date", "intro",
               "summary", "notes")


@pytest.mark.slow  # renders every output per example
@given(texts=st.lists(FIELD_TEXT.filter(str.strip), min_size=17, max_size=17))
def test_random_text_in_every_field_renders_or_fails_with_our_error(
    tmp_path: Path, texts: list[str]
) -> None:
    from ruamel.yaml import YAML

    from generator.build.workers import RenderTask, render_task
    from generator.kits.load import load_brand

    field = iter(texts)
    data = {name: next(field) for name in TEXT_FIELDS}
    data["subjects"] = [{"key": "a", "name": next(field), "short": next(field),
                         "tagline": next(field)}, {"key": "b", "name": "B"}]
    data["dimensions"] = [{"name": next(field) or "D", "takeaway": next(field),
                           "a": {"summary": next(field), "detail": next(field)}, "b": "text"}]
    data["takeaways"] = [texts[0]]
    data["review"] = [{"question": texts[1] or "Q", "answer": texts[2] or "A"}]
    data["sources"] = [{"title": texts[3] or "S"}]
    source = tmp_path / "random.yaml"
    with source.open("w", encoding="utf-8") as handle:
        YAML().dump(data, handle)
    try:
        comparison = load_source(source)
    except CoursepackError:
        return  # rejected with our error (e.g. a stray character YAML cannot hold): fine
    kit = load_brand()
    for fmt in ("handout", "slides", "cheatsheet"):
        outcome = render_task(RenderTask(source, comparison, kit, fmt))
        # any failure is one of our located messages; any other exception fails the test
        assert (outcome.output is not None) != bool(outcome.failures), outcome.failures


YAML_ALPHABET = string.ascii_letters + string.digits + " :-[]{}&*!|>'\"#%@,\n\t?"


@given(document=st.text(alphabet=YAML_ALPHABET, max_size=200))
def test_random_yaml_loads_or_fails_with_our_error(tmp_path: Path, document: str) -> None:
    path = tmp_path / "random.yaml"
    path.write_text(document, encoding="utf-8")
    try:
        load_source(path)
    except CoursepackError as err:
        assert err.format_message()


def test_missing_glyphs_are_named_in_one_warning(tmp_path: Path) -> None:
    # Egyptian hieroglyphs: in no font the project ships, and on almost no machine.
    source = tmp_path / "glyphs.yaml"
    source.write_text(
        "title: 'Hieroglyph 𓀀'\nsubjects:\n  - key: a\n    name: A\n  - key: b\n    name: B\n"
        "dimensions:\n  - name: D\n    a: x\n    b: y\n", encoding="utf-8")
    report = run([source], ["default"], BuildOptions(formats=("handout",), out=tmp_path / "out",
                                                     jobs=1))
    assert report.written
    assert any("U+13000 EGYPTIAN HIEROGLYPH A001" in w for w in map(str, report.warnings))
    assert not any("U+00E9" in w for w in map(str, report.warnings))


def test_every_missing_glyph_is_counted_whatever_comes_first(monkeypatch) -> None:
    """Thirty Arabic letters that an installed font covers come first by code point; the
    thirty hieroglyphs after them that nothing covers must still be found and counted."""
    from generator.build import glyphs

    arabic = "".join(chr(c) for c in range(0x0627, 0x0627 + 30))
    hieroglyphs = "".join(chr(c) for c in range(0x13000, 0x13000 + 30))
    monkeypatch.setattr(glyphs, "_installed_coverage", lambda: ([0x20, 0x0600], [0x7E, 0x06FF]))
    warning = glyphs.missing_glyph_warning("x.yaml", {"title": arabic + hieroglyphs * 3}, [])
    assert warning is not None
    assert "no font can draw 30 characters: “𓀀” (U+13000 EGYPTIAN HIEROGLYPH A001)" in warning
    assert "and 25 more" in warning and "ARABIC" not in warning


def test_missing_cell_is_found_when_a_subject_key_resembles_name(tmp_path: Path) -> None:
    source = tmp_path / "game.yaml"
    source.write_text("title: T\nsubjects:\n  - key: game\n    name: G\n  - key: play\n"
                      "    name: P\ndimensions:\n  - name: D\n    play: x\n", encoding="utf-8")
    with pytest.raises(CoursepackError, match="8:5: dimension 'D': missing cell for subject 'game'"):
        load_source(source)


@pytest.mark.parametrize("expression", ["{{ 1/0 }}", "{{ doc.title + 3 }}", "{{ doc.nope.x }}"])
def test_runtime_errors_in_kit_templates_are_located(tmp_path: Path, sample_path: Path,
                                                      expression: str) -> None:
    kit = write_kit(tmp_path, {"brand.yaml": "name: Calc\n", "handout.html.j2": (
        '{% extends "default/handout.html.j2" %}{% block intro %}\n' + expression +
        "{% endblock %}")})
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--brand", str(kit),
                                      "--format", "handout", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "handout.html.j2:2:" in result.output and "internal error" not in result.output


def test_kit_folder_with_spaces_and_out_inside_a_file(tmp_path: Path, sample_path: Path) -> None:
    kit = tmp_path / "my kit"
    kit.mkdir()
    (kit / "brand.yaml").write_text("name: Spaced\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--brand", str(kit),
                                      "--format", "slides", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "my-kit" / "product-vs-project-management-slides.pptx").is_file()
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--out", str(blocker / "sub")])
    assert result.exit_code == 1 and "which is a file" in result.output
    result = CliRunner().invoke(cli, ["brand", "new", "acme", "--root", str(blocker / "sub")])
    assert result.exit_code == 1 and "cannot create the kit" in result.output


def test_corrupt_kit_font_is_refused_when_the_kit_loads(tmp_path: Path) -> None:
    from generator.errors import KitError
    from generator.kits.load import load_brand

    kit = write_kit(tmp_path, {"brand.yaml": "name: F\nfonts: {files: [bad.ttf]}\n"})
    (kit / "bad.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\xff" * 64)
    with pytest.raises(KitError, match=r"brand\.yaml:2:\d+: font 'bad.ttf': not a readable font file"):
        load_brand(str(kit))


def _text_positions(pdf: Path, page: int) -> tuple[list[tuple[float, float, str]], float, float]:
    """Return (x, y, text) of every text run on `page`, and the page's width and height."""
    reader = PdfReader(pdf)
    found: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((x, y, text))

    target = reader.pages[page]
    target.extract_text(visitor_text=visit)
    box = target.mediabox
    return found, float(box.width), float(box.height)


@pytest.mark.slow
def test_words_of_300_characters_stay_on_the_page(tmp_path: Path, sample_path: Path) -> None:
    word = "Supercalifragilistic" * 15
    text = sample_path.read_text(encoding="utf-8").replace(
        "title: Product management vs project management", f"title: Product {word}", 1
    ).replace("  - name: Duration", f"  - name: Duration {word}", 1)
    source = tmp_path / "long.yaml"
    source.write_text(text, encoding="utf-8")
    kit = write_kit(tmp_path, {"brand.yaml": f"name: Long\nfooter: '{'Copyright' * 34}'\n"})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--brand", str(kit), "--out", str(out)])
    assert result.exit_code == 0, result.output
    handout, cheatsheet = out / "kit" / "long-handout.pdf", out / "kit" / "long-cheatsheet.pdf"
    for page in range(1, len(PdfReader(handout).pages)):
        runs, width, height = _text_positions(handout, page)
        top = [run for run in runs if run[1] > height - 24 * 72 / 25.4]  # in the top margin
        assert top and all(y < height - 5 and 0 <= x < width for x, y, _ in top)
        assert sum(len(t) for *_, t in top) < 2 * 85  # the header: two lines at most
    runs, width, height = _text_positions(cheatsheet, 0)
    footer = [run for run in runs if "Copyright" in run[2]]
    assert footer and all(0 <= x < width and 0 < y < 13 * 72 / 25.4 for x, y, _ in footer)
    assert "a word of the title is wider than the title's box" in result.output
    from pptx import Presentation

    deck = Presentation(str(out / "kit" / "long-slides.pptx"))
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0 and shape.width > 0 and shape.height > 0
            assert shape.left + shape.width <= deck.slide_width
            assert shape.top + shape.height <= deck.slide_height


@pytest.mark.parametrize(("css", "message"), [
    ("".join(f".r{i} {{ --a: var(--a) var(--a) var(--a); }}\n" for i in range(6))
     + "p { width: calc(var(--a) * 1px); }", "7:12: calc() can reach any size"),
    ("".join(f":root {{ --v{i}: var(--v{i - 1}) var(--v{i - 1}); }}\n" for i in range(1, 60))
     + ":root { --v0: 2px }\np { width: calc(var(--v59) * 1) }", "61:12: calc() can reach any"),
    ('@import url("data:text/css,p{width:1e9px}");', "1:1: @import of something other"),
    ('@import "/etc/hostile.css";', "1:1: @import of something other"),
])
def test_stylesheets_built_to_exhaust_the_check_are_refused_quickly(
        tmp_path: Path, css: str, message: str) -> None:
    """Custom properties that use each other three times at each level took exponential time
    to check, in the parent, before any limit applied; imports of data: URLs went unchecked."""
    import time

    kit = write_kit(tmp_path, {"brand.yaml": "name: Hog\ncss: [hog.css]\n", "hog.css": css})
    started = time.process_time()
    result = CliRunner().invoke(cli, ["brand", "check", str(kit)])
    assert time.process_time() - started < 30  # a guard against exponential blow-up
    assert result.exit_code == 1 and f"hog.css:{message}" in result.output, result.output


@pytest.mark.slow  # real processes; the guide runs to its --timeout
def test_a_paragraph_of_400_kb_of_quotes_ends_within_the_timeout(tmp_path: Path) -> None:
    """Typographic quotes took time growing with the square of a paragraph's quotes, in the
    parent (the pictures' descriptions are checked there), where --timeout does not reach:
    400 KB of them in an activity ran for minutes.  Now the parent reads them at once; the
    deck keeps them as written, and the guide, which cannot lay out one 400 KB word, is
    stopped by --timeout with the other outputs written."""
    source = tmp_path / "quotes.yaml"
    source.write_text(TINY_SOURCE.replace("{name: D, a: x, b: y}", "{name: D, a: x, b: y, "
                                          "activity: '" + '"' * 400_000 + "'}"),
                      encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(source), "--format", "slides",
         "--format", "guide", "--out", str(out), "--timeout", "5", "--jobs", "2"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "error: the guide of " in result.stderr
    assert "quotes.yaml: took longer than 5 s and was stopped" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("error:") == 2
    from pptx import Presentation

    deck = Presentation(str(out / "default" / "quotes-slides.pptx"))
    notes = "".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides
                    if slide.has_notes_slide)
    assert '"' * 400_000 in notes


def picture_source(folder: Path, markdown: str) -> Path:
    """Return a source in `folder` whose one cell is `markdown` (pictures beside it)."""
    folder.mkdir(exist_ok=True)
    source = folder / "pictures.yaml"
    cell = "".join(f"      {line}\n" for line in markdown.splitlines())
    source.write_text(TINY_SOURCE + f"  - name: E\n    b: z\n    a: |\n{cell}", encoding="utf-8")
    return source


def located(source: Path, target: str) -> str:
    """Return `name:line:col` of where `source` writes the picture `target` after `](`."""
    text = source.read_text(encoding="utf-8")
    at = text.index(f"]({target}") + 2
    return f"{source.name}:{text[:at].count(chr(10)) + 1}:{at - text.rfind(chr(10), 0, at)}"


def test_a_pipe_or_a_huge_file_named_as_a_picture_is_refused_at_once(tmp_path: Path) -> None:
    """A named pipe kept the deck's worker waiting until --timeout, and a 4 GiB file (sparse:
    a few blocks on disk) was read whole by it; the PDFs refused both as the kit's doing.
    Both are refused before a byte is read, with one located warning each, and the
    outputs are built without them.  In a real process, bounded: a hang fails, not waits."""
    source = picture_source(tmp_path / "src", "![A pipe](p.png)\n\n![A huge file](big.png)")
    os.mkfifo(source.parent / "p.png")
    with (source.parent / "big.png").open("wb") as handle:
        handle.truncate(4 * 1024**3)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(source), "--out", str(tmp_path / "out"),
         "--timeout", "60"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in lines if "p.png" in line] == [
        f"warning: {located(source, 'p.png')}: the picture 'p.png' is not shown: it is a named "
        "pipe, not a regular file — save the picture as a PNG, JPEG or SVG file beside the "
        "source"]
    assert [line for line in lines if "big.png" in line] == [
        f"warning: {located(source, 'big.png')}: the picture 'big.png' is not shown: it holds "
        "4 GiB, more than the 20 MiB a picture may — export it smaller, at the size it is "
        "shown"]
    assert len(list((tmp_path / "out" / "default").glob("pictures-*"))) == 3


def use_bomb(levels: int = 9) -> str:
    """Return an SVG whose each level draws ten copies of the level below: 10**levels."""
    groups = "".join(f'<g id="l{n}">' + f'<use href="#l{n - 1}"/>' * 10 + "</g>"
                     for n in range(1, levels + 1))
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs>'
            f'<rect id="l0" width="1" height="1"/>{groups}</defs><use href="#l{levels}"/></svg>')


def test_an_svg_of_copies_of_copies_is_refused_at_once(tmp_path: Path) -> None:
    """Nested <use> copies (a "billion laughs" of SVG) drew until --timeout in the handout;
    the picture is refused, located, before any output draws it."""
    source = picture_source(tmp_path / "src", "![Copies of copies](bomb.svg)")
    (source.parent / "bomb.svg").write_text(use_bomb(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(source), "--out", str(tmp_path / "out"),
         "--format", "handout", "--format", "slides", "--timeout", "60"],
        capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "bomb.svg" in line] == [
        f"warning: {located(source, 'bomb.svg')}: the picture 'bomb.svg' is not shown: the SVG "
        "draws more than 200,000 elements once its <use> copies are counted (copies of "
        "copies, or a <use> that contains itself) — export it again with its copies "
        "flattened, or as PNG"]


@pytest.mark.parametrize(("svg", "refused"), [
    (use_bomb(), True),
    ('<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#a"/></g></svg>', True),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     '<g id="a"><use x:href="#b"/></g><g id="b"><use x:href="#a"/></g></svg>', True),
    ('<svg xmlns="http://www.w3.org/2000/svg"><defs><circle id="c" r="2"/></defs>'
     + '<use href="#c" x="3"/>' * 500 + "</svg>", False),
    (use_bomb(4), False),  # 10,000 copies: a pattern, not a bomb
])
def test_svg_copies_are_counted_for_logos_and_pictures_alike(svg: str, refused: bool) -> None:
    from generator.guards.svg import svg_problem

    problem = svg_problem(svg.encode())
    assert (problem is not None and "<use> copies" in problem[0]) == refused, problem


def test_a_refused_900_kb_data_url_is_quoted_short(tmp_path: Path) -> None:
    """A refused picture's URL was printed whole: one warning line of 900,128 characters."""
    url = "data:image/png;base64," + "A" * 900_000
    source = picture_source(tmp_path / "src", f"Pictures online are refused.\n\n![]({url})")
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(tmp_path / "out"),
                                      "--format", "handout"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "data:image" in line]
    assert len(lines) == 2 and all(len(line) < 400 for line in lines), [len(x) for x in lines]
    assert any("image data:image/png;base64,AAAA" in line and "A…A" in line for line in lines)
    assert any("the picture 'data:image/png;base64,AAAA" in line and "has no description"
               in line for line in lines)
