"""Colour arithmetic shared by every output, so PDFs and decks tint the kit's colours alike."""

from __future__ import annotations


def mix(color: str, background: str, strength: float) -> str:
    """Return `color` laid over `background` at `strength` (0–1), as #RRGGBB."""
    def channels(value: str) -> list[int]:
        return [int(value[i:i + 2], 16) for i in (1, 3, 5)]

    mixed = (round(c * strength + b * (1 - strength))
             for c, b in zip(channels(color), channels(background), strict=True))
    return "#" + "".join(f"{value:02X}" for value in mixed)
