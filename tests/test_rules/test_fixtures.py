"""Every rule: one defect per file in fixtures/invalid/, and edge cases that must pass in valid/.

A fixture named CASE__NAME is copied to records/NAME (ims.yaml goes to the root) in a copy of
fixtures/base/. Each 'expect: CODE LINE:COLUMN [FILE]' in it is a finding that must be reported;
nothing else may be.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ims_cli.codes import CODES
from tests.conftest import FIXTURES, MakeRepo, findings, summary

EXPECT = re.compile(rb"expect: (\w+) (\d+):(\d+)(?: (records/\S+|ims\.yaml))?")
ENGLISH = re.compile(r"\b(should|Input|String|Field required|valid \w+|characters?)\b")


def _cases(folder: str) -> list[Path]:
    return sorted((FIXTURES / folder).iterdir())


def _target(fixture: Path) -> str:
    name = fixture.name.split("__", 1)[1]
    return name if name == "ims.yaml" else f"records/{name}"


@pytest.mark.parametrize("fixture", _cases("invalid"), ids=lambda p: p.name.split("__")[0])
def test_invalid_fixture_reports_exactly_its_defect(fixture: Path, make_repo: MakeRepo) -> None:
    target = _target(fixture)
    raw = fixture.read_bytes()
    root = make_repo({target: raw})
    expected = sorted(
        (code.decode(), (file or target.encode()).decode(), int(line), int(column))
        for code, line, column, file in EXPECT.findall(raw)
    )
    assert expected, f"{fixture.name} has no 'expect:' line"
    assert sorted(summary(root)) == expected
    for finding in findings(root):  # said in Norwegian: none of pydantic's English leaks through
        assert not ENGLISH.search(finding.message), finding.message


@pytest.mark.parametrize("fixture", _cases("valid"), ids=lambda p: p.name.split("__")[0])
def test_valid_fixture_has_no_findings(fixture: Path, make_repo: MakeRepo) -> None:
    root = make_repo({_target(fixture): fixture.read_bytes()})
    assert summary(root) == []


def test_base_repository_is_clean(make_repo: MakeRepo) -> None:
    assert summary(make_repo()) == []


def test_every_rule_code_has_a_failing_fixture() -> None:
    covered = {p.name.split("-")[0] for p in _cases("invalid")}
    # Y005 (over 2 MiB), Y009 (unreadable) and R009 (no organisasjon.yaml) are built in
    # test_special_cases.py; the deadlines (F…) of `ims check` in test_analytics/test_deadlines.py;
    # the review rules (D…) of `ims diff` need two revisions: tests/test_cli/test_diff.py; Y011
    # (more than 100 findings in a file) is in test_capped.py and tests/test_cli/test_validate.py;
    # R011 (two avvik following up one funn) needs two files: tests/test_rules/test_references.py.
    # The encryption rules (K…) need kryptering on in ims.yaml, keys and a record:
    # tests/test_cli/test_encryption.py.
    elsewhere = {code for code in CODES if code[0] in "FDK"}
    assert set(CODES) - covered - elsewhere == {"Y005", "Y009", "R009", "Y011", "R011"}
