"""Faults leave nothing behind: signals, killed workers, failed writes, concurrent builds,
and inputs too large to read.

These drive the command as a real process (or in-process where a fault must be injected into
the workers it forks) and check processes by pid, files by name.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, default_sigint
from pypdf import PdfReader

from generator.build.outputs import LOCK_FILE, OutputFolders
from generator.cli import cli

ENDLESS = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"

pytestmark = pytest.mark.slow  # real processes, signals and timeouts


def endless_kit(root: Path, template: str = "handout.html.j2") -> Path:
    kit = root / "slowkit"
    kit.mkdir()
    (kit / "brand.yaml").write_text("name: Slow\n", encoding="utf-8")
    (kit / template).write_text(ENDLESS, encoding="utf-8")
    return kit


def start_build(*args: str, tmp: Path, **popen) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(tmp)},
                            preexec_fn=default_sigint, **popen)


def children(pid: int) -> list[int]:
    listing = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                             text=True, check=False).stdout
    return [int(p) for p in listing.split()]


def alive(pid: int) -> bool:
    """Return whether `pid` runs (a zombie waiting for its reaper counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def workers_of(process: subprocess.Popen[str], count: int = 2) -> list[int]:
    assert wait_for(lambda: len(children(process.pid)) >= count), "the workers never started"
    return children(process.pid)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists() or sys.platform != "linux",
                                reason="checks processes through /proc")


@needs_proc
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_workers_end_with_their_parent_and_leave_no_scratch(tmp_path: Path, sample_path: Path,
                                                            how: signal.Signals) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "out"
    build = start_build(str(sample_path), "--brand", str(endless_kit(tmp_path)), "--out",
                        str(out), "--jobs", "2", tmp=scratch)
    workers = workers_of(build)
    # the runaway handout keeps one worker busy; the others' outputs are written meanwhile
    assert wait_for(lambda: len(list(out.rglob("*.pptx"))) == 1)
    build.send_signal(how)
    _, stderr = build.communicate(timeout=60)
    assert wait_for(lambda: not any(alive(pid) for pid in workers), 10), workers
    assert wait_for(lambda: list(scratch.iterdir()) == [], 10), list(scratch.iterdir())
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    if how == signal.SIGTERM:  # handled like Ctrl-C: a message, the manifest saved
        assert build.returncode == 128 + signal.SIGTERM
        assert "terminated: outputs already written are complete" in stderr
        assert "Traceback" not in stderr
        manifest = json.loads((out / "slowkit" / ".coursepack-manifest.json").read_text())
        assert "product-vs-project-management-slides.pptx" in manifest


def test_ctrl_c_stops_the_build_with_status_130(tmp_path: Path, sample_path: Path) -> None:
    out = tmp_path / "out"
    build = start_build(str(sample_path), "--brand", str(endless_kit(tmp_path)), "--out",
                        str(out), tmp=tmp_path)
    assert wait_for(lambda: len(list(out.rglob("*.pptx"))) == 1)
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 130, stderr
    assert "interrupted: outputs already written are complete" in stderr
    assert "Traceback" not in stderr


def _killed_in_the_worker(task):
    """Stand in for render_task in a worker: the handout's worker is killed, as the
    out-of-memory killer would; other tasks render as usual."""
    from generator.build import workers

    if task.format == "handout":
        os.kill(os.getpid(), signal.SIGKILL)
    return workers.real_render_task(task)


def test_a_killed_worker_fails_only_its_own_output(tmp_path: Path, sample_path: Path,
                                                   monkeypatch) -> None:
    from generator.build import workers

    monkeypatch.setattr(workers, "real_render_task", workers.render_task, raising=False)
    monkeypatch.setattr(workers, "render_task", _killed_in_the_worker)
    out = tmp_path / "out"
    # one worker: the outputs queued behind the killed one need the replacement worker
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--out", str(out),
                                      "--jobs", "1"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors[0].startswith("error: the handout of ")
    assert "killed by SIGKILL" in errors[0] and "out-of-memory" in errors[0]
    assert errors[1] == "error: 1 build failed; 2 files written"
    assert sorted(p.name for p in (out / "default").glob("*.p*")) == [
        "product-vs-project-management-cheatsheet.pdf", "product-vs-project-management-slides.pptx"]


def test_a_failed_manifest_save_does_not_hide_the_outputs_failures(tmp_path: Path,
                                                                   sample_path: Path) -> None:
    out = tmp_path / "out" / "default"
    out.mkdir(parents=True)
    (out / ".coursepack-manifest.json").mkdir()  # the manifest cannot be written
    (out / "product-vs-project-management-handout.pdf").mkdir()  # nor can this output
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert "handout.pdf: is a folder" in errors[0]
    assert ".coursepack-manifest.json: is a folder" in errors[1]
    assert "the next build renders these outputs again" in errors[1]
    assert errors[2] == "error: 2 builds failed; 2 files written"


def test_a_second_build_into_the_same_folder_waits_for_the_first(tmp_path: Path,
                                                                 sample_path: Path) -> None:
    out = tmp_path / "out"
    with OutputFolders([out / "default"], (".pdf",)):  # another build holds the folder
        build = start_build(str(sample_path), "--out", str(out), tmp=tmp_path)
        try:
            assert wait_for(lambda: build.poll() is not None, 3) is False
            assert not list(out.rglob("*.p*"))  # waiting: nothing written meanwhile
        except BaseException:
            build.kill()
            raise
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 0, stderr
    assert "waiting for another build writing to" in stderr
    assert len(list((out / "default").glob("*.p*"))) == 3


def test_concurrent_builds_both_finish_with_whole_outputs(tmp_path: Path,
                                                         sample_path: Path) -> None:
    out = tmp_path / "out"
    builds = [start_build(str(sample_path), "--out", str(out), "--force", tmp=tmp_path)
              for _ in range(2)]
    for build in builds:
        _, stderr = build.communicate(timeout=180)
        assert build.returncode == 0, stderr
    manifest = json.loads((out / "default" / ".coursepack-manifest.json").read_text())
    for name, entry in manifest.items():
        assert (out / "default" / name).stat().st_size == entry["size"]
    assert len(PdfReader(out / "default" / "product-vs-project-management-handout.pdf").pages) > 1


def test_leftover_temporary_files_of_a_killed_build_are_removed(tmp_path: Path,
                                                                sample_path: Path) -> None:
    out = tmp_path / "out" / "default"
    out.mkdir(parents=True)
    ours = [".product-vs-project-management-handout.pdf.k2j4_x9a.tmp",
            "..coursepack-manifest.json.abcdefgh.tmp", ".other-slides.pptx.12345678.tmp"]
    theirs = [".notes.txt.abcdefgh.tmp", "draft.tmp", ".handout.pdf.tmp"]
    for name in ours + theirs:
        (out / name).write_bytes(b"partial")
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--out", str(tmp_path / "out"),
                                      "--format", "slides"])
    assert result.exit_code == 0, result.output
    left = {p.name for p in out.iterdir()}
    assert not left & set(ours)
    assert set(theirs) <= left


def test_a_failed_build_into_a_new_folder_leaves_no_folder(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("titel: x\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(bad), "--out", str(tmp_path / "new" / "out")])
    assert result.exit_code == 1
    assert not (tmp_path / "new").exists()


def _limited(megabytes: int):
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, megabytes * 2**20))
    return limit


def test_huge_sparse_source_and_kit_files_are_refused_without_reading(
        tmp_path: Path, sample_path: Path) -> None:
    """3 GB files that take no disk space: reading either would need gigabytes of memory,
    more than this build is allowed."""
    source = tmp_path / "huge.yaml"
    with source.open("wb") as handle:
        handle.truncate(3 * 1024**3)
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "brand.yaml").write_text("name: Big\n", encoding="utf-8")
    with (kit / "unused-video.mp4").open("wb") as handle:
        handle.truncate(3 * 1024**3)
    for args, message in (
        ([str(source)], "huge.yaml: file is 3145728 KiB, over the 1024 KiB limit"),
        ([str(sample_path), "--brand", str(kit)],
         "unused-video.mp4: 3 GiB; a kit file may hold at most 50 MiB"),
    ):
        result = subprocess.run([sys.executable, "-m", "generator", "build", *args, "--out",
                                 str(tmp_path / "out")], capture_output=True, text=True,
                                timeout=120, preexec_fn=_limited(1024))
        assert result.returncode == 1, result.stderr
        assert message in result.stderr and "Traceback" not in result.stderr
    check = subprocess.run([sys.executable, "-m", "generator", "brand", "check", str(kit)],
                           capture_output=True, text=True, timeout=120,
                           preexec_fn=_limited(1024))
    assert check.returncode == 1 and "a kit file may hold at most 50 MiB" in check.stderr


@pytest.mark.parametrize(("template", "timeout", "message"), [
    (ENDLESS, "3", "cheatsheet: took longer than 3 s and was stopped"),
    ("{% set s = namespace(v='x' * 1000000) %}{% for i in range(40) %}"
     "{% set s.v = s.v ~ s.v %}{% endfor %}{{ s.v | length }}", "120",
     "cheatsheet.html.j2:1: template uses too much time or memory (MemoryError)"),
])
def test_brand_check_renders_its_sample_under_the_build_limits(tmp_path: Path, template: str,
                                                               timeout: str, message: str
                                                               ) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "brand.yaml").write_text("name: Hog\n", encoding="utf-8")
    (kit / "cheatsheet.html.j2").write_text(template, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "brand", "check", str(kit),
                             "--timeout", timeout], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the kit fails when rendering a sample" in result.stderr
    assert message in result.stderr and "\nok" not in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0.5"])
def test_timeouts_must_be_a_number_of_seconds(tmp_path: Path, sample_path: Path,
                                              value: str) -> None:
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--timeout", value,
                                      "--out", str(tmp_path)])
    assert result.exit_code == 2 and "--timeout" in result.output


def test_the_lock_file_is_the_only_trace_of_a_lock(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "kit"
    folder.mkdir(parents=True)
    with OutputFolders([folder], (".pdf",)):
        assert (folder / LOCK_FILE).exists()
    assert [p.name for p in folder.iterdir()] == [LOCK_FILE]
    with OutputFolders([tmp_path / "fresh" / "kit"], (".pdf",)):
        pass
    assert not (tmp_path / "fresh").exists()  # created for the build, left empty, removed


HOSTILE_KITS = DATA / "hostile-kits"
TINY = ("title: Tiny\nsubjects:\n  - {key: a, name: A}\n  - {key: b, name: B}\n"
        "dimensions:\n  - {name: D, a: x, b: y}\n")


@pytest.mark.parametrize(("kit", "message"), [
    ("reads-passwd", "'dict object' has no attribute 'folder'"),
    ("writes-pth", "'dict object' has no attribute 'folder'"),
    ("unlinks-font", "'dict object' has no attribute 'path'"),
    ("endless", "took longer than 10 s and was stopped"),
    ("memory-hog", "template uses too much time or memory (MemoryError)"),
])
def test_hostile_kits_fail_alone_and_touch_nothing(tmp_path: Path, kit: str,
                                                   message: str) -> None:
    """Each kit in tests/data/hostile-kits, built as a user would: its outputs that use the
    hostile template fail with a clear message, the others are written, nothing is touched."""
    from generator.kits.folders import default_kit_folder

    fonts = {p: p.stat().st_mtime_ns for p in (default_kit_folder() / "fonts").iterdir()}
    source = tmp_path / "tiny.yaml"
    source.write_text(TINY, encoding="utf-8")
    folder = tmp_path / "kits"
    import shutil

    shutil.copytree(HOSTILE_KITS / kit, folder / kit)
    # The memory cap stops the memory hog in seconds, or more on a busy machine: its own
    # timeout must not stop it first.  The endless template is what the timeout is for.
    timeout = "60" if kit == "memory-hog" else "10"
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(source), "--brand",
                             str(folder / kit), "--out", str(tmp_path / "out"), "--timeout",
                             timeout], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "root:" not in result.stderr  # nothing of /etc/passwd
    written = {p.name for p in (tmp_path / "out").rglob("tiny-*")}
    assert len(written) == 2  # only the output that uses the hostile template failed
    assert not (folder / "coursepack-pwned.pth").exists()
    assert {p: p.stat().st_mtime_ns for p in (default_kit_folder() / "fonts").iterdir()} == fonts


def test_scratch_folders_of_live_builds_survive_the_sweep_wherever_they_run(
        tmp_path: Path, sample_path: Path) -> None:
    """A build in another container shares /tmp but not process numbers: its scratch folder
    is left alone as long as it holds its lock; a dead build's is removed."""
    from generator.build.workers import hold_scratch

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    live = scratch / "coursepack-999999-live"
    dead = scratch / "coursepack-999998-dead"
    young = scratch / "coursepack-999997-young"
    for folder in (live, dead, young):
        folder.mkdir()
        (folder / "font.otf").write_bytes(b"x")
    held = hold_scratch(str(live))
    os.close(hold_scratch(str(dead)) or 0)  # its build is gone: the lock went with it
    try:
        build = start_build(str(sample_path), "--out", str(tmp_path / "out"), "--format",
                            "slides", tmp=scratch)
        _, stderr = build.communicate(timeout=120)
        assert build.returncode == 0, stderr
        assert live.exists() and young.exists() and not dead.exists()
    finally:
        os.close(held)


def test_two_names_for_one_output_folder_share_one_lock(tmp_path: Path) -> None:
    """Builds that reach one folder through a link and through its own name took the locks
    in different orders (b, z against a→z, b) and could wait for each other for ever."""
    out = tmp_path / "out"
    (out / "z").mkdir(parents=True)
    (out / "b").mkdir()
    (out / "a").symlink_to("z")
    orders = []
    for folders in ([out / "b", out / "z"], [out / "a", out / "b"], [out / "z", out / "a"]):
        with OutputFolders(folders, (".pdf",)) as held:
            orders.append([folder.resolve() for folder, _ in held.locks])
    assert orders[0] == orders[1]
    assert len(orders[2]) == 1  # two names of one folder: locked once


def test_an_output_folder_deleted_during_the_build_is_not_an_internal_error(
        tmp_path: Path, sample_path: Path) -> None:
    out = tmp_path / "out"
    build = start_build(str(sample_path), "--brand", str(endless_kit(tmp_path)), "--out",
                        str(out), "--timeout", "4", tmp=tmp_path)
    assert wait_for(lambda: (out / "slowkit").exists())
    import shutil

    shutil.rmtree(out)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 1, stderr
    assert "took longer than 4 s" in stderr and "internal error" not in stderr
