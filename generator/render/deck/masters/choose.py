"""Which layout of a client's master each kind of slide goes on, chosen by what it is for.

Every layout is resolved once (`resolve.resolve_layout`) and scored for each kind of slide
by what its designer made it for: the placeholder roles it holds decide whether it can hold
the kind at all (a title; one body, two side by side, two with a heading each); then the
template's own sample slides (which layout they use for a title slide, for content …), the
layout's type (`obj`, `twoObj`, `secHead` …, a layout meant for a picture or a caption
counting against), its name in the languages templates ship in, and its free area.  Where a
title sits (at the top, at the bottom, in a band at the side, vertical) is the designer's
choice and never counts against a layout.

A layout the kit names in `slides.layouts` is always used; what coursepack cannot use of it
is a warning with the reason.  A kind no layout can hold takes the layout of a kind it can
stand in for, else the layout with the most room, its content drawn there.  Only a master
with nothing usable is refused, with the reason of each layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.errors import KitError
from generator.kits.model import LAYOUT_KINDS
from generator.render.deck.masters.resolve import (
    ResolvedLayout,
    beside,
    in_masters_geometry,
    resolve_layout,
)
from generator.render.deck.masters.samples import SampleUse
from generator.render.deck.units import Box, inches

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationObject
    from pptx.slide import SlideLayout


@dataclass(frozen=True)
class LayoutKind:
    """One kind of slide the outline asks for: what PowerPoint calls its layout, the names
    templates give it, the layout types meant for it, the kinds it falls back to, and what it
    needs of a layout."""

    name: str
    label: str
    usual_names: tuple[str, ...]
    types: tuple[str, ...]
    fallbacks: tuple[str, ...]
    bodies: int = 0  # body placeholders it fills side by side
    headers: int = 0  # small body placeholders beside them (column headings)
    content: bool = True  # whether it puts content beside its title


KINDS: dict[str, LayoutKind] = {kind.name: kind for kind in (
    LayoutKind("title", "Title Slide", (
        "Title Slide", "Titelfolie", "Diapositive de titre", "Diapositiva de título",
        "Diapositiva titolo", "Titeldia", "Diapositivo de Título", "Slide de Título",
        "タイトル スライド", "标题幻灯片", "제목 슬라이드", "Титульный слайд", "Slajd tytułowy",
        "Rubrikbild", "شريحة عنوان", "Cover", "Title"),
        ("title",), ("section", "title_only", "content"), content=False),
    LayoutKind("section", "Section Header", (
        "Section Header", "Abschnittsüberschrift", "Titre de section", "Encabezado de sección",
        "Intestazione sezione", "Sectiekop", "Cabeçalho da Secção", "Cabeçalho da Seção",
        "セクション見出し", "节标题", "구역 머리글", "Заголовок раздела", "Nagłówek sekcji",
        "Avsnittsrubrik", "رأس المقطع", "Divider", "Section"),
        ("secHead",), ("title", "title_only", "content"), content=False),
    LayoutKind("content", "Title and Content", (
        "Title and Content", "Titel und Inhalt", "Titre et contenu", "Título y objetos",
        "Titolo e contenuto", "Titel en object", "Título e Conteúdo", "タイトルとコンテンツ",
        "标题和内容", "제목 및 내용", "Заголовок и объект", "Tytuł i zawartość",
        "Rubrik och innehåll", "عنوان ومحتوى", "Title and Text", "Title, Content", "1-Up",
        "One Content"),
        ("obj", "tx"), ("title_only",), bodies=1),
    LayoutKind("two_content", "Two Content", (
        "Two Content", "Zwei Inhalte", "Deux contenus", "Dos objetos", "Due contenuti",
        "Twee objecten", "Dois Conteúdos", "2 つのコンテンツ", "两栏内容", "콘텐츠 2개",
        "Два объекта", "Dwa elementy zawartości", "Två innehåll", "محتوى مزدوج",
        "Title, 2 Content", "2-Up", "Side by Side"),
        ("twoObj", "twoTx", "twoColTx"), ("comparison", "content", "title_only"), bodies=2),
    LayoutKind("comparison", "Comparison", (
        "Comparison", "Vergleich", "Comparaison", "Comparación", "Confronto", "Vergelijking",
        "Comparação", "比較", "比较", "비교", "Сравнение", "Porównanie", "Jämförelse", "مقارنة"),
        ("twoTxTwoObj",), ("two_content", "content", "title_only"), bodies=2, headers=2),
    LayoutKind("title_only", "Title Only", (
        "Title Only", "Nur Titel", "Titre seul", "Solo el título", "Solo titolo",
        "Alleen titel", "Só Título", "Somente Título", "タイトルのみ", "仅标题", "제목만",
        "Только заголовок", "Tylko tytuł", "Endast rubrik", "العنوان فقط", "Heading Only"),
        ("titleOnly",), ("content",)),
    LayoutKind("blank", "Blank", (
        "Blank", "Leer", "Vide", "En blanco", "Vuota", "Leeg", "Em branco", "白紙", "空白",
        "빈 화면", "Пустой слайд", "Pusty", "Tom", "فارغ", "Blank Slide", "Empty"),
        ("blank",), ("title_only", "content")),
)}
assert tuple(KINDS) == LAYOUT_KINDS, "one table of layout kinds, in the model's order"

# Layout types meant for something else than our slides: a caption beside a picture, text
# running down, a chart or a table of PowerPoint's, several regions.  Usable, but last.
OTHER_PURPOSES = frozenset((
    "objTx", "picTx", "vertTx", "vertTitleAndTx", "vertTitleAndTxOverChart", "txAndChart",
    "chartAndTx", "txAndClipArt", "clipArtAndTx", "clipArtAndVertTx", "txAndMedia",
    "mediaAndTx", "txAndObj", "objAndTx", "tbl", "dgm", "chart", "objOnly", "fourObj",
    "twoObjAndObj", "objAndTwoObj", "twoObjOverTx", "objOverTx", "txOverObj", "twoObjAndTx",
    "txAndTwoObj"))
SAMPLE_BONUS, SAMPLE_MORE = 8.0, 3.0  # the template's own samples use it for this kind
TYPE_BONUS, OTHER_PURPOSE = 4.0, -6.0
NAME_BONUS = 2.0
PICTURE_SLOT = -3.0  # a placeholder waiting for a picture we do not have
TITLE_SLIDE = -4.0  # a title or section slide's layout, for content
MIN_AREA_HEIGHT = 0.2  # share of the slide's height a content area needs
MIN_AREA_WIDTH = 0.35  # and of its width


# -- scoring ---------------------------------------------------------------------------------


def _normal_name(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _named_as(resolved: ResolvedLayout, kind: LayoutKind) -> bool:
    name = _normal_name(resolved.name)
    return bool(name) and any(_normal_name(usual) == name for usual in kind.usual_names)


def can_hold(resolved: ResolvedLayout, kind: LayoutKind) -> str:
    """Return why `resolved` cannot hold a slide of `kind` by the roles of its placeholders
    (and, for content, the room it leaves), or '' when it can."""
    bodies, headers = resolved.bodies, resolved.headers
    if kind.name == "blank":
        return "it has a title or a body placeholder" if resolved.title or bodies else ""
    if resolved.title is None:
        return resolved.title_problem
    if not kind.content:
        count = len(bodies) + len(headers)
        return f"it has {count} body placeholders" if count > 1 else ""
    area, width, height = resolved.area, resolved.slide_width, resolved.slide_height
    if area.width < MIN_AREA_WIDTH * width or area.height < MIN_AREA_HEIGHT * height:
        return f"it leaves {inches(area.width)} × {inches(area.height)} in for content"
    if len(bodies) < kind.bodies:
        return f"it has {len(bodies)} body placeholders, not {kind.bodies}"
    if kind.bodies == 2 and not _side_by_side(bodies[0].at, bodies[1].at):
        return "its two bodies are not side by side"
    if kind.headers and (len(headers) != kind.headers or not all(
            beside(h.at, b.at) for h, b in zip(headers, bodies, strict=True))):
        return "it has no heading placeholder beside each body"
    if not kind.headers and headers:
        return f"it has {len(headers)} heading placeholders"
    return ""


def fitness(resolved: ResolvedLayout, kind: LayoutKind, samples: SampleUse | None = None
            ) -> tuple[float, str]:
    """Return how well `resolved` suits `kind` (0: it cannot hold it) and, in words, why."""
    refused = can_hold(resolved, kind)
    if refused:
        return 0.0, refused
    score, why = 1.0, []
    uses = (samples or {}).get(resolved.part_name)
    used = uses[kind.name] if uses else 0
    if used:
        score += SAMPLE_BONUS + min(used - 1, SAMPLE_MORE)
        why.append(f"the template's sample slides use it for {kind.label} "
                   f"({used} slide{'' if used == 1 else 's'})")
    if resolved.type in kind.types:
        score += TYPE_BONUS
        why.append(f"a {kind.label} layout by its type")
    elif resolved.type in OTHER_PURPOSES:
        score += OTHER_PURPOSE
        why.append(f"its type ({resolved.type}) is meant for other slides")
    if _named_as(resolved, kind):
        score += NAME_BONUS
        why.append(f'named "{resolved.name}"')
    if kind.content and kind.name != "blank" and (
            resolved.type in ("title", "secHead") or resolved.subtitle is not None or (
                resolved.title is not None and resolved.title.type == "ctrTitle")):
        score += TITLE_SLIDE
        why.append("it is made for a title or section slide")
    if any(slot.type == "pic" for slot in resolved.others):
        score += PICTURE_SLOT
        why.append("it waits for a picture")
    share = resolved.free_area / max(resolved.slide_width * resolved.slide_height, 1)
    if kind.name == "title":
        centred = resolved.title is not None and resolved.title.type == "ctrTitle"
        score += (1.0 if centred else 0.0) + (1.0 if resolved.subtitle is not None else 0.0)
        why.append(("centred title" if centred else "title")
                   + (" + subtitle" if resolved.subtitle is not None else ""))
    elif kind.name == "section":  # a title over a short line, not a page of content
        short = [b for b in resolved.bodies if b.at.height < 0.3 * resolved.slide_height]
        score += (0.5 if short else 0.0) - (1.0 if len(short) < len(resolved.bodies) else 0.0)
        score += 0.5 if resolved.type == "title" else 0.0
        why.append("title" + (" + short body" if short else "")
                   + (" + a body for content" if len(short) < len(resolved.bodies) else ""))
    elif kind.name != "blank":
        score += share  # room not drawn over
        score -= 0.5 * max(len(resolved.bodies) - kind.bodies, 0)  # left unused
        why.append({0: "title + free area", 1: "title + 1 body",
                    2: "title + 2 bodies side by side"}[min(kind.bodies, 2)]
                   + (" with a heading each" if kind.headers else ""))
    else:
        why.append("no title or body placeholders")
    return max(score, 0.01), "; ".join(why)


def _side_by_side(left: Box, right: Box) -> bool:
    """Return whether two boxes sit next to each other, overlapping vertically."""
    return (left.left + left.width <= right.left + left.width // 10
            and left.top < right.bottom and right.top < left.bottom)


# -- choosing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayoutChoice:
    """The layout used for one kind of slide, in words why, and what coursepack cannot use of
    it (a layout the kit names is used whatever it holds)."""

    kind: str
    layout: SlideLayout
    reason: str
    resolved: ResolvedLayout
    master: int = 1  # which slide master of the file it belongs to (1: the first)
    warnings: tuple[str, ...] = field(default=())


def map_layouts(prs: PresentationObject, names: dict[str, str] | None = None,
                samples: SampleUse | None = None) -> dict[str, LayoutChoice]:
    """Return a LayoutChoice for every kind of slide.

    Per kind: the layout the kit names in `names` (always used), else the best-scoring one
    (see `fitness`; `samples` says what the template's sample slides use each layout for):
    where the samples show a kind, from any master; else from the master that suits most
    kinds best.  A kind no layout can hold takes a stand-in (`LayoutKind.fallbacks`), else
    the layout with a title and the largest free area.  Raises KitError for unknown kinds or
    names, or when no layout is usable.
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
    number = {id(r): n for n, layouts in enumerate(masters, 1) for r in layouts}
    # content slides may use a layout in its master's geometry (see in_masters_geometry)
    moved = {id(r): in_masters_geometry(r) for r in everything}

    def view(r: ResolvedLayout, kind: str) -> ResolvedLayout:
        return (moved[id(r)] or r) if KINDS[kind].content else r

    scores = {id(r): {kind: fitness(view(r, kind), KINDS[kind], samples) for kind in KINDS}
              for r in everything}

    def best(candidates: list[ResolvedLayout], kind: str) -> ResolvedLayout | None:
        fitting = [r for r in candidates if scores[id(r)][kind][0] > 0]
        return max(fitting, key=lambda r: scores[id(r)][kind][0], default=None)

    def master_value(layouts: list[ResolvedLayout]) -> float:
        return sum(scores[id(found)][kind][0] for kind in KINDS
                   if (found := best(layouts, kind)) is not None)

    main = max(masters, key=master_value)
    shown = {kind for uses in (samples or {}).values() for kind in uses}
    chosen: dict[str, LayoutChoice] = {}
    for kind in KINDS:
        if kind in names:
            chosen[kind] = _named(kind, names[kind], everything, scores, view, number)
            continue
        found = (best(everything, kind) if kind in shown else None) or best(main, kind) or (
            best(everything, kind))
        if found is not None:
            reason = scores[id(found)][kind][1]
            if view(found, kind) is not found:
                reason += "; title and body where the master puts them"
            chosen[kind] = LayoutChoice(kind, found.layout, reason, view(found, kind),
                                        number[id(found)])
    for kind in KINDS:
        if kind in chosen:
            continue
        stand_in = next((k for k in KINDS[kind].fallbacks if k in chosen), None)
        if stand_in is not None:
            found = chosen[stand_in].resolved
            chosen[kind] = LayoutChoice(kind, found.layout, (
                f"no layout suits {KINDS[kind].label}; using the {KINDS[stand_in].label} one "
                f'("{found.name}")'), found, chosen[stand_in].master)
            continue
        chosen[kind] = _last_resort(kind, everything, scores, number)
    return chosen


def _named(kind: str, wanted: str, layouts: list[ResolvedLayout],
           scores: dict[int, dict[str, tuple[float, str]]],
           view: Callable[[ResolvedLayout, str], ResolvedLayout],
           number: dict[int, int]) -> LayoutChoice:
    """Return the choice for the kit's layout name: always that layout (the best of those so
    named, when several masters have one), with a warning for what coursepack cannot use of
    it; raise KitError when no layout has the name."""
    matches = [r for r in layouts if r.name.strip().casefold() == wanted.strip().casefold()]
    if not matches:
        available = ", ".join(f'"{name}"' for name in dict.fromkeys(r.name for r in layouts))
        raise KitError(f'slides.layouts.{kind}: the slide master has no layout called "{wanted}" '
                       f"— its layouts are {available}")
    found = max(matches, key=lambda r: (scores[id(r)][kind][0], -number[id(r)]))
    score, why = scores[id(found)][kind]
    resolved = view(found, kind)
    where = f" (master {number[id(found)]} of the {len(matches)} with that name)" if len(
        matches) > 1 else ""
    warnings = []
    if score <= 0:
        label = KINDS[kind].label
        if resolved.title is None:
            adapted = "a title is added at the top of the slide"
        elif KINDS[kind].content and not resolved.bodies:
            adapted = "the content goes in the slide's free area"
        else:
            adapted = "coursepack fits its content in as well as it can"
        warnings.append(f'slides.layouts.{kind}: layout "{found.name}"{where} was not made for '
                        f"a {label} slide ({why}), so {adapted} — name another layout if the "
                        "slides do not look right")
    return LayoutChoice(kind, found.layout, f'named "{found.name}" in the brand kit{where}',
                        resolved, number[id(found)], tuple(warnings))


def _last_resort(kind: str, layouts: list[ResolvedLayout],
                 scores: dict[int, dict[str, tuple[float, str]]],
                 number: dict[int, int]) -> LayoutChoice:
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
                        f" with content drawn in {how}", found, number[id(found)])
