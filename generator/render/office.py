"""LibreOffice, for the slides on paper: a deck drawn to PDF exactly as it looks on the client's
master (its backgrounds, its fonts), then given the course's outline, metadata and language.

LibreOffice is optional: `soffice()` finds it, and the formats that need it fail alone, with
the way to install it, when it is missing.  It runs headless in a profile of its own (so a
LibreOffice the trainer has open is left alone), kept for the life of the process so that
every conversion after the first starts warm, and it sees the kit's own font files through a
private fontconfig file, so the kit's fonts are drawn, not substitutes.  A conversion is
bounded in time (its process group is killed), and in memory like the worker it runs in.
"""

from __future__ import annotations

import atexit
import contextlib
import html
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import OfficeError

if TYPE_CHECKING:
    from generator.render.job import RenderJob

CONVERSION_TIMEOUT = 120  # seconds for one deck; the render's own --timeout comes first
INSTALL_HINT = ("install LibreOffice (Debian, Ubuntu: sudo apt install libreoffice-impress; "
                "Fedora: sudo dnf install libreoffice-impress; macOS: brew install --cask "
                "libreoffice), then build again")
NOT_UNIVERSAL = ("is not written as PDF/UA: LibreOffice draws slides without the tags PDF/UA "
                 "needs (the handout, the cheat sheet and the guide are PDF/UA)")
_PROFILE: list[Path] = []  # this process's LibreOffice profile, made on first use


def soffice() -> str | None:
    """Return LibreOffice's command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def conversion_command(command: str, profile: Path, deck: Path, out: Path) -> list[str]:
    """Return the command line converting `deck` to PDF in `out`, in `profile`."""
    return [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(out), str(deck)]


def fontconfig_file(folder: Path, font_files: Sequence[Path]) -> Path:
    """Write, in `folder`, a fontconfig file adding the folders of `font_files` to the
    system's fonts, and return it: LibreOffice, given it as FONTCONFIG_FILE, draws the kit's
    own fonts instead of substituting installed ones."""
    dirs = sorted({str(Path(path).resolve().parent) for path in font_files})
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>",
             *(f"  <dir>{html.escape(d)}</dir>" for d in dirs),
             "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>",
             f"  <cachedir>{html.escape(str(folder / 'cache'))}</cachedir>", "</fontconfig>"]
    path = folder / "fonts.conf"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def deck_to_pdf(deck: bytes, font_files: Sequence[Path], *,
                timeout: float = CONVERSION_TIMEOUT) -> bytes:
    """Return `deck` drawn to PDF by LibreOffice with the kit's `font_files` visible to it.

    Raises OfficeError when LibreOffice is missing (saying how to install it), fails, or
    takes longer than `timeout` seconds (its whole process group is then killed)."""
    command = soffice()
    if command is None:
        raise OfficeError(f"drawn by LibreOffice, which is not installed here — {INSTALL_HINT}; "
                          "every other output is built without it")
    profile = _profile()
    with tempfile.TemporaryDirectory(prefix="coursepack-office-") as scratch:
        work = Path(scratch)
        (work / "deck.pptx").write_bytes(deck)
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(work, font_files)),
               "HOME": str(profile.parent)}
        process = subprocess.Popen(conversion_command(command, profile, work / "deck.pptx", work),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                                   start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise OfficeError(f"LibreOffice took longer than {timeout:g} s to draw the slides "
                              "and was stopped — build again; if it happens again, check the "
                              "deck opens in LibreOffice Impress") from None
        finally:
            if process.poll() is None:  # stopped early: by the timeout, or the render's alarm
                _kill(process)
        drawn = work / "deck.pdf"
        if process.returncode != 0 or not drawn.is_file():
            said = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise OfficeError(f"LibreOffice could not draw the slides ({said[0]}) — check the "
                              "deck opens in LibreOffice Impress, then build again")
        return drawn.read_bytes()


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice's whole process group (soffice starts soffice.bin) and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _profile() -> Path:
    """Return this process's LibreOffice profile folder (the first conversion fills it; the
    next ones start warm), removed when the process ends."""
    if not _PROFILE or _PROFILE[0].parent.is_dir() is False:
        folder = Path(tempfile.mkdtemp(prefix="coursepack-office-profile-"))
        _PROFILE[:] = [folder / "profile"]
        atexit.register(shutil.rmtree, folder, True)
    return _PROFILE[0]


@dataclass(frozen=True)
class DrawnSlides:
    """A job's deck as LibreOffice drew it: the PDF (one page a slide), each slide's title,
    and the slide's size in points."""

    pdf: bytes
    titles: list[str]
    size: tuple[float, float]


def draw_slides(job: RenderJob) -> DrawnSlides:
    """Return the deck `job` makes, drawn to PDF with the kit's fonts (see `deck_to_pdf`)."""
    from generator.render.deck.compose.writer import compose
    from generator.render.outline import build_outline
    from generator.render.pdf.place import page_sizes

    deck = compose(job, build_outline(job))
    fonts = [*job.kit.fonts.files, *job.language_fonts, *job.kit.base_fonts]
    pdf = deck_to_pdf(deck.save(), fonts)
    sizes = page_sizes(pdf)
    if len(sizes) != len(deck.titles):
        raise OfficeError(f"LibreOffice drew {len(sizes)} pages for a deck of "
                          f"{len(deck.titles)} slides — check the deck opens in LibreOffice "
                          "Impress, then build again")
    return DrawnSlides(pdf, list(deck.titles), sizes[0])
