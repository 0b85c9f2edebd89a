"""Markdown in content, rendered safely: HTML for the PDFs, styled runs for the deck.

markdown-it-py with raw HTML switched off, so `<script>` in a cell stays visible text.
Links keep only http(s) and mailto targets; images must be files beside the source, others
are refused and reported through the `refused` list the caller passes in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core.smartquotes import process_inlines
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup

SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)
# A size hint after an image, as pandoc writes it: `![alt](pic.png){width=50%}` (a share of
# the column or slide area) or `{width=60mm}`; nothing else is accepted in the braces.
WIDTH_HINT = re.compile(r"^\{width=(?P<value>(?:100|[1-9][0-9]?)%"
                        r"|(?:[1-9][0-9]{0,2}(?:\.[0-9])?|0\.[1-9])(?:mm|cm|in))\}")
SAFE_IMAGE = re.compile(r"^(?![a-z][a-z0-9+.-]*:|/|\\)(?!.*(^|[/\\])\.\.([/\\]|$))[^\x00]+$", re.I)
# Straight quotes become typographic ones in paragraphs with up to this many: markdown-it's
# rule takes time that grows with the square of a paragraph's quotes (400 KB of them took
# minutes), so one no text has is left as written.
MAX_SMART_QUOTES = 500


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "linkify": False})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.core.ruler.at("smartquotes", _bounded_smartquotes)
    # Accept every target while parsing so that refused images can be reported; the token
    # filter below then drops unsafe link targets and refuses images outside the source folder.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _bounded_smartquotes(state: StateCore) -> None:
    """Make the quotes of each paragraph typographic ("…" and ’), as markdown-it's own rule
    does, but only in paragraphs with at most MAX_SMART_QUOTES of them."""
    for token in state.tokens:
        if token.type == "inline" and token.children and 0 < (
                token.content.count('"') + token.content.count("'")) <= MAX_SMART_QUOTES:
            process_inlines(token.children, state)


def _images_and_links(tokens: list[Token], refused: list[str] | None,
                      base: Path | None = None, unusable: frozenset[Path] = frozenset()
                      ) -> None:
    """Drop images that are not relative paths below the source, and unsafe link targets.

    Accepted images become absolute file URLs in `base`, so that kit templates can resolve
    their own relative URLs against the kit; an image of `unusable` (a file judged unfit to
    show, and reported so) becomes its description, as refused ones do.
    """
    for index, token in enumerate(tokens):
        if token.children:
            _images_and_links(token.children, refused, base, unusable)
        if token.type == "image" and index + 1 < len(tokens) and tokens[index + 1].type == "text":
            following = tokens[index + 1]
            hint = WIDTH_HINT.match(following.content)
            if hint:  # the size hint is the image's, not text
                token.attrSet("style", f"width: {hint['value']}")
                token.meta["width"] = hint["value"]
                following.content = following.content[hint.end():]
        if token.type == "image":
            raw = str(token.attrGet("src") or "")
            src = token.meta["written"] = unquote(raw)  # decoded first: "%2e%2e/" is "../"
            inside = base is None or (base / src).resolve().is_relative_to(base.resolve())
            if not SAFE_IMAGE.match(src) or not inside or (
                    base is not None and (base / src).resolve() in unusable):
                if refused is not None and (not SAFE_IMAGE.match(src) or not inside):
                    refused.append(src)
                # Learners see the image's description; the trainer gets the warning.
                token.type, token.children = "text", None
                token.content = token.content or ""
            elif base is not None:
                token.attrSet("src", (base / src).as_uri())
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if not SAFE_LINK.match(href):
                token.attrs.pop("href", None)


@dataclass(frozen=True)
class ImageRef:
    """A picture in Markdown: its file, its description, the width asked for (or None) and
    its target as the source writes it (to find it there)."""

    path: Path
    alt: str
    width: str | None = None  # "60%" or "60mm"
    written: str = ""


def images_of(text: str | None, base: Path) -> list[ImageRef]:
    """Return the pictures of Markdown `text` whose files lie below `base` (as the renderers
    accept them), in order; URLs and paths outside `base` are left out."""
    if not text:
        return []
    tokens = _parser().parse(text)
    _images_and_links(tokens, None, base)
    found = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "image":
                target = Path(url_to_path(str(child.attrGet("src") or "")))
                found.append(ImageRef(target.resolve(), child.content.strip(),
                                      child.meta.get("width"), child.meta["written"]))
    return found


def undescribed_pictures(text: str | None) -> list[str]:
    """Return the targets of the pictures of Markdown `text` that have no description (alt
    text), reference-style ones included, as written."""
    if not text:
        return []
    return [unquote(str(child.attrGet("src") or "")) for token in _parser().parse(text)
            for child in token.children or []
            if child.type == "image" and not child.content.strip()]


def picture_place(source_name: str, source_text: str, target: str, *,
                  undescribed: bool = False) -> str:
    """Return where the source file first writes the picture `target` as a target, after
    `](` or `]:` (else anywhere: a description may name the file first), as
    `name:line:col`; the name alone when it writes it otherwise (escaped, say).  An
    `undescribed` picture is looked for first where it is shown with empty brackets, `![](`,
    not where the same file is shown with a description."""
    from generator.located.yaml import line_and_column

    if not target:
        return source_name
    written = undescribed and re.search(r"!\[\s*\]\(\s*<?" + re.escape(target), source_text)
    written = written or re.search(r"\](?:\(|:)\s*<?" + re.escape(target), source_text)
    at = written.end() - len(target) if written else source_text.find(target)
    if at < 0:
        return source_name
    line, column = line_and_column(source_text, at)
    return f"{source_name}:{line}:{column}"


def image_files(text: str | None, base: Path) -> list[Path]:
    """Return the files the images of Markdown `text` show, when they lie below `base` (as
    the renderers accept them); URLs and paths outside `base` are left out."""
    return [image.path for image in images_of(text, base)]


def url_to_path(url: str) -> str:
    """Return the local path of a file:// URL (as `_images_and_links` writes them)."""
    from urllib.request import url2pathname

    return url2pathname(url.removeprefix("file://"))


def to_html(text: str | None, *, inline: bool = False, refused: list[str] | None = None,
            base: Path | None = None, unusable: frozenset[Path] = frozenset()) -> Markup:
    """Return `text` rendered as safe HTML (one paragraph's content when `inline`); the
    pictures of `unusable` appear as their descriptions."""
    if not text:
        return Markup("")
    md = _parser()
    tokens = md.parseInline(text) if inline else md.parse(text)
    _images_and_links(tokens, refused, base, unusable)
    return Markup(md.renderer.render(tokens, md.options, {}).strip())


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass
class Block:
    """A paragraph of runs: `kind` is `para`, `bullet` or `number`; `level` counts list depth."""

    kind: str = "para"
    level: int = 0
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Return the block's plain text."""
        return "".join(run.text for run in self.runs)


def to_blocks(text: str | None, *, pictures_as_text: bool = True) -> list[Block]:
    """Return `text` as paragraphs of styled runs, for writers that are not HTML (the deck):
    a picture as its description, or left out when not `pictures_as_text` (a writer that
    shows the pictures themselves)."""
    if not text:
        return []
    md = _parser()
    tokens = md.parse(text)
    _images_and_links(tokens, None)
    if not pictures_as_text:
        for token in tokens:
            if token.children:
                token.children = [c for c in token.children if c.type != "image"]
    blocks: list[Block] = []
    lists: list[str] = []
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("bullet" if token.type.startswith("bullet") else "number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "inline":
            kind = lists[-1] if lists else "para"
            blocks.append(Block(kind, max(len(lists) - 1, 0), _runs(token.children or [])))
        elif token.type in ("fence", "code_block"):
            blocks.append(Block("para", 0, [Run(token.content.rstrip("\n"), code=True)]))
    return [block for block in blocks if block.text.strip()]


def _runs(children: list[Token]) -> list[Run]:
    runs: list[Run] = []
    style: dict[str, Any] = {"bold": 0, "italic": 0, "href": None}
    for child in children:
        kind = child.type
        if kind == "strong_open":
            style["bold"] += 1
        elif kind == "strong_close":
            style["bold"] -= 1
        elif kind == "em_open":
            style["italic"] += 1
        elif kind == "em_close":
            style["italic"] -= 1
        elif kind == "link_open":
            style["href"] = child.attrGet("href")
        elif kind == "link_close":
            style["href"] = None
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" " if kind == "softbreak" else "\n"))
        elif kind in ("text", "code_inline", "image"):
            runs.append(Run(child.content, bool(style["bold"]), bool(style["italic"]),
                            kind == "code_inline", style["href"]))
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    """Return `runs` with neighbours of the same style joined."""
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.code, last.href) == (
            run.bold, run.italic, run.code, run.href
        ):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.code, run.href)
        else:
            merged.append(run)
    return merged


def to_plain_text(text: str | None) -> str:
    """Return `text` without Markdown markup; list items become `• ` lines."""
    lines = []
    for block in to_blocks(text):
        prefix = "  " * block.level + ("• " if block.kind != "para" else "")
        lines.append(prefix + block.text)
    return "\n".join(lines)


def inline_text(text: str | None) -> str:
    """Return one line of inline Markdown as plain text ("*vs*" → "vs"), for metadata."""
    if not text:
        return ""
    return "".join(run.text for run in _runs(_parser().parseInline(text)[0].children or []))
