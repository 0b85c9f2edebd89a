"""`coursepack build --watch`, driven as a real process with real file changes."""

from __future__ import annotations

import os
import queue
import signal
import threading
import time
from pathlib import Path

import pypdf
import pytest
from conftest import SAMPLE, coursepack_process, make_kit

CELL = "Focuses on the what and why of a product"
OUTPUTS = ("-handout.pdf", "-slides.pptx", "-cheatsheet.pdf")


class Session:
    """A `coursepack build --watch` process whose output lines are read as they come."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.process = coursepack_process(cwd, "build", "--watch", *args)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> list[str]:
        """Return the lines up to the first that holds `text`."""
        deadline = time.monotonic() + timeout
        got: list[str] = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, "\n".join(self.seen)
                continue
            self.seen.append(line)
            got.append(line)
            if text in line:
                return got
        raise AssertionError(f"no {text!r} within {timeout} s:\n" + "\n".join(self.seen))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=30)
        time.sleep(0.1)  # the reader takes the last lines
        assert self.process.stdout is not None
        self.process.stdout.close()
        return code


def stamps(folder: Path, stem: str) -> list[int]:
    return [(folder / f"{stem}{suffix}").stat().st_mtime_ns for suffix in OUTPUTS]


def save_by_rename(path: Path, text: str) -> None:
    """Save as many editors do: write a new file, then rename it over the old one."""
    scratch = path.with_name(f".{path.name}.swp")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "pm.yaml").write_text(SAMPLE.read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    (tmp_path / "content" / "other.yaml").write_text(
        SAMPLE.read_text(encoding="utf-8").replace("Product management vs", "Another look at", 1),
        encoding="utf-8")
    return tmp_path


def test_watch_rebuilds_what_each_change_affects_and_keeps_good_outputs(work: Path) -> None:
    kit = make_kit(work, "name: Acme\ncolors: {primary: '#0B3D2E'}\n")
    out = work / "out"
    session = Session(work, "content", "--brand", "default", "--brand", str(kit),
                      "--out", str(out))
    default, acme = out / "default", out / kit.name
    try:
        session.wait_for("watching")
        first = {folder: {stem: stamps(folder, stem) for stem in ("pm", "other")}
                 for folder in (default, acme)}

        # a cell edited, saved by rename: both kits' outputs of that source, and only those
        source = work / "content" / "pm.yaml"
        save_by_rename(source, source.read_text(encoding="utf-8").replace(
            CELL, "Decides what ships and why"))
        session.wait_for("files written")
        for folder in (default, acme):
            assert all(a != b for a, b in zip(stamps(folder, "pm"), first[folder]["pm"],
                                              strict=True))
            assert stamps(folder, "other") == first[folder]["other"]
        assert "Decides what ships and why" in pdf_text(default / "pm-cheatsheet.pdf")

        # a kit colour changed: that kit's outputs only
        before = {folder: stamps(folder, "pm") for folder in (default, acme)}
        brand = kit / "brand.yaml"
        brand.write_text(brand.read_text(encoding="utf-8").replace("#0B3D2E", "#7A1F3D"),
                         encoding="utf-8")
        session.wait_for("files written")
        assert stamps(default, "pm") == before[default]
        assert all(a != b for a, b in zip(stamps(acme, "pm"), before[acme], strict=True))

        # a broken source: its problems, located, and the last good outputs untouched
        good = {path: path.read_bytes() for path in default.iterdir()}
        source.write_text(source.read_text(encoding="utf-8").replace("title: Product",
                                                                     "titel: Product", 1),
                          encoding="utf-8")
        lines = session.wait_for("the last good outputs are kept")
        assert any("pm.yaml:1:1: unknown key 'titel'" in line for line in lines), lines
        time.sleep(0.5)
        assert {path: path.read_bytes() for path in default.iterdir()} == good
        assert not list(out.rglob("*.tmp"))

        # repaired as it was: said so, and nothing to rebuild
        save_by_rename(source, source.read_text(encoding="utf-8").replace("titel: Product",
                                                                          "title: Product", 1))
        assert "0 files written, 12 files up to date" in session.wait_for("up to date")[-1]
        # repaired with a change: rebuilt
        save_by_rename(source, source.read_text(encoding="utf-8").replace(
            "Decides what ships and why", "Decides what ships, and why"))
        session.wait_for("files written")
        assert "Decides what ships, and why" in pdf_text(default / "pm-cheatsheet.pdf")
    finally:
        code = session.stop()
    assert code == 0, "\n".join(session.seen)
    assert any("stopped watching" in line for line in session.seen + list(_rest(session)))
    assert not list(out.rglob("*.tmp"))
    for folder in (default, acme):
        for stem in ("pm", "other"):
            pypdf.PdfReader(folder / f"{stem}-handout.pdf")  # whole, readable files


def _rest(session: Session) -> list[str]:
    lines = []
    while not session.lines.empty():
        lines.append(session.lines.get())
    return lines


def test_watch_rebuilds_when_a_picture_the_source_shows_is_replaced(tmp_path: Path) -> None:
    from PIL import Image

    folder = tmp_path / "src"
    folder.mkdir()
    Image.new("RGB", (60, 30), "#AA0000").save(folder / "chart.png")
    (folder / "pm.yaml").write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "  text: |\n", "  text: |\n    ![A red chart](chart.png)\n", 1), encoding="utf-8")
    out = tmp_path / "out"
    session = Session(tmp_path, "src/pm.yaml", "--format", "handout", "--out", str(out))
    try:
        session.wait_for("watching")
        handout = out / "default" / "pm-handout.pdf"
        before = handout.read_bytes()
        replacement = folder / ".chart.png.new"
        Image.new("RGB", (60, 30), "#00AA00").save(replacement, format="PNG")
        os.replace(replacement, folder / "chart.png")
        session.wait_for("1 file written")
        assert handout.read_bytes() != before
        # a file no output depends on changes nothing
        (folder / "notes.txt").write_text("scribbles", encoding="utf-8")
        time.sleep(1.0)
        assert not [line for line in _rest(session) if "written" in line]
    finally:
        assert session.stop() == 0


def test_watch_starts_with_a_broken_source_and_builds_once_it_is_fixed(tmp_path: Path) -> None:
    source = tmp_path / "pm.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    source.write_text(text.replace("subjects:", "subjects: [", 1), encoding="utf-8")
    session = Session(tmp_path, "pm.yaml", "--format", "cheatsheet", "--out", "out")
    try:
        lines = session.wait_for("watching")
        assert any(line.startswith("error: pm.yaml:") for line in lines), lines
        assert not (tmp_path / "out" / "default" / "pm-cheatsheet.pdf").exists()
        save_by_rename(source, text)
        session.wait_for("1 file written")
        assert (tmp_path / "out" / "default" / "pm-cheatsheet.pdf").exists()
    finally:
        assert session.stop() == 0


@pytest.mark.parametrize("args", [["nosuch.yaml"], ["pm.yaml", "--brand", "nokit"]])
@pytest.mark.parametrize("command", [["build", "--watch"], ["preview", "--no-open"]])
def test_a_watch_does_not_start_on_sources_or_kits_that_do_not_exist(
        tmp_path: Path, command: list[str], args: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    (tmp_path / "pm.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*command, *args, "--out", "out"])
    assert result.exit_code == 1, result.output
    assert "no such file" in result.output or "no brand kit named 'nokit'" in result.output
    assert "preview at" not in result.output and "Traceback" not in result.output


def test_watch_keeps_a_deck_edited_while_it_runs_and_says_so_once(work: Path) -> None:
    """The trainer polishes the deck in PowerPoint while watch runs, then saves the source
    again: the deck is kept, the message names it once, and the other outputs are rebuilt."""
    from pptx import Presentation

    out = work / "out"
    session = Session(work, "content/pm.yaml", "--out", str(out), "--format", "slides",
                      "--format", "cheatsheet")
    deck, sheet = out / "default" / "pm-slides.pptx", out / "default" / "pm-cheatsheet.pdf"
    try:
        session.wait_for("watching")
        polished = Presentation(str(deck))
        polished.slides[2].notes_slide.notes_text_frame.text += "\nMy own note"
        polished.save(str(deck))
        edited = deck.read_bytes()
        source = work / "content" / "pm.yaml"
        for n, new in enumerate(("Decides what ships", "Decides what ships and why")):
            before = sheet.stat().st_mtime_ns
            save_by_rename(source, source.read_text(encoding="utf-8").replace(
                CELL if n == 0 else "Decides what ships", new))
            lines = session.wait_for("file written")
            assert sheet.stat().st_mtime_ns != before  # the cheat sheet is rebuilt
            assert deck.read_bytes() == edited
            said = [line for line in lines if "pm-slides.pptx was changed after coursepack "
                                                "wrote it" in line]
            assert len(said) == (1 if n == 0 else 0), lines  # said once, not at every save
    finally:
        assert session.stop() == 0


def test_watch_says_each_problem_once_and_that_it_is_fixed(tmp_path: Path) -> None:
    """Saving a source twice with the same problem prints it once; a different problem
    prints again; the save that fixes it says so.  (-v prints every change seen: each save
    is known to be built before the next.)"""
    source = tmp_path / "pm.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    session = Session(tmp_path, "pm.yaml", "--format", "cheatsheet", "--out", "out", "-v")
    unknown = "pm.yaml:1:1: unknown key 'titel'"
    try:
        session.wait_for("watching")
        broken = text.replace("title: Product", "titel: Product", 1)
        lines: list[str] = []
        for again in (broken, broken, broken + "\n"):  # the same problem, saved three times
            save_by_rename(source, again)
            lines += session.wait_for("changed: pm.yaml")
        save_by_rename(source, broken.replace("subjects:", "subjects: [", 1))
        lines += session.wait_for("the last good outputs are kept")
        assert sum(unknown in line for line in lines) == 1, lines
        assert sum("the last good outputs are kept" in line for line in lines) == 2, lines
        assert [line for line in lines if line.startswith("error: pm.yaml:")][-1] != unknown
        save_by_rename(source, text)
        assert "0 files written, 1 file up to date" in session.wait_for("up to date in")[-1]
    finally:
        assert session.stop() == 0


@pytest.mark.parametrize("kit", ["default", "a kit over it"])
def test_watch_rebuilds_when_a_file_of_the_default_kit_changes(
        tmp_path: Path, kit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kit layers over the default kit: a change to its stylesheet rebuilds the
    outputs of the default kit and of every kit over it (the default kit here is a copy)."""
    import shutil

    from generator.build.options import BuildOptions
    from generator.kits import folders as kit_folders
    from generator.live.watch import BuildEvent, Watcher

    base = tmp_path / "base-kit"
    shutil.copytree(kit_folders.default_kit_folder(), base)
    monkeypatch.setattr(kit_folders, "default_kit_folder", lambda: base)
    brand = "default" if kit == "default" else str(make_kit(tmp_path, "name: Acme\n"))
    source = tmp_path / "src" / "pm.yaml"
    source.parent.mkdir()
    source.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    stylesheet = base / "cheatsheet.css.j2"
    events: list[BuildEvent] = []

    def on_event(event: BuildEvent) -> None:
        events.append(event)
        if len(events) == 1:
            save_by_rename(stylesheet, stylesheet.read_text(encoding="utf-8").replace(
                "}", "}\n/* edited */", 1))
        else:
            watcher.stop()

    watcher = Watcher([source], [brand], BuildOptions(formats=("cheatsheet",),
                                                     out=tmp_path / "out", jobs=1), on_event)
    timeout = threading.Timer(30, watcher.stop)  # a change missed ends the watch
    timeout.start()
    try:
        watcher.run_forever()
    finally:
        timeout.cancel()
    assert [event.error for event in events] == [None, None]
    assert len(events) == 2, "the change to the default kit was not seen"
    assert events[1].report is not None
    assert [path.name for path in events[1].report.written] == ["pm-cheatsheet.pdf"]


@pytest.mark.parametrize("given", ["the file", "the folder"])
def test_watch_sees_saves_through_a_symlinked_folder(tmp_path: Path, given: str) -> None:
    real = tmp_path / "shared" / "courses"
    real.mkdir(parents=True)
    (tmp_path / "courses").symlink_to(real, target_is_directory=True)
    source = tmp_path / "courses" / "pm.yaml"
    source.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    session = Session(tmp_path, "courses/pm.yaml" if given == "the file" else "courses",
                      "--format", "cheatsheet", "--out", "out")
    sheet = tmp_path / "out" / "default" / "pm-cheatsheet.pdf"
    try:
        session.wait_for("watching")
        save_by_rename(source, source.read_text(encoding="utf-8").replace(
            CELL, "Decides what ships and why"))
        session.wait_for("1 file written")
        assert "Decides what ships and why" in pdf_text(sheet)
    finally:
        assert session.stop() == 0
