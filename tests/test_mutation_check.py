"""The mutation check (scripts/mutation_check.py) still applies to the code as it is."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import REPO

spec = importlib.util.spec_from_file_location("mutation_check",
                                              REPO / "scripts" / "mutation_check.py")
assert spec is not None and spec.loader is not None
mutation_check = importlib.util.module_from_spec(spec)
sys.modules["mutation_check"] = mutation_check  # dataclasses look their module up
spec.loader.exec_module(mutation_check)


@pytest.mark.parametrize("mutation", mutation_check.MUTATIONS, ids=lambda m: m.name)
def test_each_mutation_edits_exactly_one_place_of_the_current_code(mutation) -> None:
    text = (REPO / mutation.path).read_text(encoding="utf-8")
    assert text.count(mutation.old) == 1, f"update {mutation.name} in scripts/mutation_check.py"
    assert mutation.new != mutation.old and mutation.tests


@pytest.mark.slow
def test_each_mutation_selects_tests_that_exist() -> None:
    for mutation in mutation_check.MUTATIONS:
        listed = subprocess.run(
            [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "", "-n", "0",
             "-p", "no:cacheprovider", *mutation.tests],
            cwd=REPO, capture_output=True, text=True)
        assert listed.returncode == 0, (mutation.name, listed.stdout[-2000:])
