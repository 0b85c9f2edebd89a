"""A long body over continuation slides: where to split it, and numbered lists that go on
counting on the next slide."""

from __future__ import annotations

from dataclasses import replace

from generator.render.deck.fit.measure import Measure
from generator.render.deck.fit.paragraphs import Para, first_in_box
from generator.render.deck.units import Box

COMFORTABLE = 16  # points: a body that fits no larger is split rather than shrunk further


def split(measure: Measure, paras: list[Para], box: Box, largest: float,
          comfortable: float = COMFORTABLE) -> list[list[Para]]:
    """Return `paras` as one chunk if they fit `box` at `comfortable` points or more, else
    split into as few chunks as fit at that size, shared out evenly."""
    comfortable = min(comfortable, largest)
    if len(paras) <= 1 or measure.fit(paras, box, largest, comfortable):
        return [paras]
    chunks: list[list[Para]] = [[]]
    for para in paras:
        trial = [*chunks[-1], para]
        if chunks[-1] and not measure.fits(first_in_box(trial), comfortable, box):
            chunks.append([para])
        else:
            chunks[-1] = trial
    # even out the parts: ten, ten and ten items read better than thirteen, thirteen, four
    per_part = -(-len(paras) // len(chunks))
    even = [paras[i:i + per_part] for i in range(0, len(paras), per_part)]
    if len(even) == len(chunks) and all(measure.fits(first_in_box(c), comfortable, box)
                                        for c in even):
        chunks = even
    return [first_in_box(numbered_from(chunk, sum(numbers(c) for c in chunks[:i]) + 1))
            for i, chunk in enumerate(chunks)]


def numbers(paras: list[Para]) -> int:
    """Return how many top-level numbered items `paras` hold."""
    return sum(1 for p in paras if p.kind == "number" and p.level == 0)


def numbered_from(paras: list[Para], start: int) -> list[Para]:
    """Return `paras` with their top-level numbered list starting at `start`."""
    return [replace(p, start=start) if p.kind == "number" and p.level == 0 else p for p in paras]
