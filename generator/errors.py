"""One exception family: every expected failure is a ClickException subclass.

Click shows these without a traceback and exits with `exit_code`; the command group turns
anything else into InternalError, exit status 70.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: `path:line:col: message — hint`."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col}" if self.col else f":{self.line}"
        text = f"{where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


# Characters that a terminal obeys instead of showing: controls (ESC starts sequences that
# erase lines or recolour text), and the marks that reorder text (bidi overrides).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                       "\u2066-\u2069]")


def printable(text: str) -> str:
    """Return `text` safe to print to a terminal: every control character (but tab and line
    breaks) shown as an escape such as `\\x1b`, so a file name or URL from a kit or source
    cannot rewrite what the trainer reads."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                         else f"\\u{ord(m.group()):04x}", text)


class CoursepackError(click.ClickException):
    """Base of every expected failure; shows itself as `error: …` on stderr."""

    exit_code = 1

    def show(self, file: IO[str] | None = None) -> None:
        """Print `error: <message>` to stderr (or `file`)."""
        stream = file or sys.stderr
        for line in self.format_message().splitlines() or [""]:
            click.echo(f"error: {printable(line)}", file=stream, err=stream is sys.stderr)


class ProblemsError(CoursepackError):
    """Several located problems, reported together."""

    def __init__(self, problems: list[Problem], summary: str = "") -> None:
        self.problems = sorted(problems)
        lines = [str(problem) for problem in self.problems]
        if summary:
            lines.append(summary)
        super().__init__("\n".join(lines))


class SourceError(ProblemsError):
    """A comparison source is invalid."""


class KitError(CoursepackError):
    """A brand kit is invalid or unsafe."""


class KitFileError(KitError):
    """One file of a kit is unusable: `path: detail — hint`, with the parts kept, so the kit
    loader can place them at the line of brand.yaml that names the file."""

    def __init__(self, path: Path, detail: str, hint: str = "") -> None:
        self.path, self.detail, self.hint = path, detail, hint
        super().__init__(f"{relative_name(path)}: {detail}" + (f" — {hint}" if hint else ""))


class TemplateError(CoursepackError):
    """A template failed to compile or render (located in the template)."""


class RenderError(CoursepackError):
    """An output could not be produced (e.g. the cheat sheet cannot fit one page)."""


class LayoutError(RenderError):
    """WeasyPrint could not lay a PDF out (a kit's extreme CSS); the caller names the output."""


class OfficeError(RenderError):
    """LibreOffice is missing, or could not draw a deck; the caller names the output."""


class OutputError(CoursepackError):
    """An output could not be written."""


class InputProblems(CoursepackError):
    """Problems of several sources and kits, found before anything was built, shown together:
    each source's located problems, then each kit's."""

    def __init__(self, errors: list[CoursepackError]) -> None:
        lines: list[str] = []
        count = 0
        for error in errors:
            problems = getattr(error, "problems", None)
            if problems:
                lines.extend(str(problem) for problem in problems)
                count += len(problems)
            else:
                lines.append(error.format_message())
                count += 1
        lines.append(f"{count} problem{'' if count == 1 else 's'} in sources and kits; "
                     "nothing was built")
        super().__init__("\n".join(lines))


def together(errors: list[CoursepackError]) -> CoursepackError:
    """Return one error that shows all of `errors`: the error itself when there is one."""
    return errors[0] if len(errors) == 1 else InputProblems(errors)


class InternalError(click.ClickException):
    """An unexpected exception: a bug in coursepack, not the user's doing (exit status 70)."""

    exit_code = 70

    def show(self, file: IO[str] | None = None) -> None:
        """Print `error: <message>` to stderr."""
        click.echo(f"error: {printable(self.message)}", err=True)


def relative_name(path: Path) -> str:
    """Return `path` relative to the working directory when it lies below it, for messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return a "did you mean 'x'?" hint for `word`, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


@dataclass(frozen=True)
class Finding:
    """A warning or a failure as it travels from a renderer to the user: `about` names what
    it concerns (`the handout of pm.yaml (kit acme)`, `pm.yaml`, `kit acme`; empty when the
    message says so itself, as a located problem does) and `message` what is wrong and how to
    fix it.  Equal findings are one finding: each is reported once."""

    message: str
    about: str = ""
    note: bool = False  # about the machines the outputs meet, not a problem of the inputs

    def __str__(self) -> str:
        return f"{self.about}: {self.message}" if self.about else self.message


def plural(count: int, noun: str) -> str:
    """Return e.g. `1 file` or `3 files`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def byte_size(count: int) -> str:
    """Return a byte count for messages: `3.0 GiB` as `3 GiB`, `512 MiB`, `1.5 KiB`."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{count} bytes"


QUOTED_CHARS = 60


def shortened(text: str, limit: int = QUOTED_CHARS) -> str:
    """Return `text` as a message quotes it: whole when short, else `limit` characters of it,
    its start and its end around "…" (a 900 KB data: URL is no line to print, and a long
    file URL still ends with its file's name)."""
    if len(text) <= limit:
        return text
    tail = limit // 3
    return text[:limit - tail - 1] + "…" + text[len(text) - tail:]
