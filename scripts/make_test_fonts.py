"""Make the small Chinese and Japanese fonts the tests bring with them.

Tests that render Chinese or Japanese must not depend on the fonts of the machine they run on
(a fresh machine has none: the README lists Noto CJK as optional).  They use the kit in
`tests/data/kits/cjk/`, whose `fonts:` give each language a subset of Noto Sans CJK holding
only the characters of the test sources and of those languages' labels — which also tests
a kit's per-language fonts.  Run once, where Noto Sans CJK is installed (Debian:
`fonts-noto-cjk`), after a test source or a label of these languages changes:

    python scripts/make_test_fonts.py [/usr/share/fonts/opentype/noto]

The subsets keep Noto's names and metrics and get TrueType outlines (see
`fonts_to_truetype.py`); Noto Sans CJK is under the SIL Open Font License 1.1, whose only
Reserved Font Name is "Source" (the licence is copied beside the fonts).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fonts_to_truetype import to_truetype

REPO = Path(__file__).resolve().parent.parent
KIT = REPO / "tests" / "data" / "kits" / "cjk"
SOURCES = REPO / "tests" / "data" / "sources"
FACES = {"jp": ("Noto Sans CJK JP", ("ja",)), "sc": ("Noto Sans CJK SC", ("zh",))}
EXTRA = "0123456789・、。，．：；？！（）「」『』【】〈〉《》ー〜…—–·"


def characters(languages: tuple[str, ...]) -> str:
    """Return every character the tests set in `languages`: their test sources and labels."""
    sys.path.insert(0, str(REPO))
    from generator.i18n.labels import labels_for

    text = EXTRA + "".join((SOURCES / f"{language}.yaml").read_text(encoding="utf-8")
                           for language in languages)
    text += "".join("".join(labels_for(language).values()) for language in languages)
    return "".join(sorted({c for c in text if c.isprintable()}))


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/opentype/noto")
    (KIT / "fonts").mkdir(parents=True, exist_ok=True)
    for weight in ("Regular", "Bold"):
        collection = TTCollection(str(folder / f"NotoSansCJK-{weight}.ttc"))
        for tag, (family, languages) in FACES.items():
            font = next(f for f in collection.fonts if f["name"].getDebugName(1) == family)
            options = subset.Options()
            options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # names, copyright, licence
            options.notdef_outline = True
            subsetter = subset.Subsetter(options)
            subsetter.populate(text=characters(languages))
            subsetter.subset(font)
            target = KIT / "fonts" / f"NotoSansCJK{tag}-{weight}-subset.ttf"
            with tempfile.TemporaryDirectory() as scratch:
                otf = Path(scratch) / "subset.otf"
                font.save(otf)
                to_truetype(otf, target)
            print(f"{target.relative_to(REPO)}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
