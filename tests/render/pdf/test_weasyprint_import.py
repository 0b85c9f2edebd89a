"""WeasyPrint is imported without a compiler run per library name, and falls back when needed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the compiler search is how find_library works on Linux")

# Which libraries WeasyPrint ended up with: optional ones may be missing without an error.
LOADED = ("import weasyprint.text.ffi as f; "
          "print('LOADED', [n for n in ('pango', 'harfbuzz', 'harfbuzz_subset', "
          "'harfbuzz_vector', 'fontconfig', 'pangoft2') if getattr(f, n) is not None])")


def run_python(tmp_path: Path, statement: str) -> tuple[list[str], str]:
    """Run `statement` in a fresh Python; return the gcc/ld runs it caused, and its stdout."""
    log = tmp_path / "runs.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    for tool in ("gcc", "cc", "ld", "objdump"):
        fake = bin_dir / tool
        fake.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{log}"\nexit 1\n')
        fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([sys.executable, "-c", statement], env=env, capture_output=True,
                            text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return (log.read_text().splitlines() if log.exists() else []), result.stdout


def test_the_renderers_import_weasyprint_without_running_a_compiler(tmp_path: Path) -> None:
    # The control: a plain import looks libraries up through gcc/ld (what the quick way avoids).
    plain_runs, plain = run_python(tmp_path / "plain", f"import weasyprint; {LOADED}")
    ours_runs, ours = run_python(tmp_path / "ours", "import generator.render.formats.handout, "
                                                    f"generator.render.formats.cheatsheet; {LOADED}")
    assert plain_runs and ours_runs == []
    assert "'pango'" in ours and ours == plain  # the same libraries, optional ones included


def test_a_failed_quick_import_starts_afresh_with_the_full_search(tmp_path: Path) -> None:
    # Pango refuses to load while find_library answers "not found" (the quick way) only.
    probe = (
        "import ctypes.util, cffi\n"
        "search, dlopen, refused = ctypes.util.find_library, cffi.FFI.dlopen, []\n"
        "def picky(ffi, name, flags=0):\n"
        "    if name == 'libpango-1.0.so.0' and ctypes.util.find_library('c') is None:\n"
        "        refused.append(name)\n"
        "        raise OSError('refused by the test')\n"
        "    return dlopen(ffi, name, flags)\n"
        "cffi.FFI.dlopen = picky\n"
        "import generator.render.pdf.engine\n"
        "import weasyprint, weasyprint.urls\n"
        "assert weasyprint.urls is __import__('sys').modules['weasyprint.urls']\n"
        "assert ctypes.util.find_library is search\n"
        f"print('REFUSED', refused); {LOADED}\n"
    )
    _, stdout = run_python(tmp_path, probe)
    assert "REFUSED ['libpango-1.0.so.0']" in stdout
    assert "'pango'" in stdout
    assert "could not import" not in stdout  # the failed attempt's installation help is hidden
