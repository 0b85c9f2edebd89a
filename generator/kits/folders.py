"""Where kits live: kit names and paths to folders, without loading or validating anything.

Kept free of heavy imports so that the up-to-date check of a build can run before them.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.errors import KitError, did_you_mean, relative_name

DEFAULT_KIT = "default"
BRAND_FILE = "brand.yaml"


PACKAGE = Path(__file__).resolve().parent.parent  # generator/


def packaged_templates() -> Path:
    """Return the folder holding the shipped kits (inside the wheel, or the repo's templates/)."""
    inside = PACKAGE / "templates"
    return inside if inside.is_dir() else PACKAGE.parent / "templates"


def kit_search_roots() -> list[Path]:
    """Return where kit names are looked up: ./templates first, then the shipped kits."""
    roots = [Path.cwd() / "templates", packaged_templates()]
    unique: list[Path] = []
    for root in roots:
        if root.is_dir() and root.resolve() not in [r.resolve() for r in unique]:
            unique.append(root)
    return unique


def find_kit_folder(name_or_path: str) -> Path:
    """Return the folder of the kit called `name_or_path`, or at that path."""
    candidate = Path(name_or_path)
    looks_like_path = "/" in name_or_path or "\\" in name_or_path or name_or_path.startswith(".")
    if looks_like_path or (candidate.is_dir() and (candidate / BRAND_FILE).is_file()):
        if not candidate.is_dir():
            raise KitError(f"{name_or_path}: no such kit folder — check the path given to --brand")
        return candidate.resolve()
    for root in kit_search_roots():
        folder = root / name_or_path
        if folder.is_dir():
            return folder.resolve()
    known = ", ".join(list_kits()) or "none"
    hint = did_you_mean(name_or_path, list_kits())
    raise KitError(f"no brand kit named {name_or_path!r} (kits: {known})"
                   + (f" — {hint}" if hint else " — create one with `coursepack brand new NAME`"))


def list_kits() -> list[str]:
    """Return the names of the kits found in the kit search roots."""
    names: set[str] = set()
    for root in kit_search_roots():
        names.update(p.name for p in root.iterdir() if (p / BRAND_FILE).is_file())
    return sorted(names)


def default_kit_folder() -> Path:
    """Return the base kit's folder."""
    return (packaged_templates() / DEFAULT_KIT).resolve()


@dataclass(frozen=True)
class KitRef:
    """A kit as found on disk, not yet loaded: the name it was asked for by, and the folders
    it is made of, its own first: (kit, default), or (default,) for the base kit."""

    name: str
    layers: tuple[Path, ...]

    @property
    def folder(self) -> Path:
        """Return the kit's own folder."""
        return self.layers[0]

    @property
    def is_default(self) -> bool:
        """Return whether this is the base kit itself."""
        return len(self.layers) == 1


def resolve_kit(name_or_path: str) -> KitRef:
    """Return the kit called `name_or_path` (or at that path) as a KitRef.  The one place a
    kit name becomes folders; raises KitError."""
    base = default_kit_folder()
    folder = base if name_or_path == DEFAULT_KIT else find_kit_folder(name_or_path)
    return KitRef(name_or_path, (folder,) if folder == base else (folder, base))


MAX_KIT_FILES = 2000
MAX_KIT_FILE_BYTES = 50 * 1024 * 1024
MAX_KIT_BYTES = 200 * 1024 * 1024


def kit_files(folder: Path) -> list[tuple[Path, int]]:
    """Return (file, size) of every file below a kit folder, sizes read from the file system.

    Raises KitError for a kit larger than a kit may be (a kit is read in full to tell whether
    it changed): `MAX_KIT_FILES` files, `MAX_KIT_FILE_BYTES` each, `MAX_KIT_BYTES` in all.
    Links that leave the folder are not followed: a kit reads nothing outside itself.
    """
    root = folder.resolve()
    found: list[tuple[Path, int]] = []
    for parent, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(names):
            path = Path(parent, name)
            try:
                info = path.stat()
                inside = path.resolve().is_relative_to(root)
            except OSError:
                continue  # a dangling link: nothing to read
            if not inside or not stat.S_ISREG(info.st_mode):
                continue
            found.append((path, info.st_size))
            if len(found) > MAX_KIT_FILES:
                raise KitError(f"{relative_name(folder)}: the kit holds more than "
                               f"{MAX_KIT_FILES} files — keep only what the kit uses in its folder")
            if info.st_size > MAX_KIT_FILE_BYTES:
                raise KitError(f"{relative_name(path)}: {_size(info.st_size)}; a kit file may "
                               f"hold at most {_size(MAX_KIT_FILE_BYTES)} — remove it from the "
                               "kit folder if the kit does not use it, or make it smaller")
    total = sum(size for _, size in found)
    if total > MAX_KIT_BYTES:
        largest = max(found, key=lambda item: item[1])[0]
        raise KitError(f"{relative_name(folder)}: the kit holds {_size(total)}, more than "
                       f"{_size(MAX_KIT_BYTES)} (largest: {largest.relative_to(folder)}) — "
                       "keep only what the kit uses in its folder")
    return found


def _size(count: int) -> str:
    """Return a byte count for messages: `3.0 GiB`, `512 MiB`."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{count} bytes"
