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
from collections.abc import Iterator
from types import ModuleType


def import_weasyprint() -> ModuleType:
    """Return the `weasyprint` module, importing it the quick way on Linux when it can."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return importlib.import_module("weasyprint")
    try:
        # A failed attempt prints WeasyPrint's installation help; the retry prints it if needed.
        with _sonames_only(), contextlib.redirect_stdout(io.StringIO()):
            return importlib.import_module("weasyprint")
    except OSError:
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
