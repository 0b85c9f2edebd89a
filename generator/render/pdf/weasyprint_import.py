"""Import WeasyPrint without running a compiler for every library name it tries.

WeasyPrint opens Pango, HarfBuzz, Fontconfig and GObject by trying several names per library
(Windows and macOS spellings first).  On Linux, each name that is not a file goes through
`ctypes.util.find_library`, which runs `gcc` and `ld` to look for it: about fourteen
compiler runs, a fifth of a second of every cold build (WeasyPrint issue #1125).  Every list
also holds the library's Linux soname ("libpango-1.0.so.0"), which the dynamic loader opens
directly.  So the first attempt answers "not found" without the compiler; if that import
fails, it is made again with the full search, so the libraries found (and any error) are the
ones WeasyPrint finds on its own.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
import threading
from collections.abc import Iterator
from types import ModuleType


def import_weasyprint() -> ModuleType:
    """Return the `weasyprint` module, importing it the quick way on Linux when it can.

    The quick way patches a module-wide function and stdout for the duration, so it is taken
    only while this process runs a single thread (as the command line and its workers do).
    """
    if ("weasyprint" in sys.modules or not sys.platform.startswith("linux")
            or threading.active_count() > 1):
        return importlib.import_module("weasyprint")
    # A failed attempt prints WeasyPrint's installation help on stdout, into an output that
    # may be piped; the caller's error message says what to install instead.
    try:
        with _sonames_only(), contextlib.redirect_stdout(io.StringIO()):
            return importlib.import_module("weasyprint")
    except OSError:
        # Start afresh: submodules the first attempt loaded must not outlive their package.
        for name in [name for name in sys.modules
                     if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
    with contextlib.redirect_stdout(io.StringIO()):
        return importlib.import_module("weasyprint")


@contextlib.contextmanager
def _sonames_only() -> Iterator[None]:
    """Make `ctypes.util.find_library` answer "not found" at once, for the duration."""
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search
