"""Which layout of a client's master each kind of slide goes on, chosen by what it is.

Every layout is resolved once (`resolve.resolve_layout`), then scored for each kind of
slide; names (the kit's mapping, usual names in several languages, LibreOffice's) are hints
that add to a score but never make an unusable layout usable.  A kind no layout fits takes
the best layout of a kind it can stand in for, else the best layout with a title, and its
content is drawn in the free area.  Only a master with nothing usable is refused, with the
reason of each layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from generator.errors import KitError
from generator.kits.model import LAYOUT_KINDS
from generator.render.deck.masters.resolve import (
    ResolvedLayout,
    above,
    in_masters_geometry,
    resolve_layout,
)
from generator.render.deck.units import Box, inches

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationObject
    from pptx.slide import SlideLayout


@dataclass(frozen=True)
class LayoutKind:
    """One kind of slide the outline asks for: what PowerPoint calls its layout, the names
    masters give it, the kinds it falls back to, and what it needs of a layout."""

    name: str
    label: str
    usual_names: tuple[str, ...]
    fallbacks: tuple[str, ...]
    bodies: int = 0  # body placeholders it fills side by side
    headers: int = 0  # small body placeholders above them (column headings)
    content: bool = True  # whether it puts content under its title
    title_top: bool = True  # whether its title belongs at the top of the slide


KINDS: dict[str, LayoutKind] = {kind.name: kind for kind in (
    LayoutKind("title", "Title Slide", (
        "Title Slide", "Titelfolie", "Diapositive de titre", "Diapositiva de título",
        "タイトル スライド", "شريحة عنوان", "Cover", "Title"),
        ("section", "title_only", "content"), content=False, title_top=False),
    LayoutKind("section", "Section Header", (
        "Section Header", "Abschnittsüberschrift", "Titre de section", "Encabezado de sección",
        "セクション見出し", "رأس المقطع", "Divider", "Section"),
        ("title", "title_only", "content"), content=False, title_top=False),
    LayoutKind("content", "Title and Content", (
        "Title and Content", "Titel und Inhalt", "Titre et contenu", "Título y objetos",
        "タイトルとコンテンツ", "عنوان ومحتوى", "Title, Content", "1-Up", "One Content"),
        ("title_only",), bodies=1),
    LayoutKind("two_content", "Two Content", (
        "Two Content", "Zwei Inhalte", "Deux contenus", "Dos objetos", "2 つのコンテンツ",
        "محتوى مزدوج", "Title, 2 Content", "2-Up", "Side by Side"),
        ("comparison", "content", "title_only"), bodies=2),
    LayoutKind("comparison", "Comparison", (
        "Comparison", "Vergleich", "Comparaison", "Comparación", "比較", "مقارنة"),
        ("two_content", "title_only", "content"), bodies=2, headers=2),
    LayoutKind("title_only", "Title Only", (
        "Title Only", "Nur Titel", "Titre seul", "Solo el título", "タイトルのみ",
        "العنوان فقط", "Heading Only"),
        ("content",)),
    LayoutKind("blank", "Blank", (
        "Blank", "Leer", "Vide", "En blanco", "白紙", "فارغ", "Blank Slide", "Empty"),
        ("title_only", "content"), content=True, title_top=False),
)}
assert tuple(KINDS) == LAYOUT_KINDS, "one table of layout kinds, in the model's order"

MIN_AREA_HEIGHT = 0.2  # share of the slide's height a content area needs
MIN_AREA_WIDTH = 0.35  # and of its width


# -- scoring ---------------------------------------------------------------------------------


def _normal_name(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _named_as(resolved: ResolvedLayout, kind: LayoutKind) -> bool:
    name = _normal_name(resolved.name)
    return bool(name) and any(_normal_name(usual) == name for usual in kind.usual_names)


def fitness(resolved: ResolvedLayout, kind: LayoutKind) -> tuple[float, str]:
    """Return how well `resolved` suits `kind` (0: not at all) and, in words, why."""
    width, height = resolved.slide_width, resolved.slide_height
    area = resolved.area
    useful_area = area.width >= MIN_AREA_WIDTH * width and area.height >= MIN_AREA_HEIGHT * height
    if kind.name == "blank":
        if resolved.title is not None or resolved.bodies:
            return 0.0, "it has placeholders"
        if _named_as(resolved, kind):
            return 6.0, f'named "{resolved.name}"; no title or body placeholders'
        return 3.0, "no title or body placeholders"
    if resolved.title is None:
        return 0.0, resolved.title_problem
    score = 1.0
    bodies, headers = resolved.bodies, resolved.headers
    if kind.title_top and not resolved.title_at_top:
        return 0.0, "its title is not at the top of the slide"
    if not kind.content:  # title and section slides: a title, a subtitle or short body
        if len(bodies) + len(headers) > 1:
            return 0.0, f"it has {len(bodies) + len(headers)} body placeholders"
        centred = resolved.title.type == "ctrTitle"
        short_body = len(bodies) == 1 and bodies[0].at.height < 0.3 * height
        if kind.name == "title":  # a centred title over a subtitle
            score += (2.0 if centred else 0.0) + (1.0 if resolved.subtitle is not None else 0.0)
            score -= 1.0 if bodies else 0.0
        else:  # a section header: a title lower down over a short body, not centred
            score += (1.0 if short_body else 0.0) + (0.0 if resolved.title_at_top else 1.0)
            score -= 1.0 if centred else 0.0
        reason = "centred title" if centred else "title"
        if resolved.subtitle is not None:
            reason += " + subtitle"
        elif bodies:
            reason += " + short body"
    else:
        if not useful_area:
            return 0.0, (f"it leaves {inches(area.width)} × {inches(area.height)} in for "
                         "content")
        if kind.bodies and len(bodies) < kind.bodies:
            return 0.0, f"it has {len(bodies)} body placeholders, not {kind.bodies}"
        score -= 0.5 * (len(bodies) - kind.bodies) if kind.bodies else 0.0  # left unused
        if kind.bodies == 2 and not _side_by_side(bodies[0].at, bodies[1].at):
            return 0.0, "its two bodies are not side by side"
        if kind.headers and (len(headers) != kind.headers or not all(
                above(h.at, b.at) for h, b in zip(headers, bodies, strict=True))):
            return 0.0, "it has no heading placeholder above each body"
        if not kind.bodies and bodies:
            score -= 0.5 * len(bodies)  # unused bodies are removed; a clean layout is better
        if not kind.headers and headers:
            return 0.0, f"it has {len(headers)} heading placeholders"
        score += 2.0 * resolved.free_area / (width * height)  # room not drawn over
        reason = {0: "title + free area", 1: "title + 1 body",
                  2: "title + 2 bodies side by side"}[min(kind.bodies, 2)]
        if kind.headers:
            reason = "title + 2 headings + 2 bodies side by side"
    if _named_as(resolved, kind):
        score += 3.0
        reason = f'named "{resolved.name}"; {reason}'
    return score, reason


def _side_by_side(left: Box, right: Box) -> bool:
    """Return whether two boxes sit next to each other, overlapping vertically."""
    return (left.left + left.width <= right.left + left.width // 10
            and left.top < right.bottom and right.top < left.bottom)


# -- choosing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayoutChoice:
    """The layout used for one kind of slide, and in words why it was chosen."""

    kind: str
    layout: SlideLayout
    reason: str
    resolved: ResolvedLayout


def map_layouts(prs: PresentationObject,
                names: dict[str, str] | None = None) -> dict[str, LayoutChoice]:
    """Return a LayoutChoice for every kind of slide.

    Per kind: the kit's explicit name in `names` (refused if that layout cannot hold the
    kind), else the best-scoring layout of the master that suits the most kinds best, else
    a stand-in (see `LayoutKind.fallbacks`), else the layout with a title and the largest
    free area.  Raises KitError for unknown kinds or names, or when no layout is usable.
    """
    names = names or {}
    for kind in names:
        if kind not in KINDS:
            raise KitError(f"slides.layouts: unknown layout kind {kind!r} — "
                           f"kinds are {', '.join(KINDS)}")
    width, height = prs.slide_width or 9144000, prs.slide_height or 6858000
    masters = [[resolve_layout(layout, width, height) for layout in master.slide_layouts]
               for master in prs.slide_masters]
    everything = [r for layouts in masters for r in layouts]
    if not everything:
        raise KitError("the slide master has no layouts — use a master saved by PowerPoint")
    available = ", ".join(f'"{r.name}"' for r in everything)
    # content slides may use a layout in its master's geometry (see in_masters_geometry)
    moved = {id(r): in_masters_geometry(r) for r in everything}

    def view(r: ResolvedLayout, kind: str) -> ResolvedLayout:
        return (moved[id(r)] or r) if KINDS[kind].content else r

    scores = {id(r): {kind: fitness(view(r, kind), KINDS[kind]) for kind in KINDS}
              for r in everything}

    def best(candidates: list[ResolvedLayout], kind: str) -> ResolvedLayout | None:
        fitting = [r for r in candidates if scores[id(r)][kind][0] > 0]
        return max(fitting, key=lambda r: scores[id(r)][kind][0], default=None)

    def master_value(layouts: list[ResolvedLayout]) -> float:
        return sum(scores[id(found)][kind][0] for kind in KINDS
                   if (found := best(layouts, kind)) is not None)

    main = max(masters, key=master_value)
    chosen: dict[str, LayoutChoice] = {}
    for kind in KINDS:
        if kind in names:
            named = _named(kind, names[kind], everything, scores, available)
            chosen[kind] = replace(named, resolved=view(named.resolved, kind))
            continue
        found = best(main, kind) or best(everything, kind)
        if found is not None:
            reason = scores[id(found)][kind][1]
            if view(found, kind) is not found:
                reason += "; title and body where the master puts them"
            chosen[kind] = LayoutChoice(kind, found.layout, reason, view(found, kind))
    for kind in KINDS:
        if kind in chosen:
            continue
        stand_in = next((k for k in KINDS[kind].fallbacks if k in chosen), None)
        if stand_in is not None:
            found = chosen[stand_in].resolved
            chosen[kind] = LayoutChoice(kind, found.layout, (
                f"no layout suits {KINDS[kind].label}; using the {KINDS[stand_in].label} one "
                f'("{found.name}")'), found)
            continue
        chosen[kind] = _last_resort(kind, everything, scores, available)
    return chosen


def _named(kind: str, wanted: str, layouts: list[ResolvedLayout],
           scores: dict[int, dict[str, tuple[float, str]]], available: str) -> LayoutChoice:
    """Return the choice for the kit's explicit layout name, or raise KitError."""
    for resolved in layouts:
        if resolved.name.strip().casefold() == wanted.strip().casefold():
            score, reason = scores[id(resolved)][kind]
            if score <= 0:
                raise KitError(f'slides.layouts.{kind}: layout "{resolved.name}" cannot hold '
                               f"a {KINDS[kind].label} slide: {reason} — name another layout; "
                               f"the master has {available}")
            return LayoutChoice(kind, resolved.layout,
                                f'named "{resolved.name}" in the brand kit', resolved)
    raise KitError(f'slides.layouts.{kind}: the slide master has no layout called "{wanted}" — '
                   f"its layouts are {available}")


def _last_resort(kind: str, layouts: list[ResolvedLayout],
                 scores: dict[int, dict[str, tuple[float, str]]], available: str) -> LayoutChoice:
    """Return the layout with the largest usable free area for `kind`, drawing content
    there (and adding a title where the layout has none), or raise KitError."""
    width, height = layouts[0].slide_width, layouts[0].slide_height
    usable = [r for r in layouts if r.area.width >= MIN_AREA_WIDTH * width
              and r.area.height >= MIN_AREA_HEIGHT * height]
    if not usable:
        reasons = "; ".join(f'"{r.name}": {scores[id(r)]["content"][1]}' for r in layouts)
        raise KitError(f"the slide master has no layout a {KINDS[kind].label} slide can use "
                       f"({reasons}) — add a layout with a title and room for content, or "
                       f"name one under slides.layouts.{kind} in brand.yaml")
    found = max(usable, key=lambda r: (r.title is not None, r.area.width * r.area.height))
    how = "its free area" if found.title is not None else (
        f"its free area, with a title added ({found.title_problem})")
    return LayoutChoice(kind, found.layout, f'no layout suits {KINDS[kind].label}; "{found.name}"'
                        f" with content drawn in {how}", found)
