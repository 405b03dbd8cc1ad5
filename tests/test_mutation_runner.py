"""The mutation runner's own promises: every mutant it makes differs from the source in one place,
and every module it maps to tests exists with tests that exist."""

from __future__ import annotations

import ast

import pytest

from tests import mutation
from tests.mutation import PACKAGE, ROOT, TESTS, mutants

SOURCE = """\
def rule(a, b):
    if a < b and not a:
        yield 1
    found.append(min(a, b) + 0.5)
    return [x for x in b if x in a]
"""


def test_each_operator_gives_one_mutant_with_its_line() -> None:
    made = sorted((m.line, m.column, m.what) for m in mutants(SOURCE))
    assert made == [
        (2, 5, "condition negated"),
        (2, 8, "< → <="),
        (2, 8, "and ↔ or"),
        (2, 18, "not dropped"),
        (3, 9, "yield dropped"),
        (3, 15, "1 → 2"),
        (4, 5, "call dropped"),
        (4, 18, "+ → -"),
        (4, 18, "min → max"),
        (4, 30, "0.5 → 1.0"),
        (5, 5, "returns []"),
        (5, 29, "in → not in"),
    ]


def test_declarations_are_left_alone() -> None:
    source = "@dataclass(frozen=True)\nclass A:\n    pass\n\n\nz = zip(a, b, strict=True)\n"
    assert list(mutants(source)) == []


def test_a_mutant_changes_the_source_in_one_place_only() -> None:
    original = ast.unparse(ast.parse(SOURCE)).splitlines()
    for mutant in mutants(SOURCE):
        changed = ast.unparse(mutant.tree).splitlines()
        assert len(changed) == len(original)
        assert sum(a != b for a, b in zip(original, changed, strict=True)) == 1, mutant.what


@pytest.mark.parametrize("module", sorted(TESTS))
def test_mapped_modules_and_their_tests_exist(module: str) -> None:
    assert (PACKAGE / module).is_file()
    assert all((ROOT / path).exists() for path in mutation.tests_for(module))


def test_a_module_without_a_mapping_runs_its_layers_tests() -> None:
    assert mutation.tests_for("analytics/units.py") == ["tests/test_analytics"]


def test_every_listed_equivalent_is_a_mutant_of_the_source_as_it_is() -> None:
    """A line that moved leaves its key behind: the mutant is then reported as a survivor, and
    the reason no longer sits beside the code it was reasoned about. Re-key it with the move."""
    listed = mutation.equivalents()
    modules = {key.split(":", maxsplit=1)[0] for key in listed}
    made = {m.key(module) for module in modules for m in mutants((PACKAGE / module).read_text())}
    assert sorted(listed - made) == []
