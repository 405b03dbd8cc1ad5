"""`ims check` works from each record's facts, cached with its file, never from the records: it
must say exactly what the rules say over the whole repository loaded, on any day."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from ims_cli.analytics.deadlines import deadlines
from ims_cli.findings import Finding, sort_key
from ims_cli.rules import references
from ims_cli.rules.check import check
from ims_cli.rules.facts import load_facts
from ims_cli.rules.run import validate
from ims_cli.store.load import discover, load_repository, locate, read_record
from tests.conftest import PROJECT, MakeRepo

DAYS = [date(2026, 1, 1), date(2026, 6, 30), date(2026, 11, 22), date(2027, 7, 1), date(2030, 1, 1)]
Row = tuple[object, ...]


def _rows(found: list[Finding]) -> list[Row]:
    return [(*f.to_json().values(), f.path) for f in found]


def _from_facts(root: Path, day: date, unit: str | None = None) -> list[Row]:
    catalogue, facts = load_facts(root, discover(root))
    return _rows(check(catalogue, facts, day, partial(read_record, root), unit=unit))


def _from_records(root: Path, day: date) -> list[Row]:
    """The rules over the records themselves, as `ims check` is documented to apply them."""
    repo = load_repository(root)
    org = repo.organisasjon
    leaders = {u.id: u.leder for u in org.enheter} if org else {}
    late = [
        f if f.owner else replace(f, owner=leaders.get(f.unit or ""))
        for f in locate(root, deadlines(repo.records, repo.config, day), repo.places)
    ]
    return _rows(validate(repo) + sorted(late, key=sort_key))


def _example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "records", root / "records")
    shutil.copy(PROJECT / "ims.yaml", root / "ims.yaml")
    return root


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_example_records_checked_from_facts_as_from_the_records(
    day: date, tmp_path: Path
) -> None:
    root = _example(tmp_path)
    expected = _from_records(root, day)
    assert any(row[0].startswith("F") for row in expected) or day == date(2026, 1, 1)
    assert _from_facts(root, day) == expected  # read fresh
    assert _from_facts(root, day) == expected  # from the cache


def test_a_unit_sees_only_its_own_and_its_sub_units_findings(tmp_path: Path) -> None:
    root = _example(tmp_path)
    everything = _from_facts(root, date(2030, 1, 1))
    mine = _from_facts(root, date(2030, 1, 1), unit="OPP-SOLSTRAND")
    assert mine and len(mine) < len(everything)
    assert all(row in everything for row in mine)


def test_a_changed_ims_yaml_changes_the_cached_deadlines(make_repo: MakeRepo) -> None:
    root = make_repo()
    day = date(2027, 1, 1)
    before = {row[0] for row in _from_facts(root, day)}
    config = root / "ims.yaml"
    text = config.read_text(encoding="utf-8")
    assert "frister:" not in text
    config.write_text(text + "frister:\n  prosess_revisjon_maaneder: 6\n", encoding="utf-8")
    after = _from_facts(root, day)
    assert after == _from_records(root, day)
    assert "F003" in {row[0] for row in after} - before


def test_a_reference_that_dangles_after_another_file_changed_is_found(
    make_repo: MakeRepo,
) -> None:
    """A record's facts are cached, but whether its references resolve is decided every run."""
    root = make_repo()
    day = date(2026, 11, 22)
    assert not [row for row in _from_facts(root, day) if row[0] == "R002"]
    org = root / "records" / "organisasjon.yaml"
    past = time.time() - 60
    text = org.read_text(encoding="utf-8")
    person = "  - {id: liv.berg, navn: Liv Berg, git: livberg}\n"
    assert person in text
    org.write_text(text.replace(person, ""), encoding="utf-8")
    os.utime(org, (past, past))
    found = _from_facts(root, day)
    assert [row for row in found if row[0] == "R002"]
    assert found == _from_records(root, day)


def test_every_kind_of_reference_has_its_targets(make_repo: MakeRepo) -> None:
    known = references.Known.of(load_repository(make_repo()))
    assert set(known.targets()) == set(references._CHECKS)
