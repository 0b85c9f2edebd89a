"""Read YAML 1.2 into plain Python data while remembering where every key and value stood.

ruamel.yaml composes the node graph (which keeps line and column marks, and YAML 1.2 scalar
resolution, so `no` stays a string); we build the Python values ourselves so that duplicate
keys, tags, alias bombs and runaway nesting are reported as located problems, not tracebacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem

YamlPath = tuple[str | int, ...]

MAX_DEPTH = 40
MAX_NODES = 20_000
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
    raise YamlProblems when there is nothing usable to validate."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise YamlProblems([Problem(display, 0, 0, f"cannot read file: {err.strerror}")]) from err
    if len(raw) > max_bytes:
        raise YamlProblems([Problem(
            display, 0, 0, f"file is {len(raw) // 1024} KiB, over the {max_bytes // 1024} KiB limit",
            "split the comparison, or raise the limit with --max-source-kib",
        )])
    text = _decode(raw, display)
    if not text.strip() or all(
        line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()
    ):
        raise YamlProblems([Problem(
            display, 1, 1, "the file is empty", "start with `title: …` (see `coursepack schema`)",
        )])
    _check_tabs(text, display)
    document = LocatedDocument(path, display, None)
    yaml = YAML(typ="safe", pure=True)
    try:
        root = yaml.compose(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = (err.problem or err.context or "invalid YAML").strip()
        raise YamlProblems([Problem(display, line, col, f"invalid YAML: {message}",
                                    "check indentation and quoting around this point")]) from err
    except RecursionError as err:
        raise YamlProblems([Problem(display, 0, 0, "the YAML is nested too deeply",
                                    f"keep nesting under {MAX_DEPTH} levels")]) from err
    except YAMLError as err:
        raise YamlProblems([Problem(display, 0, 0, f"invalid YAML: {err}")]) from err
    builder = _Builder(document, document.problems)
    document.data = builder.build(root, (), 0)
    if builder.cut_short:
        raise YamlProblems(document.problems)  # the data is cut short: nothing to validate
    return document


def _decode(raw: bytes, display: str) -> str:
    """Return `raw` decoded as UTF-8 (a BOM is allowed), or raise a located problem."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblems([Problem(
            display, line, col, f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x})",
            "save it as UTF-8 in your editor",
        )]) from err


def _check_tabs(text: str, display: str) -> None:
    """Raise a located problem for the first tab used as indentation."""
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlProblems([Problem(
                display, number, indent.index("\t") + 1, "tab used for indentation",
                "YAML indents with spaces; replace the tab with spaces",
            )])


class _Builder:
    """Turn a composed node graph into plain values, recording marks and problems."""

    def __init__(self, document: LocatedDocument, problems: list[Problem]) -> None:
        self.document = document
        self.problems = problems
        self.nodes_seen = 0
        self.too_many_reported = False
        self.cut_short = False  # an alias bomb or runaway nesting: the data is incomplete

    def _mark(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _fail(self, node: Node, message: str, hint: str = "") -> None:
        line, col = self._mark(node)
        self.problems.append(Problem(self.document.display, line, col, message, hint))

    def build(self, node: Node, path: YamlPath, depth: int) -> Any:
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            self.cut_short = True
            if not self.too_many_reported:
                self.too_many_reported = True
                self._fail(node, f"the document expands to more than {MAX_NODES} values",
                           "aliases (*name) are probably repeating each other; write values out")
            return None
        if depth > MAX_DEPTH:
            self.cut_short = True
            self._fail(node, "the YAML is nested too deeply", f"keep nesting under {MAX_DEPTH} levels")
            return None
        self.document.value_marks.setdefault(path, self._mark(node))
        if node.tag not in PLAIN_TAGS:
            self._fail(node, f"YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
                       "remove the tag; sources hold plain text, lists and mappings only")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node)

    def _mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
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
            self.document.key_marks[(*path, key)] = self._mark(key_node)
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
