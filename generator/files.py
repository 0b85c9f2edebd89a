"""Writing files safely: names that are safe on every system, and atomic replacement."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from generator.errors import OutputError, relative_name

WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}
MAX_STEM = 100
MAX_STEM_BYTES = 150  # leaves room for "-cheatsheet.pdf" within the usual 255-byte limit


def safe_stem(name: str) -> str:
    """Return `name` as a file name stem that is safe on every OS and cannot leave its folder.

    Letters and digits of any script are kept ("Führung", "日本"); everything else that is
    not `.`, `_` or `-` becomes `-`.
    """
    name = unicodedata.normalize("NFC", name)
    stem = "".join(ch if ch.isalnum() or ch in "._-" else "-" for ch in name)
    stem = re.sub(r"-{2,}", "-", stem).strip(".-_ ") or "comparison"
    stem = stem[:MAX_STEM]
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:  # file names are limited in bytes
        stem = stem[:-1]
    stem = stem.rstrip(".-_ ") or "comparison"
    if stem.split(".")[0].lower() in WINDOWS_RESERVED:
        stem = f"{stem}-file"
    return stem


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename.

    Readers see the old file or the new one, never a partial one; on any failure, including
    Ctrl-C, the temporary file is removed and `target` is left as it was.  A symlink at
    `target` is replaced by the new file; the link's own target is not touched.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{relative_name(folder)}: cannot create folder: {err.strerror} — "
                          "choose another --out") from None
    if target.is_dir():
        raise OutputError(f"{relative_name(target)}: is a folder — remove it or choose another --out")
    temp_name = None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
        temp_name = None
    except OSError as err:
        raise OutputError(f"{relative_name(target)}: cannot write: {err.strerror} — check free "
                          "space and permissions of the output folder") from None
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


# the temporary files `write_atomically` makes: a killed build may leave them behind
TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
