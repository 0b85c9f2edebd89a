"""Logos from clients and pictures from sources: what their files really are, within size and
pixel budgets, and safe SVGs.

`picture_problem` is the one verdict on a picture a source shows: every output (the PDFs and
the deck) shows a picture only when it finds nothing wrong.
"""

from __future__ import annotations

import io
import os
import stat
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.errors import KitFileError, byte_size, shortened

MAX_LOGO_PIXELS = 40_000_000
MAX_PICTURE_PIXELS = 40_000_000  # as for logos: a decompression bomb is refused
MAX_PICTURE_BYTES = 20 * 1024 * 1024  # as much as the PDFs' fetcher reads of one file
RASTER_FORMATS = frozenset({"PNG", "JPEG", "GIF", "BMP", "TIFF"})
_FILE_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
               stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}
_SAVE_IT = "save the picture as a PNG, JPEG or SVG file beside the source"
_SMALLER = "export it smaller, at the size it is shown"


def check_logo(path: Path) -> str:
    """Return a description of the logo at `path`, or raise KitFileError if it is unusable."""
    if path.suffix.lower() == ".svg":
        from generator.guards.svg import check_svg

        check_svg(path)
        png = path.with_suffix(".png")
        return "SVG, vector in PDFs; " + (
            f"the deck uses {png.name}" if png.is_file() else
            "the deck uses a PNG drawn from it"
        )
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_LOGO_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 1× and 2× its pixel limit: for a logo, refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.verify()
                size, kind = image.size, image.format
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, SyntaxError) as err:
        raise KitFileError(path, f"the logo cannot be read as an image ({err})",
                           "export it again as PNG or JPEG") from None
    return f"{kind}, {size[0]}×{size[1]} px"


def picture_problem(path: Path) -> tuple[str, str] | None:
    """Return what makes the picture at `path` unfit for any output, and how to fix it; None
    when every output can show it.

    The file system is asked first: a named pipe, a device, or a file over
    MAX_PICTURE_BYTES is refused before a byte of it is read.  Then an SVG must be
    self-contained and small once its `<use>` copies are counted (`svg_problem`), and any
    other picture a PNG, JPEG, GIF, BMP or TIFF whose every pixel decodes, within
    MAX_PICTURE_PIXELS (a decompression bomb, a cut-short or corrupt file, text named .png
    are refused).
    """
    try:
        info = os.stat(path)
    except OSError as err:
        return f"it cannot be read ({err.strerror})", _SAVE_IT
    return _judged(path, (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns))


@lru_cache(maxsize=64)
def _judged(path: Path, identity: tuple[int, ...]) -> tuple[str, str] | None:
    """Return `picture_problem(path)` for the file as `identity` (its device, inode, size and
    time) says it is: a process rendering several outputs judges each picture once."""
    data, problem = read_regular_file(path, MAX_PICTURE_BYTES)
    if problem is not None:
        return problem
    if path.suffix.lower() == ".svg":
        from generator.guards.svg import svg_problem

        found = svg_problem(data)
        return (f"the SVG {found[0]}", found[1]) if found else None
    return raster_problem(data)


def read_regular_file(path: Path, limit: int) -> tuple[bytes, tuple[str, str] | None]:
    """Return the bytes of the file at `path`, or what makes it no file to read (not a
    regular file, over `limit` bytes, unreadable) and how to fix it.  Both are asked of the
    file system before a byte is read, and opening never waits (a pipe put in the file's
    place meanwhile is refused as well)."""
    try:
        problem = _unfit(os.stat(path), limit)
        if problem is not None:
            return b"", problem
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        return b"", (f"it cannot be read ({err.strerror})", _SAVE_IT)
    with open(handle, "rb") as file:
        problem = _unfit(os.fstat(file.fileno()), limit)
        data = b"" if problem is not None else file.read(limit + 1)
    if problem is None and len(data) > limit:  # it grew since
        problem = f"it holds more than the {byte_size(limit)} a picture may", _SMALLER
    return (b"", problem) if problem is not None else (data, None)


def _unfit(info: os.stat_result, limit: int) -> tuple[str, str] | None:
    """Return what makes a file no picture to read (not a regular file, or over `limit`
    bytes), from what the file system says of it."""
    if not stat.S_ISREG(info.st_mode):
        kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
        return f"it is {kind}, not a regular file", _SAVE_IT
    if info.st_size > limit:
        return (f"it holds {byte_size(info.st_size)}, more than the {byte_size(limit)} a "
                "picture may", _SMALLER)
    return None


def raster_problem(data: bytes) -> tuple[str, str] | None:
    """Return what makes `data` no picture every output can show (not an image, a format
    the deck cannot carry, too many pixels, data that does not decode to the last pixel), and
    how to fix it; None when it is one."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PICTURE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                picture.verify()  # the file's structure and checksums
            with Image.open(io.BytesIO(data)) as picture:
                load_every_pixel(picture)  # and its pixels: cut-short image data fails here
                kind = picture.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (f"it has more than {MAX_PICTURE_PIXELS:,} pixels, which is how decompression "
                "bombs look", _SMALLER)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as err:
        return (f"it cannot be read as a picture ({_short_reason(err)})",
                "export it again as PNG, JPEG or SVG")
    if kind not in RASTER_FORMATS:
        return f"{kind} pictures are not supported", "use PNG, JPEG or SVG"
    return None


def load_every_pixel(picture: Any) -> None:
    """Load `picture`'s pixels, failing on data cut short even though WeasyPrint, once
    imported, tells Pillow to accept such images (ImageFile.LOAD_TRUNCATED_IMAGES)."""
    from PIL import ImageFile

    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        picture.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _short_reason(err: BaseException) -> str:
    """Return Pillow's reason, without the in-memory file's address it names."""
    return shortened(str(err).split(" <_io.BytesIO", 1)[0].strip() or type(err).__name__)
