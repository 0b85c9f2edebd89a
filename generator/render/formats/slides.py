"""The editable slide deck: the kit's outline of slides (`render/outline.py`), composed on the
kit's PowerPoint master by the deck engine (`render/deck/`), and, for `brand check`, held to
the invariants every deck keeps (`render/deck/check.py`)."""

from __future__ import annotations

import io

from generator.render.deck.compose.writer import compose
from generator.render.job import RenderJob
from generator.render.outline import build_outline


def render(job: RenderJob) -> bytes:
    """Return the .pptx deck for `job`."""
    deck = compose(job, build_outline(job))
    data = deck.save()
    if job.check_invariants:
        _check(data, deck.titles, job)
    return data


def forget_caches() -> None:
    """Nothing to forget: what the deck engine keeps between renders is keyed by master
    part, and checked to be that part before use."""


def _check(data: bytes, titles: list[str], job: RenderJob) -> None:
    """Raise RenderError listing every deck invariant the deck breaks (see deck/check.py)."""
    from pptx import Presentation

    from generator.errors import RenderError
    from generator.i18n.languages import is_rtl
    from generator.render.deck.check import check_deck

    broken = check_deck(Presentation(io.BytesIO(data)), titles=titles,
                        language=job.language, rtl=is_rtl(job.language))
    if broken:
        raise RenderError("the deck breaks what every deck must keep:\n" + "\n".join(
            f"  {violation}" for violation in broken[:20]) + (
            f"\n  … and {len(broken) - 20} more" if len(broken) > 20 else ""))
