"""Colour arithmetic shared by every output: tints of the kit's colours, and WCAG contrast."""

from __future__ import annotations


def mix(color: str, background: str, strength: float) -> str:
    """Return `color` laid over `background` at `strength` (0–1), as #RRGGBB."""
    mixed = (round(c * strength + b * (1 - strength))
             for c, b in zip(channels(color), channels(background), strict=True))
    return "#" + "".join(f"{value:02X}" for value in mixed)


def channels(color: str) -> tuple[int, int, int]:
    """Return the red, green and blue of #RRGGBB, 0–255."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def luminance(color: str) -> float:
    """Return the relative luminance of #RRGGBB (WCAG 2)."""
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """Return the WCAG contrast ratio of two #RRGGBB colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


READABLE = 4.5  # WCAG AA for body text


def readable_on(background: str, color: str) -> str:
    """Return `color` if it reads on `background` (contrast 4.5:1 or more), else the
    nearest shade of it that does (darker on a light background, lighter on a dark one)."""
    if contrast(color, background) >= READABLE:
        return color
    extreme = max(("#000000", "#FFFFFF"), key=lambda c: contrast(c, background))
    for step in range(1, 11):
        shade = mix(extreme, color, step / 10)
        if contrast(shade, background) >= READABLE:
            return shade
    return extreme
