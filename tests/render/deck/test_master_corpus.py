"""Every deck invariant, on every master of the corpus, with several sources.

The corpus (tests/masters.py): LibreOffice's bundled templates exported to .pptx and .potx,
pandoc's reference deck, python-pptx's 4:3 default, and masters reproducing what masters in
the wild do (titles at the bottom, vertical title strips, a rotated Comparison layout,
bodies over their titles, a notes master without a body, right to left with Arabic layout
names, Japanese names, agency names, layouts without placeholders, A4 slides, a dark
background with dark text, no text styles).  Sources: two, three and six subjects, and a
long German one: the sample on every master, the others in turn.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE, deck_titles, generated_source, write_yaml
from masters import EXPORTED, MADE, corpus
from pptx import Presentation

from generator.kits.load import load_brand
from generator.render import FORMATS
from generator.render.deck.check import check_deck
from generator.render.job import RenderJob
from generator.source.load import load_source

NAMES = [f"{p.parent.name}/{p.name}" for p in EXPORTED] + list(MADE)
pytestmark = pytest.mark.slow  # a deck per master and source


@pytest.fixture(scope="module")
def masters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return corpus(tmp_path_factory.mktemp("masters"))


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("sources")
    german = generated_source(2, 7, language="de", detail_sentences=5, summary_words=9)
    german["title"] = "Produktmanagement und Projektmanagement im Vergleich: Verantwortlichkeiten"
    german["dimensions"][0]["name"] = "Verantwortungsbereichsabgrenzung"
    german["dimensions"][0]["s1"]["summary"] = "Produktlebenszyklusverantwortung über Jahre"
    return [SAMPLE,
            write_yaml(folder / "three.yaml", generated_source(3, 6)),
            write_yaml(folder / "six.yaml", generated_source(6, 4)),
            write_yaml(folder / "german.yaml", german)]


def deck_on(master: Path, source: Path, folder: Path) -> tuple[bytes, RenderJob]:
    kit = folder / "kit"
    kit.mkdir(exist_ok=True)
    shutil.copy(master, kit / master.name)
    (kit / "brand.yaml").write_text(f'name: Client\nslides: {{master: "{master.name}"}}\n',
                                    encoding="utf-8")
    job = RenderJob(load_source(source), load_brand(str(kit)), source)
    return FORMATS["slides"].render(job), job


@pytest.mark.parametrize("name", NAMES)
def test_every_invariant_holds_on_every_master(name: str, masters: dict[str, Path],
                                               sources: list[Path], tmp_path: Path) -> None:
    # the sample on every master, and the other sources in turn (each on eight masters)
    for source in (sources[0], sources[1 + NAMES.index(name) % (len(sources) - 1)]):
        data, job = deck_on(masters[name], source, tmp_path)
        deck = Presentation(io.BytesIO(data))
        broken = check_deck(deck, titles=deck_titles(job), language=job.language, rtl=False)
        assert broken == [], (source.name, [str(v) for v in broken])
        assert len(deck.slides) == len(deck_titles(job)) >= 12
        for slide in deck.slides:  # every slide keeps its speaker notes
            assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()


@pytest.mark.parametrize("name", NAMES)
def test_decks_on_every_master_are_valid_ooxml(name: str, masters: dict[str, Path],
                                               tmp_path: Path) -> None:
    """A third-party validator (openxml-audit) finds no error in the deck."""
    from openxml_audit import validate_pptx

    data, _ = deck_on(masters[name], SAMPLE, tmp_path)
    path = tmp_path / "deck.pptx"
    path.write_bytes(data)
    result = validate_pptx(path)
    assert result.is_valid, [str(error) for error in result.errors[:5]]


def test_every_kind_of_oddity_is_in_the_corpus() -> None:
    assert {"titles_at_bottom", "vertical_title_strips", "rotated_comparison",
            "bodies_over_titles", "notes_master_without_body", "right_to_left",
            "japanese_names", "layouts_without_placeholders", "a4_slides", "dark_background",
            "python_pptx_default"} <= set(MADE)
    assert any(p.suffix == ".potx" for p in EXPORTED) and any(
        p.parent.name == "pandoc" for p in EXPORTED)
    assert sum(p.parent.name == "libreoffice" for p in EXPORTED) >= 12
