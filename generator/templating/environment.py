"""The Jinja environment every output renders through: templates loaded only from real files
inside the kit's folders (its own first, then the default kit's, which "default/<name>"
always names), in the sandbox, with the Markdown filters; and rendering with located errors.

Content is passed in as data and never compiled: `{{ x }}` in a cell is printed as written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from generator.errors import TemplateError, relative_name
from generator.source.markdown import inline_text, to_html, to_plain_text
from generator.templating.sandbox import InertSandbox, json_dumps


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


# What the Markdown filters of the render under way need: where refused image URLs go, the
# source's folder, and its pictures judged unfit to show.  A context variable, so one
# compiled environment serves every render.
_markdown_context: ContextVar[tuple[list[str] | None, Path | None, frozenset[Path]]] = (
    ContextVar("markdown_context", default=(None, None, frozenset())))


def make_environment(folders: Sequence[Path], *, refused: list[str] | None = None,
                     content_dir: Path | None = None,
                     unusable: frozenset[Path] = frozenset()) -> jinja2.Environment:
    """Return the sandboxed environment for a kit's `folders` (its own first, the default
    kit's last), ready for one render.

    Markdown images are resolved in `content_dir` (the source's folder), and those of
    `unusable` shown as their descriptions; refused image URLs are appended to `refused`.
    Environments are kept per kit, so a worker rendering many sources compiles each template
    once (Jinja still reloads a template file that changed).
    """
    _markdown_context.set((refused, content_dir, unusable))
    return _environment(tuple(folders))


def _markdown(text: str | None, *, inline: bool = False) -> Markup:
    refused, content_dir, unusable = _markdown_context.get()
    return to_html(text, inline=inline, refused=refused, base=content_dir, unusable=unusable)


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
