"""Font files a kit ships: what family, weight and style each one is, read from the font."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from generator.errors import KitFileError

# fontTools logs harmless remarks about font files ("'created' timestamp seems very low")
# while reading and subsetting them; they mean nothing to a trainer.
logging.getLogger("fontTools").setLevel(logging.ERROR)


@dataclass(frozen=True)
class FontFace:
    """One font file as an @font-face rule needs it."""

    family: str
    weight: int
    style: str
    path: Path

    @property
    def uri(self) -> str:
        """Return the file's URL, for CSS `src`."""
        return self.path.as_uri()


FONT_HINT = ("replace it with the file as the foundry ships it (TTF, OTF, WOFF or WOFF2), "
             "or remove it from brand.yaml")


@contextmanager
def opened_font(path: Path, what: str = "not a readable font file") -> Iterator[TTFont]:
    """Yield the font file at `path`, opened lazily from memory (a broken file leaves no
    handle open).  Whatever fontTools raises while the block reads it becomes a KitFileError
    naming the file: a kit's font is untrusted, and broken data (bad WOFF2 compression, a
    character map cut short) fails with any kind of exception, at any table read."""
    try:
        with TTFont(io.BytesIO(path.read_bytes()), lazy=True, fontNumber=0) as font:
            yield font
    except KitFileError:
        raise
    except Exception as err:  # fontTools raises many kinds on broken data
        raise KitFileError(path, f"{what} ({type(err).__name__}: {err})", FONT_HINT) from err


def file_stamp(path: Path) -> tuple[int, ...]:
    """Return what tells one content of the file at `path` from another without reading it
    (device, inode, size, modification time; empty when it cannot be asked): what is read
    from a font is kept under its path and stamp, so a file replaced while a process lives
    on (a kit edited during --watch) is read again, never answered from the old one."""
    try:
        info = path.stat()
    except OSError:
        return ()
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def read_face(path: Path) -> FontFace:
    """Return the family, weight and style stored in the font file at `path`, after reading
    every table the renderers read (character map, metrics), so that a font that loads is one
    they can use; KitFileError otherwise."""
    return _read_face(path, file_stamp(path))


@lru_cache(maxsize=64)
def _read_face(path: Path, stamp: tuple[int, ...]) -> FontFace:
    with opened_font(path) as font:
        names = font["name"]
        family = str(names.getDebugName(16) or names.getDebugName(1) or path.stem).strip()
        if not family or len(family) > 100 or not all(
                ch.isprintable() and ch not in "\ufffe\uffff" for ch in family):
            raise KitFileError(path, f"the font's family name {family[:40]!r} is empty, "
                               "too long or holds control characters",
                               "use the font as its foundry ships it")
        os2 = font["OS/2"]
        italic = bool(os2.fsSelection & 1) or "italic" in path.stem.lower()
        number_glyphs(font)
        font["cmap"].ensureDecompiled()  # every subtable: the PDFs' subsetting reads them all
        if not font["hmtx"].metrics or not 16 <= font["head"].unitsPerEm <= 16384:
            raise KitFileError(path, "the font has no glyph widths, or an em size outside "
                               "OpenType's 16 to 16384 units", "use the font as its foundry "
                               "ships it")
        return FontFace(family, int(os2.usWeightClass), "italic" if italic else "normal", path)


def number_glyphs(font: TTFont) -> None:
    """Name `font`'s glyphs by number: reading the real names would make fontTools parse the
    whole CFF table, and nothing here needs them."""
    font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])


def font_coverage(path: Path) -> frozenset[int]:
    """Return the code points the font file at `path` maps to glyphs; KitFileError when it
    cannot be read."""
    return _font_coverage(path, file_stamp(path))


@lru_cache(maxsize=64)
def _font_coverage(path: Path, stamp: tuple[int, ...]) -> frozenset[int]:
    with opened_font(path, "cannot read the font's character map") as font:
        number_glyphs(font)
        return frozenset(font.getBestCmap() or {})


def font_faces(paths: list[Path]) -> list[FontFace]:
    """Return the faces of every font file in `paths`."""
    return [read_face(path) for path in paths]
