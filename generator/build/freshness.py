"""Is an output up to date, or edited by hand?  Decided from file contents alone, before any
heavy import.

An output's key hashes everything that can change it: the source file, every file of the kit
and of the default kit, the tool's own code, and the options.  The keys of the outputs
written last time are kept in `<out>/<kit>/.coursepack-manifest.json`, with each output's size,
modification time and checksum: an output deleted by hand is rebuilt, and one changed by
hand (a deck polished in PowerPoint) is recognised as edited, so that it is never silently
replaced.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import stat
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from generator import __version__
from generator.files import write_atomically
from generator.guards.images import read_regular_file
from generator.kits.folders import kit_files

MANIFEST = ".coursepack-manifest.json"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}  # what --watch follows
MAX_IMAGE_FACTOR = 20  # pictures over 20 times the source limit are not read to be hashed
# A Markdown target: a picture's `](pic.png)` or `](<my pic.png>)`, a reference's
# `[plan]: plan.png`; the name runs to the closing bracket, or to a space.
_TARGET = re.compile(r"\](?:\(|:)\s*(?:<([^<>\n]*)>|([^\s<>]+))")
_ESCAPE = re.compile(r"\\(.)")
MAX_PARENTHESES = 8  # cuts tried in one target, before each `)`: `](chart(1).png)`


def kit_digest(folders: Iterable[Path]) -> str:
    """Return a hash of every file's name and bytes below the kit's folders."""
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(str(folder).encode())
        for path, _ in kit_files(folder):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def code_digest(package: Path) -> str:
    """Return a hash of coursepack's version and of every module's name and code below
    `package`, and of the data its modules read (the deck's font metrics)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.json")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """Return the hash of this coursepack's code (so a changed tool rebuilds everything)."""
    return code_digest(Path(__file__).resolve().parent.parent)  # the whole package


def source_digest(source: Path, max_bytes: int) -> str:
    """Return a hash of the source's bytes and of every file beside it that it may show.

    Those are the targets its Markdown names (`pictures_named`), looked up one by one and
    hashed when they are regular files inside the source's folder (links followed): never
    by listing the folder, so however many files sit beside the source, a changed picture
    is seen.  Nothing over `max_bytes` (the source limit) is read: such a source is refused
    when it is loaded, and such a picture when it is shown, so their size and time stand in
    for their bytes.
    """
    info = source.stat()
    if info.st_size > max_bytes:
        return hashlib.sha256(f"{info.st_size}:{info.st_mtime_ns}".encode()).hexdigest()
    data = source.read_bytes()
    digest = hashlib.sha256(data)
    folder = source.parent.resolve()
    for name in pictures_named(data.decode("utf-8", "replace")):
        path = folder / name
        try:
            image = path.stat()
            inside = path.resolve().is_relative_to(folder)
        except (OSError, ValueError):
            continue  # no such file (or no name a file can have): nothing to show
        if not inside or not stat.S_ISREG(image.st_mode):
            continue  # refused when shown, whatever it holds
        blob, too_big = read_regular_file(path, max_bytes * MAX_IMAGE_FACTOR)
        if too_big is not None:
            blob = f"{image.st_size}:{image.st_mtime_ns}".encode()
        digest.update(name.encode() + hashlib.sha256(blob).digest())
    return digest.hexdigest()


def pictures_named(text: str) -> list[str]:
    """Return the names a source's `text` may show as pictures: each target after `](` or
    `]:` (a picture, a reference's definition), in <angle brackets> or up to a space, as
    written, percent-decoded and with Markdown's backslash escapes undone.  A name may hold
    parentheses, so the target cut before each of its first `)` is one too."""
    names: set[str] = set()
    for match in _TARGET.finditer(text):
        angled, bare = match.groups()
        targets = [angled] if angled is not None else [
            bare[:end.start()] for end in itertools.islice(re.finditer(r"\)", bare),
                                                            MAX_PARENTHESES)] + [bare]
        for target in targets:
            names.update(name for name in (unquote(target), unquote(_ESCAPE.sub(r"\1", target)))
                         if name)
    return sorted(names)


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def output_key(source_hash: str, kit_hash: str, fmt: str, options: Iterable[str]) -> str:
    """Return the key that changes whenever an output `fmt` would change."""
    digest = hashlib.sha256()
    digest.update(source_hash.encode())
    digest.update(kit_hash.encode())
    digest.update(tool_digest().encode())
    digest.update(fmt.encode())
    for option in options:
        digest.update(b"\0" + option.encode())
    return digest.hexdigest()


class Manifest:
    """The keys of the outputs in one `<out>/<kit>` folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        self.changed = False
        try:
            if self.path.stat().st_size > MAX_MANIFEST_BYTES:  # not ours: start afresh
                raise ValueError(self.path)
            self.entries: dict[str, dict[str, object]] = json.loads(self.path.read_text("utf-8"))
            if not isinstance(self.entries, dict):
                self.entries = {}
        except (OSError, ValueError, RecursionError):  # not ours (or nested without end)
            self.entries = {}

    def is_fresh(self, target: Path, key: str) -> bool:
        """Return whether `target` exists, is unchanged since we wrote it, and has this key."""
        entry = self.entries.get(target.name)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return False
        try:
            info = os.stat(target, follow_symlinks=False)
        except OSError:
            return False
        return entry.get("size") == info.st_size and entry.get("mtime_ns") == info.st_mtime_ns

    def edited(self, target: Path) -> bool:
        """Return whether `target` was changed after coursepack wrote it (a deck polished in
        PowerPoint, an annotated PDF): it is there, and its bytes are not those written."""
        entry = self.entries.get(target.name)
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            return False  # not written here, or by a coursepack that kept no checksums
        try:
            info = os.stat(target, follow_symlinks=False)
        except OSError:
            return False  # gone: nothing to keep
        if entry.get("size") == info.st_size and entry.get("mtime_ns") == info.st_mtime_ns:
            return False
        try:
            return file_digest(target) != entry["sha256"]
        except OSError:
            return True  # unreadable: not ours to replace

    def record(self, target: Path, key: str, data: bytes) -> None:
        """Remember that `target` was just written for `key` with `data`."""
        info = target.stat()
        self.entries[target.name] = {"key": key, "size": info.st_size,
                                     "mtime_ns": info.st_mtime_ns,
                                     "sha256": hashlib.sha256(data).hexdigest()}
        self.changed = True

    def save(self) -> None:
        """Write the manifest (atomically, like every output)."""
        write_atomically(self.path, json.dumps(self.entries, indent=1, sort_keys=True).encode())
