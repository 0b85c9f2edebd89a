"""Text that fits a slide: measure with real font metrics, wrap into a box, choose a size.

Pure measuring and fitting: no python-pptx objects and no XML here (`ooxml.write` writes
what this decides).

PowerPoint applies no autofit when it opens a file, so the deck writer decides every font
size itself: words are measured with the glyph advance widths (cmap + hmtx) of the kit's font
files, wrapped greedily into the box width like PowerPoint wraps them, and the lines stacked
at `LINE_HEIGHT`. Arial, Times New Roman and Courier New, which every presenting machine has
and no kit needs to ship, are measured with the widths in `metrics/` (their metric twins'
numbers); any other font we have no file for is measured as Inter, made `FALLBACK_MARGIN`
wider to be safe. Measurements are cached, so fitting a whole deck takes milliseconds.

A word wider than its line is broken where the deck's language hyphenates it (pyphen), with a
visible "-" and a line break written into the text, so no renderer breaks it mid-syllable;
`Measure.fit` shrinks the text before it lets any word break.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import pyphen

from generator.errors import KitError
from generator.kits.fonts import FontFace, file_stamp, number_glyphs, opened_font, read_face
from generator.render.deck.fit.paragraphs import Para
from generator.render.deck.units import Box
from generator.source.markdown import Run

LINE_HEIGHT = 1.2  # times the size: PowerPoint's single spacing for most fonts (Inter: 1.21)
FALLBACK_MARGIN = 1.1
METRICS = Path(__file__).with_name("metrics")
# the fonts measured with a table in METRICS (see scripts/make_font_metrics.py), by every
# name that has their metrics: Arial has Helvetica's, and the Liberation and Croscore fonts
# were made with these fonts' widths
SHIPPED_METRICS = {
    "arial": "arial", "helvetica": "arial", "liberation sans": "arial", "arimo": "arial",
    "times new roman": "times-new-roman", "times": "times-new-roman",
    "liberation serif": "times-new-roman", "tinos": "times-new-roman",
    "courier new": "courier-new", "liberation mono": "courier-new", "cousine": "courier-new",
}
ELLIPSIS = "…"
# text shrinks to this share of its largest size to keep every word whole (one long German
# word would otherwise take a column of text, or all three, down to the smallest size)
WHOLE_WORDS_SHRINK = 0.75


# -- font metrics ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GlyphWidths:
    """One font file's advance widths in em, by code point."""

    advances: dict[int, float] = field(hash=False, compare=False)
    missing: float  # width used for characters the font lacks
    line_height: float  # ascent + descent, in em


def glyph_widths(path: Path) -> GlyphWidths:
    """Return the advance widths stored in the font file at `path`."""
    return _glyph_widths(path, file_stamp(path))


@lru_cache(maxsize=16)
def _glyph_widths(path: Path, stamp: tuple[int, ...]) -> GlyphWidths:
    if path.suffix == ".json":  # a table of METRICS
        table = json.loads(path.read_text(encoding="utf-8"))
        per_em = table["units_per_em"]
        advances = {start + i: width / per_em for start, *widths in table["runs"]
                    for i, width in enumerate(widths)}
        return GlyphWidths(advances, table["missing"] / per_em, table["line_height"] / per_em)
    with opened_font(path, "cannot read the font's glyph widths") as font:
        number_glyphs(font)
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        cmap = font.getBestCmap() or {}
        advances = {cp: metrics[name][0] / per_em for cp, name in cmap.items()}
        os2, hhea = font["OS/2"], font["hhea"]
        line = max((os2.usWinAscent + os2.usWinDescent) / per_em,
                   (hhea.ascent - hhea.descent + hhea.lineGap) / per_em)
    return GlyphWidths(advances, advances.get(ord("M"), 0.8), line)



@dataclass(frozen=True)
class FontFiles:
    """The files measuring one font family: regular and bold, and how much wider to assume."""

    family: str
    regular: Path
    bold: Path
    margin: float = 1.0
    # the files' stamps when chosen (see `file_stamp`): what is measured is kept under them,
    # so a font replaced while the process lives on (--watch) is measured afresh
    stamps: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())

    @property
    def is_fallback(self) -> bool:
        """Return whether these are stand-in metrics (no file of the family itself)."""
        return self.margin > 1.0


def font_files(family: str, files: Sequence[Path], fallback: Sequence[Path]) -> FontFiles:
    """Return the files measuring `family`: the kit's own, else the widths coursepack ships
    for it (Arial, Times New Roman, Courier New), else the upright faces among `fallback`
    (the base kit's fonts) with a safety margin."""
    faces = _upright_faces(files, family)
    shipped = SHIPPED_METRICS.get(family.strip().casefold())
    if not faces and shipped:
        regular, bold = (METRICS / f"{shipped}-{weight}.json" for weight in ("regular", "bold"))
        return FontFiles(family, regular, bold, 1.0, (file_stamp(regular), file_stamp(bold)))
    if not faces:
        faces = _upright_faces(fallback, None)
        if not faces:
            raise KitError(f"no font file to measure {family!r} with — give the kit's font "
                           "files in brand.yaml (fonts.files)")
        return _regular_and_bold(family, faces, FALLBACK_MARGIN)
    return _regular_and_bold(family, faces, 1.0)


def _regular_and_bold(family: str, faces: list[FontFace], margin: float) -> FontFiles:
    """Return the FontFiles of `faces` nearest to regular (400) and bold (700)."""
    regular = min(faces, key=lambda f: abs(f.weight - 400)).path
    bold = min(faces, key=lambda f: abs(f.weight - 700)).path
    return FontFiles(family, regular, bold, margin, (file_stamp(regular), file_stamp(bold)))


def _upright_faces(files: Sequence[Path], family: str | None) -> list[FontFace]:
    """Return the upright TrueType/OpenType faces among `files`, of `family` if given."""
    faces = []
    for path in files:
        if path.suffix.lower() in (".ttf", ".otf"):
            face = read_face(path)
            if face.style == "normal" and (
                    family is None or face.family.casefold() == family.casefold()):
                faces.append(face)
    return faces


@lru_cache(maxsize=65536)
def em_width(path: Path, stamp: tuple[int, ...], text: str) -> float:
    """Return the advance width of `text` in the font at `path` (as `stamp` says it is), in
    em."""
    widths = _glyph_widths(path, stamp)
    total = 0.0
    for ch in text:
        advance = widths.advances.get(ord(ch))
        if advance is None:  # set in another font: a full em if East Asian wide, else an M
            advance = 1.0 if unicodedata.east_asian_width(ch) in "WF" else widths.missing
        total += advance
    return total


# -- measuring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """Measures text set in one font family, breaking over-wide words as `language` does."""

    fonts: FontFiles
    language: str = "en"

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Return the width of `text` at `size` points, in points."""
        fonts = self.fonts
        path, stamp = (fonts.bold, fonts.stamps[1]) if bold else (fonts.regular, fonts.stamps[0])
        return em_width(path, stamp, text) * size * fonts.margin

    def line_height(self, size: float) -> float:
        """Return the height of one line at `size` points, in points."""
        widths = _glyph_widths(self.fonts.regular, self.fonts.stamps[0])
        return max(LINE_HEIGHT, widths.line_height) * size

    def lines(self, para: Para, size: float, width: float) -> int:
        """Return how many lines `para` wraps to at `size` in a box `width` points wide."""
        return _wrap(self, para, size * para.scale, width - para.indent(size))[0]

    def height(self, paras: Iterable[Para], size: float, width: float) -> float:
        """Return the height of `paras` set at `size` in a box `width` points wide."""
        total = 0.0
        for para in paras:
            own = size * para.scale
            total += para.space_before * own + self.lines(para, size, width) * self.line_height(own)
        return total

    def breaks_words(self, paras: Iterable[Para], size: float, width: float) -> bool:
        """Return whether some word of `paras` at `size` is wider than its line."""
        return any(_wrap(self, para, size * para.scale, width - para.indent(size))[1]
                   for para in paras)

    def hyphenated(self, para: Para, size: float, width: float) -> Para:
        """Return `para` with each word wider than its line broken at a hyphenation point
        ("-" and a line break written in), as `lines` counted it."""
        cuts = dict(_wrap(self, para, size * para.scale, width - para.indent(size))[1])
        if not cuts:
            return para
        runs, start = [], 0
        for run in para.runs:
            end = start + len(run.text)
            text = "".join(
                ch + ("-\n" if cuts[i] else "\n") if i in cuts else ch
                for i, ch in zip(range(start + 1, end + 1), run.text, strict=True))
            runs.append(replace(run, text=text))
            start = end
        return replace(para, runs=tuple(runs))

    def fits(self, paras: Sequence[Para], size: float, box: Box) -> bool:
        """Return whether `paras` at `size` fit inside `box`'s text area."""
        return self.height(paras, size, box.text_width) <= box.text_height

    def fit(self, paras: Sequence[Para], box: Box, largest: float,
            smallest: float) -> float | None:
        """Return the largest size from `largest` down to `smallest` at which `paras` fit:
        one that breaks no word if there is one down to `WHOLE_WORDS_SHRINK` of `largest`,
        else one with words hyphenated."""
        sizes = list(font_sizes(largest, smallest))
        for size in sizes:
            if size >= largest * WHOLE_WORDS_SHRINK and self.fits(paras, size, box) and not (
                    self.breaks_words(paras, size, box.text_width)):
                return size
        return next((size for size in sizes if self.fits(paras, size, box)), None)

    def truncated(self, para: Para, size: float, box: Box) -> Para:
        """Return `para` cut at a word with an ellipsis so that it fits `box` at `size`."""
        words = para.text.split(" ")
        keep = len(words)
        while keep > 1:
            keep -= 1
            cut = replace(para, runs=(Run(" ".join(words[:keep]).rstrip(",;:") + ELLIPSIS,
                                          para.runs[0].bold),))
            if self.fits([cut], size, box):
                return cut
        return replace(para, runs=(Run(ELLIPSIS),))


def font_sizes(largest: float, smallest: float) -> Iterable[float]:
    """Yield the sizes tried from `largest` down to `smallest`: points, half points below 14."""
    size = largest
    while size >= smallest:
        yield size
        size -= 1 if size > 14 else 0.5


_WORDS = re.compile(r"[^ \n]+|\n")
Word = tuple[tuple[str, bool], ...]  # (text, bold) pieces
NEWLINE: Word = (("\n", False),)
# Chinese and Japanese lines break between characters, without a hyphen, except before
# closing punctuation and small kana or after opening brackets (kinsoku shori).
NO_LINE_START = set("、。，．・：；？！ー）」』】〕》〉］｝”’ゝゞ"
                    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%)]}")
NO_LINE_END = set("（「『【〔《〈［｛“‘([{")


def breaks_between_characters(ch: str) -> bool:
    """Return whether a line may break before or after `ch` with nothing added: Chinese
    characters, kana and their full-width punctuation (not Hangul: Korean breaks at spaces)."""
    code = ord(ch)
    return (0x2E80 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFF60 or 0x20000 <= code <= 0x3FFFF)


def _segments(token: str) -> list[tuple[int, int]]:
    """Return the (start, end) of the pieces a space-free token wraps as: the whole token,
    or, in Chinese and Japanese text, each character with its kinsoku neighbours."""
    cuts = [0]
    for i in range(1, len(token)):
        before, here = token[i - 1], token[i]
        if (breaks_between_characters(before) or breaks_between_characters(here)) and (
                here not in NO_LINE_START and before not in NO_LINE_END):
            cuts.append(i)
    cuts.append(len(token))
    return list(pairwise(cuts))


@lru_cache(maxsize=8192)
def _words(para: Para) -> tuple[tuple[int, Word, bool], ...]:
    """Return the words of `para`: offset in its text, (text, bold) pieces, and whether a
    space comes before it (not between the characters of Chinese or Japanese text, which
    wrap without one); NEWLINE breaks a line."""
    bolds = [run.bold or para.bold for run in para.runs for _ in run.text]
    text = para.text
    words: list[tuple[int, Word, bool]] = []
    for match in _WORDS.finditer(text):
        if match.group() == "\n":
            words.append((match.start(), NEWLINE, True))
            continue
        for index, (begin, end) in enumerate(_segments(match.group())):
            pieces: list[tuple[str, bool]] = []
            for i in range(match.start() + begin, match.start() + end):
                if pieces and pieces[-1][1] == bolds[i]:
                    pieces[-1] = (pieces[-1][0] + text[i], bolds[i])
                else:
                    pieces.append((text[i], bolds[i]))
            words.append((match.start() + begin, tuple(pieces), index == 0))
    return tuple(words)


@lru_cache(maxsize=65536)
def _wrap(measure: Measure, para: Para, size: float,
          width: float) -> tuple[int, tuple[tuple[int, bool], ...]]:
    """Return the lines `para` takes when wrapped greedily into `width` points at `size`, like
    PowerPoint wraps, and where words wider than a line break: (offset, adds a hyphen)."""
    space = measure.width(" ", size)
    lines, used = 1, 0.0
    cuts: list[tuple[int, bool]] = []
    for start, word, spaced in _words(para):
        if word == NEWLINE:
            lines, used = lines + 1, 0.0
            continue
        wide = sum(measure.width(text, size, bold) for text, bold in word)
        gap = space if spaced else 0.0
        if used and used + gap + wide <= width:
            used += gap + wide
            continue
        if used:
            lines += 1
        used = wide
        if wide > width:
            breaks, used = _break_word(measure, word, size, width)
            cuts.extend((start + offset, hyphen) for offset, hyphen in breaks)
            lines += len(breaks)
    return lines, tuple(cuts)


@lru_cache(maxsize=4096)
def _break_word(measure: Measure, word: Word, size: float,
                width: float) -> tuple[tuple[tuple[int, bool], ...], float]:
    """Return where `word` breaks to fit lines `width` points wide (offset, adds a hyphen),
    at the latest hyphenation point that fits, else between characters; and the width left
    on its last line."""
    text = "".join(piece for piece, _ in word)
    bolds = [bold for piece, bold in word for _ in piece]
    advances = [measure.width(ch, size, bold) for ch, bold in zip(text, bolds, strict=True)]
    hyphen_width = [measure.width("-", size, bold) for bold in bolds]  # after each character
    options = _break_options(text, measure.language)
    is_url = _is_url(text)
    cuts: list[tuple[int, bool]] = []
    start = 0
    while sum(advances[start:]) > width and start < len(text) - 1:
        fitting = [(end, hyphen) for end, hyphen in options if end > start and sum(
            advances[start:end]) + (hyphen_width[end - 1] if hyphen else 0.0) <= width]
        if fitting:
            cut = fitting[-1]
        else:  # no hyphenation point fits: between characters, at least one on the line
            end = start + 1
            while end < len(text) - 1 and sum(advances[start:end + 1]) + (
                    0.0 if is_url else hyphen_width[end]) <= width:
                end += 1
            cut = (end, not is_url)
        cuts.append(cut)
        start = cut[0]
    return tuple(cuts), sum(advances[start:])


def _is_url(text: str) -> bool:
    return "://" in text or text.lower().startswith("mailto:")


@lru_cache(maxsize=4096)
def _break_options(text: str, language: str) -> tuple[tuple[int, bool], ...]:
    """Return where `text` may break: after its own hyphens and slashes (nothing added),
    and at the hyphenation points of its letters in `language` (adding "-"). URLs break
    only after punctuation, with nothing added."""
    after = "-–—/" + (".?&=_#" if _is_url(text) else "")
    options = {i: False for i, ch in enumerate(text[:-1], 1) if ch in after}
    if not _is_url(text):
        dictionary = _hyphenator(language)
        for match in re.finditer(r"[^\W\d_]{4,}", text):
            for position in dictionary.positions(match.group()):
                options.setdefault(match.start() + position, True)
    return tuple(sorted(options.items()))


@lru_cache(maxsize=8)
def _hyphenator(language: str) -> pyphen.Pyphen:
    """Return the hyphenation dictionary for `language` (a BCP 47 tag), else English's."""
    found = pyphen.language_fallback(language.replace("-", "_")) if language else None
    return pyphen.Pyphen(lang=found or "en")
