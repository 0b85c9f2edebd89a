"""Font files a kit ships: what family, weight and style each one is, read from the font."""

from __future__ import annotations

import io
import logging
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

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


@lru_cache(maxsize=64)
def read_face(path: Path) -> FontFace:
    """Return the family, weight and style stored in the font file at `path`."""
    try:
        # from bytes in memory: a broken file must not leave a handle open
        with TTFont(io.BytesIO(path.read_bytes()), lazy=True, fontNumber=0) as font:
            names = font["name"]
            family = str(names.getDebugName(16) or names.getDebugName(1) or path.stem).strip()
            if not family or len(family) > 100 or not all(
                    ch.isprintable() and ch not in "\ufffe\uffff" for ch in family):
                raise KitFileError(path, f"the font's family name {family[:40]!r} is empty, "
                                   "too long or holds control characters",
                                   "use the font as its foundry ships it")
            os2 = font["OS/2"]
            italic = bool(os2.fsSelection & 1) or "italic" in path.stem.lower()
            return FontFace(family, int(os2.usWeightClass), "italic" if italic else "normal", path)
    except (TTLibError, KeyError, OSError, ValueError, AssertionError, struct.error,
            MemoryError) as err:
        raise KitFileError(path, f"not a readable font file ({err})",
                           "use TTF, OTF or WOFF files") from err


def font_faces(paths: list[Path]) -> list[FontFace]:
    """Return the faces of every font file in `paths`."""
    return [read_face(path) for path in paths]
