"""Where outputs go and how they are written: safe names, atomic replacement, and output
folders held by one build at a time."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
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


def output_folder(out: Path, kit_slug: str) -> Path:
    """Return `<out>/<kit>`, checking that `out` can hold folders."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{relative_name(out)}: --out is a file, not a folder — "
                          "name a folder (it is created if missing)")
    existing = next((p for p in (out, *out.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise OutputError(f"{relative_name(out)}: cannot create --out inside "
                          f"{relative_name(existing)}, which is a file — name another folder")
    return out / safe_stem(kit_slug)


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


LOCK_FILE = ".coursepack-lock"
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


class OutputFolders:
    """Hold the output folders of a build for this process alone, and tidy them.

    Two builds into the same folder would mix their outputs and manifests, so each folder is
    locked (`flock` on `.coursepack-lock` in it) for the whole build; a second build waits
    for the first.  Once locked, temporary files a killed build left there are removed (only
    those named as `write_atomically` names them, for files ending in `own_suffixes`).  A
    folder the build created and left empty is removed again at the end.
    """

    def __init__(self, folders: list[Path], own_suffixes: tuple[str, ...],
                 on_wait: Callable[[Path], None] = lambda folder: None) -> None:
        self.folders = list(dict.fromkeys(folders))
        self.own_suffixes = own_suffixes
        self.on_wait = on_wait
        self.created: list[Path] = []
        self.locks: list[tuple[Path, int]] = []

    def __enter__(self) -> OutputFolders:
        try:
            for folder in self.folders:
                self._create(folder)
            # Locked in the order of the folders themselves (device and inode), whatever
            # names reach them: two builds naming one folder through a link, or in another
            # case, still take the locks in the same order and cannot wait for each other.
            by_identity: dict[tuple[int, int], Path] = {}
            for folder in self.folders:
                info = folder.stat()
                by_identity.setdefault((info.st_dev, info.st_ino), folder)
            for _, folder in sorted(by_identity.items()):
                self.locks.append((folder, self._lock(folder)))
                self._remove_leftovers(folder)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            for folder, _ in reversed(self.locks):
                with contextlib.suppress(OSError):  # the folder may be gone already
                    if folder in self.created and {p.name for p in folder.iterdir()} == {
                            LOCK_FILE}:
                        (folder / LOCK_FILE).unlink()  # before the unlock: see _lock
        finally:
            for _, fd in self.locks:
                with contextlib.suppress(OSError):
                    os.close(fd)  # releases the lock
            self.locks.clear()
        for folder in sorted(self.created, key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty: nothing was written there

    def _create(self, folder: Path) -> None:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(f"{relative_name(folder)}: cannot create folder: {err.strerror} "
                              "— choose another --out") from None
        self.created.extend(missing)

    def _lock(self, folder: Path) -> int:
        """Return an open descriptor holding the lock of `folder`, waiting for it if need be."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: folders are not locked
            fcntl = None  # type: ignore[assignment]
        path = folder / LOCK_FILE
        waited = False
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            except OSError as err:
                raise OutputError(f"{relative_name(path)}: cannot lock the output folder: "
                                  f"{err.strerror} — check its permissions") from None
            if fcntl is None:  # pragma: no cover
                return fd
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not waited:
                    self.on_wait(folder)
                    waited = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            # A build that created the folder removes the lock file before unlocking it: a
            # lock won on a file that is no longer there locks nothing, so try again.
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                return fd
            os.close(fd)
            self._create(folder)

    def _remove_leftovers(self, folder: Path) -> None:
        for entry in os.scandir(folder):
            match = _TEMP_NAME.match(entry.name)
            if match and match["name"].endswith(self.own_suffixes) and entry.is_file(
                    follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
