"""The sandbox kit templates run in: what a template may read, and the bounds on what it may
compute.

Kit templates come from clients.  They see inert data only (text, numbers, lists, mappings
and a few `DataFunction`s), may read only allow-listed attributes of it, and may not build
huge sequences or numbers; `tojson` writes nothing but that data.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jinja2
import jinja2.filters
import jinja2.runtime
import jinja2.utils
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

MAX_SEQUENCE_PRODUCT = 1_000_000
MAX_EXPONENT = 1_000


# What a template may read of each kind of value it can meet: the inert data of the context
# (text, numbers, lists, mappings) and the objects Jinja itself hands it (loops, namespaces,
# blocks, groups).  An allow-list: any other object, and any other attribute, is refused
# before Python even looks the attribute up, so no object added to the context later can
# open a door out of the sandbox (a `pathlib.Path` could read, write and delete files).
_TEXT_METHODS = frozenset({
    "capitalize", "casefold", "center", "count", "endswith", "find", "isalnum", "isalpha",
    "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper", "join", "ljust",
    "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind",
    "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
    "swapcase", "title", "upper", "zfill",
})
SAFE_ATTRIBUTES: dict[type, frozenset[str]] = {
    str: _TEXT_METHODS,
    Markup: _TEXT_METHODS | {"striptags", "unescape"},
    dict: frozenset({"get", "items", "keys", "values"}),
    list: frozenset({"count", "index"}),
    tuple: frozenset({"count", "index"}),
    int: frozenset(), float: frozenset(), bool: frozenset(), type(None): frozenset(),
    range: frozenset({"start", "stop", "step"}),
    jinja2.runtime.LoopContext: frozenset({
        "index", "index0", "revindex", "revindex0", "first", "last", "length", "depth",
        "depth0", "previtem", "nextitem", "cycle", "changed"}),
    jinja2.runtime.BlockReference: frozenset({"super"}),
    jinja2.runtime.TemplateReference: frozenset(),  # `self.block()`: looked up as an item
    jinja2.utils.Cycler: frozenset({"current", "next", "reset"}),
    jinja2.utils.Joiner: frozenset(),
    jinja2.runtime.Macro: frozenset({"name", "arguments"}),
    jinja2.filters._GroupTuple: frozenset({"grouper", "list", "count", "index"}),
}
# Values whose items a template may subscribe (`x[0]`, `d["key"]`, `self.block`).
_SUBSCRIPTABLE = (str, dict, list, tuple, range, jinja2.runtime.TemplateReference)


class InertSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, reading only the allow-listed attributes of inert values, and
    with `*` and `**` bounded so one expression cannot eat the machine.

    Jinja caps `range()` but not `'x' * 10**9` or `10**10**10` (its docs leave those to
    process limits); a kit template has no business computing either.
    """

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Return whether templates may read `attr` of `obj`: only allow-listed ones."""
        if isinstance(obj, jinja2.utils.Namespace):  # values the template set itself
            return not attr.startswith("_")
        return attr in SAFE_ATTRIBUTES.get(type(obj), ()) and not attr.startswith("_")

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Return `obj.attribute` if allow-listed, else `obj[attribute]` for a mapping (as
        Jinja does), else a refusal; never runs a lookup on any other object."""
        if isinstance(obj, jinja2.Undefined):
            return super().getattr(obj, attribute)  # raises the usual undefined error
        if self.is_safe_attribute(obj, attribute, None):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                return self.undefined(obj=obj, name=attribute)
        return self._item(obj, attribute, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Return `obj[argument]` for inert containers; `obj["name"]` of anything else is an
        attribute lookup, held to the same allow-list."""
        if isinstance(obj, jinja2.Undefined):
            return super().getitem(obj, argument)
        if isinstance(argument, str) and self.is_safe_attribute(obj, argument, None) and (
                not isinstance(obj, dict) or argument not in obj):
            return self.getattr(obj, argument)
        return self._item(obj, argument, argument if isinstance(argument, str) else None)

    def _item(self, obj: Any, argument: Any, attribute: str | None) -> Any:
        if isinstance(obj, _SUBSCRIPTABLE) and type(obj) in SAFE_ATTRIBUTES:
            try:
                return obj[argument]
            except (TypeError, LookupError):
                pass
        if attribute is not None and (type(obj) not in SAFE_ATTRIBUTES
                                      or hasattr(type(obj), attribute)):
            # an object that is not data, or a method we do not offer: refused at once (an
            # undefined value would still print as "Undefined" inside a list)
            raise SecurityError(f"access to attribute {attribute!r} of "
                                f"{type(obj).__name__!r} object is unsafe")
        return self.undefined(obj=obj, name=attribute if attribute is not None else argument)

    def wrap_str_format(self, value: Any) -> None:
        """Offer no `str.format`: its field syntax reads attributes (CVE-2016-10745, …)."""
        return None

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"exponent {right} is larger than {MAX_EXPONENT}")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and (
                    len(seq) * count > MAX_SEQUENCE_PRODUCT
                ):
                    raise SecurityError(f"repeating a sequence {count} times makes it larger "
                                        f"than {MAX_SEQUENCE_PRODUCT} items")
        return super().call_binop(context, operator, left, right)


_UNSAFE_IN_YAML = re.compile("[\x7f-\x9f\u2028\u2029]")


def json_dumps(value: Any, **kwargs: Any) -> str:
    """Return JSON for `tojson` that YAML also reads back exactly (the deck outline needs it).

    Characters outside the BMP stay as they are: escaped, they would become surrogate pairs,
    which YAML does not join back into one character (an emoji would turn into garbage).
    """
    kwargs["ensure_ascii"] = False
    kwargs["default"] = _json_default
    text = json.dumps(value, **kwargs)
    return _UNSAFE_IN_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class DataFunction:
    """Base of the few functions the template context offers on its data (`d.cell(s)`):
    callable, with nothing a template may read, and written by `tojson` as null."""

    __slots__ = ()


def _json_default(value: Any) -> Any:
    """Raise the template error an undefined or blocked value stands for; refuse other objects."""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    if isinstance(value, DataFunction):
        return None
    raise SecurityError(f"tojson cannot write a {type(value).__name__}; pass text, numbers, "
                        "lists or mappings")


