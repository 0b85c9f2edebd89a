"""The package keeps its floors: every import of every module goes down, never up, and rooms on
the same floor stay independent of each other.  Read with `ast`, so nothing is imported.

From the top floor down (docs/developing.md, "Project layout"):

    cli > live > build > render > templating > (source | kits) > (located | guards | files)
        > (errors | limits | i18n)
    render:  formats > deck > outline > pdf > context > job > (registry | colors)
    deck:    compose > (masters | check) > ooxml > fit > units

Imports inside functions count (they run too); those under `if TYPE_CHECKING:` do not.
The four formats never import each other; the deck reaches the PDF engine only to draw SVGs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# (module prefix, floor): a module sits on the floor of the longest prefix naming it; the
# modules under one prefix are one room.  Floors compare as tuples, room by room.
FLOORS = {
    "generator": (0,),
    "generator.errors": (1,), "generator.limits": (1,), "generator.i18n": (1,),
    "generator.located": (2,), "generator.guards": (2,), "generator.files": (2,),
    "generator.source": (3,), "generator.kits": (3,),
    "generator.templating": (4,),
    "generator.render": (5, 0), "generator.render.colors": (5, 0),
    "generator.render.job": (5, 1),
    "generator.render.context": (5, 2),
    "generator.render.pdf": (5, 3),
    "generator.render.outline": (5, 4),
    "generator.render.deck": (5, 5),
    "generator.render.deck.units": (5, 5, 0),
    "generator.render.deck.fit": (5, 5, 1),
    "generator.render.deck.ooxml": (5, 5, 2),
    "generator.render.deck.masters": (5, 5, 3), "generator.render.deck.check": (5, 5, 3),
    "generator.render.deck.compose": (5, 5, 4),
    "generator.render.office": (5, 5, 9),  # draws a composed deck: above the deck engine
    "generator.render.formats": (5, 6),
    "generator.build": (6,),
    "generator.live": (7,),
    "generator.cli": (8,), "generator.__main__": (9,),
}
ONE_ROOM_EACH = ("generator.render.formats.",)  # each format a room of its own
DECK_MAY_DRAW_WITH = "generator.render.pdf.raster"  # the one door from the deck to the PDF engine


def room_of(module: str) -> str:
    """Return the room (the longest prefix in FLOORS) a module is in."""
    if module.startswith(ONE_ROOM_EACH):
        return module
    parts = module.split(".")
    return next(".".join(parts[:n]) for n in range(len(parts), 0, -1)
                if ".".join(parts[:n]) in FLOORS)


def floor_of(module: str) -> tuple[int, ...]:
    return FLOORS[room_of(module).rsplit(".", 1)[0] if module.startswith(ONE_ROOM_EACH)
                  else room_of(module)]


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path, module: str) -> list[tuple[int, str]]:
    """Return (line, module) for each generator module `path` imports at run time."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(node) for branch in ast.walk(tree) if isinstance(branch, ast.If)
               and "TYPE_CHECKING" in ast.unparse(branch.test)
               for node in ast.walk(branch)}
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            # `from generator.render import masters` may name a module
            found += [(node.lineno, f"{base}.{alias.name}") if f"{base}.{alias.name}" in ALL
                      else (node.lineno, base) for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "generator"]


ALL = modules()


def breaks(importer: str, imported: str) -> str:
    """Return why `importer` may not import `imported`, or ''."""
    if imported not in ALL:
        return f"{imported} is not a module of the package"
    here, there = room_of(importer), room_of(imported)
    if here == there or importer == "generator":
        return ""
    if importer.startswith("generator.render.deck") and imported.startswith(
            "generator.render.pdf") and imported != DECK_MAY_DRAW_WITH:
        return f"the deck reaches the PDF engine only through {DECK_MAY_DRAW_WITH}"
    mine, theirs = floor_of(importer), floor_of(imported)
    for a, b in zip(mine, theirs, strict=False):
        if a != b:
            return "" if a > b else f"{there} is a floor above {here}"
    if len(mine) == len(theirs):
        return f"{here} and {there} are rooms on one floor: they never import each other"
    # one room holds the other's floor (render/ and render/job.py): the outer one is below
    return "" if len(mine) > len(theirs) else f"{there} lies above {here}"


@pytest.mark.parametrize("module", sorted(ALL))
def test_every_import_goes_down(module: str) -> None:
    path = ALL[module]
    broken = [f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name} — {why}"
              for line, name in imports(path, module) if (why := breaks(module, name))]
    assert not broken, "\n".join(broken)


def test_every_module_is_on_a_floor() -> None:
    assert all(room_of(module) in FLOORS or module.startswith(ONE_ROOM_EACH) for module in ALL)


def test_the_rules_catch_what_they_forbid() -> None:
    assert breaks("generator.source.model", "generator.kits.model")  # rooms on one floor
    assert breaks("generator.render.job", "generator.build.options")  # upward
    assert breaks("generator.render.formats.guide", "generator.render.formats.slides")
    assert breaks("generator.render.deck.compose.logo", "generator.render.pdf.engine")
    assert breaks("generator.render.deck.check", "generator.render.deck.masters.choose")
    assert breaks("generator.render.deck.fit.measure", "generator.render.deck.ooxml.write")
    assert not breaks("generator.render.deck.compose.logo", "generator.render.pdf.raster")
    assert not breaks("generator.render.job", "generator.render")  # the registry, below


@pytest.mark.parametrize("module", [m for m, p in sorted(ALL.items()) if p.name == "__init__.py"
                                    and m not in ("generator", "generator.render")])
def test_package_faces_import_nothing(module: str) -> None:
    """`coursepack --help` must not pay for a package it only passes through."""
    tree = ast.parse(ALL[module].read_text(encoding="utf-8"))
    assert not [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
