"""Text that fits a slide: measure with real font metrics, wrap into a box, choose a size.

PowerPoint applies no autofit when it opens a file, so the deck writer decides every font
size itself: words are measured with the glyph advance widths (cmap + hmtx) of the kit's font
files, wrapped greedily into the box width like PowerPoint wraps them, and the lines stacked
at `LINE_HEIGHT`. A font we have no file for is measured as Inter, made `FALLBACK_MARGIN`
wider to be safe. Measurements are cached, so fitting a whole deck takes milliseconds.

A word wider than its line is broken where the deck's language hyphenates it (pyphen), with a
visible "-" and a line break written into the text, so no renderer breaks it mid-syllable;
`Measure.fit` shrinks the text before it lets any word break.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pyphen
from fontTools.ttLib import TTFont, TTLibError
from lxml import etree
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu

from generator.errors import KitError, relative_name
from generator.fonts import read_face
from generator.kit_folders import default_kit_folder
from generator.markdown import Run, to_blocks

EMU_PER_PT = 12700
LINE_HEIGHT = 1.2  # times the size: PowerPoint's single spacing for most fonts (Inter: 1.21)
FALLBACK_MARGIN = 1.1
DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # left, top, right, bottom: PowerPoint's own
BULLET_INDENT = 1.1  # ems per list level: room for "•"
NUMBER_INDENT = 1.8  # ems: room for "10."
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


@lru_cache(maxsize=16)
def glyph_widths(path: Path) -> GlyphWidths:
    """Return the advance widths stored in the font file at `path`."""
    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            # numbered glyph names: the real ones would make fontTools parse the whole CFF table
            font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
            per_em = font["head"].unitsPerEm
            metrics = font["hmtx"].metrics
            cmap = font.getBestCmap() or {}
            advances = {cp: metrics[name][0] / per_em for cp, name in cmap.items()}
            os2, hhea = font["OS/2"], font["hhea"]
            line = max((os2.usWinAscent + os2.usWinDescent) / per_em,
                       (hhea.ascent - hhea.descent + hhea.lineGap) / per_em)
    except (TTLibError, KeyError, OSError, ValueError, AssertionError, struct.error) as err:
        raise KitError(f"{relative_name(path)}: cannot read the font's glyph widths ({err}) — "
                       "use TTF or OTF files") from err
    return GlyphWidths(advances, advances.get(ord("M"), 0.8), line)



@dataclass(frozen=True)
class FontFiles:
    """The files measuring one font family: regular and bold, and how much wider to assume."""

    family: str
    regular: Path
    bold: Path
    margin: float = 1.0

    @property
    def is_fallback(self) -> bool:
        """Return whether these are stand-in metrics (no file of the family itself)."""
        return self.margin > 1.0


def font_files(family: str, files: Sequence[Path]) -> FontFiles:
    """Return the files measuring `family`: the kit's own, else Inter with a safety margin."""
    faces = []
    for path in files:
        if path.suffix.lower() in (".ttf", ".otf"):
            face = read_face(path)
            if face.family.casefold() == family.casefold() and face.style == "normal":
                faces.append(face)
    if not faces:
        inter = default_kit_folder() / "fonts"
        return FontFiles(family, inter / "Inter-Regular.otf", inter / "Inter-Bold.otf",
                         FALLBACK_MARGIN)
    regular = min(faces, key=lambda f: abs(f.weight - 400))
    bold = min(faces, key=lambda f: abs(f.weight - 700))
    return FontFiles(family, regular.path, bold.path)


@lru_cache(maxsize=65536)
def em_width(path: Path, text: str) -> float:
    """Return the advance width of `text` in the font at `path`, in em."""
    widths = glyph_widths(path)
    return sum(widths.advances.get(ord(ch), widths.missing) for ch in text)


# -- paragraphs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """A paragraph to measure and write: styled runs and how it is set.

    `scale` multiplies the frame's font size (a smaller caption line, say); `kind` is `para`,
    `bullet` or `number`; `space_before` is in ems of the paragraph's size.
    """

    runs: tuple[Run, ...]
    kind: str = "para"
    level: int = 0
    scale: float = 1.0
    bold: bool = False
    space_before: float = 0.0
    color: str | None = None  # #RRGGBB; None inherits
    start: int = 1  # the first number of a numbered list continued from another slide

    @property
    def text(self) -> str:
        """Return the paragraph's plain text."""
        return "".join(run.text for run in self.runs)

    def hanging(self, size: float) -> float:
        """Return how far the bullet or number hangs left of the text, in points."""
        own = size * self.scale
        return 0.0 if self.kind == "para" else own * (
            NUMBER_INDENT if self.kind == "number" else BULLET_INDENT)

    def indent(self, size: float) -> float:
        """Return the left indent of the text at `size` (the frame's), in points."""
        return self.hanging(size) + BULLET_INDENT * size * self.scale * self.level


def paragraphs(markdown: str | None, *, space_before: float = 0.4, **style: Any) -> list[Para]:
    """Return the Markdown `markdown` as Paras (later ones `space_before` ems below the last)."""
    return [Para(tuple(block.runs), block.kind, block.level,
                 space_before=space_before if i else 0.0, **style)
            for i, block in enumerate(to_blocks(markdown))]


def plain(text: str, **style: Any) -> Para:
    """Return a Para of literal `text` (no Markdown)."""
    return Para((Run(text),), **style)


# -- measuring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """Measures text set in one font family, breaking over-wide words as `language` does."""

    fonts: FontFiles
    language: str = "en"

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Return the width of `text` at `size` points, in points."""
        path = self.fonts.bold if bold else self.fonts.regular
        return em_width(path, text) * size * self.fonts.margin

    def line_height(self, size: float) -> float:
        """Return the height of one line at `size` points, in points."""
        return max(LINE_HEIGHT, glyph_widths(self.fonts.regular).line_height) * size

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


@lru_cache(maxsize=8192)
def _words(para: Para) -> tuple[tuple[int, Word], ...]:
    """Return the words of `para` with their offsets in its text (NEWLINE breaks a line)."""
    bolds = [run.bold or para.bold for run in para.runs for _ in run.text]
    text = para.text
    words = []
    for match in _WORDS.finditer(text):
        if match.group() == "\n":
            words.append((match.start(), NEWLINE))
            continue
        pieces: list[tuple[str, bool]] = []
        for i in range(match.start(), match.end()):
            if pieces and pieces[-1][1] == bolds[i]:
                pieces[-1] = (pieces[-1][0] + text[i], bolds[i])
            else:
                pieces.append((text[i], bolds[i]))
        words.append((match.start(), tuple(pieces)))
    return tuple(words)


@lru_cache(maxsize=65536)
def _wrap(measure: Measure, para: Para, size: float,
          width: float) -> tuple[int, tuple[tuple[int, bool], ...]]:
    """Return the lines `para` takes when wrapped greedily into `width` points at `size`, like
    PowerPoint wraps, and where words wider than a line break: (offset, adds a hyphen)."""
    space = measure.width(" ", size)
    lines, used = 1, 0.0
    cuts: list[tuple[int, bool]] = []
    for start, word in _words(para):
        if word == NEWLINE:
            lines, used = lines + 1, 0.0
            continue
        wide = sum(measure.width(text, size, bold) for text, bold in word)
        if used and used + space + wide <= width:
            used += space + wide
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


# -- boxes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide in EMU, with the text insets of the frame it becomes."""

    left: int
    top: int
    width: int
    height: int
    insets: tuple[int, int, int, int] = DEFAULT_INSETS

    @property
    def text_width(self) -> float:
        """Return the width available to text, in points."""
        return (self.width - self.insets[0] - self.insets[2]) / EMU_PER_PT

    @property
    def text_height(self) -> float:
        """Return the height available to text, in points."""
        return (self.height - self.insets[1] - self.insets[3]) / EMU_PER_PT

    @property
    def bottom(self) -> int:
        """Return the bottom edge in EMU."""
        return self.top + self.height

    def with_insets(self, insets: tuple[int, int, int, int]) -> Box:
        """Return this box with other insets."""
        return replace(self, insets=insets)


def shape_box(shape: Any) -> Box:
    """Return the box of a placeholder or shape, with its effective (inherited) insets."""
    return Box(int(shape.left or 0), int(shape.top or 0), int(shape.width or 0),
               int(shape.height or 0), effective_insets(shape))


def effective_insets(shape: Any) -> tuple[int, int, int, int]:
    """Return a shape's text insets, following placeholder inheritance to the master."""
    found: list[int | None] = [None, None, None, None]
    current = shape
    while current is not None:
        body_pr = current._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
        if body_pr is not None:
            for i, name in enumerate(("lIns", "tIns", "rIns", "bIns")):
                if found[i] is None and body_pr.get(name) is not None:
                    found[i] = int(body_pr.get(name))
        current = getattr(current, "_base_placeholder", None) if current.is_placeholder else None
    return tuple(v if v is not None else d for v, d in zip(found, DEFAULT_INSETS, strict=True))


# -- writing ---------------------------------------------------------------------------------

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# a link in its run's own colour (PowerPoint 2019+), not the theme's: that colour may not
# read on a dark layout
LINK_XML = (f'<a:hlinkClick xmlns:a="{A_NS}" xmlns:r="{R_NS}" r:id="{{r_id}}"><a:extLst>'
            '<a:ext uri="{{A12FA001-AC4F-418D-AE19-62706E023703}}"><ahyp:hlinkClr xmlns:ahyp='
            '"http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor" val="tx"/>'
            "</a:ext></a:extLst></a:hlinkClick>")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_paras(frame: Any, paras: Sequence[Para], size: float, *, font: str | None = None,
                bullet_color: str | None = None, align: str | None = None) -> None:
    """Write `paras` into text frame `frame` at `size` points; autofit off, word wrap on.

    The paragraphs are built as XML (python-pptx's run-by-run API is slow for a whole deck);
    every run gets an explicit size, so nothing depends on autofit.
    """
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    tx_body = frame._txBody
    for old in tx_body.findall(qn("a:p")):
        tx_body.remove(old)
    links: list[tuple[etree._Element, str]] = []
    for para in paras or [Para(())]:
        p = etree.fromstring(_para_xml(para, size, font, bullet_color, align))
        tx_body.append(p)
        links.extend((r, href) for r, href in zip(p.findall(qn("a:r")), _hrefs(para),
                                                  strict=False) if href)
    for r, href in links:
        r_id = frame.part.relate_to(href, RT.HYPERLINK, is_external=True)
        r_pr = r.find(qn("a:rPr"))
        r_pr.append(etree.fromstring(LINK_XML.format(r_id=escape(r_id))))


def _hrefs(para: Para) -> list[str | None]:
    """Return each written run's link target (runs split at line breaks are written apart)."""
    return [run.href for run in para.runs for piece in run.text.split("\n") if piece]


def _para_xml(para: Para, size: float, font: str | None, bullet_color: str | None,
              align: str | None) -> str:
    own = size * para.scale
    indent = round(para.indent(size) * EMU_PER_PT)
    hanging = round(para.hanging(size) * EMU_PER_PT) if indent else 0
    if para.kind == "para":
        bullet = "<a:buNone/>"
    else:
        color = (f'<a:buClr><a:srgbClr val="{bullet_color[1:].upper()}"/></a:buClr>'
                 if bullet_color else "")
        if para.kind == "number":
            start = f' startAt="{para.start}"' if para.start > 1 else ""
            bullet = f'{color}<a:buFont typeface="+mj-lt"/><a:buAutoNum type="arabicPeriod"{start}/>'
        else:
            char = "•" if para.level % 2 == 0 else "–"
            bullet = f'{color}<a:buFont typeface="Arial"/><a:buChar char="{char}"/>'
    algn = f' algn="{align}"' if align else ""
    parts = [f'<a:p xmlns:a="{A_NS}"><a:pPr marL="{indent}" indent="{-hanging}"{algn}>'
             '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
             f'<a:spcBef><a:spcPts val="{round(para.space_before * own * 100)}"/></a:spcBef>'
             f"{bullet}</a:pPr>"]
    fill = f'<a:solidFill><a:srgbClr val="{para.color[1:].upper()}"/></a:solidFill>' \
        if para.color else ""
    latin = f'<a:latin typeface="{escape(font)}"/>' if font else ""
    for run in para.runs:
        bold = ' b="1"' if run.bold or para.bold else ""
        italic = ' i="1"' if run.italic else ""
        r_pr = f'<a:rPr lang="en-US" sz="{round(own * 100)}"{bold}{italic} dirty="0">' \
               f"{fill}{latin}</a:rPr>"
        for n, piece in enumerate(run.text.split("\n")):
            if n:
                parts.append(f"<a:br>{r_pr}</a:br>")
            if piece:
                parts.append(f"<a:r>{r_pr}<a:t>{escape(_NOT_XML.sub('', piece))}</a:t></a:r>")
    parts.append(f'<a:endParaRPr lang="en-US" sz="{round(own * 100)}" dirty="0"/></a:p>')
    return "".join(parts)


def set_insets(frame: Any, insets: tuple[int, int, int, int]) -> None:
    """Set a text frame's insets (EMU, left/top/right/bottom)."""
    frame.margin_left, frame.margin_top, frame.margin_right, frame.margin_bottom = (
        Emu(value) for value in insets)


def first_in_box(paras: list[Para]) -> list[Para]:
    """Return `paras` with no space above the first one (it starts a box)."""
    return [replace(paras[0], space_before=0), *paras[1:]] if paras else []
