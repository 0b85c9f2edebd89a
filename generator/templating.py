"""The sandboxed Jinja environment every output renders through.

Kit templates come from clients, so they run in Jinja's immutable sandbox with undefined
names as errors, and are only ever loaded from real files inside the kit folders.  Content is
passed in as data and never compiled: `{{ x }}` in a cell is printed as written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.filters
import jinja2.runtime
import jinja2.utils
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from generator.errors import TemplateError, relative_name
from generator.kits.model import BrandKit
from generator.source.markdown import inline_text, to_html, to_plain_text

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


class ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses templates whose real path leaves their kit folder."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(os.path.realpath(filename))
        if not any(real.is_relative_to(Path(root).resolve()) for root in self.searchpath):
            raise TemplateError(
                f"{relative_name(Path(filename))}: template is a link to a file outside the kit — "
                "copy the template into the kit instead of linking it"
            )
        return source, filename, uptodate


def template_search_path(kit: BrandKit) -> list[Path]:
    """Return the folders templates are looked up in: the client kit first, then default."""
    return list(kit.folders)


# What the Markdown filters of the render under way need: where refused image URLs go, and
# the source's folder.  A context variable, so one compiled environment serves every render.
_markdown_context: ContextVar[tuple[list[str] | None, Path | None]] = ContextVar(
    "markdown_context", default=(None, None))


def make_environment(kit: BrandKit, *, refused: list[str] | None = None,
                     content_dir: Path | None = None) -> jinja2.Environment:
    """Return the sandboxed environment for `kit`, ready for one render.

    Markdown images are resolved in `content_dir` (the source's folder); refused image URLs
    are appended to `refused`.  Environments are kept per kit, so a worker rendering many
    sources compiles each template once (Jinja still reloads a template file that changed).
    """
    _markdown_context.set((refused, content_dir))
    return _environment(tuple(template_search_path(kit)))


def _markdown(text: str | None, *, inline: bool = False) -> Markup:
    refused, content_dir = _markdown_context.get()
    return to_html(text, inline=inline, refused=refused, base=content_dir)


@lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    """Return a new sandboxed environment loading templates from `folders`, in order."""
    # "default/<name>" always names the base kit's template, so an override can extend the
    # template it replaces and change only some blocks.
    loader = jinja2.ChoiceLoader([
        ConfinedLoader([str(p) for p in folders]),
        jinja2.PrefixLoader({"default": ConfinedLoader([str(folders[-1])])}),
    ])
    env = InertSandbox(
        loader=loader,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "xml.j2"),
            default_for_string=True,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["json.dumps_function"] = json_dumps
    env.filters["md"] = _markdown
    env.filters["md_inline"] = lambda text: _markdown(text, inline=True)
    env.filters["plain"] = to_plain_text
    env.filters["text"] = inline_text
    env.filters["css_string"] = css_string
    return env


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


def css_string(value: object) -> str:
    """Return `value` as a quoted CSS string; quotes, backslashes and newlines are escaped."""
    text = str(value)
    escaped = "".join(
        ch if ch.isprintable() and ch not in "\\\"<>" else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Return template `name` rendered with `context`; failures become located TemplateErrors."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as err:
        where = relative_name(Path(err.filename)) if err.filename else name
        raise TemplateError(f"{where}:{err.lineno}: template syntax error: {err.message} — "
                            "fix the template markup") from None
    except jinja2.TemplateNotFound as err:
        raise TemplateError(f"{name}: template {err.name!r} not found in the kit or the "
                            "default kit — check the name in include/extends") from None
    except SecurityError as err:
        raise TemplateError(f"{_where(err, name)}: blocked by the template sandbox: {err} — "
                            "kit templates may only format the data they are given") from None
    except jinja2.UndefinedError as err:
        raise TemplateError(f"{_where(err, name)}: {err.message} — check the variable name "
                            "(see README, template context)") from None
    except jinja2.TemplateError as err:
        raise TemplateError(f"{_where(err, name)}: {err} — fix the template") from None
    except RecursionError:
        raise TemplateError(f"{name}: templates extend or include each other without end — "
                            f'to change the default {name}, extend "default/{name}", not '
                            f'"{name}" itself') from None
    except (OverflowError, MemoryError) as err:
        raise TemplateError(f"{_where(err, name)}: template uses too much time or memory "
                            f"({type(err).__name__}) — simplify its loops") from None
    except (ArithmeticError, TypeError, ValueError, AttributeError, LookupError) as err:
        # a kit template computing with the wrong values: the template's mistake, not ours
        raise TemplateError(f"{_where(err, name)}: {type(err).__name__}: {err} — fix the "
                            "expression in the template") from None


def _where(err: BaseException, name: str) -> str:
    """Return `template:line` for an error raised while rendering, from its traceback."""
    tb = err.__traceback__
    location = name
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename.endswith(".html"):
            location = f"{relative_name(Path(filename))}:{tb.tb_lineno}"
        tb = tb.tb_next
    return location
