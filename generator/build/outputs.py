"""Where outputs go: output folders, checked, and held by one build at a time."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from generator.errors import OutputError, relative_name
from generator.files import TEMP_NAME, safe_stem


def keep_copy(target: Path, today: date | None = None) -> Path:
    """Copy `target` (an output edited by hand, about to be replaced) beside it as
    `<name>.edited-<date><suffix>` (`-2`, `-3` … when that exists); return the copy's path."""
    stamp = (today or date.today()).isoformat()
    for number in range(1, 1000):
        copy = target.with_name(f"{target.stem}.edited-{stamp}{'' if number == 1 else f'-{number}'}"
                                f"{target.suffix}")
        if not copy.exists():
            break
    try:
        shutil.copy2(target, copy)
    except OSError as err:
        raise OutputError(f"{relative_name(target)}: cannot keep a copy of your edited file "
                          f"({err.strerror}), so it was not replaced — check the output "
                          "folder's free space and permissions") from None
    return copy


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


LOCK_FILE = ".coursepack-lock"


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
            match = TEMP_NAME.match(entry.name)
            if match and match["name"].endswith(self.own_suffixes) and entry.is_file(
                    follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
