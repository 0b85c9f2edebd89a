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


READABLE = 4.5  # WCAG AA for text
READABLE_LARGE = 3.0  # WCAG AA for large text: 18 pt, or 14 pt bold


def needed_contrast(size: float, bold: bool = False) -> float:
    """Return the contrast text of `size` points needs to read (WCAG AA)."""
    return READABLE_LARGE if size >= 18 or (bold and size >= 14) else READABLE


COMFORTABLE = 7.0  # WCAG AAA: where a colour must change anyway, aim no lower than needs be


def readable_on(backgrounds: str | list[str], color: str, needed: float = READABLE) -> str:
    """Return `color` if it reads on every one of `backgrounds` (contrast `needed` or more),
    else the nearest shade of it that reads comfortably (3 more than needed, up to 7:1: a
    shade that only just passes looks washed out), darker on light backgrounds and lighter
    on dark ones, else whichever of black and white reads best."""
    on = [backgrounds] if isinstance(backgrounds, str) else backgrounds

    def worst(candidate: str) -> float:
        return min(contrast(candidate, background) for background in on)

    if worst(color) >= needed:
        return color
    target = min(needed + 3, COMFORTABLE)
    extreme = max(("#000000", "#FFFFFF"), key=worst)
    for step in range(1, 11):
        shade = mix(extreme, color, step / 10)
        if worst(shade) >= target:
            return shade
    return extreme
