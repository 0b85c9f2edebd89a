"""The command line, end to end: through CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, default_sigint
from pptx import Presentation
from pypdf import PdfReader

from generator import __version__
from generator.cli import cli

BAD = Path(__file__).parent / "data" / "bad"
OUTPUT_NAMES = ("{}-handout.pdf", "{}-slides.pptx", "{}-cheatsheet.pdf")


def run_coursepack(*args: str, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run `python -m generator` as a real process."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory, sample_path=SAMPLE) -> Path:
    """Build the sample only: a trainer's own courses in content/ are none of the tests'
    business."""
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_the_three_outputs(built_sample: Path) -> None:
    folder = built_sample / "default"
    stem = "product-vs-project-management"
    outputs = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert outputs == sorted(n.format(stem) for n in OUTPUT_NAMES)
    handout = PdfReader(folder / f"{stem}-handout.pdf")
    text = " ".join(page.extract_text() for page in handout.pages)
    assert "Product management vs project management" in text
    assert len(PdfReader(folder / f"{stem}-cheatsheet.pdf").pages) == 1
    deck = Presentation(str(folder / f"{stem}-slides.pptx"))
    assert len(deck.slides) >= 5


def test_build_reports_what_it_wrote(tmp_path: Path, sample_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--out", str(tmp_path),
                                      "--format", "slides"])
    assert result.exit_code == 0, result.output
    assert "product-vs-project-management-slides.pptx" in result.output
    assert [p.name for p in (tmp_path / "default").iterdir() if p.suffix == ".pptx"] == [
        "product-vs-project-management-slides.pptx"
    ]


def test_quiet_build_prints_nothing(tmp_path: Path, sample_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-q", "build", str(sample_path), "--out", str(tmp_path),
                                      "--format", "slides"])
    assert result.exit_code == 0 and result.output == ""


def test_check_accepts_the_sample(sample_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(sample_path)])
    assert result.exit_code == 0
    assert "2 subjects, 5 dimensions" in result.output


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("*.yaml")))
def test_check_on_bad_input_exits_1_with_a_located_message(name: str) -> None:
    result = CliRunner().invoke(cli, ["check", str(BAD / name)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert f"{name}:" in result.output
    assert "Traceback" not in result.output


def test_problems_from_several_files_are_reported_together() -> None:
    result = CliRunner().invoke(cli, ["check", str(BAD / "missing-cell.yaml"),
                                      str(BAD / "unknown-key.yaml")])
    assert result.exit_code == 1
    assert "missing-cell.yaml:8:5" in result.output and "unknown-key.yaml:2:1" in result.output
    assert "2 problems in 2 files" in result.output and "nothing was built" not in result.output


def test_a_good_file_beside_a_bad_one_is_said_ok_and_a_build_says_it_built_nothing(
        tmp_path: Path, sample_path: Path) -> None:
    """One broken course among good ones: `check` says which are ok (with their warnings)
    before the problem; `build` ends with the count and that nothing was built, even for one
    problem (a trainer would otherwise think the good course was built)."""
    checked = CliRunner().invoke(cli, ["check", str(sample_path), str(BAD / "unknown-key.yaml")])
    assert checked.exit_code == 1
    assert checked.output.splitlines()[0].startswith("ok ") and \
        "product-vs-project-management.yaml: 2 subjects, 5 dimensions" in checked.output
    assert "unknown-key.yaml:2:1" in checked.output
    built = CliRunner().invoke(cli, ["build", str(sample_path), str(BAD / "unknown-key.yaml"),
                                     "--out", str(tmp_path)])
    assert built.exit_code == 1
    assert built.output.splitlines()[-1] == "error: 1 problem in 1 file; nothing was built"
    assert not list(tmp_path.rglob("*.pdf"))


@pytest.mark.slow
def test_failed_build_leaves_earlier_outputs_byte_identical(tmp_path: Path, sample_path: Path
                                                            ) -> None:
    source = tmp_path / "pm.yaml"
    source.write_bytes(sample_path.read_bytes())
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(source), "--out", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in (out / "default").iterdir()}
    source.write_text(source.read_text(encoding="utf-8").replace("title:", "titel:", 1),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in (out / "default").iterdir()} == before


def test_usage_errors_exit_2() -> None:
    result = CliRunner().invoke(cli, ["build", "--format", "poster"])
    assert result.exit_code == 2
    assert "poster" in result.output


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_empty_source_argument_is_refused_not_read_as_this_folder(
        tmp_path: Path, monkeypatch, sample_path: Path, command: str) -> None:
    (tmp_path / "stray.yaml").write_bytes(sample_path.read_bytes())  # "." would find this
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [command, ""])
    assert result.exit_code == 2
    assert "an empty path names no source" in result.output
    assert not (tmp_path / "output").exists()


def test_missing_source_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output


def test_out_that_is_a_file_is_a_clear_error(tmp_path: Path, sample_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--out", str(blocker)])
    assert result.exit_code == 1
    assert "--out is a file" in result.output


def test_schema_is_json_schema_of_the_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"title", "subjects", "dimensions"} <= set(schema["required"])
    assert "patternProperties" in schema["$defs"]["Dimension"]


def test_schema_validates_the_sample(sample_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    schema = json.loads(CliRunner().invoke(cli, ["schema"]).output)
    data = YAML(typ="safe").load(sample_path.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    jsonschema.validate({**data, "title": 123, "version": 2.1}, schema)  # read as text
    for broken in ({"titel": "typo"}, {"subjects": [{"key": "Not A Slug", "name": "x"}] * 2}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**data, **broken}, schema)


def test_version_and_help() -> None:
    assert __version__ in CliRunner().invoke(cli, ["--version"]).output
    for command in ([], ["build"], ["check"], ["schema"]):
        result = CliRunner().invoke(cli, [*command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output


@pytest.mark.slow
def test_subprocess_build_and_exit_codes(tmp_path: Path, sample_path: Path) -> None:
    result = run_coursepack("build", str(sample_path), "--out", str(tmp_path), "--format",
                            "cheatsheet")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "default" / "product-vs-project-management-cheatsheet.pdf").is_file()
    bad = run_coursepack("check", str(BAD / "yaml-tag.yaml"))
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr
    assert run_coursepack("build", "--paper", "a3").returncode == 2


def test_help_and_check_do_not_import_the_renderers(sample_path: Path) -> None:
    probe = (
        "import sys\nfrom generator.cli import cli\n"
        "try:\n    cli.main({args}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('weasyprint', 'pptx') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    for args in (["--help"], ["check", str(sample_path)]):
        result = subprocess.run([sys.executable, "-c", probe.format(args=args)],
                                capture_output=True, text=True, timeout=60)
        assert "HEAVY []" in result.stdout, (args, result.stdout, result.stderr)


def test_internal_errors_exit_70_and_save_the_traceback(monkeypatch, sample_path: Path) -> None:
    import generator.build.run

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(generator.build.run, "valid_sources", broken)
    result = CliRunner().invoke(cli, ["check", str(sample_path)])
    assert result.exit_code == 70
    assert "internal error, please report" in result.output
    saved = result.output.split("saved to ")[1].split(" ")[0]
    assert "ZeroDivisionError" in Path(saved).read_text()
    Path(saved).unlink()
    debug = CliRunner().invoke(cli, ["--debug", "check", str(sample_path)])
    assert isinstance(debug.exception, ZeroDivisionError)


@pytest.mark.slow
def test_ctrl_c_leaves_no_partial_or_temporary_files(tmp_path: Path, make_source) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    for n in range(6):
        make_source(f"gen{n}", dimensions=20, subjects=4).rename(sources / f"gen{n}.yaml")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", str(sources),
                                "--out", str(out)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, preexec_fn=default_sigint)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out / "default").exists():
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    leftovers = [p.name for p in out.rglob("*") if p.suffix == ".tmp"]
    assert leftovers == [], stderr
    for pdf in out.rglob("*.pdf"):
        assert len(PdfReader(pdf).pages) >= 1  # every file present is complete


def test_module_entry_point_matches_console_script() -> None:
    result = run_coursepack("--version")
    assert result.returncode == 0 and __version__ in result.stdout
    assert os.environ.get("PYTHONWARNINGS", "") != "error" or result.stderr == ""


def test_verbose_build_lists_up_to_date_outputs(tmp_path: Path, sample_path: Path) -> None:
    args = ["build", str(sample_path), "--out", str(tmp_path), "--format", "slides"]
    CliRunner().invoke(cli, args)
    result = CliRunner().invoke(cli, [*args, "-v"])
    assert result.exit_code == 0
    assert "up to date: " in result.output and "0 files written, 1 file up to date in" in result.output


def test_full_disk_leaves_the_earlier_output_and_no_temporary_file(tmp_path: Path, monkeypatch
                                                                    ) -> None:
    import errno

    import generator.files as output_files

    target = tmp_path / "out.pdf"
    target.write_bytes(b"earlier")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output_files.os, "fsync", full)
    with pytest.raises(output_files.OutputError, match="No space left on device — check free"):
        output_files.write_atomically(target, b"new bytes")
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


@pytest.mark.parametrize("flags", [pytest.param([], marks=pytest.mark.slow),
                                   ["--paper", "letter", "--pdf-ua"]])
def test_paper_and_pdf_ua_options_reach_both_pdfs(tmp_path: Path, sample_path: Path,
                                                  flags: list[str]) -> None:
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--out", str(tmp_path),
                                      "--format", "handout", "--format", "cheatsheet", *flags])
    assert result.exit_code == 0, result.output
    pdfs = sorted((tmp_path / "default").glob("*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        reader = PdfReader(pdf)
        sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
                 for p in reader.pages}
        assert sizes == ({(612, 792)} if flags else {(595, 842)}), pdf.name  # letter, A4
        root = reader.trailer["/Root"]
        tagged = "/StructTreeRoot" in root and "pdfuaid" in reader.xmp_metadata.rdf_root.toxml()
        assert tagged == bool(flags), pdf.name


def test_a_failed_rename_leaves_the_earlier_output_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import generator.files as output_files

    target = tmp_path / "out.pdf"
    target.write_bytes(b"earlier")

    def refuse(source: str, destination: Path) -> None:
        assert Path(source).parent == tmp_path and Path(source).read_bytes() == b"new bytes"
        assert target.read_bytes() == b"earlier"  # nothing touched the output before the rename
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output_files.os, "replace", refuse)
    with pytest.raises(output_files.OutputError, match="Permission denied — check free"):
        output_files.write_atomically(target, b"new bytes")
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_readers_see_the_earlier_output_or_the_new_one_never_a_part(tmp_path: Path) -> None:
    """A reader (a PDF viewer, a sync client) polling an output while it is rewritten."""
    import threading

    from generator.files import write_atomically

    target = tmp_path / "handout.pdf"
    versions = [bytes([n]) * (2 * 1024 * 1024) for n in (1, 2)]
    target.write_bytes(versions[0])
    odd: list[object] = []
    reads = 0
    done = threading.Event()

    def read() -> None:
        nonlocal reads
        while not done.is_set():
            try:
                data = target.read_bytes()
            except FileNotFoundError:
                odd.append("missing")
                continue
            reads += 1
            if data not in versions:
                odd.append(len(data))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(24):
            write_atomically(target, versions[(n + 1) % 2])
    finally:
        done.set()
        reader.join()
    assert reads > 24 and odd == []


@pytest.mark.slow
def test_longer_builds_show_progress_unless_quiet(tmp_path: Path, sample_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("a", "b", "c", "d"):
        (sources / f"{name}.yaml").write_text(sample_path.read_text(encoding="utf-8"),
                                              encoding="utf-8")
    args = ["build", str(sources), "--out", str(tmp_path / "out"), "--format", "slides",
            "--jobs", "2"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "rendering 4 files with 2 workers…"
    assert sorted(line.split(" wrote ")[0] for line in lines[1:5]) == [
        "[1/4]", "[2/4]", "[3/4]", "[4/4]"]
    assert lines[-1] == "4 files written"
    quiet = CliRunner().invoke(cli, ["-q", *args, "--force"])
    assert quiet.exit_code == 0 and quiet.output == ""


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["2", "1"])  # workers import (short build); the parent does
def test_pdfs_without_pango_fail_clearly_and_the_deck_is_still_built(tmp_path: Path,
                                                                    sample_path: Path,
                                                                    jobs: str) -> None:
    for name in ("a", "b"):
        shutil.copy(sample_path, tmp_path / f"{name}.yaml")
    sources = [str(tmp_path / "a.yaml")] + ([str(tmp_path / "b.yaml")] if jobs == "1" else [])
    probe = (
        "import sys, cffi\n"
        "dlopen = cffi.FFI.dlopen\n"
        "def no_pango(ffi, name, flags=0):\n"
        "    if 'pango' in str(name): raise OSError(f'cannot load library {name!r}')\n"
        "    return dlopen(ffi, name, flags)\n"
        "cffi.FFI.dlopen = no_pango\n"
        "from generator.cli import main\n"
        f"sys.argv = ['coursepack', 'build', *{sources!r}, '--out', {str(tmp_path / 'out')!r},"
        f" '--jobs', {jobs!r}]\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "could not import" not in result.stdout
    for fmt in ("handout", "cheatsheet"):
        assert f"--format {fmt} cannot be built here" in result.stderr
        assert result.stderr.count(f"--format {fmt} cannot") == 1  # said once, not per source
    assert "Pango" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "default").iterdir() if p.name[0] != "."
                  ) == sorted(f"{s}-slides.pptx" for s in ("a", "b")[:len(sources)])


def test_strict_refuses_text_no_font_can_draw_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Japanese on a machine with no CJK font: a warning located at the first character,
    and with --strict exit 1, nothing written, earlier outputs untouched — also when those
    outputs are up to date."""
    from generator.build import glyphs

    monkeypatch.setattr(glyphs, "_installed_coverage", lambda: ([0x20], [0x7E]))  # no CJK
    source = tmp_path / "ja.yaml"
    source.write_text((Path(__file__).parent / "data" / "sources" / "ja.yaml").read_text("utf-8"),
                      encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(source), "--out", str(out), "--format", "slides"]  # quick to render
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.output.splitlines() if "no font can draw" in line)
    distinct = {ch for ch in source.read_text("utf-8") if ord(ch) > 0x2E7F}
    assert warning.startswith("warning: ja.yaml:1:8: no font can draw ")
    assert f"no font can draw {len(distinct)} characters" in warning
    built = out / "default" / "ja-slides.pptx"
    before = built.read_bytes()
    result = CliRunner().invoke(cli, [*args, "--strict"])  # the output is up to date
    assert result.exit_code == 1
    assert "error: ja.yaml:1:8: no font can draw" in result.output
    assert "Traceback" not in result.output and built.read_bytes() == before
    built.unlink()
    result = CliRunner().invoke(cli, [*args, "--strict"])
    assert result.exit_code == 1 and not built.exists()
    assert not list(out.rglob("*.tmp"))
