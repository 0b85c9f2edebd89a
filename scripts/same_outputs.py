"""Check that this checkout writes the same outputs as another commit, for a fixed set of inputs.

A refactoring must not change what a user gets.  This builds, with this checkout's code and
with the code of `--against REF` (checked out in a scratch worktree), every format of

- the sample (`content/product-vs-project-management.yaml`),
- the pictures source (`tests/data/sources/pictures/pictures.yaml`),
- the right-to-left sources (`tests/data/sources/ar.yaml`, `he.yaml`) and the Japanese one,

with the default and the Northwind kits, and compares them:

- PDFs byte for byte (they are reproducible), and on a difference their text page by page;
- decks member by member of the zip, the XML compared after removing the two timestamps of
  `docProps/core.xml` (the time of the build), pictures by their bytes.

    python scripts/same_outputs.py --against 79bdf3b       # exit 0: the same outputs
    python scripts/same_outputs.py --against HEAD~3 -v     # name every output compared

Each side runs `python -m generator build` as a real process, from a copy of its code at the
same scratch path (WeasyPrint names a picture in the PDF after its file's path), so nothing
of one side's code is imported by the other.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = (
    "content/product-vs-project-management.yaml",
    "tests/data/sources/pictures/pictures.yaml",
    "tests/data/sources/ar.yaml",
    "tests/data/sources/he.yaml",
    "tests/data/sources/ja.yaml",
)
KITS = ("default", "northwind")
FORMATS = ("handout", "slides", "cheatsheet", "guide")
BUILD_TIME = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def build(checkout: Path, out: Path) -> None:
    """Build every source with every kit in every format, with `checkout`'s code."""
    command = [sys.executable, "-m", "generator", "-q", "build", *SOURCES, "--out", str(out),
               "--force", *(f"--brand={kit}" for kit in KITS),
               *(f"--format={fmt}" for fmt in FORMATS)]
    done = subprocess.run(command, cwd=checkout, capture_output=True, text=True,
                          env={"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin",
                               "HOME": str(Path.home())})
    if done.returncode != 0:
        sys.exit(f"the build in {checkout} failed ({done.returncode}):\n{done.stderr}")


def copy_checkout(target: Path) -> None:
    """Copy the files git tracks here (and new ones not ignored) to `target`."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def fingerprint(path: Path) -> dict[str, str]:
    """Return what must be equal of an output: a hash of each comparable part of it."""
    data = path.read_bytes()
    if path.suffix != ".pptx":
        return {"": hashlib.sha256(data).hexdigest()}
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            member = archive.read(name)
            if name == "docProps/core.xml":
                member = BUILD_TIME.sub(b"", member)
            parts[name] = hashlib.sha256(member).hexdigest()
    return parts


def pdf_text(path: Path) -> list[str]:
    """Return the text of each page of a PDF (to show what differs)."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def differences(before: Path, after: Path) -> list[str]:
    """Return a line for each output that differs between the two output folders."""
    found: list[str] = []
    names = sorted({p.relative_to(before) for p in before.rglob("*") if p.is_file()
                    and not p.name.startswith(".")}
                   | {p.relative_to(after) for p in after.rglob("*") if p.is_file()
                      and not p.name.startswith(".")})
    for name in names:
        old, new = before / name, after / name
        if not old.exists() or not new.exists():
            found.append(f"{name}: only {'after' if new.exists() else 'before'}")
            continue
        a, b = fingerprint(old), fingerprint(new)
        if a == b:
            continue
        if name.suffix == ".pdf":
            pages_a, pages_b = pdf_text(old), pdf_text(new)
            same_text = pages_a == pages_b
            found.append(f"{name}: bytes differ; {len(pages_a)} → {len(pages_b)} pages; text "
                         + ("the same" if same_text else "differs"))
        else:
            parts = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
            found.append(f"{name}: {len(parts)} parts differ: {', '.join(parts[:8])}"
                         + (" …" if len(parts) > 8 else ""))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, help="the commit to compare with")
    parser.add_argument("--keep", type=Path, help="keep both output folders here")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coursepack-same-") as scratch:
        root = args.keep or Path(scratch)
        other = Path(scratch) / "checkout"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(other), args.against],
                       cwd=REPO, check=True)
        try:
            build(other, root / "before")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=REPO,
                           check=False)
        copy_checkout(other)  # at the same path
        build(other, root / "after")
        outputs = sorted(p for p in (root / "after").rglob("*") if p.suffix in (".pdf", ".pptx"))
        if args.verbose:
            for path in outputs:
                print(f"compared {path.relative_to(root / 'after')}")
        found = differences(root / "before", root / "after")
        for line in found:
            print(line)
        print(f"{len(outputs)} outputs compared with {args.against}: "
              + (f"{len(found)} differ" if found else "all the same"))
        return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
