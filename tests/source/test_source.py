"""Loading and validating sources: one small fixture per kind of bad input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA

from generator.cli import cli
from generator.errors import SourceError
from generator.source.load import first_sentence, load_source

BAD = DATA / "bad"

EXPECTED = {
    "unknown-key.yaml": ["2:1: unknown key 'titel' — did you mean 'title'?"],
    "misspelt-subject-key.yaml": [
        "10:5: dimension 'Duration': unknown key 'projetc' (subjects are: product, project)"
        " — did you mean 'project'?"
    ],
    "missing-cell.yaml": [
        "8:5: dimension 'Duration': missing cell for subject 'project' (subjects are: product,"
        " project) — add `project: …` to this dimension"
    ],
    "duplicate-yaml-key.yaml": ["7:1: duplicate key 'title' (first at line 1) — remove one of them"],
    "duplicate-subject-key.yaml": [
        "5:10: duplicate subject key 'a' (first at line 3) — give every subject its own key"
    ],
    "one-subject.yaml": ["3:3: a comparison needs at least 2 subjects, found 1"],
    "wrong-type.yaml": ["2:3: title: expected text, found a list"],
    "empty.yaml": ["1:1: the file is empty"],
    "not-utf8.yaml": ["1:11: the file is not UTF-8 text (byte 0xe9)"],
    "tabs.yaml": ["3:1: tab used for indentation"],
    "yaml-tag.yaml": ["1:8: YAML tag !!python/object/apply:os.system is not allowed"],
    "alias-bomb.yaml": ["the document expands to more than 20000 values"],
    "top-level-list.yaml": ["1:1: expected a mapping of keys at the top level, found a list"],
    "bad-subject-key.yaml": [
        "3:10: subject key 'Product Management' may hold only the letters a–z, digits 0–9, - "
        "and _, starting with a letter — write `key: product-management`"],
    # One mistake, one error: the cells keyed by a broken subject key are not reported too.
    "missing-subject-key.yaml": [
        "3:5: subject 1 has no `key` — add `key: product` above its name: the dimensions' "
        "cells use that key and no subject has it"],
    "accented-subject-key.yaml": [
        "4:10: subject key 'clásica' may hold only the letters a–z, digits 0–9, - and _, "
        "starting with a letter — write `key: clasica`, and the same key for its cell in "
        "every dimension",
        "6:10: subject key 'híbrida' may hold only the letters a–z, digits 0–9, - and _, "
        "starting with a letter — write `key: hibrida`"],
    # Text with ': ' in it (French typography): the line shown quoted.
    "colon-in-text.yaml": [
        "2:17: the text after `subtitle:` holds ': ', which YAML reads as the start of another "
        "key — put the text in quotes: subtitle: \"Titre : sous-titre\""],
    "colon-in-list-item.yaml": [
        "14:5: takeaways[2]: the text holds ': ', so YAML reads it as `key: value` — put it in "
        "quotes: - \"Public : les chefs de produit\""],
    # Text that starts with a quote YAML closes early: the line shown in the other quotes.
    "apostrophe-in-quotes.yaml": [
        "2:11: the text after `subtitle:` starts with an apostrophe ('), so YAML ends the text "
        "at the next one and cannot read what follows — write the whole text in the other "
        "quotes: subtitle: \"Le guide de l'équipe\""],
    "quoted-word-first.yaml": [
        "12:5: this item's text starts with a quotation mark (\"), so YAML ends the text at "
        "the next one and cannot read what follows — write the whole text in the other "
        "quotes: - '\"Courriel\" ou \"chat\" : le bon canal'"],
    "indented-key.yaml": [
        "2:2: `subtitle:` is indented differently from the keys around it, so YAML reads it "
        "as more text of the line above — start `subtitle:` in the same column"],
    "duplicate-subject-with-cells.yaml": [
        "5:10: duplicate subject key 'product' (first at line 3) — give every subject its own "
        "key (the dimensions' cells use 'project', which no subject has)"],
    "deep-nesting.yaml": ["the YAML is nested too deeply"],
    "raw-controls.yaml": ["2:17: invisible character U+0000 (NUL) is not allowed",
                          "3:19: invisible character U+001B (ESC) is not allowed"],
    "escaped-noncharacter.yaml": [
        "1:8: the text holds U+FFFF (not a character), which no document can carry",
        "2:11: the text holds U+0000 (NUL), which no document can carry"],
    "several-tabs.yaml": ["3:1: tab used for indentation", "6:1: tab used for indentation"],
}


def test_every_bad_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_source_reports_located_problems(name: str) -> None:
    with pytest.raises(SourceError) as caught:
        load_source(BAD / name)
    lines = [str(problem) for problem in caught.value.problems]
    assert len(lines) == len(EXPECTED[name]), lines
    for line, expected in zip(lines, EXPECTED[name], strict=True):
        assert line.startswith(str(BAD / name)) or line.startswith(f"tests/data/bad/{name}")
        assert expected in line


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_source_is_rejected_quickly(name: str) -> None:
    # Not a timing assertion on speed in general: a guard against an exponential blow-up
    # (alias bombs) that would otherwise hang the suite for minutes.
    start = time.process_time()
    with pytest.raises(SourceError):
        load_source(BAD / name)
    assert time.process_time() - start < 5


def test_all_problems_in_a_file_are_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "titel: X\nlanguage: 12 34\nsubjects:\n  - key: a\n    name: A\n  - key: b\n    name: B\n"
        "dimensions:\n  - name: D\n    a: x\n    c: y\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        load_source(path)
    text = caught.value.format_message()
    assert "1:1: unknown key 'titel'" in text
    assert "2:11: language '12 34' is not a BCP 47 tag" in text
    assert "11:5: dimension 'D': unknown key 'c'" in text
    assert "9:5: dimension 'D': missing cell for subject 'b'" in text
    assert "4 problems found" in text


def test_sample_loads_completely(sample_path: Path) -> None:
    comparison = load_source(sample_path)
    assert [s.key for s in comparison.subjects] == ["product", "project"]
    assert len(comparison.dimensions) == 5
    for dimension in comparison.dimensions:
        for subject in comparison.subjects:
            cell = dimension.cell(subject)
            assert cell.summary and cell.detail and len(cell.summary) <= 70
    assert comparison.review and comparison.takeaways and comparison.notes and comparison.sources


def test_yaml_1_2_keeps_no_as_text(tmp_path: Path) -> None:
    path = tmp_path / "norway.yaml"
    path.write_text(
        "title: no\nlanguage: nb\nversion: 1.10\nsubjects:\n  - key: a\n    name: yes\n"
        "  - key: b\n    name: off\ndimensions:\n  - name: on\n    a: no\n    b: 2024-01-01\n",
        encoding="utf-8",
    )
    comparison = load_source(path)
    assert comparison.title == "no"
    assert comparison.version == "1.10"
    assert [s.name for s in comparison.subjects] == ["yes", "off"]
    assert comparison.dimensions[0].cells["b"].detail == "2024-01-01"


def test_cell_parts_are_derived(tmp_path: Path) -> None:
    path = tmp_path / "cells.yaml"
    path.write_text(
        "title: Cells\nsubjects:\n  - key: a\n    name: A\n  - key: b\n    name: B\n"
        "dimensions:\n  - name: D\n    a: First sentence here. Second one follows.\n"
        "    b:\n      summary: Only a summary\n",
        encoding="utf-8",
    )
    dimension = load_source(path).dimensions[0]
    assert dimension.cells["a"].summary == "First sentence here."
    assert dimension.cells["a"].detail == "First sentence here. Second one follows."
    assert dimension.cells["b"].detail == "Only a summary"


def test_first_sentence_ignores_markdown_and_shortens() -> None:
    assert first_sentence("**Bold** start. Then more.") == "Bold start."
    assert first_sentence("Uses e.g. Jira and Confluence. Second.") == "Uses e.g. Jira and Confluence."
    assert first_sentence("Product vs. Project. Next.") == "Product vs. Project."
    long = "word " * 60
    assert first_sentence(long).endswith("…") and len(first_sentence(long)) <= 141


@pytest.mark.parametrize(("detail", "first"), [
    ("顧客のニーズを理解します。機能を定義します。", "顧客のニーズを理解します。"),
    ("「何を」作るかを決めます！次に進みます。", "「何を」作るかを決めます！"),
    ("理解客户需求，定义产品功能。确保产品满足市场需求。", "理解客户需求，定义产品功能。"),
    ("为什么？因为产品会持续演变。", "为什么？"),
    ("لماذا نبني المنتج؟ لأن العملاء يحتاجونه.", "لماذا نبني المنتج؟"),
    ("فهم احتياجات العملاء. وتحديد الميزات.", "فهم احتياجات العملاء."),
    ("הבנת צורכי הלקוחות. הגדרת תכונות המוצר.", "הבנת צורכי הלקוחות."),
    ("Ends with 3.5 million users. Next one.", "Ends with 3.5 million users."),
    ("She said “Stop.” Then left.", "She said “Stop.”"),
    ("「すごい！」と彼は言った。次の文。", "「すごい！」と彼は言った。"),
    ("他问：“为什么？”然后走了。下一句。", "他问：“为什么？”然后走了。"),
    ("Keeps going. and this is lower case. Next.", "Keeps going. and this is lower case."),
])
def test_first_sentence_knows_each_scripts_full_stops(detail: str, first: str) -> None:
    assert first_sentence(detail) == first


def test_long_sentences_without_spaces_are_shortened_by_characters() -> None:
    long = "製品の価値" * 40 + "。"
    short = first_sentence(long)
    assert short.endswith("…") and len(short) <= 141 and short.startswith("製品の価値")


def test_template_syntax_in_content_is_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "curly.yaml"
    path.write_text(
        "title: '{{ 7 * 7 }}'\nsubjects:\n  - key: a\n    name: A\n  - key: b\n    name: B\n"
        "dimensions:\n  - name: D\n    a: '{% raw %}x'\n    b: y\n",
        encoding="utf-8",
    )
    comparison = load_source(path)
    assert comparison.title == "{{ 7 * 7 }}"


def test_dimension_limit_is_enforced_and_can_be_raised(make_source) -> None:
    path = make_source(dimensions=12)
    with pytest.raises(SourceError, match="12 dimensions is over the limit of 10"):
        load_source(path, max_dimensions=10)
    assert len(load_source(path, max_dimensions=12).dimensions) == 12


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("title: x\n" + "# padding\n" * 200_000, encoding="utf-8")
    with pytest.raises(SourceError, match="over the 1024 KiB limit"):
        load_source(path)


def test_yaml_level_problems_do_not_hide_the_others(tmp_path: Path) -> None:
    path = tmp_path / "several.yaml"
    path.write_text(
        "title: !!python/object/apply:os.system ['x']\ntitle: again\nsubjects:\n"
        "  - key: a\n    name: A\n  - key: Bad Key\n    name: B\ndimensions:\n  - name: D\n"
        "    a: x\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_source(path)
    lines = [str(p).split(": ", 1)[0].rsplit(":", 2)[-2:] for p in caught.value.problems]
    assert lines == [["1", "8"], ["2", "1"], ["6", "10"]]  # the tag, the duplicate, the key


def test_alias_amplifier_is_refused_where_the_alias_stands(tmp_path: Path) -> None:
    """862 KiB with thousands of aliases of one 700 KB text passed the size and value limits
    and expanded to gigabytes; the alias that makes the text too long is refused."""
    path = tmp_path / "amplifier.yaml"
    path.write_text("title: T\nintro: &a " + "x" * 700_000 + "\ntakeaways:\n"
                    + "  - *a\n" * 6500, encoding="utf-8")
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(SourceError) as caught:
        load_source(path)
    assert [str(p).split(str(path.name))[1][:5] for p in caught.value.problems] == [":5:5:"]
    assert "this alias repeats 700,000 characters" in caught.value.format_message()


def test_aliases_within_the_budget_are_expanded(tmp_path: Path, sample_path: Path) -> None:
    text = sample_path.read_text(encoding="utf-8").replace(
        "audience: ", "audience: &who ", 1).replace("author: ", "author: *who\nx-author: ", 1)
    path = tmp_path / "aliases.yaml"
    path.write_text(text.replace("x-author: ", "# ", 1), encoding="utf-8")
    comparison = load_source(path)
    assert comparison.author == comparison.audience


def test_a_tab_inside_block_text_is_text(tmp_path: Path, sample_path: Path) -> None:
    text = sample_path.read_text(encoding="utf-8")
    path = tmp_path / "tab.yaml"
    path.write_text(text.replace("text: |\n    ", "text: |\n    First line.\n    \tTabbed line.\n    ", 1),
                    encoding="utf-8")
    assert "\tTabbed line." in load_source(path).intro


def test_invalid_utf8_is_located_in_characters(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Führung für Ärzte é".encode() + b" \xe9\n")
    with pytest.raises(SourceError, match=r"latin1.yaml:1:28: the file is not UTF-8 text"):
        load_source(path)


def test_size_limit_is_checked_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "sparse.yaml"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # 3 GB of nothing, on disk in a few blocks
    reads = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: reads.append(self) or real_open(
        self, *a, **k))
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or b"")
    with pytest.raises(SourceError, match="file is 3145728 KiB, over the 1024 KiB limit"):
        load_source(path)
    assert reads == []


def test_an_anchor_that_contains_itself_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("title: x\nsubjects: &s [*s, *s, *s, *s, *s, *s, *s, *s]\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_source(path)
    messages = [problem.message for problem in caught.value.problems]
    assert len(messages) <= 2 and sum("nested too deeply" in m for m in messages) == 1


def test_the_models_own_cell_check_has_an_error_type_the_loader_can_skip() -> None:
    """The loader reports a missing cell where it is; the model's check (its guard for code
    that builds models directly) is recognised by type, not by its wording."""
    from pydantic import ValidationError

    from generator.source.model import CELL_COVERAGE, Comparison

    data = {"title": "T", "subjects": [{"key": "a", "name": "A"}, {"key": "b", "name": "B"}],
            "dimensions": [{"name": "D", "cells": {"a": {"summary": "x", "detail": "x"}}}]}
    with pytest.raises(ValidationError) as caught:
        Comparison.model_validate(data)
    assert [e["type"] for e in caught.value.errors()] == [CELL_COVERAGE]


def test_an_indentation_slip_that_merges_two_list_items_is_a_warning(tmp_path: Path) -> None:
    """`check` and `build` say where a line starting with '- ' became more text of the item
    above it; list items in Markdown blocks (`|`) are text as written and say nothing."""
    source = tmp_path / "slip.yaml"
    source.write_text(
        "title: T\nsubjects:\n  - key: a\n    name: A\n  - key: b\n    name: B\n"
        "dimensions:\n  - name: D\n    a: x\n    b: y\nintro: |\n  Markdown:\n  - one\n"
        "   - two\ntakeaways:\n  - First item\n   - second item\n  - third item\n",
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(source)])
    assert result.exit_code == 0, result.output
    assert ("warning: slip.yaml:17:4: this line starts with '- ' but is read as more text of "
            "the list item above it — indent it like the other items") in result.output
    assert result.output.count("starts with '- '") == 1  # not the Markdown list in intro
    built = CliRunner().invoke(cli, ["build", str(source), "--out", str(tmp_path / "out"),
                                     "--format", "slides"])
    assert built.exit_code == 0 and "slip.yaml:17:4: this line starts with" in built.output


def test_text_cut_at_a_hash_is_a_warning_where_the_comment_starts(tmp_path: Path) -> None:
    """` #équipe` in unquoted text starts a YAML comment: the rest of the line is silently
    gone.  `check` and `build` say where; quoted text, text blocks (`|`) and real comments
    (`# a note`) say nothing."""
    source = tmp_path / "hash.yaml"
    source.write_text(
        "title: Le guide du canal #équipe\nsubtitle: \"Le canal #équipe\"\n"
        "subjects:\n  - key: a       # a note for the author\n    name: A\n  - key: b\n"
        "    name: B\ndimensions:\n  - name: D\n    a: x\n    b: y\nintro: |\n"
        "  Write in #team or #3.\ntakeaways:\n  - Ask in #team when you need an answer.\n"
        "  - Item #2 of the list\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(source)])
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "read as a comment" in line]
    assert said == [
        "warning: hash.yaml:1:26: the text from '#équipe' on is read as a comment and left out "
        "(YAML starts a comment at ' #') — put the whole text in quotes to keep it",
        "warning: hash.yaml:15:12: the text from '#team' on is read as a comment and left out "
        "(YAML starts a comment at ' #') — put the whole text in quotes to keep it",
        "warning: hash.yaml:16:10: the text from '#2' on is read as a comment and left out "
        "(YAML starts a comment at ' #') — put the whole text in quotes to keep it"]
    built = CliRunner().invoke(cli, ["build", str(source), "--out", str(tmp_path / "out"),
                                     "--format", "slides"])
    assert built.exit_code == 0 and built.output.count("read as a comment") == 3


def test_a_dimension_pasted_twice_is_a_warning_at_the_second(tmp_path: Path) -> None:
    source = tmp_path / "twice.yaml"
    source.write_text(
        "title: T\nsubjects:\n  - key: a\n    name: A\n  - key: b\n    name: B\n"
        "dimensions:\n  - name: Durée de vie\n    a: x\n    b: y\n  - name: Coût\n"
        "    a: x\n    b: y\n  - name: durée  de vie\n    a: z\n    b: w\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(source)])
    assert result.exit_code == 0
    assert ("warning: twice.yaml:14:11: dimension 'durée  de vie' is there twice (first at "
            "line 8), so the deck, the handout and the cheat sheet show it twice — remove one, "
            "or rename it") in result.output, result.output
    assert result.output.count("is there twice") == 1


def test_a_summary_cut_short_from_a_long_first_sentence_is_a_warning(tmp_path: Path) -> None:
    long = ("Product managers own the long-term vision of the product and keep refining it "
            "with customers, data, market research and the strategy of the whole company in "
            "mind for years. A second sentence.")
    source = tmp_path / "long.yaml"
    source.write_text(
        "title: T\nsubjects:\n  - key: a\n    name: A\n  - key: b\n    name: B\n"
        f"dimensions:\n  - name: Vision\n    a: {long}\n    b: Short and sweet.\n"
        "  - name: Team\n    a:\n      summary: Its own summary\n"
        f"      detail: {long}\n    b: Fine.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(source)])
    assert result.exit_code == 0
    assert ("warning: long.yaml:9:5: dimension 'Vision': the cell for 'a' has no `summary`, "
            "and its first sentence is longer than 140 characters") in result.output
    assert "write a short `summary:`" in result.output
    assert result.output.count("has no `summary`") == 1  # not the cell with its own summary


def test_a_review_with_minutes_and_no_questions_is_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "review.yaml"
    source.write_text(
        "title: T\nsubjects:\n  - key: a\n    name: A\n  - key: b\n    name: B\n"
        "dimensions:\n  - name: D\n    a: x\n    b: y\nreview:\n  minutes: 5\n",
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(source)])
    assert result.exit_code == 0
    assert ("warning: review.yaml:12:12: the review has minutes but no questions, so the timing "
            "plan has a part that no slide shows") in result.output, result.output
