"""The README's examples work as written."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.source.load import load_source

README = Path(__file__).resolve().parent.parent / "README.md"
DOCS = README.parent / "docs"


def documentation() -> str:
    """Return the README and every page of docs/ it links to, as one text."""
    return "\n".join(path.read_text(encoding="utf-8")
                     for path in [README, *sorted(DOCS.glob("*.md"))])


def test_readme_source_example_is_a_valid_source(tmp_path: Path) -> None:
    text = (DOCS / "source-format.md").read_text(encoding="utf-8")
    section = text.split("## The source format", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    comparison = load_source(path)
    assert [s.key for s in comparison.subjects] == ["product", "project"]
    assert comparison.dimensions[0].cells["project"].summary.startswith("Projects have")


def test_every_documented_command_exists() -> None:
    text = documentation()
    for command in set(re.findall(r"`coursepack ([a-z]+(?: [a-z]+)?)", text)):
        words = command.split()
        if words[0] == "brand" and len(words) == 1:
            continue
        result = CliRunner().invoke(cli, [*words, "--help"])
        assert result.exit_code == 0, (command, result.output)


def test_the_map_of_the_code_names_files_that_exist() -> None:
    """Each path the README's project layout and "I want to… → open" map name is there: the
    map never points a newcomer at a file that moved."""
    text = (DOCS / "developing.md").read_text(encoding="utf-8").split("## Project layout", 1)[1]
    repo = README.parent
    named = re.findall(r"`(generator/[\w/.]+)`", text)
    assert len(named) >= 15
    rows = [line for line in text.splitlines() if line.startswith("| ") and "`generator/" in line]
    for row in rows:  # a row's short paths (`masters/resolve.py`) sit in its first path's folders
        first = Path(re.search(r"`(generator/[\w/.]+)`", row).group(1))
        for short in re.findall(r"`(\w+/[\w.]+\.py)`", row):
            if not short.startswith("generator") and not any(
                    (repo / folder / short).exists() for folder in first.parents):
                named.append(short)
    missing = [path for path in named if not (repo / path.rstrip("/")).exists()]
    assert not missing, missing


def test_every_page_the_readme_links_to_exists() -> None:
    text = README.read_text(encoding="utf-8")
    linked = re.findall(r"\]\(((?:docs/)[^)#]+)\)", text)
    assert len(linked) >= 8
    assert [path for path in linked if not (README.parent / path).exists()] == []
    for page in DOCS.glob("*.md"):  # and the docs' own links (not examples in code)
        prose = re.sub(r"```.*?```|`[^`]*`", "", page.read_text(encoding="utf-8"), flags=re.S)
        for path in re.findall(r"\]\(([^)#:]+)\)", prose):
            assert (page.parent / path).exists(), (page.name, path)


def test_the_readme_puts_the_trainer_first() -> None:
    """What it makes, how to install it and a first course come before any reference; the
    developers' section comes last."""
    headings = re.findall(r"(?m)^## (.+)$", README.read_text(encoding="utf-8"))
    assert headings[:2] == ["Install", "Your first course, in ten minutes"]
    assert headings[-1] == "Developing coursepack"
