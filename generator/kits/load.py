"""Load brand kits: `templates/default/` is the base; a client kit holds only what differs.

Kits come from client companies, so every file a kit names must resolve (after symlinks)
to a regular file inside that kit's folder, and every value is validated before use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.errors import KitError, KitFileError, Problem, ProblemsError, relative_name
from generator.files import safe_stem
from generator.guards.css import check_css
from generator.i18n.labels import LABEL_KEYS, placeholder_problem
from generator.kits.folders import (
    BRAND_FILE,
    DEFAULT_KIT,
    MAX_KIT_FILE_BYTES,
    KitRef,
    kit_files,
    resolve_kit,
)
from generator.kits.fonts import read_face
from generator.kits.model import LANGUAGE_KEY, BrandKit, BrandSettings
from generator.located.problems import did_you_mean, place_name, translate_errors
from generator.located.yaml import LocatedDocument, YamlProblems, load_located

IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".svg": (b"<?xml", b"<svg"),
}
MASTER_SUFFIXES = (".pptx", ".potx")


class KitProblems(ProblemsError, KitError):
    """A kit's brand.yaml has located problems."""


def load_brand(kit: KitRef | str = DEFAULT_KIT) -> BrandKit:
    """Return the validated BrandKit for a kit (or a kit name or folder), layered over the
    default kit."""
    layers = (kit if isinstance(kit, KitRef) else resolve_kit(kit)).layers
    folder, base = layers[0], layers[-1]
    problems: list[Problem] = []
    merged = _read_resolved(base, problems)
    base_fonts = tuple(p for p in (merged.get("fonts") or {}).get("files") or [] if p)
    if folder != base:
        kit_files(folder)  # a kit within the bounds of what a kit may hold, or KitError
        if not (folder / BRAND_FILE).is_file():
            raise KitError(f"{relative_name(folder)}: no {BRAND_FILE} in this kit folder — "
                           "create one with `coursepack brand new NAME`")
        own = _read_resolved(folder, problems)
        if _names_fonts(own.get("fonts")) and not (own.get("slides") or {}).get("fonts"):
            # a kit naming its fonts shows them in its deck too, unless it says otherwise
            merged["slides"] = {k: v for k, v in (merged.get("slides") or {}).items()
                                if k != "fonts"}
        for key, value in own.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict) and key != "labels":
                merged[key] = {**merged[key], **value}
            elif key == "labels" and isinstance(value, dict):
                merged[key] = {**merged.get(key, {}), **value}
            else:
                merged[key] = value
    if problems:
        raise KitProblems(problems)
    merged["slug"] = safe_stem(folder.name)  # the same name the output folder gets
    merged["folders"] = layers
    merged["base_fonts"] = base_fonts
    try:
        return BrandKit.model_validate(merged)
    except ValidationError as err:  # pragma: no cover - fields were checked per file above
        raise KitError(f"{relative_name(folder / BRAND_FILE)}: {err}") from None


def _names_fonts(fonts: Any) -> bool:
    """Return whether a kit's `fonts:` names a heading or body font family."""
    return isinstance(fonts, dict) and bool(fonts.get("heading") or fonts.get("body"))


def _read_resolved(folder: Path, problems: list[Problem]) -> dict[str, Any]:
    """Return one kit's brand.yaml as data, with its file names resolved inside `folder`."""
    path = folder / BRAND_FILE
    if not path.exists():
        return {}
    try:
        document = load_located(path, relative_name(path), max_bytes=256 * 1024)
    except YamlProblems as err:
        problems.extend(err.problems)
        return {}
    problems.extend(document.problems)
    data = document.data
    if not isinstance(data, dict):
        problems.append(document.problem((), "expected a mapping of keys at the top level"))
        return {}
    before = len(problems)
    _check_shape(document, data, problems)
    if len(problems) > before:
        return {}
    resolved = dict(data)
    if data.get("logo"):
        resolved["logo"] = _confined(document, folder, ("logo",), data["logo"], problems,
                                     suffixes=tuple(IMAGE_SIGNATURES))
    resolved["css"] = [
        _confined(document, folder, ("css", i), name, problems, suffixes=(".css",))
        for i, name in enumerate(data.get("css") or [])
    ]
    for sheet in resolved["css"]:
        if sheet is not None:
            problems.extend(check_css(sheet, folder))
    fonts = dict(data.get("fonts") or {})
    for key in [k for k in fonts if k not in ("heading", "body")]:
        if key == "files" or LANGUAGE_KEY.match(str(key)):  # files, and files per language
            fonts[key] = _font_files(document, folder, ("fonts", key), fonts[key], problems)
        elif key == "languages" and isinstance(fonts[key], dict):  # the same, spelt out
            fonts[key] = {tag: _font_files(document, folder, ("fonts", key, tag), names, problems)
                          for tag, names in fonts[key].items()}
    if fonts:
        resolved["fonts"] = fonts
    slides = dict(data.get("slides") or {})
    if slides.get("master"):
        slides["master"] = _confined(document, folder, ("slides", "master"), slides["master"],
                                     problems, suffixes=MASTER_SUFFIXES)
    if slides:
        resolved["slides"] = slides
    return resolved


def _font_files(document: LocatedDocument, folder: Path, at: tuple[Any, ...], names: Any,
                problems: list[Problem]) -> Any:
    """Return the font files named at `at` (`fonts.files`, `fonts.ja` …) resolved inside
    `folder`, each read once here so that renderers can trust it; problems located at each
    name."""
    if not isinstance(names, list):
        return names  # the shape check reports it
    paths = [_confined(document, folder, (*at, i), name, problems,
                       suffixes=(".ttf", ".otf", ".woff", ".woff2"))
             for i, name in enumerate(names)]
    for i, path in enumerate(paths):
        if path is not None:
            try:
                read_face(path)
            except KitFileError as err:
                problems.append(document.problem((*at, i), f"font {names[i]!r}: {err.detail}",
                                                 err.hint))
    return paths


def _check_shape(document: LocatedDocument, data: dict[str, Any], problems: list[Problem]) -> None:
    """Validate one brand.yaml's values on their own, reporting located problems."""
    try:
        BrandSettings.model_validate(data)
    except ValidationError as err:
        problems.extend(translate_errors(document, err, BrandSettings, relocate=_as_written,
                                         explain=_explain))
    labels = data.get("labels")
    if isinstance(labels, dict):
        for key, text in labels.items():
            if key not in LABEL_KEYS:
                hint = did_you_mean(str(key), LABEL_KEYS) or f"label keys: {', '.join(LABEL_KEYS)}"
                problems.append(document.problem(("labels", key), f"unknown label {key!r}", hint,
                                                 key=True))
            elif isinstance(text, str) and (problem := placeholder_problem(key, text)):
                problems.append(document.problem(
                    ("labels", key), f"label {key!r}: {problem}",
                    'write it like the default, e.g. "Page {page} of {pages}"'))


def _as_written(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Return where brand.yaml writes the model's field at `loc`: fonts per language sit
    under `fonts` by their tag (`fonts: {ja: [...]}`)."""
    if len(loc) > 2 and loc[:2] == ("fonts", "languages"):
        return loc[:1] + loc[2:]
    return loc


def _explain(item: Any, loc: tuple[Any, ...]) -> tuple[str, str] | None:
    """Return (message, hint) for a pydantic error about a kit's own fields (None: the
    generic wording)."""
    if item["type"] != "string_pattern_mismatch" or not loc:
        return None
    name, value = place_name(loc), item.get("input")
    if loc[-1] == "language":
        return f"language {value!r} is not a BCP 47 tag", "use a tag such as en, de, fr-CA"
    if loc[0] == "colors":
        return f"{name}: {value!r} is not a colour", "write a colour as #RRGGBB, e.g. #1F3A5F"
    if loc[0] == "fonts" and loc[-1] == "[key]":  # a key of fonts.languages
        return (f"fonts: {value!r} is not a language tag",
                "give fonts per language under a tag such as ja, zh-TW or ar")
    if loc[0] == "fonts":
        return (f"{name}: {value!r} is not a font family name",
                "use the family's plain name, e.g. Source Sans 3")
    return None


def _confined(
    document: LocatedDocument, folder: Path, path: tuple[Any, ...], name: Any,
    problems: list[Problem], *, suffixes: tuple[str, ...],
) -> Path | None:
    """Return `name` resolved inside `folder`, or record why it is refused."""
    if not isinstance(name, str) or not name.strip():
        problems.append(document.problem(path, "expected a file name inside the kit"))
        return None
    target = (folder / name).resolve()
    root = folder.resolve()
    if not target.is_relative_to(root):
        problems.append(document.problem(
            path, f"{name!r} is outside the kit folder",
            "copy the file into the kit folder and name it relative to brand.yaml",
        ))
        return None
    if not target.is_file():
        problems.append(document.problem(path, f"file {name!r} not found in the kit",
                                         "check the name; it is relative to brand.yaml"))
        return None
    if target.suffix.lower() not in suffixes:
        problems.append(document.problem(path, f"{name!r} has an unsupported type",
                                         f"use one of: {', '.join(suffixes)}"))
        return None
    if target.stat().st_size > MAX_KIT_FILE_BYTES:
        problems.append(document.problem(path, f"{name!r} is larger than {MAX_KIT_FILE_BYTES // 2**20} MiB",
                                         "use a smaller file"))
        return None
    signatures = IMAGE_SIGNATURES.get(target.suffix.lower())
    if signatures and not _valid_image(document, path, name, target, signatures, problems):
        return None
    return target


def _valid_image(
    document: LocatedDocument, path: tuple[Any, ...], name: str, target: Path,
    signatures: tuple[bytes, ...], problems: list[Problem],
) -> bool:
    """Return whether the image at `target` is what its name says and safe to render."""
    head = target.read_bytes()[:512].lstrip()
    if not any(head.startswith(sig) for sig in signatures):
        problems.append(document.problem(
            path, f"{name!r} is not a {target.suffix[1:].upper()} image",
            "export the logo again as PNG, JPEG or SVG",
        ))
        return False
    from generator.guards.images import check_logo  # Pillow and the SVG checks load only here

    try:
        check_logo(target)
    except KitFileError as err:
        problems.append(document.problem(path, err.detail, err.hint))
        return False
    return True

