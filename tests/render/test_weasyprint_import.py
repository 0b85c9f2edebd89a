"""WeasyPrint is imported without a compiler run per library name, and falls back when needed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.render import weasyprint_import

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the compiler search is how find_library works on Linux")


def compiler_runs(tmp_path: Path, statement: str) -> list[str]:
    """Return the gcc/ld/cc runs logged while a fresh Python process runs `statement`."""
    log = tmp_path / "runs.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    for tool in ("gcc", "cc", "ld", "objdump"):
        fake = bin_dir / tool
        fake.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{log}"\nexit 1\n')
        fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run([sys.executable, "-c", statement], check=True, env=env,
                   cwd=Path(__file__).resolve().parents[2])
    return log.read_text().splitlines() if log.exists() else []


@linux_only
def test_the_renderers_import_weasyprint_without_running_a_compiler(tmp_path: Path) -> None:
    # The control: a plain import looks libraries up through gcc/ld (what this module avoids).
    assert compiler_runs(tmp_path / "plain", "import weasyprint")
    assert compiler_runs(tmp_path / "ours", "import generator.render.handout, "
                                            "generator.render.cheatsheet; "
                                            "import weasyprint.text.ffi as f; assert f.pango") == []


def test_a_failed_quick_import_is_retried_with_the_full_search(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import ctypes.util

    search = ctypes.util.find_library
    real = weasyprint_import.import_weasyprint()
    attempts = []

    def import_module(name: str) -> object:
        quick = ctypes.util.find_library is not search
        attempts.append(quick)
        if quick:
            print("WeasyPrint could not import some external libraries")
            raise OSError("cannot load library 'libpango-1.0.so.0'")
        return real

    monkeypatch.setattr(weasyprint_import.sys, "platform", "linux")
    monkeypatch.delitem(sys.modules, "weasyprint")  # as if not imported yet (restored after)
    monkeypatch.setattr(weasyprint_import.importlib, "import_module", import_module)
    assert weasyprint_import.import_weasyprint() is real
    assert attempts == [True, False]
    assert ctypes.util.find_library is search
    assert capsys.readouterr().out == ""  # the first attempt's installation help is not shown
