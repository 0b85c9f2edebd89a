"""Make the advance widths the deck measures the fonts every presenting machine has.

A deck naming Arial, Times New Roman or Courier New is shown in those fonts on Windows and
macOS, and in their metric twins (Liberation Sans, Serif, Mono) by LibreOffice; coursepack
ships no file of them, so it measures them with these tables: each face's advance width of
every character, its line height and the width assumed for a character it lacks, read from
the Liberation fonts, made to have exactly Arial's, Times New Roman's and Courier New's
metrics (they are under the SIL Open Font License 1.1; only their numbers are kept here).
Run once, where the Liberation fonts 2.x are installed (Debian: `fonts-liberation2`):

    python scripts/make_font_metrics.py [/usr/share/fonts/truetype/liberation2]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "generator" / "render" / "deck" / "fit" / "metrics"
FACES = {"arial": "LiberationSans", "times-new-roman": "LiberationSerif",
         "courier-new": "LiberationMono"}


def metrics(path: Path) -> dict[str, object]:
    """Return one face's table: widths in font units, as runs of consecutive code points."""
    font = TTFont(path)
    per_em = font["head"].unitsPerEm
    hmtx, cmap = font["hmtx"].metrics, font.getBestCmap()
    os2, hhea = font["OS/2"], font["hhea"]
    runs: list[list[int]] = []
    for cp in sorted(cmap):
        width = hmtx[cmap[cp]][0]
        if runs and runs[-1][0] + len(runs[-1]) - 1 == cp:
            runs[-1].append(width)
        else:
            runs.append([cp, width])
    return {
        "made_from": f"{font['name'].getDebugName(4)} {font['name'].getDebugName(5)}",
        "units_per_em": per_em,
        "line_height": max(os2.usWinAscent + os2.usWinDescent,
                           hhea.ascent - hhea.descent + hhea.lineGap),
        "missing": hmtx[cmap[ord("M")]][0],
        "runs": runs,
    }


def main(folder: Path) -> None:
    OUT.mkdir(exist_ok=True)
    for name, file in FACES.items():
        for weight in ("Regular", "Bold"):
            table = metrics(folder / f"{file}-{weight}.ttf")
            target = OUT / f"{name}-{weight.lower()}.json"
            target.write_text(json.dumps(table, separators=(",", ":")) + "\n", encoding="utf-8")
            print(f"wrote {target.relative_to(REPO)} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2"))
