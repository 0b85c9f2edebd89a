"""Read YAML 1.2 into plain Python data while remembering where every key and value stood.

ruamel.yaml composes the node graph (which keeps line and column marks, and YAML 1.2 scalar
resolution, so `no` stays a string); we build the Python values ourselves so that duplicate
keys, tags, alias bombs and runaway nesting are reported as located problems, not tracebacks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem

YamlPath = tuple[str | int, ...]

MAX_DEPTH = 40
MAX_NODES = 20_000
MAX_EXPANSION = 2  # aliases may make the text at most twice as long as the size limit
PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class LocatedDocument:
    """Plain data from one YAML file, with 1-based (line, col) for each value and key."""

    path: Path
    display: str
    data: Any
    value_marks: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    # Problems that still left usable data (a duplicate key keeps its first value, a tagged
    # value is dropped), so that validation goes on and every problem is reported at once.
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # the file as written, to show a line fixed in a hint

    def line(self, number: int) -> str:
        """Return line `number` (1-based) as written, or "" when there is none."""
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def where(self, path: YamlPath, *, key: bool = False) -> tuple[int, int]:
        """Return the (line, col) of `path`, its key if asked, else the nearest enclosing node."""
        marks = self.key_marks if key else self.value_marks
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in marks:
                return marks[prefix]
            if prefix in self.value_marks:
                return self.value_marks[prefix]
        return (1, 1)

    def problem(self, path: YamlPath, message: str, hint: str = "", *, key: bool = False) -> Problem:
        """Return a Problem located at `path` in this document."""
        line, col = self.where(path, key=key)
        return Problem(self.display, line, col, message, hint)


class YamlProblems(Exception):
    """The file could not be read as YAML; carries the located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def load_located(path: Path, display: str, *, max_bytes: int) -> LocatedDocument:
    """Return the located data of the YAML file at `path` (with its non-fatal problems), or
    raise YamlProblems when there is nothing usable to validate.

    The size limit is checked from the file system before anything is read, and it bounds the
    document after aliases are expanded too (at `MAX_EXPANSION` times the limit)."""
    raw = _read_limited(path, display, max_bytes)
    text = _decode(raw, display)
    if not text.strip() or all(
        line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()
    ):
        raise YamlProblems([Problem(
            display, 1, 1, "the file is empty", "start with `title: …` (see `coursepack schema`)",
        )])
    _check_characters(text, display)
    return located_text(text, path, display, max_chars=MAX_EXPANSION * max_bytes)


def located_text(text: str, path: Path, display: str, *, max_chars: int) -> LocatedDocument:
    """Return the located data of YAML `text` (read from `path`), or raise YamlProblems."""
    root = _compose(text, display)
    document = LocatedDocument(path, display, None, text=text)
    builder = _Builder(document, document.problems, max_chars=max_chars)
    document.data = builder.build(root, (), 0)
    if builder.cut_short:
        raise YamlProblems(document.problems)  # the data is cut short: nothing to validate
    return document


def _read_limited(path: Path, display: str, max_bytes: int) -> bytes:
    """Return the file's bytes, refusing one over `max_bytes` before reading it."""
    too_big = Problem(display, 0, 0, "", "split the comparison, or raise the limit with "
                      "--max-source-kib")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlProblems([replace(too_big, message=(
                f"file is {size // 1024} KiB, over the {max_bytes // 1024} KiB limit"))])
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # the file may have grown since
    except OSError as err:
        raise YamlProblems([Problem(display, 0, 0, f"cannot read file: {err.strerror}")]) from err
    if len(raw) > max_bytes:
        raise YamlProblems([replace(too_big, message=(
            f"file is over the {max_bytes // 1024} KiB limit"))])
    return raw


def _decode(raw: bytes, display: str) -> str:
    """Return `raw` decoded as UTF-8 (a BOM is allowed), or raise a located problem."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        # the column counts characters, as editors do, not bytes
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise YamlProblems([Problem(
            display, line, col, f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x})",
            "save it as UTF-8 in your editor",
        )]) from err


# Characters no document can carry: controls other than tab and line breaks, DEL and the C1
# controls, lone surrogates and the Unicode noncharacters.  YAML refuses them raw (without a
# line), and escapes such as "\0" or "\uFFFF" would carry them into every output, where the
# deck's XML cannot hold them.
FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]")
MAX_CHARACTER_PROBLEMS = 20


def character_problem(display: str, line: int, col: int, char: str, *, escaped: bool = False
                      ) -> Problem:
    """Return the problem of a character no document can carry, at `line`:`col`."""
    name = unicodedata.name(char, "") or {0: "NUL", 0x1B: "ESC", 0x7F: "DEL"}.get(
        ord(char), "a control character" if ord(char) < 0xA0 else "not a character")
    what = f"U+{ord(char):04X} ({name})"
    if escaped:
        return Problem(display, line, col, f"the text holds {what}, which no document can carry",
                       "remove the escape that writes it")
    return Problem(display, line, col, f"invisible character {what} is not allowed",
                   "delete it (your editor may not show it)")


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column (in characters) of `offset` in `text`."""
    return (text.count("\n", 0, offset) + 1,
            offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _check_characters(text: str, display: str) -> None:
    """Raise a located problem for every character (up to a cap) a source cannot hold."""
    problems = []
    for match in FORBIDDEN_CHARACTERS.finditer(text):
        line, col = line_and_column(text, match.start())
        problems.append(character_problem(display, line, col, match.group()))
        if len(problems) == MAX_CHARACTER_PROBLEMS:
            break
    if problems:
        raise YamlProblems(problems)


_TAB_ERRORS = ("found character '\\t' that cannot start any token", "found a tab character")
_BLOCK_SCALAR = re.compile(r"(^|[:-])\s*[|>][0-9+-]*\s*(#.*)?$")


def _compose(text: str, display: str) -> Node:
    """Return the YAML node graph of `text`, or raise its first syntax error, located; when
    that error is a tab used as indentation, every such tab is reported."""
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _LocatingComposer
    try:
        return yaml.compose(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = (err.problem or err.context or "invalid YAML").strip()
        if mark is not None and message.startswith(_TAB_ERRORS):
            tabs = sorted({(line, col), *_indenting_tabs(text)})
            raise YamlProblems([
                Problem(display, at_line, at_col, "tab used for indentation",
                        "YAML indents with spaces; replace the tab with spaces")
                for at_line, at_col in tabs[:MAX_CHARACTER_PROBLEMS]]) from None
        if mark is not None and message.startswith("mapping values are not allowed"):
            written = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
            first_colon = written.find(": ")
            fixed = quoted(written, keyed=True)
            if 0 <= first_colon < mark.column and fixed:  # `key: text : more`, not indentation
                key = written[:first_colon].strip().removeprefix("- ")
                raise YamlProblems([Problem(
                    display, line, col, f"the text after `{key}:` holds ': ', which YAML "
                    "reads as the start of another key",
                    f"put the text in quotes: {fixed.strip()}")]) from None
            if first_colon == mark.column and written.strip():
                key = written[:first_colon].strip()
                raise YamlProblems([Problem(
                    display, line, len(written) - len(written.lstrip()) + 1,
                    f"`{key}:` is indented differently from the keys around it, so YAML reads "
                    "it as more text of the line above",
                    f"start `{key}:` in the same column as the other keys at its level")]
                ) from None
        early = _closed_early(text, mark.line) if mark is not None else None
        if early is not None:
            raise YamlProblems([Problem(display, line, early[0], early[1], early[2])]) from None
        raise YamlProblems([Problem(display, line, col, f"invalid YAML: {message}",
                                    "check indentation and quoting around this point")]
                           ) from None
    except RecursionError:
        raise YamlProblems([Problem(display, 0, 0, "the YAML is nested too deeply",
                                    f"keep nesting under {MAX_DEPTH} levels")]) from None
    except YAMLError as err:
        raise YamlProblems([Problem(display, 0, 0, f"invalid YAML: {err}")]) from None


def continued_items(text: str) -> list[tuple[int, int]]:
    """Return (line, col) of each line starting with `- ` that YAML read as more text of the
    list item above it (plain text, indented one space too far), not as an item of its own:
    the place an indentation slip merged two items.  `text` is a source already loaded."""
    yaml = YAML(typ="safe", pure=True)
    try:
        root = yaml.compose(text)
    except (YAMLError, RecursionError):
        return []
    lines = text.splitlines()
    found: list[tuple[int, int]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            stack.extend(value for _, value in node.value)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                if isinstance(item, ScalarNode) and item.style is None:
                    for number in range(item.start_mark.line + 1,
                                        min(item.end_mark.line + 1, len(lines))):
                        written = lines[number]
                        if written.lstrip().startswith("- "):
                            found.append((number + 1, len(written) - len(written.lstrip()) + 1))
                else:
                    stack.append(item)
    return sorted(found)


_QUOTED_VALUE = re.compile(r"^(\s*(?:-\s+)?(?:[^\s\"'#][^:#]*:\s+)?)([\"'])(.*)$")


def _closed_early(text: str, index: int) -> tuple[int, str, str] | None:
    """Return (column, what is wrong, the line fixed) when line `index` of `text` holds a value
    that starts with a quote YAML closes before the text ends: an apostrophe in
    single-quoted text (`'Le guide de l'équipe'`), or text that begins with a quoted word
    (`"Courriel" ou "chat"`); None for any other line."""
    lines = text.splitlines()
    found = _QUOTED_VALUE.match(lines[index]) if index < len(lines) else None
    if not found:
        return None
    start, quote, rest = found[1], found[2], found[3].rstrip()
    closing = rest.replace(quote * 2, "") if quote == "'" else rest.replace('\\"', "")
    if quote not in closing or (closing.endswith(quote) and closing.count(quote) == 1):
        return None  # closed at the end, as meant (or not closed on this line at all)
    meant = rest[:-1] if rest.endswith(quote) else quote + rest
    if '"' not in meant:
        fixed = '"' + meant.replace("\\", "\\\\") + '"'
    else:
        fixed = "'" + meant.replace("'", "''") + "'"
    name = re.sub(r"^-(\s+|$)", "", start.strip()).rstrip(":").strip()
    what = f"the text after `{name}:`" if name else "this item's text"
    kind = "an apostrophe" if quote == "'" else "a quotation mark"
    return (len(start) + 1,
            f"{what} starts with {kind} ({quote}), so YAML ends the text at the next one and "
            "cannot read what follows",
            f"write the whole text in the other quotes: {start.strip()} {fixed}".replace(
                ":  ", ": "))


def quoted(line: str, *, keyed: bool) -> str | None:
    """Return a YAML line with its text in double quotes — `- "Public : les chefs"`, or with
    `keyed`, `subtitle: "Titre : sous-titre"` — or None when there is no plain text to
    quote (an empty value, a block scalar, text already in quotes)."""
    indent = line[: len(line) - len(line.lstrip())]
    rest, prefix = line.strip(), ""
    if rest.startswith("- "):
        prefix, rest = "- ", rest[2:].lstrip()
    if keyed:
        key, colon, rest = rest.partition(": ")
        if not colon:
            return None
        prefix, rest = f"{prefix}{key}: ", rest.strip()
    if not rest or rest[0] in "\"'|>[{&*!#":
        return None
    escaped = rest.replace("\\", "\\\\").replace('"', '\\"')
    return f'{indent}{prefix}"{escaped}"'


def _indenting_tabs(text: str) -> list[tuple[int, int]]:
    """Return (line, col) of each tab in a line's indentation, outside block scalars (`|`,
    `>`), where a tab after the indentation is text."""
    found = []
    block_indent: int | None = None  # the indentation a block scalar's lines must exceed
    for number, line in enumerate(text.splitlines(), 1):
        spaces = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or spaces > block_indent:
                continue
            block_indent = None
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            found.append((number, indent.index("\t") + 1))
        elif _BLOCK_SCALAR.search(line.split(" #", 1)[0].rstrip()):
            block_indent = spaces
    return found


class _AliasUse:
    """Where an alias (`*name`) stands in the document, and the node it repeats."""

    __slots__ = ("node", "start_mark")

    def __init__(self, node: Node, start_mark: Any) -> None:
        self.node, self.start_mark = node, start_mark


class _LocatingComposer(Composer):
    """ruamel's composer, keeping each alias's own position (it returns the anchored node,
    whose marks point at the anchor)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            mark = self.parser.peek_event().start_mark
            return _AliasUse(super().compose_node(parent, index), mark)
        return super().compose_node(parent, index)


class _Builder:
    """Turn a composed node graph into plain values, recording marks and problems.

    Aliases are expanded as they are met, within budgets: `MAX_NODES` values and `max_chars`
    characters of text in all; the alias that would cross a budget is refused where it
    stands, before its copy is made."""

    def __init__(self, document: LocatedDocument, problems: list[Problem], *,
                 max_chars: int) -> None:
        self.document = document
        self.problems = problems
        self.nodes_seen = 0
        self.chars = 0
        self.max_chars = max_chars
        self.sizes: dict[int, int] = {}  # characters below each aliased node
        self.too_many_reported = False
        self.cut_short = False  # an alias bomb or runaway nesting: the data is incomplete

    @staticmethod
    def _mark(node: Node | _AliasUse) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _fail(self, node: Node | _AliasUse, message: str, hint: str = "") -> None:
        line, col = self._mark(node)
        self.problems.append(Problem(self.document.display, line, col, message, hint))

    def _too_much(self, node: Node | _AliasUse, message: str) -> None:
        self.cut_short = True
        if not self.too_many_reported:
            self.too_many_reported = True
            self._fail(node, message, "aliases (*name) copy their anchor each time they are "
                                      "used; write the values out instead")

    def build(self, node: Node | _AliasUse, path: YamlPath, depth: int) -> Any:
        mark_of = node
        if isinstance(node, _AliasUse):
            size = self._size(node.node, depth)
            if self.chars + size > self.max_chars:
                self._too_much(node, f"this alias repeats {size:,} characters, which makes the "
                                     f"document longer than {self.max_chars:,} characters")
                return None
            node = node.node
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            self._too_much(mark_of, f"the document expands to more than {MAX_NODES} values")
            return None
        if depth > MAX_DEPTH:
            if not self.cut_short or not any("nested too deeply" in p.message
                                             for p in self.problems):
                self._fail(node, "the YAML is nested too deeply",
                           f"keep nesting under {MAX_DEPTH} levels")
            self.cut_short = True
            return None
        self.document.value_marks.setdefault(path, self._mark(mark_of))
        if node.tag not in PLAIN_TAGS:
            self._fail(node, f"YAML tag {str(node.tag).replace('tag:yaml.org,2002:', '!!')} is not "
                             "allowed",
                       "remove the tag; sources hold plain text, lists and mappings only")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        value = self._scalar(node)
        if isinstance(value, str):
            self.chars += len(value)
            if FORBIDDEN_CHARACTERS.search(value):
                char = FORBIDDEN_CHARACTERS.search(value).group()  # type: ignore[union-attr]
                line, col = self._mark(mark_of)
                self.problems.append(character_problem(self.document.display, line, col, char,
                                                       escaped=True))
                value = FORBIDDEN_CHARACTERS.sub("", value)
        return value

    def _size(self, node: Node | _AliasUse, depth: int) -> int:
        """Return how many characters of text `node` holds once expanded (memoised; an alias
        inside an anchor counts each time it is used)."""
        if isinstance(node, _AliasUse):
            node = node.node
        if id(node) in self.sizes:
            return self.sizes[id(node)]
        self.sizes[id(node)] = 0  # an anchor that contains itself counts once
        size = 0
        if depth <= MAX_DEPTH:  # deeper is refused anyway
            if isinstance(node, ScalarNode):
                size = len(str(node.value))
            elif isinstance(node, SequenceNode):
                size = sum(self._size(item, depth + 1) for item in node.value)
            elif isinstance(node, MappingNode):
                size = sum(self._size(key, depth + 1) + self._size(value, depth + 1)
                           for key, value in node.value)
        self.sizes[id(node)] = size
        return size

    def _mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, _AliasUse):
                key_node = key_node.node
            if isinstance(key_node, ScalarNode) and key_node.value == "<<":
                self._fail(key_node, "merge keys (<<) are not supported", "write the keys out")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in PLAIN_TAGS:
                self._fail(key_node, "keys must be plain words", "write the key as plain text")
                continue
            key = str(key_node.value)
            if key in result:
                first = self.document.key_marks.get((*path, key), (0, 0))
                self._fail(key_node, f"duplicate key {key!r} (first at line {first[0]})",
                           "remove one of them")
                continue
            marked = (*path, key)
            self.document.key_marks[marked] = self._mark(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    @staticmethod
    def _scalar(node: ScalarNode) -> Any:
        # Numbers and dates keep their written text: every field of a source is text.
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() == "true"
        return str(node.value)
