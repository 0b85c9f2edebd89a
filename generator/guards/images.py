"""Logos from clients: what their files really are, within a pixel budget, and safe SVGs."""

from __future__ import annotations

import warnings
from pathlib import Path

from generator.errors import KitFileError

MAX_LOGO_PIXELS = 40_000_000


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
