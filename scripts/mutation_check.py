"""Break coursepack on purpose, one promise at a time, and check that a test notices.

Each mutation below undoes one guarantee the README makes (writes are atomic, kits are
contained, the up-to-date check sees every input, slide text fits, options reach the PDFs …)
with the smallest edit that does so.  The script copies the working tree to a scratch
folder, applies one mutation there, runs the tests that guard it, and expects them to fail.
A mutation that survives means a promise has lost its test.  Run from the repo root:

    python scripts/mutation_check.py            # every mutation (two minutes on 2 cores)
    python scripts/mutation_check.py --list     # what each one breaks
    python scripts/mutation_check.py atomic     # only those whose name contains "atomic"

`tests/test_mutation_check.py` checks on every run of the suite that each mutation still
applies to the code as it is, so the list cannot rot silently; CI runs the whole script.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    name: str
    breaks: str  # the promise this mutation undoes
    path: str  # file it edits, relative to the repo
    old: str  # text that must occur exactly once in that file
    new: str
    tests: tuple[str, ...]  # pytest arguments selecting the tests that must fail


MUTATIONS = (
    Mutation(
        "atomic-writes", "readers see the old output or the new one, never a part",
        "generator/files.py",
        '''        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
        temp_name = None''',
        '''        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        with open(target, "wb") as handle:
            handle.write(data[: len(data) // 2])
            handle.flush()
            handle.write(data[len(data) // 2:])''',
        ("tests/test_cli.py", "-k", "readers_see or failed_rename or full_disk")),
    Mutation(
        "sandbox-mutable-lists", "kit templates cannot change the data other templates see",
        "generator/templating/sandbox.py",
        '''    list: frozenset({"count", "index"}),''',
        '''    list: frozenset({"count", "index", "append"}),''',
        ("tests/templating/test_sandbox.py", "-k", "reads_nothing")),
    Mutation(
        "sandbox-mutable-dicts", "kit templates cannot change the data other templates see",
        "generator/templating/sandbox.py",
        '''    dict: frozenset({"get", "items", "keys", "values"}),''',
        '''    dict: frozenset({"get", "items", "keys", "values", "update"}),''',
        ("tests/templating/test_sandbox.py", "-k", "reads_nothing")),
    Mutation(
        "sandbox-any-attribute", "kit templates read only allow-listed attributes of data",
        "generator/templating/sandbox.py",
        '''        return attr in SAFE_ATTRIBUTES.get(type(obj), ()) and not attr.startswith("_")''',
        '''        return not attr.startswith("_")''',
        ("tests/templating/test_sandbox.py",)),
    Mutation(
        "fresh-ignores-hand-edits", "an output edited by hand is rebuilt",
        "generator/build/freshness.py",
        '''        return entry.get("size") == info.st_size and entry.get("mtime_ns") == info.st_mtime_ns''',
        '''        return True''',
        ("tests/build/test_build.py", "-k", "edited")),
    Mutation(
        "fresh-ignores-default-kit", "a change to the default kit rebuilds every kit's outputs",
        "generator/build/targets.py",
        '''            kit_hash = kit_digest(layers)''',
        '''            kit_hash = kit_digest(layers[:1])''',
        ("tests/build/test_build.py", "-k", "key_covers")),
    Mutation(
        "fresh-ignores-tool-code", "a new coursepack rebuilds everything",
        "generator/build/freshness.py",
        '''    digest.update(tool_digest().encode())''',
        '''    pass''',
        ("tests/build/test_build.py", "-k", "key_covers")),
    Mutation(
        "fresh-ignores-subpackages", "a change to any module of coursepack rebuilds",
        "generator/build/freshness.py",
        '''    for path in sorted([*package.rglob("*.py"), *package.rglob("*.json")]):''',
        '''    for path in sorted([*package.glob("*.py"), *package.glob("*.json")]):''',
        ("tests/build/test_build.py", "-k", "code_digest")),
    Mutation(
        "slide-text-measured-narrow", "slide text fits its box (measured independently)",
        "generator/render/deck/fit/measure.py",
        '''        total += advance''',
        '''        total += 0.6 * advance''',
        ("tests/render/deck/test_slides.py", "-k", "two_to_six or overlong")),
    Mutation(
        "learners-get-activities", "activities and trainer notes never reach a learner PDF",
        "generator/render/context.py",
        '''            dimension["notes"] = dimension["activity"] = None''',
        '''            pass''',
        ("tests/render/formats/test_guide.py", "-k", "learner_outputs")),
    Mutation(
        "plan-clock-restarts", "the run sheet's clock times add up from 0:00",
        "generator/source/plan.py",
        '''        clock += minutes or 0''',
        '''        clock = minutes or 0''',
        ("tests/source/test_plan.py", "-k", "runs_from_zero")),
    Mutation(
        "cli-ignores-paper", "--paper sets the PDFs' paper size",
        "generator/cli.py",
        '''        render=RenderOptions(paper=paper, pdf_variant="pdf/ua-1" if pdf_ua else None,''',
        '''        render=RenderOptions(paper=None, pdf_variant="pdf/ua-1" if pdf_ua else None,''',
        ("tests/test_cli.py", "-k", "pdf_ua")),
    Mutation(
        "cli-ignores-pdf-ua", "--pdf-ua writes tagged PDF/UA-1 PDFs",
        "generator/cli.py",
        '''        render=RenderOptions(paper=paper, pdf_variant="pdf/ua-1" if pdf_ua else None,''',
        '''        render=RenderOptions(paper=paper, pdf_variant=None,''',
        ("tests/test_cli.py", "-k", "pdf_ua")),
    Mutation(
        "pdf-keeps-attachments", "no PDF carries an attachment",
        "generator/render/pdf/engine.py",
        '''    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]''',
        '''    pass''',
        ("tests/kits/test_brand.py", "-k", "attachment")),
    Mutation(
        "handout-long-words-overflow", "long words wrap inside their column",
        "templates/default/handout.css.j2",
        '''  overflow-wrap: anywhere;
  font-kerning: normal;''',
        '''  overflow-wrap: normal;
  font-kerning: normal;''',
        ("tests/render/formats/test_handout.py", "-k", "long_tokens")),
    Mutation(
        "comparison-without-bodies", "comparison slides use a layout with two bodies",
        "generator/render/deck/masters/choose.py",
        '''    if len(bodies) < kind.bodies:
        return f"it has {len(bodies)} body placeholders, not {kind.bodies}"''',
        '''    if False:
        return f"it has {len(bodies)} body placeholders, not {kind.bodies}"''',
        ("tests/render/deck/test_masters.py", "-k", "without_bodies")),
    Mutation(
        "every-render-fails", "Ctrl-C stops a build that was working, with status 130",
        "generator/build/workers.py",
        '''        outcome.output = output_format.render(job)''',
        '''        raise CoursepackError("broken on purpose")''',
        ("tests/build/test_faults.py", "-k", "ctrl_c")),
    Mutation(
        "tool-digest-of-one-folder", "a change to any module of coursepack rebuilds (the digest "
        "is taken from build/, so it must climb to the package)",
        "generator/build/freshness.py",
        '''    return code_digest(Path(__file__).resolve().parent.parent)  # the whole package''',
        '''    return code_digest(Path(__file__).resolve().parent)''',
        ("tests/build/test_build.py", "-k", "code_digest")),
    Mutation(
        "cheatsheet-not-for-learners", "activities and trainer notes never reach a learner PDF, "
        "whatever a kit template asks",
        "generator/render/__init__.py",
        '''                     "one-page cheat sheet PDF", cost=2),''',
        '''                     "one-page cheat sheet PDF", cost=2, learner=False),''',
        ("tests/render/formats/test_guide.py", "-k", "learner_outputs")),
    Mutation(
        "an-import-runs-back-up", "the package keeps its floors: nothing imports upward",
        "generator/render/job.py",
        '''        from generator.i18n.labels import labels_for
''',
        '''        from generator.build.options import BuildOptions  # noqa: F401
        from generator.i18n.labels import labels_for
''',
        ("tests/test_layers.py",)),
    Mutation(
        "one-size-per-role", "each kind of text has one size across the deck",
        "generator/render/deck/compose/writer.py",
        "    writer = DeckWriter(job, caps=probe.pen.fitted_sizes)",
        "    writer = DeckWriter(job, caps={})",
        ("tests/render/deck/test_client_templates.py", "-k", "one_size and sample-en"),
    ),
    Mutation(
        "named-layout-second-guessed", "a layout the kit names is always used",
        "generator/render/deck/masters/choose.py",
        "        if kind in names:",
        "        if kind in names and scores[id(everything[0])][kind][0] > 99:",
        ("tests/render/deck/test_client_templates.py", "-k", "named_layout"),
    ),
    Mutation(
        "template-samples-ignored", "layouts are chosen as the template's own samples use them",
        "generator/render/deck/masters/choose.py",
        "SAMPLE_BONUS, SAMPLE_MORE = 8.0, 3.0",
        "SAMPLE_BONUS, SAMPLE_MORE = 0.0, 0.0",
        ("tests/render/deck/test_client_templates.py", "-k", "samples"),
    ),
    Mutation(
        "vertical-title-measured-across", "a vertical title is fitted along its length",
        "generator/render/deck/compose/titles.py",
        "        box = along(box)  # the text runs down the box",
        "        box = box  # the text runs down the box",
        ("tests/render/deck/test_client_templates.py", "-k", "vertical_titles"),
    ),
    Mutation(
        "logo-without-chip", "a logo that would not read on what is under it gets a chip",
        "generator/render/deck/compose/logo.py",
        "    if min(contrast(ink, color) for color in under) >= LOGO_CONTRAST:",
        "    if True:",
        ("tests/render/deck/test_client_templates.py", "-k", "logo"),
    ),
    Mutation(
        "edited-output-overwritten", "an output edited by hand is never replaced silently",
        "generator/build/freshness.py",
        '        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):\n'
        "            return False  # not written here, or by a coursepack that kept no checksums",
        "        if True:\n"
        "            return False  # not written here, or by a coursepack that kept no checksums",
        ("tests/build/test_build.py", "-k", "edited"),
    ),
    Mutation(
        "han-not-breakable", "Chinese and Japanese slide text wraps between characters",
        "generator/render/deck/fit/measure.py",
        "    return (0x2E80 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xF900",
        "    return (0x2E80 <= code <= 0x30FF or 0xF900",
        ("tests/render/deck/test_slides.py", "-k", "han_characters"),
    ),
    Mutation(
        "only-two-vertical-kinds", "every kind of vertical title is recognised as vertical",
        "generator/render/deck/ooxml/inherit.py",
        '            return vert != "horz"',
        '            return vert in ("vert", "vert270")',
        ("tests/render/deck/test_client_templates.py", "-k", "every_kind_of_vertical"),
    ),
    Mutation(
        "pictures-uncapped", "a picture in the PDFs is at most 110 mm tall",
        "templates/default/handout.css.j2",
        "max-height: 110mm; ",
        "",
        ("tests/render/deck/test_pictures.py", "-k", "110_mm"),
    ),
    Mutation(
        "kit-pdf-ua-without-alt", "under PDF/UA every picture has a description, whoever asks",
        "generator/build/preflight.py",
        "    universal = pdfs and options.render.pdf_variant_for(kit) is not None",
        "    universal = pdfs and options.render.pdf_variant is not None",
        ("tests/render/deck/test_pictures.py", "-k", "kit_that_asks"),
    ),
    Mutation(
        "unplanned-parts-get-a-clock", "a part without minutes has no clock time",
        "generator/source/plan.py",
        "        parts.append(Part(key, name, minutes, clock if minutes is not None else None))",
        "        parts.append(Part(key, name, minutes, clock))",
        ("tests/render/formats/test_guide.py", "-k", "parts_without_minutes"),
    ),
    Mutation(
        "slots-in-english", "time slots are written in the source's language",
        "generator/source/plan.py",
        "        return (f\"{minutes_label.replace('{minutes}', str(self.minutes))} · \"",
        "        return (f\"{self.minutes} min · \"",
        ("tests/render/formats/test_guide.py", "-k", "parts_without_minutes"),
    ),
    Mutation(
        "guide-without-notes-fallback", "a slide without `guide` shows its notes in the guide",
        "generator/render/formats/guide.py",
        '"notes_only": spec.notes if spec.guide is None else "",',
        '"notes_only": "",',
        ("tests/render/formats/test_guide.py", "-k", "without_guide"),
    ),
    Mutation(
        "fetcher-follows-links-out", "the PDFs read files only inside the kit (links resolved)",
        "generator/render/pdf/engine.py",
        "            path = Path(os.path.realpath(unquote(parts.path)))",
        "            path = Path(unquote(parts.path))",
        ("tests/kits/test_brand.py", "-k", "fetched"),
    ),
    Mutation(
        "css-import-lexical", "a kit stylesheet imports only the kit's own stylesheets",
        "generator/guards/css.py",
        "            imported = (path.parent / target).resolve() if target else None",
        "            imported = (path.parent / target) if target else None",
        ("tests/kits/test_brand.py", "-k", "import_linked"),
    ),
    Mutation(
        "logo-twin-lexical", "every file a kit names resolves inside the kit",
        "generator/render/deck/compose/logo.py",
        "    if (png.is_file() and png.resolve().is_relative_to(logo.parent.resolve())",
        "    if (png.is_file() and png.is_relative_to(logo.parent)",
        ("tests/kits/test_brand.py", "-k", "twin_linked"),
    ),
    Mutation(
        "answer-key-not-in-key", "an option that changes an output is in its up-to-date key",
        "generator/render/job.py",
        "        if not output_format.learner:\n            ignored.add(\"answer_key\")",
        "        ignored.add(\"answer_key\")",
        ("tests/build/test_build.py", "-k", "every_option_is_in_the_key"),
    ),
    Mutation(
        "paper-not-in-key", "an option that changes an output is in its up-to-date key",
        "generator/render/job.py",
        "        ignored = {\"paper\", \"pdf_variant\"} if output_format.medium != \"pdf\" else set()",
        "        ignored = {\"paper\", \"pdf_variant\"}",
        ("tests/build/test_build.py", "-k", "every_option_is_in_the_key"),
    ),
    Mutation(
        "host-exact-name", "the preview answers only to its own host name",
        "generator/live/server.py",
        'if hosts[0] not in (f"127.0.0.1:{port}", f"localhost:{port}"):',
        'if not hosts[0].startswith(("127.0.0.1", "localhost")):',
        ("tests/live/test_preview.py", "-k", "own_name"),
    ),
    Mutation(
        "one-host-header", "the preview refuses a request with a second Host header",
        "generator/live/server.py",
        'hosts = self.headers.get_all("Host", [])',
        'hosts = self.headers.get_all("Host", [])[:1]',
        ("tests/live/test_preview.py", "-k", "host_header"),
    ),
    Mutation(
        "quiet-dropped-connections", "a page closed mid-request prints no traceback",
        "generator/live/server.py",
        "if not isinstance(sys.exc_info()[1], ConnectionError):",
        "if not isinstance(sys.exc_info()[1], TimeoutError):",
        ("tests/live/test_preview.py", "-k", "goes_away or mid_request"),
    ),
    Mutation(
        "preview-answer-key", "the preview shows the edition asked for",
        "generator/cli.py",
        "render=RenderOptions(paper=paper, answer_key=answer_key),",
        "render=RenderOptions(paper=paper),",
        ("tests/live/test_preview.py", "-k", "edition_asked"),
    ),
    Mutation(
        "preview-in-english", "the preview speaks the course's language",
        "generator/live/preview.py",
        "        words = preview_words(language)",
        '        words = preview_words("en")',
        ("tests/live/test_preview.py", "-k", "course_s_language"),
    ),
    Mutation(
        "problem-once", "watch prints a problem once, not at every save",
        "generator/cli.py",
        "if error and error == self.last_error:",
        "if error and error is self.last_error:",
        ("tests/live/test_watch.py", "-k", "once_and"),
    ),
    Mutation(
        "watch-default-kit", "a change to the default kit rebuilds under watch",
        "generator/live/watch.py",
        "for folder in resolve_kit(kit).layers))",
        'for folder in resolve_kit(kit).layers if folder != resolve_kit("default").folder))',
        ("tests/live/test_watch.py", "-k", "default_kit"),
    ),
    Mutation(
        "watch-through-symlinks", "watch sees a save made through a symlinked folder",
        "generator/live/watch.py",
        "self.source_files = {p.resolve() for p in self.sources if not p.is_dir()}\n"
        "        self.source_folders = {p.resolve() for p in self.sources if p.is_dir()}",
        "self.source_files = {p.absolute() for p in self.sources if not p.is_dir()}\n"
        "        self.source_folders = {p.absolute() for p in self.sources if p.is_dir()}",
        ("tests/live/test_watch.py", "-k", "symlinked"),
    ),
    Mutation(
        "french-typography-off", "French sets a no-break space before ; : ! ? and inside « »",
        "generator/i18n/typography.py",
        '    if primary_subtag(language) != "fr" or not text:',
        '    if True:',
        ("tests/render/test_typography.py",),
    ),
    Mutation(
        "guide-blocks-never-split", "no page of the guide is left half empty",
        "templates/default/guide.css.j2",
        ".slide-block.long { break-inside: auto; }",
        ".slide-block.long { break-inside: avoid; }",
        ("tests/render/formats/test_guide.py", "-k", "half_empty"),
    ),
    Mutation(
        "durations-without-articles", "everyday time phrases are read ('an hour', 'une heure')",
        "generator/source/durations.py",
        "    if len(tokens) >= 2 and tokens[0] in ONE and tokens[1] not in JOINERS:",
        "    if False:",
        ("tests/source/test_plan.py", "-k", "labels_languages"),
    ),
    Mutation(
        "broken-key-reported-per-cell", "one mistake, one error: a broken subject key once",
        "generator/source/load.py",
        "            elif subject_keys and not keys_broken:",
        "            elif subject_keys:",
        ("tests/source/test_source.py", "-k", "bad_source_reports"),
    ),
    Mutation(
        "kit-fonts-read-with-a-narrow-net", "a broken kit font is a located kit error",
        "generator/kits/fonts.py",
        "    except Exception as err:  # fontTools raises many kinds on broken data",
        "    except (OSError, KeyError) as err:  # fontTools raises many kinds on broken data",
        ("tests/kits/test_brand.py", "-k", "broken_font or font_broken"),
    ),
    Mutation(
        "kit-font-cmap-unread", "font files are read whole when the kit loads",
        "generator/kits/fonts.py",
        '        font["cmap"].ensureDecompiled()  # every subtable: the PDFs\' subsetting reads them all\n',
        "",
        ("tests/kits/test_brand.py", "-k", "broken_font"),
    ),
    Mutation(
        "subset-crashes-on-a-broken-font", "a font the Python subsetter cannot subset is embedded whole",
        "generator/render/pdf/font_subset.py",
        "        except Exception:  # fontTools raises many kinds on broken data",
        "        except KeyError:  # fontTools raises many kinds on broken data",
        ("tests/render/pdf/test_font_subset.py", "-k", "embedded_whole"),
    ),
    Mutation(
        "master-xml-unparsed", "a master's XML part that is not well-formed or has a DTD is refused",
        "generator/render/deck/masters/package.py",
        '        if not (kind.endswith(("+xml", "/xml")) or member.lower().endswith((".xml", ".rels"))):',
        '        if not member.lower().endswith(".rels"):',
        ("tests/render/deck/test_master_package.py", "-k", "entity or dtd"),
    ),
    Mutation(
        "master-dtd-allowed", "a master's XML part that declares a DTD is refused",
        "generator/render/deck/masters/package.py",
        "    if root.getroottree().docinfo.doctype:",
        "    if False:",
        ("tests/render/deck/test_master_package.py", "-k", "entity or dtd"),
    ),
    Mutation(
        "zip-member-read-whole", "a zip member is read a chunk at a time, never past its declared size",
        "generator/render/deck/masters/package.py",
        "    with zf.open(probe) as stream:\n        while chunk := stream.read(READ_CHUNK):",
        "    with zf.open(info) as stream:\n        while chunk := stream.read():",
        ("tests/render/deck/test_master_package.py", "-k", "lies_about"),
    ),
    Mutation(
        "master-shape-limits-off", "a master with more shapes than any template is refused",
        "generator/render/deck/masters/package.py",
        "        if drawn > MAX_SHAPES_PER_PART or placeholders > MAX_PLACEHOLDERS_PER_PART:",
        "        if False:",
        ("tests/render/deck/test_master_package.py", "-k", "every_limit"),
    ),
    Mutation(
        "slide-size-unbounded", "a slide size PowerPoint would not make is refused",
        "generator/render/deck/masters/package.py",
        "and low <= int(side) <= high",
        "and int(side) >= 0",
        ("tests/render/deck/test_master_package.py", "-k", "slide_size"),
    ),
    Mutation(
        "pdf-pixel-limit-as-found",
        "the same inputs give the same bytes, whatever a worker did before",
        "generator/render/pdf/engine.py",
        ('    Image.MAX_IMAGE_PIXELS = MAX_LOGO_PIXELS\n    with warnings.catch_warnings():\n'
         '        warnings.simplefilter("error", Image.DecompressionBombWarning)\n        yield'),
        "    yield",
        ("tests/build/test_hostile.py", "-k", "whatever_it_rendered"),
    ),
    Mutation(
        "font-faces-kept-by-path", "a font file replaced while a worker lives is read again",
        "generator/kits/fonts.py",
        "    return _read_face(path, file_stamp(path))",
        "    return _read_face(path, ())",
        ("tests/build/test_hostile.py", "-k", "replaced_while"),
    ),
    Mutation(
        "font-widths-kept-by-path", "a font file replaced while a worker lives is measured again",
        "generator/render/deck/fit/measure.py",
        "    return FontFiles(family, regular, bold, margin, (file_stamp(regular), file_stamp(bold)))",
        "    return FontFiles(family, regular, bold, margin)",
        ("tests/build/test_hostile.py", "-k", "replaced_while"),
    ),
    Mutation(
        "render-alarm-never-armed", "a runaway render is stopped by --timeout in its worker",
        "generator/build/workers.py",
        "        signal.setitimer(signal.ITIMER_REAL, task.timeout or 0)",
        "        signal.setitimer(signal.ITIMER_REAL, 0)",
        ("tests/build/test_hostile.py", "-k", "held_up"),
    ),
    Mutation(
        "durations-in-tenths", "durations are read exactly (1.25 hours is 75 minutes)",
        "generator/source/durations.py",
        "            return int(whole), int(fraction) / 10 ** len(fraction)",
        "            return int(whole), int(fraction) / 10",
        ("tests/source/test_plan.py", "-k", "two_digit_fractions"),
    ),
    Mutation(
        "picture-check-lexical", "a picture is read only from the source's folder",
        "generator/source/markdown.py",
        "            inside = base is None or (base / src).resolve().is_relative_to(base.resolve())",
        "            inside = base is None or (base / src).is_relative_to(base)",
        ("tests/render/deck/test_pictures.py", "-k", "linked_outside"),
    ),
    Mutation(
        "svg-copies-uncounted", "an SVG whose <use> copies explode is refused at once",
        "generator/guards/svg.py",
        "    if drawn >= MAX_DRAWN_ELEMENTS:",
        "    if drawn > 10 * MAX_DRAWN_ELEMENTS:",
        ("tests/build/test_hostile.py", "-k", "counted_for_logos"),
    ),
    Mutation(
        "fresh-lists-the-folder", "a changed picture makes its outputs out of date",
        "generator/build/freshness.py",
        "    for name in pictures_named(data.decode(\"utf-8\", \"replace\")):",
        "    for name in pictures_named(data.decode(\"utf-8\", \"replace\"))[:0]:",
        ("tests/build/test_build.py", "-k", "changed_picture_is_seen"),
    ),
    Mutation(
        "missing-pictures-unchecked", "check and build name a picture that is not there",
        "generator/source/lint.py",
        "    warnings = missing_pictures(name, comparison, text, folder) if folder is not None else []",
        "    warnings = []",
        ("tests/render/deck/test_pictures.py", "-k", "not_there"),
    ),
    Mutation(
        "undescribed-located-at-first-name", "a picture without a description is located where it is",
        "generator/build/preflight.py",
        "picture_place(source_name, source_text, src, undescribed=True)",
        "picture_place(source_name, source_text, src)",
        ("tests/render/deck/test_pictures.py", "-k", "located_where_it_lacks"),
    ),
    Mutation(
        "common-fonts-measured-as-inter", "Arial and its kin are measured with their own widths",
        "generator/render/deck/fit/measure.py",
        "    if not faces and shipped:",
        "    if not faces and shipped and False:",
        ("tests/render/deck/test_slides.py", "-k", "own_widths"),
    ),
    Mutation(
        "deck-fonts-inherited", "a kit naming its fonts shows them in its deck",
        "generator/kits/load.py",
        '        if _names_fonts(own.get("fonts")) and not (own.get("slides") or {}).get("fonts"):',
        "        if False:",
        ("tests/render/deck/test_slides.py", "-k", "naming_its_fonts"),
    ),
    Mutation(
        "master-links-unchecked", "a master missing a part it links to is a located kit error",
        "generator/render/deck/masters/package.py",
        "            _check_targets(name, member, root, members)",
        "            pass",
        ("tests/render/deck/test_master_package.py", "-k", "missing_a_part"),
    ),
    Mutation(
        "kit-pictures-lost-silently", "a kit picture that cannot be drawn is a warning",
        "generator/render/pdf/engine.py",
        "    handler = _UnloadedImages(refused, unloadable) if unloadable is not None else None",
        "    handler = None",
        ("tests/kits/test_brand.py", "-k", "cannot_be_drawn"),
    ),
    Mutation(
        "slide-handout-not-mirrored", "a right-to-left slide handout is mirrored",
        "generator/render/formats/slide_handout.py",
        "    if rtl:",
        "    if False:",
        ("tests/render/formats/test_slides_on_paper.py", "-k", "mirrored"),
    ),
    Mutation(
        "libreoffice-assumed", "without LibreOffice the slides on paper fail alone, saying how",
        "generator/render/office.py",
        "    if command is None:",
        "    if False:",
        ("tests/render/formats/test_slides_on_paper.py", "-k", "without_libreoffice"),
    ),
    Mutation(
        "text-cut-at-hash-unsaid", "text YAML cuts at ' #' is a located warning",
        "generator/source/lint.py",
        "    warnings += _cut_by_comments(name, comparison, text)\n",
        "",
        ("tests/source/test_source.py", "-k", "hash"),
    ),
    Mutation(
        "quote-closed-early-unexplained", "text a quote closes early is shown in the other quotes",
        "generator/located/yaml.py",
        "        early = _closed_early(text, mark.line) if mark is not None else None",
        "        early = None",
        ("tests/source/test_source.py", "-k", "bad_source_reports"),
    ),
    Mutation(
        "brand-check-needs-libreoffice", "brand check works without LibreOffice, saying what it left",
        "generator/build/kit_check.py",
        "        drawable = [name for name, fmt in FORMATS.items() if not fmt.libreoffice or soffice()]",
        "        drawable = list(FORMATS)",
        ("tests/render/formats/test_slides_on_paper.py", "-k", "brand_check_without"),
    ),
    Mutation(
        "repeated-dimension-unsaid", "a dimension pasted twice is a located warning",
        "generator/source/lint.py",
        "    warnings += _repeated_dimensions(name, comparison, text)\n",
        "",
        ("tests/source/test_source.py", "-k", "pasted_twice"),
    ),
)


def copy_tree(target: Path) -> None:
    """Copy the files git tracks (and new ones not ignored) to `target`."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, listed):
        source = REPO / os.fsdecode(name)
        if source.is_file():
            destination = target / os.fsdecode(name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def apply(mutation: Mutation, root: Path) -> str:
    """Apply `mutation` below `root`; return the file's original text."""
    path = root / mutation.path
    text = path.read_text(encoding="utf-8")
    count = text.count(mutation.old)
    if count != 1:
        raise SystemExit(f"{mutation.name}: the text to mutate occurs {count} times in "
                         f"{mutation.path} (the code changed: update scripts/mutation_check.py)")
    path.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
    return text


def run_tests(tests: tuple[str, ...], root: Path) -> subprocess.CompletedProcess[str]:
    """Run the tests selected by `tests` on the tree at `root`, stopping at the first failure
    (and refusing a selection that finds no test)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-m", "", "-n", "0",
         "-p", "no:cacheprovider", *tests],
        cwd=root, capture_output=True, text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    if result.returncode == 5:
        raise SystemExit(f"no test selected by {' '.join(tests)}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="run only mutations whose name contains one")
    parser.add_argument("--list", action="store_true", help="list the mutations and stop")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.names or any(n in m.name for n in args.names)]
    if args.list:
        for mutation in chosen:
            print(f"{mutation.name:30} {mutation.breaks}")
        return
    survived = []
    jobs = max(1, min(os.cpu_count() or 1, 4))
    with tempfile.TemporaryDirectory(prefix="coursepack-mutants-") as scratch:
        # One copy of the tree per parallel run: each mutation edits its copy, then restores it.
        trees: queue.Queue[Path] = queue.Queue()
        for index in range(jobs):
            root = Path(scratch) / f"tree{index}"
            copy_tree(root)
            trees.put(root)

        def baseline(tests: tuple[str, ...]) -> tuple[tuple[str, ...], int, str]:
            root = trees.get()
            try:
                result = run_tests(tests, root)
                return tests, result.returncode, result.stdout
            finally:
                trees.put(root)

        def mutant(mutation: Mutation) -> tuple[Mutation, bool, float]:
            root = trees.get()
            try:
                original = apply(mutation, root)
                started = time.perf_counter()
                result = run_tests(mutation.tests, root)
                (root / mutation.path).write_text(original, encoding="utf-8")
                return mutation, result.returncode != 0, time.perf_counter() - started
            finally:
                trees.put(root)

        # The runs that wait on processes (test_faults) go first, so the others fill the time.
        chosen.sort(key=lambda m: "tests/build/test_faults.py" not in m.tests)
        with ThreadPoolExecutor(jobs) as pool:
            # The guarding tests must pass on the code as it is, or a failure proves nothing.
            for tests, code, output in pool.map(baseline, dict.fromkeys(m.tests for m in chosen)):
                if code != 0:
                    raise SystemExit(f"the tests {' '.join(tests)} fail without any mutation:\n"
                                     f"{output[-3000:]}")
            for mutation, killed, seconds in pool.map(mutant, chosen):
                print(f"{'killed  ' if killed else 'SURVIVED'} {mutation.name:30} "
                      f"{seconds:5.1f} s  {mutation.breaks}", flush=True)
                if not killed:
                    survived.append(mutation.name)
    if survived:
        raise SystemExit(f"{len(survived)} mutation(s) survived: {', '.join(survived)} — "
                         "a promise has lost its test")
    print(f"all {len(chosen)} mutations were caught")


if __name__ == "__main__":
    main()
