"""Builds: what is up to date, parallel workers, and where outputs go."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from generator.build import freshness
from generator.build.freshness import Manifest, code_digest
from generator.build.options import BuildOptions
from generator.build.run import run
from generator.build.targets import plan
from generator.cli import cli
from generator.files import WINDOWS_RESERVED, safe_stem
from generator.kits import folders as kit_folders
from generator.kits.folders import default_kit_folder
from generator.render.job import RenderOptions

SLIDES_ONLY = ("slides",)  # the fastest format: enough to test build bookkeeping


def options(out: Path, **kwargs) -> BuildOptions:
    render = RenderOptions(**{name: kwargs.pop(name) for name in ("paper", "pdf_variant",
                                                                  "answer_key") if name in kwargs})
    return BuildOptions(formats=kwargs.pop("formats", SLIDES_ONLY), out=out,
                        jobs=kwargs.pop("jobs", 1), render=render, **kwargs)


@pytest.fixture
def project(tmp_path: Path, sample_path: Path, monkeypatch) -> Path:
    """A working folder with its own content/ and a client kit copied from a tiny kit."""
    (tmp_path / "content").mkdir()
    shutil.copy(sample_path, tmp_path / "content" / "pm.yaml")
    kit = tmp_path / "templates" / "client"
    kit.mkdir(parents=True)
    (kit / "brand.yaml").write_text("name: Client\nfooter: Client footer\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_unchanged_build_is_skipped_and_force_rebuilds(project: Path) -> None:
    out = project / "out"
    first = run([Path("content")], ["default"], options(out))
    assert [p.name for p in first.written] == ["pm-slides.pptx"]
    second = run([Path("content")], ["default"], options(out))
    assert second.written == [] and [p.name for p in second.up_to_date] == ["pm-slides.pptx"]
    forced = run([Path("content")], ["default"], options(out, force=True))
    assert [p.name for p in forced.written] == ["pm-slides.pptx"]


@pytest.mark.parametrize("change", ["source", "kit_template", *(
    pytest.param(change, marks=pytest.mark.slow)
    for change in ("kit", "option", "output_deleted", "image"))])
def test_any_change_rebuilds(project: Path, change: str) -> None:
    out = project / "out"
    source = project / "content" / "pm.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "  text: |\n", "  text: |\n    ![chart](chart.png)\n", 1), encoding="utf-8")
    (project / "content" / "chart.png").write_bytes(b"\x89PNG first")
    run([Path("content")], ["client"], options(out))
    if change == "source":
        source = project / "content" / "pm.yaml"
        source.write_text(source.read_text(encoding="utf-8").replace("45 minutes", "50 minutes"),
                          encoding="utf-8")
    elif change == "kit":
        (project / "templates" / "client" / "brand.yaml").write_text("name: Client 2\n")
    elif change == "kit_template":
        shutil.copy(default_kit_folder() / "slides.yaml.j2",
                    project / "templates" / "client" / "slides.yaml.j2")
    elif change == "output_deleted":
        (out / "client" / "pm-slides.pptx").unlink()
    elif change == "image":
        (project / "content" / "chart.png").write_bytes(b"\x89PNG changed")
    again = run([Path("content")], ["client"],
                options(out, paper="letter" if change == "option" else None))
    # the paper size changes the PDFs, not the deck (see the option keys' own test)
    assert [p.name for p in again.written] == ([] if change == "option" else ["pm-slides.pptx"])


@pytest.mark.parametrize("option", ["paper", "pdf_variant", "answer_key"])
def test_every_option_is_in_the_key_of_each_output_it_changes(project: Path,
                                                               option: str) -> None:
    """A new RenderOptions field can never be left out of the key: each is in the key of every
    output it can change, and of no other (the deck has no paper; the guide always has the
    answers)."""
    value = {"paper": "letter", "pdf_variant": "pdf/ua-1", "answer_key": True}[option]
    formats = ("handout", "slides", "cheatsheet", "guide")

    def keys(**chosen: object) -> dict[str, str]:
        units, _ = plan([Path("content")], ["client"], options(project / "out", formats=formats,
                                                               **chosen))
        return {fmt: key for unit in units for fmt, _, key in unit.targets}

    before, after = keys(), keys(**{option: value})
    changed = {fmt for fmt in formats if before[fmt] != after[fmt]}
    assert changed == {"paper": {"handout", "cheatsheet", "guide"},
                       "pdf_variant": {"handout", "cheatsheet", "guide"},
                       "answer_key": {"handout", "cheatsheet"}}[option]


def test_an_output_edited_by_hand_is_not_up_to_date_and_is_known_as_edited(
        tmp_path: Path) -> None:
    """Same size or not, an output whose bytes changed since we wrote it is stale, and
    edited; one only touched (the same bytes) is not edited."""
    target = tmp_path / "pm-slides.pptx"
    target.write_bytes(b"as written")
    manifest = Manifest(tmp_path)
    manifest.record(target, "key", b"as written")
    assert manifest.is_fresh(target, "key") and not manifest.is_fresh(target, "other key")
    assert not manifest.edited(target)
    written = target.stat().st_mtime_ns
    os.utime(target, ns=(written + 10**9, written + 10**9))  # touched, the same bytes
    assert not manifest.is_fresh(target, "key") and not manifest.edited(target)
    target.write_bytes(b"as EDITED!")  # the same size
    os.utime(target, ns=(written + 10**9, written + 10**9))
    assert not manifest.is_fresh(target, "key") and manifest.edited(target)
    target.write_bytes(b"shorter")
    os.utime(target, ns=(written, written))  # even with the old time put back
    assert not manifest.is_fresh(target, "key") and manifest.edited(target)
    target.unlink()
    assert not manifest.edited(target)  # gone: nothing to keep, it is built again


def keys_of(out: Path) -> dict[Path, str]:
    """Return every output's key in a build of content/ with the default and client kits."""
    units, problems = plan([Path("content")], ["default", "client"],
                           options(out, formats=("handout", "slides", "cheatsheet")))
    assert problems == []
    return {target: key for unit in units for _, target, key in unit.targets}


def test_every_output_key_covers_the_default_kit_and_coursepacks_code(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "base-kit"
    shutil.copytree(default_kit_folder(), base)
    monkeypatch.setattr(kit_folders, "default_kit_folder", lambda: base)
    first = keys_of(project / "out")
    assert len(first) == 6
    css = base / "handout.css.j2"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    second = keys_of(project / "out")
    # the client kit's outputs too: it layers over the default kit
    assert all(second[target] != first[target] for target in first)
    monkeypatch.setattr(freshness, "tool_digest", lambda: "another version of coursepack")
    third = keys_of(project / "out")
    assert all(third[target] != second[target] for target in first)


def test_the_code_digest_covers_every_module_of_the_package(tmp_path: Path) -> None:
    import generator

    root = Path(generator.__file__).parent
    assert freshness.tool_digest() == code_digest(root)  # the whole package, wherever it sits
    package = tmp_path / "generator"
    shutil.copytree(root, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_digest(package)
    # a module at every depth of the package: the top, a renderer, the deck engine's layers
    by_depth = {len(p.relative_to(package).parts): p for p in sorted(package.rglob("*.py"))}
    assert len(by_depth) >= 3
    for path in [package / "cli.py", *by_depth.values()]:
        module = path.relative_to(package)
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        after = code_digest(package)
        assert after != before, module
        before = after
    (package / "render" / "new_module.py").write_text("", encoding="utf-8")
    assert code_digest(package) != before
    before = code_digest(package)
    metrics = package / "render" / "deck" / "fit" / "metrics" / "arial-regular.json"
    metrics.write_text(metrics.read_text(encoding="utf-8").replace("[32,", "[32,1+"),
                       encoding="utf-8")  # the deck's font widths are read as code is
    assert code_digest(package) != before


@pytest.mark.slow
def test_one_changed_source_rebuilds_only_itself(project: Path) -> None:
    shutil.copy(project / "content" / "pm.yaml", project / "content" / "other.yaml")
    out = project / "out"
    run([Path("content")], ["default"], options(out))
    other = project / "content" / "other.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("45 minutes", "1 hour"),
                     encoding="utf-8")
    again = run([Path("content")], ["default"], options(out))
    assert [p.name for p in again.written] == ["other-slides.pptx"]
    assert [p.name for p in again.up_to_date] == ["pm-slides.pptx"]


@pytest.mark.slow
def test_parallel_build_writes_every_output(project: Path) -> None:
    for n in range(3):
        shutil.copy(project / "content" / "pm.yaml", project / "content" / f"copy{n}.yaml")
    out = project / "out"
    report = run([Path("content")], ["default", "client"],
                 BuildOptions(formats=SLIDES_ONLY, out=out, jobs=2))
    assert len(report.written) == 8 and not report.failures
    assert sorted(p.parent.name for p in report.written) == ["client"] * 4 + ["default"] * 4


def test_up_to_date_check_imports_no_renderer(project: Path) -> None:
    probe = (
        "import sys\nfrom pathlib import Path\nfrom generator.build.run import BuildOptions, run\n"
        "o = BuildOptions(formats=('slides',), out=Path('out'), jobs=1)\n"
        "run([Path('content')], ['default'], o)\n"
        "for m in ('weasyprint', 'pptx', 'pydantic'): sys.modules.pop(m, None)\n"
        "before = set(sys.modules)\n"
        "report = run([Path('content')], ['default'], o)\n"
        "print('FRESH', len(report.up_to_date), len(report.written))\n"
        "print('HEAVY', sorted(m for m in set(sys.modules) - before "
        "if m.split('.')[0] in ('weasyprint', 'pptx', 'pydantic')))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True,
                            text=True, timeout=120)
    assert "FRESH 1 0" in result.stdout, result.stderr
    assert "HEAVY []" in result.stdout
    # and a whole no-change `coursepack build`, in a process of its own, never loads them
    command = ("import runpy, sys\nsys.argv = ['coursepack', 'build', 'content', '--format', "
               "'slides', '--out', 'out']\ntry:\n    runpy.run_module('generator', "
               "run_name='__main__')\nexcept SystemExit:\n    pass\nprint('HEAVY', sorted(m for m "
               "in sys.modules if m.split('.')[0] in ('weasyprint', 'pptx', 'pydantic')))\n")
    result = subprocess.run([sys.executable, "-c", command], cwd=project, capture_output=True,
                            text=True, timeout=120)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_outputs_land_in_out_kit_folder_with_source_stem(project: Path) -> None:
    units, kit_errors = plan([Path("content")], ["client"], options(
        project / "out", formats=("handout", "slides", "cheatsheet")))
    assert kit_errors == []
    targets = [t for unit in units for _, t, _ in unit.targets]
    assert [t.relative_to(project / "out").as_posix() for t in targets] == [
        "client/pm-handout.pdf", "client/pm-slides.pptx", "client/pm-cheatsheet.pdf"]


@given(st.text(min_size=0, max_size=300))
def test_derived_names_are_always_safe(name: str) -> None:
    stem = safe_stem(name)
    assert stem and len(stem) <= 100 and len(stem.encode()) <= 150
    assert "/" not in stem and "\\" not in stem and not stem.startswith(".")
    assert stem.split(".")[0].lower() not in WINDOWS_RESERVED
    out = Path("/tmp/out")
    assert (out / "kit" / f"{stem}-handout.pdf").resolve().parent == out / "kit"


def test_symlink_at_output_path_is_replaced_and_its_target_untouched(project: Path) -> None:
    out = project / "out"
    (out / "default").mkdir(parents=True)
    victim = project / "victim.txt"
    victim.write_text("keep me")
    (out / "default" / "pm-slides.pptx").symlink_to(victim)
    run([Path("content")], ["default"], options(out))
    assert victim.read_text() == "keep me"
    assert not (out / "default" / "pm-slides.pptx").is_symlink()


def test_outputs_that_would_collide_are_refused(project: Path) -> None:
    from generator.errors import CoursepackError

    for name in ("a", "b"):
        (project / name).mkdir()
        shutil.copy(project / "content" / "pm.yaml", project / name / "x.yaml")
    with pytest.raises(CoursepackError, match="would both write here"):
        plan([Path("a/x.yaml"), Path("b/x.yaml")], ["default"], options(project / "out"))
    for name in ("k1", "k2"):
        (project / name / "kit").mkdir(parents=True)
        (project / name / "kit" / "brand.yaml").write_text(f"name: {name}\n")
    with pytest.raises(CoursepackError, match="kit folders with the same name"):
        plan([Path("a/x.yaml")], ["k1/kit", "k2/kit"], options(project / "out"))
    # the same kit named twice, or the same format twice, builds once
    units, _ = plan([Path("a/x.yaml")], ["client", "templates/client"],
                 options(project / "out", formats=("slides", "slides")))
    assert len(units) == 1 and len(units[0].targets) == 1


def test_unicode_source_names_are_kept(project: Path) -> None:
    shutil.copy(project / "content" / "pm.yaml", project / "content" / "Führung.YAML")
    units, _ = plan([Path("content")], ["default"], options(project / "out"))
    assert sorted(t.name for u in units for _, t, _ in u.targets) == [
        "Führung-slides.pptx", "pm-slides.pptx"]


@pytest.mark.slow
def test_reference_style_images_count_for_rebuilds(project: Path) -> None:
    source = project / "content" / "pm.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "  text: |\n", "  text: |\n    ![chart][c]\n\n    [c]: <my chart.png>\n", 1), encoding="utf-8")
    (project / "content" / "my chart.png").write_bytes(b"\x89PNG one")
    run([Path("content")], ["default"], options(project / "out"))
    (project / "content" / "my chart.png").write_bytes(b"\x89PNG two")
    again = run([Path("content")], ["default"], options(project / "out"))
    assert [p.name for p in again.written] == ["pm-slides.pptx"]


def show_pictures(source: Path, *names: str) -> None:
    """Make the sample `source` show the pictures `names` in its introduction."""
    pictures = "".join(f"    ![picture {n}]({name})\n" for n, name in enumerate(names))
    source.write_text(source.read_text(encoding="utf-8").replace(
        "  text: |\n", "  text: |\n" + pictures, 1), encoding="utf-8")


def test_a_changed_picture_is_seen_however_many_files_sit_beside_the_source(
        project: Path) -> None:
    """The up-to-date check hashed the first 2,000 pictures it found beside a source (a
    guard against huge folders): beside 2,100 photos, a chart the source shows from a
    sub-folder changed and its outputs stayed "up to date".  It now looks up the pictures
    the source names, one by one."""
    content = project / "content"
    for n in range(2100):
        (content / f"photo-{n:04}.png").write_bytes(b"\x89PNG photo")
    (content / "figures").mkdir()
    chart = content / "figures" / "chart.png"
    chart.write_bytes(b"\x89PNG first")
    show_pictures(content / "pm.yaml", "figures/chart.png")
    out = project / "out"
    assert [p.name for p in run([Path("content")], ["default"], options(out)).written] == [
        "pm-slides.pptx"]
    assert run([Path("content")], ["default"], options(out)).written == []
    chart.write_bytes(b"\x89PNG second")
    again = run([Path("content")], ["default"], options(out))
    assert [p.name for p in again.written] == ["pm-slides.pptx"]


def test_the_up_to_date_check_reads_pictures_linked_inside_the_source_folder_only(
        project: Path) -> None:
    """A picture reached through a link is hashed by the file it leads to when that lies in
    the source's folder (its change rebuilds), and not read when it lies outside (it is
    refused when shown, so its change changes no output)."""
    content = project / "content"
    (content / "figures").mkdir()
    chart, elsewhere = content / "figures" / "chart.png", project / "elsewhere.png"
    chart.write_bytes(b"\x89PNG first")
    elsewhere.write_bytes(b"\x89PNG first")
    (content / "linked.png").symlink_to(Path("figures") / "chart.png")
    (content / "away.png").symlink_to(Path("..") / "elsewhere.png")
    show_pictures(content / "pm.yaml", "linked.png", "away.png")
    out = project / "out"
    run([Path("content")], ["default"], options(out))
    elsewhere.write_bytes(b"\x89PNG second")
    assert run([Path("content")], ["default"], options(out)).written == []
    chart.write_bytes(b"\x89PNG second")
    again = run([Path("content")], ["default"], options(out))
    assert [p.name for p in again.written] == ["pm-slides.pptx"]


@pytest.mark.parametrize("manifest", [
    "[" * 100_000 + "]" * 100_000,  # the JSON reader recursed too deep in this
    '{"pm-slides.pptx": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"pm-slides.pptx": [1, 2]}', '["a list"]', "not JSON at all",
])
def test_a_manifest_that_is_not_ours_is_started_afresh(project: Path, manifest: str) -> None:
    """A manifest coursepack did not write (nested 100,000 lists deep, or any other shape)
    tells nothing: the outputs are rebuilt and the manifest written anew, never an internal
    error."""
    import json

    args = ["build", "content", "--format", "slides", "--out", "out"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    (project / "out" / "default" / freshness.MANIFEST).write_text(manifest, encoding="utf-8")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and "1 file written" in result.output, result.output
    written = json.loads((project / "out" / "default" / freshness.MANIFEST).read_text("utf-8"))
    assert list(written) == ["pm-slides.pptx"]


def test_rendering_starts_before_later_sources_are_read(project: Path, monkeypatch) -> None:
    import generator.source.load
    from generator.build.workers import RenderPool

    for name in ("b", "c"):
        shutil.copy(project / "content" / "pm.yaml", project / "content" / f"{name}.yaml")
    events = []
    load_source, submit = generator.source.load.load_source, RenderPool.submit
    monkeypatch.setattr(generator.source.load, "load_source",
                        lambda path, **kw: events.append(f"read {path.name}") or
                        load_source(path, **kw))
    monkeypatch.setattr(RenderPool, "submit",
                        lambda pool, task: events.append(f"render {task.source.name}") or
                        submit(pool, task))
    report = run([Path("content")], ["default"], options(project / "out", jobs=2))
    assert events == ["read b.yaml", "render b.yaml", "read c.yaml", "render c.yaml",
                      "read pm.yaml", "render pm.yaml"]
    assert len(report.written) == 3


def test_an_invalid_source_after_valid_ones_writes_nothing(project: Path) -> None:
    from generator.errors import SourceError

    content = project / "content"
    out = project / "out"
    shutil.copy(content / "pm.yaml", content / "early.yaml")
    run([Path("content")], ["default"], options(out, jobs=2))
    before = {p.name: p.read_bytes() for p in (out / "default").iterdir()}
    for name in ("early.yaml", "pm.yaml"):  # both stale: their outputs would be rewritten
        (content / name).write_text((content / name).read_text(encoding="utf-8").replace(
            "45 minutes", "1 hour"), encoding="utf-8")
    (content / "zz-late.yaml").write_text("titel: Misspelt\n", encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        run([Path("content")], ["default"], options(out, jobs=2))
    assert "zz-late.yaml:1:1" in raised.value.format_message()
    assert {p.name: p.read_bytes() for p in (out / "default").iterdir()} == before


def test_source_and_kit_problems_are_reported_together(project: Path) -> None:
    from generator.errors import CoursepackError, KitError

    (project / "templates" / "client" / "brand.yaml").write_text("name: Client\ncolour: red\n",
                                                                 encoding="utf-8")
    shutil.copytree(project / "templates" / "client", project / "templates" / "other")
    (project / "templates" / "other" / "brand.yaml").write_text("name: Other\npaper: a5\n",
                                                                encoding="utf-8")
    out = project / "out"
    with pytest.raises(KitError):
        run([Path("content")], ["client"], options(out))
    (project / "content" / "bad.yaml").write_text("titel: Misspelt\n", encoding="utf-8")
    for kits in (["client", "other"], ["client", "other", "no-such-kit"]):
        with pytest.raises(CoursepackError) as raised:
            run([Path("content")], kits, options(out))
        lines = raised.value.format_message().splitlines()
        assert "bad.yaml:1:1" in lines[0]  # the sources' problems first
        assert any("templates/client/brand.yaml" in line and "colour" in line for line in lines)
        assert any("templates/other/brand.yaml" in line and "a5" in line for line in lines)
        assert ("no-such-kit" in raised.value.format_message()) == ("no-such-kit" in kits)
        assert "nothing was built" in lines[-1]
    assert not out.exists()


def test_after_an_invalid_source_nothing_more_is_rendered(project: Path, monkeypatch) -> None:
    from generator.build.workers import RenderPool
    from generator.errors import SourceError

    (project / "content" / "aa-first.yaml").write_text("titel: Misspelt\n", encoding="utf-8")
    submitted = []
    monkeypatch.setattr(RenderPool, "submit", lambda pool, task: submitted.append(task))
    with pytest.raises(SourceError) as raised:
        run([Path("content")], ["default"], options(project / "out", jobs=2))
    assert "aa-first.yaml:1:1" in raised.value.format_message()
    assert submitted == []  # pm.yaml, valid but read after the problem, is not rendered


# a short build, and a long one (parent imports)
@pytest.mark.parametrize("copies", [0, pytest.param(4, marks=pytest.mark.slow)])
def test_a_build_leaves_the_callers_garbage_collector_as_it_was(project: Path,
                                                               copies: int) -> None:
    import gc

    for n in range(copies):
        shutil.copy(project / "content" / "pm.yaml", project / "content" / f"copy{n}.yaml")
    assert gc.get_freeze_count() == 0
    report = run([Path("content")], ["default"], options(project / "out"))
    assert len(report.written) == copies + 1
    assert gc.get_freeze_count() == 0  # objects frozen for the forks are collectable again


def test_outputs_edited_by_hand_are_kept_and_replaced_only_when_asked(project: Path) -> None:
    """A deck polished in PowerPoint and a PDF annotated in a reader survive a rebuild (even
    --force), the build says which and exits 1; --overwrite-edited keeps a copy of each and
    writes the new ones."""
    import datetime

    from click.testing import CliRunner
    from pptx import Presentation
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import FreeText

    from generator.cli import cli

    out = project / "out"
    args = ["build", "content/pm.yaml", "--brand", "client", "--out", str(out),
            "--format", "slides", "--format", "cheatsheet"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    deck, sheet = out / "client" / "pm-slides.pptx", out / "client" / "pm-cheatsheet.pdf"
    polished = Presentation(str(deck))
    polished.slides[0].shapes.title.left += 100000  # a box moved
    polished.slides[1].notes_slide.notes_text_frame.text += "\nMy own note"
    polished.save(str(deck))
    annotated = PdfWriter(clone_from=str(sheet))
    annotated.add_annotation(0, FreeText(text="ask about Jira", rect=(50, 50, 200, 80)))
    annotated.write(str(sheet))
    edits = {deck: deck.read_bytes(), sheet: sheet.read_bytes()}
    source = project / "content" / "pm.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("45 minutes", "50 minutes"),
                      encoding="utf-8")
    for extra in ([], ["--force"]):
        result = CliRunner().invoke(cli, [*args, *extra])
        assert result.exit_code == 1, result.output
        for path in edits:
            assert path.read_bytes() == edits[path]
            assert f"{path.name} was changed after coursepack wrote it" in result.output
        assert "--overwrite-edited" in result.output and "2 outputs edited by hand kept" in (
            result.output)
    result = CliRunner().invoke(cli, [*args, "--overwrite-edited"])
    assert result.exit_code == 0, result.output
    today = datetime.date.today().isoformat()
    for path, edited in edits.items():
        copy = path.with_name(f"{path.stem}.edited-{today}{path.suffix}")
        assert copy.read_bytes() == edited
        assert path.read_bytes() != edited
        assert f"{copy.name} before replacing it" in result.output
    assert "My own note" not in " ".join(
        s.notes_slide.notes_text_frame.text for s in Presentation(str(deck)).slides)
    assert not PdfReader(str(sheet)).pages[0].get("/Annots")
    # the new outputs are ours again: the next build leaves them be
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and "2 files up to date" in result.output


def test_learner_editions_without_answers_live_beside_those_with_them(project: Path) -> None:
    out = project / "out"
    with_answers = run([Path("content")], ["client"], options(out, formats=("handout", "slides")))
    without = run([Path("content")], ["client"], options(
        out, formats=("handout", "slides"), answer_key=False))
    assert [p.name for p in with_answers.written] == ["pm-handout.pdf", "pm-slides.pptx"]
    assert [p.name for p in without.written] == ["pm-handout-no-answers.pdf"]  # the deck is
    assert [p.name for p in without.up_to_date] == ["pm-slides.pptx"]  # the trainer's
    assert (out / "client" / "pm-handout.pdf").read_bytes() != (
        out / "client" / "pm-handout-no-answers.pdf").read_bytes()


def test_an_output_this_build_does_not_write_is_said_to_be_out_of_date(project: Path) -> None:
    """A guide built once, then left out of later builds while its source changes: each
    build (and watch, and the preview) says it is out of date and how to rebuild it."""
    args = ["build", "content/pm.yaml", "--out", "out", "--format", "slides"]
    assert CliRunner().invoke(cli, [*args, "--format", "guide"]).exit_code == 0
    result = CliRunner().invoke(cli, args)
    assert "out of date" not in result.output  # nothing changed since
    source = project / "content" / "pm.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert ("note: out/default/pm-guide.pdf is out of date and this build does not write it — "
            "add --format guide to rebuild it, or delete it") in result.output
