"""Where kits live: kit names and paths to folders, without loading or validating anything.

Kept free of heavy imports so that the up-to-date check of a build can run before them.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import KitError, did_you_mean

DEFAULT_KIT = "default"
BRAND_FILE = "brand.yaml"


def packaged_templates() -> Path:
    """Return the folder holding the shipped kits (inside the wheel, or the repo's templates/)."""
    inside = Path(__file__).parent / "templates"
    return inside if inside.is_dir() else Path(__file__).parent.parent / "templates"


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
