"""The `coursepack` command: parse options, call one library function, report."""

from __future__ import annotations

import contextlib
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.errors import InternalError, plural, printable, relative_name
from generator.limits import DEFAULT_MAX_DIMENSIONS, DEFAULT_MAX_SOURCE_KIB, DEFAULT_TIMEOUT
from generator.render import DEFAULT_FORMATS, FORMATS


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: the command stops as it does on Ctrl-C."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


class CoursepackGroup(click.Group):
    """Turns unexpected exceptions into exit status 70 with a saved traceback.

    Ctrl-C exits with the conventional 130 and SIGTERM with 143, both after the build has
    stopped its workers and saved what it wrote; a closed pipe (`coursepack check | head`)
    ends quietly.
    """

    def invoke(self, ctx: click.Context) -> Any:
        # Only the main thread may set handlers (a program may run a command in another).
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _terminate) if main else None
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt as interrupt:
            terminated = isinstance(interrupt, Terminated)
            click.echo(f"{'terminated' if terminated else 'interrupted'}: outputs already "
                       "written are complete; nothing else was changed", err=True)
            ctx.exit(128 + (signal.SIGTERM if terminated else signal.SIGINT))
        except BrokenPipeError:
            # The reader went away: stop writing, and keep Python from complaining at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(1)
        except Exception as err:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            import tempfile
            import traceback

            with tempfile.NamedTemporaryFile(
                "w", prefix="coursepack-traceback-", suffix=".txt", delete=False
            ) as handle:
                traceback.print_exception(err, file=handle)
            raise InternalError(
                f"internal error, please report: {type(err).__name__}: {err}\n"
                f"error: the full traceback was saved to {handle.name} (or rerun with --debug)"
            ) from err
        finally:
            if main:
                signal.signal(signal.SIGTERM, previous)


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(dict)["verbosity"] = 0


def _set_verbose(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(dict)["verbosity"] = 2


def verbosity_options(command: Any) -> Any:
    """Add -q/-v to a subcommand too, so `coursepack build -q` works like `coursepack -q build`."""
    command = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_set_verbose,
                           help="Print more detail.")(command)
    return click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet,
                        help="Print errors only.")(command)


def _say(ctx: click.Context, message: str, *, level: int = 1, err: bool = False) -> None:
    if ctx.find_root().obj["verbosity"] >= level:
        click.echo(printable(message), err=err)


@click.group(cls=CoursepackGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="coursepack")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Print more detail (warnings, skipped files).")
@click.option("--debug", is_flag=True, help="Show full tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool, debug: bool) -> None:
    """Turn one structured comparison into a PDF handout, a slide deck and a cheat sheet.

    \b
    Examples:
      coursepack build                      build every source in content/
      coursepack build content/product-vs-project-management.yaml --brand northwind
      coursepack check content/             validate sources without rendering
      coursepack schema > comparison.schema.json
    """
    ctx.ensure_object(dict).update(
        {"verbosity": 0 if quiet else (2 if verbose else 1), "debug": debug}
    )


class SourcePath(click.Path):
    """A source file or folder; an empty argument is refused, not read as the current folder."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> Any:
        if isinstance(value, str) and not value.strip():  # e.g. an unset variable in quotes
            self.fail("an empty path names no source — give a .yaml file or a folder of them, "
                      "or nothing for content/", param, ctx)
        return super().convert(value, param, ctx)


source_argument = click.argument(
    "sources", nargs=-1, type=SourcePath(path_type=Path), metavar="[SOURCE]..."
)
class Seconds(click.FloatRange):
    """A number of seconds within a range; `nan` and `inf` are refused (they compare false
    with every bound, so a plain FloatRange lets them through)."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number of seconds — give e.g. 120", param, ctx)
        return number


brands_option = click.option(
    "--brand", "brands", multiple=True, metavar="NAME|PATH",
    help="Brand kit: a name in templates/ or a folder. Repeat to build for several kits."
    "  [default: default]")
out_option = click.option(
    "--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
    help="Output folder; files go to OUT/KIT/.")
paper_option = click.option("--paper", type=click.Choice(["a4", "letter"]),
                            help="Paper size (beats the kit's).")
answer_key_option = click.option(
    "--answer-key/--no-answer-key", "answer_key", default=None,
    help="Print the review's answers in the handout (the default, unless the kit says "
         "answer_key: false), or leave them out of every learner PDF, which is then named "
         "<source>-handout-no-answers.pdf (and so never replaces the edition with them).")
overwrite_edited_option = click.option(
    "--overwrite-edited", is_flag=True,
    help="Replace outputs changed by hand since they were written (a copy of each is kept as "
         "<name>.edited-<date>.<ext>); without it they are kept and not rebuilt.")
jobs_option = click.option("-j", "--jobs", type=click.IntRange(0, 256), default=0,
                           help="Worker processes; 0 means one per core.  [default: 0]")
timeout_option = click.option(
    "--timeout", type=Seconds(1, 3600), default=DEFAULT_TIMEOUT, show_default=True,
    help="Seconds one output may take to render before it is stopped.",
)
max_dimensions_option = click.option(
    "--max-dimensions", type=click.IntRange(1, 10_000), default=DEFAULT_MAX_DIMENSIONS,
    show_default=True, help="Refuse sources with more dimensions than this.",
)
max_source_option = click.option(
    "--max-source-kib", type=click.IntRange(1, 1_000_000), default=DEFAULT_MAX_SOURCE_KIB,
    show_default=True, help="Refuse source files larger than this many KiB.",
)


formats_option = click.option(
    "--format", "formats", multiple=True, type=click.Choice(list(FORMATS)),
    help="Output to build: " + "; ".join(f"{f.name} ({f.description})" for f in FORMATS.values())
    + ". Repeat for several.  [default: " + ", ".join(DEFAULT_FORMATS) + "]")


@cli.command()
@source_argument
@brands_option
@formats_option
@out_option
@paper_option
@click.option("--pdf-ua", is_flag=True, help="Write tagged, accessible PDF/UA-1 PDFs.")
@click.option("--force", is_flag=True, help="Rebuild outputs even when they are up to date.")
@answer_key_option
@click.option("--strict", is_flag=True,
              help="Fail (exit 1, nothing written) when no font can draw some character, or "
                   "a picture a source shows is not there.")
@overwrite_edited_option
@click.option("--watch", is_flag=True,
              help="After building, watch the sources, their pictures and the kits, and "
                   "rebuild what each saved change affects, until Ctrl-C.")
@jobs_option
@timeout_option
@max_dimensions_option
@max_source_option
@verbosity_options
@click.pass_context
def build(ctx: click.Context, sources: tuple[Path, ...], brands: tuple[str, ...],
          formats: tuple[str, ...], out: Path, paper: str | None, pdf_ua: bool, force: bool,
          answer_key: bool | None, strict: bool, overwrite_edited: bool, watch: bool, jobs: int,
          timeout: float, max_dimensions: int, max_source_kib: int) -> None:
    """Build handout, slides and cheat sheet for each SOURCE (default: content/).

    SOURCE is a .yaml file or a folder of them.  Outputs are written to
    OUT/KIT/<source>-handout.pdf, <source>-slides.pptx and <source>-cheatsheet.pdf;
    --format guide writes the facilitator guide, <source>-guide.pdf.

    \b
    Outputs whose source, kit, templates, options and coursepack version are unchanged
    since they were written are skipped; --force rebuilds them.  An output changed by hand
    since it was written (a deck polished in PowerPoint) is never replaced: it is kept, and
    the build says so (exit status 1); --overwrite-edited replaces it after keeping a copy.

    \b
    Examples:
      coursepack build
      coursepack build content/product-vs-project-management.yaml --format handout --paper letter
      coursepack build --brand default --brand northwind --out dist
      coursepack build content/product-vs-project-management.yaml --watch
    """
    from generator.build.options import BuildOptions
    from generator.build.run import BuildFailed
    from generator.build.run import run as run_build
    from generator.render.job import RenderOptions

    started = time.perf_counter()
    options = BuildOptions(
        formats=formats or DEFAULT_FORMATS, out=out,
        render=RenderOptions(paper=paper, pdf_variant="pdf/ua-1" if pdf_ua else None,
                             answer_key=answer_key),
        max_dimensions=max_dimensions, max_source_kib=max_source_kib, force=force, jobs=jobs,
        timeout=timeout, strict=strict, overwrite_edited=overwrite_edited,
    )
    if watch:
        _watch(ctx, sources or (Path("content"),), brands or ("default",), options)
        return
    report = run_build(
        sources or (Path("content"),), brands or ("default",), options,
        on_written=lambda path, done, total: _say(
            ctx, f"[{done}/{total}] wrote {relative_name(path)}" if total > 3
            else f"wrote {relative_name(path)}"),
        on_start=lambda outputs, workers: _say(
            ctx, f"rendering {plural(outputs, 'file')} with "
                 f"{plural(workers, 'worker')}…") if outputs > 3 else None,
        on_wait=lambda folder: _say(
            ctx, f"waiting for another build writing to {relative_name(folder)}…", err=True),
    )
    summary = _report(ctx, report, time.perf_counter() - started)
    if report.failures:
        raise BuildFailed(f"{plural(len(report.failures), 'build')} failed; {summary}")
    if report.kept:
        raise BuildFailed(f"{plural(len(report.kept), 'output')} edited by hand kept; {summary}")
    _say(ctx, summary)


def _report(ctx: click.Context, report: Any, seconds: float, *, always_time: bool = False,
            shown: set[str] | None = None) -> str:
    """Print a build's warnings, notes and failures; return its one-line summary.  Warnings
    and notes in `shown` (watch mode: those printed before) are not repeated."""
    from generator.build.run import BuildFailed, behind_message, edited_message

    shown = set() if shown is None else shown
    for line in [*(f"{'note' if w.note else 'warning'}: {w}" for w in report.warnings),
                 *(f"note: {n}" for n in report.notes),
                 *(f"note: {behind_message(path)}" for path in report.behind)]:
        if line not in shown:
            shown.add(line)
            _say(ctx, line, err=True)
    for failure in dict.fromkeys(report.failures):  # a renderer that cannot load fails alike
        BuildFailed(str(failure)).show()
    for message in map(edited_message, report.kept):
        if message not in shown:  # watch mode: once, not at every save
            shown.add(message)
            BuildFailed(message).show()
    for copy in report.backups:
        _say(ctx, f"kept your edited file as {relative_name(copy)} before replacing it")
    for path in report.up_to_date:
        _say(ctx, f"up to date: {relative_name(path)}", level=2)
    fresh = f", {plural(len(report.up_to_date), 'file')} up to date" if report.up_to_date else ""
    verbose = ctx.find_root().obj["verbosity"] > 1
    elapsed = f" in {seconds:.2f} s" if always_time or verbose else ""
    return f"{plural(len(report.written), 'file')} written{fresh}{elapsed}"


def _watch(ctx: click.Context, sources: tuple[Path, ...], brands: tuple[str, ...],
           options: Any) -> None:
    """Build, then rebuild on every change until Ctrl-C (exit 0)."""
    from generator.live.watch import Watcher

    echo = _BuildEcho(ctx, "the last good outputs are kept; fix the problem and save to "
                           "rebuild")

    def on_event(event: Any) -> None:
        echo(event)
        if event.number == 1:
            folders = ", ".join(relative_name(f) for f in watcher.folders)
            _say(ctx, f"watching {folders} — save a change to rebuild; Ctrl-C to stop")

    watcher = Watcher(sources, brands, options, on_event, on_written=lambda path, done, total:
                      _say(ctx, f"wrote {relative_name(path)}"))
    with _until_ctrl_c(ctx, "stopped watching; every output written is complete"):
        watcher.run_forever()


class _BuildEcho:
    """Prints each build of a watch: its problems once (an editor's save is often several
    writes, and an author saves again before fixing), each warning once, and builds that
    wrote nothing only with -v (or when they follow a failed one: the author wants to hear
    that the fix took); -v also names the files each change touched."""

    def __init__(self, ctx: click.Context, after_problems: str) -> None:
        self.ctx, self.after_problems = ctx, after_problems
        self.shown: set[str] = set()
        self.last_error = ""

    def __call__(self, event: Any, suffix: str = "") -> None:
        if event.changed:
            names = ", ".join(relative_name(path) for path in event.changed[:3])
            more = f" and {len(event.changed) - 3} more" if len(event.changed) > 3 else ""
            _say(self.ctx, f"changed: {names}{more}", level=2)
        error = event.error.format_message() if event.error is not None else ""
        if error and error == self.last_error:
            return  # said already
        fixed, self.last_error = bool(self.last_error) and not error, error
        if event.error is not None:
            event.error.show()
            _say(self.ctx, self.after_problems, err=True)
            return
        idle = not event.report.written and not event.report.failures
        _say(self.ctx, _report(self.ctx, event.report, event.seconds, always_time=True,
                               shown=self.shown) + suffix,
             level=2 if idle and event.number > 1 and not fixed else 1)


@contextlib.contextmanager
def _until_ctrl_c(ctx: click.Context, message: str) -> Iterator[None]:
    """Run a watch until Ctrl-C, which ends it with exit status 0 and `message` (SIGTERM
    still ends it with 143)."""
    try:
        yield
    except KeyboardInterrupt as interrupt:
        if isinstance(interrupt, Terminated):
            raise
        _say(ctx, message, err=True)


@cli.command()
@source_argument
@brands_option
@formats_option
@out_option
@paper_option
@answer_key_option
@overwrite_edited_option
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port on 127.0.0.1; 0 picks a free one.  [default: 0]")
@click.option("--open/--no-open", "open_browser", default=True,
              help="Open the page in the browser.  [default: open]")
@jobs_option
@timeout_option
@verbosity_options
@click.pass_context
def preview(ctx: click.Context, sources: tuple[Path, ...], brands: tuple[str, ...],
            formats: tuple[str, ...], out: Path, paper: str | None, answer_key: bool | None,
            overwrite_edited: bool, port: int, open_browser: bool, jobs: int,
            timeout: float) -> None:
    """Build, then show the outputs on a local web page that updates as you save.

    The page (on 127.0.0.1 only) shows every output built (the handout's pages, the cheat
    sheet, the slides; the facilitator guide with --format guide) as pictures, or the
    source's problems when it does not validate, and refreshes itself as soon as a rebuild
    lands.  Slides are pictures when LibreOffice is installed, else
    outlines.  Ctrl-C stops it.

    \b
    Example:
      coursepack preview content/product-vs-project-management.yaml --brand northwind
    """
    from generator.build.options import BuildOptions
    from generator.live.preview import serve
    from generator.render.job import RenderOptions

    options = BuildOptions(formats=formats or DEFAULT_FORMATS, out=out,
                           render=RenderOptions(paper=paper, answer_key=answer_key),
                           jobs=jobs, timeout=timeout, overwrite_edited=overwrite_edited)

    def ready(url: str) -> None:
        _say(ctx, f"preview at {url} — Ctrl-C to stop")
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    echo = _BuildEcho(ctx, "the page shows these problems; fix them and save to rebuild")

    def built(event: Any, drawing: float) -> None:
        echo(event, f"; page updated {drawing:.2f} s later")

    with _until_ctrl_c(ctx, "preview stopped"):
        try:
            serve(sources or (Path("content"),), brands or ("default",), options, port=port,
                  on_ready=ready, on_event=built)
        except OSError as err:
            raise click.ClickException(
                f"cannot serve the preview on port {port}: {err.strerror} — choose another "
                "--port, or 0 for a free one") from None


@cli.command()
@source_argument
@max_dimensions_option
@max_source_option
@verbosity_options
@click.pass_context
def check(ctx: click.Context, sources: tuple[Path, ...], max_dimensions: int,
          max_source_kib: int) -> None:
    """Validate each SOURCE (default: content/) without rendering anything.

    \b
    Example:
      coursepack check content/product-vs-project-management.yaml
    """
    from generator.build.options import BuildOptions
    from generator.build.run import valid_sources
    from generator.source.lint import source_warnings

    options = BuildOptions(max_dimensions=max_dimensions, max_source_kib=max_source_kib)
    # each valid source is said ok (with its warnings) as it is read; the problems of the
    # others come together at the end
    for path, comparison in valid_sources(sources or (Path("content"),), options,
                                          building=False):
        _say(ctx, f"ok {relative_name(path)}: {plural(len(comparison.subjects), 'subject')}"
                  f", {plural(len(comparison.dimensions), 'dimension')}")
        for warning in source_warnings(path.name, comparison,
                                       path.read_text(encoding="utf-8-sig"), path.parent):
            _say(ctx, f"warning: {warning}", err=True)


@cli.command("new")
@click.argument("name")
@click.option("-l", "--language", default="en", show_default=True, metavar="TAG",
              help="The course's language (a BCP 47 tag: fr, es, de-CH, ja …): its labels, "
                   "and the example's text where a starter is written in it.")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path),
              default=Path("content"), show_default=True,
              help="Folder the new source goes in (NAME may also be a path ending in .yaml).")
@click.pass_context
def new(ctx: click.Context, name: str, language: str, folder: Path) -> None:
    """Start a new course NAME: a commented example source to replace with your own.

    \b
    Examples:
      coursepack new my-course --language fr
      coursepack preview content/my-course.yaml
    """
    import re

    from generator.located.fields import LANGUAGE_PATTERN
    from generator.source.starter import new_course, starter_languages

    if not re.fullmatch(LANGUAGE_PATTERN, language) or len(language) > 35:
        raise click.BadParameter(f"{language!r} is not a language tag — write e.g. "
                                 f"{', '.join(starter_languages())}, ja or de-CH",
                                 param_hint="--language")
    path, translated = new_course(name, language, folder)
    _say(ctx, printable(f"wrote {relative_name(path)}"))
    if not translated:
        _say(ctx, f"note: the example is written in English (starters exist in "
                  f"{', '.join(starter_languages())}); the outputs' labels follow "
                  f"`language: {language}`")
    _say(ctx, printable(f"next: open it in your editor, then `coursepack preview "
                        f"{relative_name(path)}` to see every output as you save"))


@cli.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file instead of standard output.")
def schema(out: Path | None) -> None:
    """Print the source format as a JSON Schema, for editor completion and checks.

    \b
    Example (VS Code YAML extension):
      coursepack schema --out comparison.schema.json
      # then add to the top of a source:  # yaml-language-server: $schema=comparison.schema.json
    """
    import json

    from generator.source.schema import source_schema

    text = json.dumps(source_schema(), indent=2, ensure_ascii=False) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        from generator.files import write_atomically

        write_atomically(out, text.encode())


def main() -> None:
    """Run the command line; the console script's entry point."""
    cli.main(prog_name="coursepack")


@cli.group()
def brand() -> None:
    """Create, check and list brand kits (a folder in templates/ that styles every output).

    \b
    Examples:
      coursepack brand new acme          scaffold templates/acme/brand.yaml
      coursepack brand check acme        validate it and show how slides map to its master
      coursepack brand list
    """


@brand.command("new")
@click.argument("name")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("templates"),
              show_default=True, help="Folder that holds the kits.")
@click.option("--from", "template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Start from the client's PowerPoint template (.potx or .pptx): its theme's "
                   "colours and fonts become the kit's, and it becomes the kit's master.")
def brand_new(name: str, root: Path, template: Path | None) -> None:
    """Scaffold a kit NAME with a commented brand.yaml.

    \b
    Examples:
      coursepack brand new acme && $EDITOR templates/acme/brand.yaml
      coursepack brand new acme --from "Acme Template.potx"
    """
    from generator.kits.scaffold import FromTemplate, scaffold_kit

    start = None
    if template is not None:
        from generator.render.deck.masters.package import open_master
        from generator.render.deck.masters.theme import template_look

        look = template_look(open_master(template))
        start = FromTemplate(template, look.theme, look.colors, look.heading, look.body)
    folder = scaffold_kit(name, root, start)
    brand_option = name if root.resolve() == (Path.cwd() / "templates").resolve() else (
        relative_name(folder))
    click.echo(printable(f"created {relative_name(folder / 'brand.yaml')}; build with --brand "
                         f"{brand_option}"))


@brand.command("check")
@click.argument("kit", metavar="NAME|PATH")
@click.option("--source", type=SourcePath(exists=True, dir_okay=False, path_type=Path),
              help="Build this comparison (a .yaml source) instead of the built-in sample.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the sample's outputs in OUT/KIT/ to look at them.")
@timeout_option
def brand_check(kit: str, source: Path | None, out: Path | None, timeout: float) -> None:
    """Check a kit: its files, logo, fonts, master and the layout each kind of slide goes on
    (and why), then build a sample with it as a build would and report every problem the
    build would warn about.  It says "ok" only when there is none; else exit status 1.

    \b
    Examples:
      coursepack brand check northwind
      coursepack brand check path/to/client-kit --source content/my-course.yaml --out check
    """
    from generator.build.kit_check import check_kit
    from generator.build.run import BuildFailed

    report = check_kit(kit, timeout=timeout, source=source, out=out)
    for line in report.lines:
        click.echo(printable(line))
    for note in report.notes:
        click.echo(printable(f"note: {note}"))
    for problem in report.problems:
        click.echo(printable(f"warning: {problem}"))
    if report.problems:
        raise BuildFailed(f"{plural(len(report.problems), 'problem')} with the sample built "
                          "with this kit (above) — not ok")
    click.echo("ok")


@brand.command("list")
def brand_list() -> None:
    """List the kits in ./templates (yours) and those shipped with coursepack, and say where
    each is.

    \b
    Example:
      coursepack brand list
    """
    from generator.kits.folders import BRAND_FILE, DEFAULT_KIT, packaged_templates

    shipped = packaged_templates().resolve()
    local = (Path.cwd() / "templates").resolve()

    def kits_in(folder: Path) -> list[str]:
        return sorted(p.name for p in folder.iterdir() if (p / BRAND_FILE).is_file()) if (
            folder.is_dir()) else []

    if local != shipped:
        found = kits_in(local)
        click.echo("your kits, in ./templates (build with --brand NAME):")
        for name in found:
            click.echo(printable(f"  {name:<16} templates/{name}"))
        if not found:
            click.echo("  none yet — `coursepack brand new NAME` starts one")
    click.echo(printable(f"shipped with coursepack, in {shipped}:"))
    for name in kits_in(shipped):
        role = "  (the base every kit is layered over)" if name == DEFAULT_KIT else ""
        click.echo(printable(f"  {name:<16} {relative_name(shipped / name)}{role}"))
    if local != shipped and (local / DEFAULT_KIT).is_dir():
        click.echo("note: ./templates/default is not the base of the builds — the installed "
                   "default kit above is; to change the look, make a kit of your own "
                   "(`coursepack brand new NAME`) holding only what differs")
    else:
        click.echo("To change the look, make a kit of your own (`coursepack brand new NAME`): "
                   "it holds only what differs from the default kit.")
