"""`ims check` works from each record's facts, cached with its file, never from the records: it
must say exactly what the rules say over the whole repository loaded, on any day."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ims_cli.analytics.deadlines import deadlines, late_findings, lovkrav_reviews, reports_untreated
from ims_cli.findings import Finding, sort_key
from ims_cli.indexed import load_checked, load_repository
from ims_cli.rules import references
from ims_cli.rules.check import check
from ims_cli.rules.run import validate
from ims_cli.store.load import discover, locate
from tests.conftest import PROJECT, MakeRepo

DAYS = [date(2026, 1, 1), date(2026, 6, 30), date(2026, 11, 22), date(2027, 7, 1), date(2030, 1, 1)]
Row = tuple[object, ...]


def _rows(found: list[Finding]) -> list[Row]:
    return [(*f.to_json().values(), f.path) for f in found]


def _from_facts(root: Path, day: date, unit: str | None = None) -> list[Row]:
    return _rows(check(load_checked(root, discover(root)), day, unit))


def _from_records(root: Path, day: date) -> list[Row]:
    """The rules over the records themselves, as `ims check` is documented to apply them."""
    repo = load_repository(root)
    org = repo.organisasjon
    leaders = {u.id: u.leder for u in org.enheter} if org else {}
    reviews = lovkrav_reviews(repo.lovkrav, repo.config, org)
    found = deadlines(repo.records, repo.config, day, org=org)
    found += late_findings([d.to_wire() for d in reviews], day)
    found += late_findings([d.to_wire() for d in reports_untreated(repo.config, day)], day)
    late = [
        f if f.owner else replace(f, owner=leaders.get(f.unit or ""))
        for f in locate(root, found, repo.places)
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


def _age(root: Path) -> None:
    """Every file a minute old: none too fresh to be trusted by its stamp."""
    past = time.time() - 60
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def _refuse(*_: object) -> None:
    raise AssertionError("an unchanged repository must not be worked out again")


def test_an_unchanged_repository_is_checked_from_what_was_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _example(tmp_path)
    _age(root)
    first = {day: _from_facts(root, day) for day in DAYS}
    mine = _from_facts(root, date(2030, 1, 1), unit="OPP-SOLSTRAND")
    monkeypatch.setattr("ims_cli.indexed.load_facts", _refuse)
    for day in DAYS:
        assert _from_facts(root, day) == first[day] == _from_records(root, day)
    assert _from_facts(root, date(2030, 1, 1), unit="OPP-SOLSTRAND") == mine


CHANGES = {
    "a record edited": lambda root: _replace_in(
        root / "records/avvik/AVV-2026-0100.yaml", "status: ", "status: tull\nx: "
    ),
    "a record deleted": lambda root: (root / "records/ros/ROS-2026-0001.yaml").unlink(),
    "ims.yaml broken": lambda root: (root / "ims.yaml").write_text("risiko: [\n"),
}


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_is_seen_after_a_run_that_kept_its_work(
    change: str, make_repo: MakeRepo
) -> None:
    root = make_repo()
    _age(root)
    day = date(2027, 7, 1)
    before = _from_facts(root, day)
    CHANGES[change](root)
    _age(root)
    after = _from_facts(root, day)
    assert after == _from_records(root, day)
    assert after != before


def test_a_broken_ims_yaml_then_none_at_all(make_repo: MakeRepo) -> None:
    """Both give the default settings; only the first is a finding."""
    root = make_repo({"ims.yaml": "risiko: [\n"})
    _age(root)
    day = date(2027, 7, 1)
    assert "Y002" in {row[0] for row in _from_facts(root, day)}
    (root / "ims.yaml").unlink()
    assert _from_facts(root, day) == _from_records(root, day)
    assert "Y002" not in {row[0] for row in _from_facts(root, day)}


def test_a_repository_with_findings_is_also_checked_from_what_was_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only an unreadable file (Y009) keeps the result from being kept; a finding does not."""
    root = _example(tmp_path)
    _replace_in(root / "records/avvik/2026/AVV-2026-0001.yaml", "status: ", "status2: x\nstatus: ")
    _age(root)
    first = _from_facts(root, date(2030, 1, 1))
    assert any(row[0] == "S002" for row in first)
    monkeypatch.setattr("ims_cli.indexed.load_facts", _refuse)
    assert _from_facts(root, date(2030, 1, 1)) == first


def test_a_unit_keeps_the_findings_that_belong_to_no_unit(tmp_path: Path) -> None:
    """ims.yaml concerns every unit: its findings stay when the check is narrowed to one."""
    root = _example(tmp_path)
    (root / "ims.yaml").write_text("risiko:\n  nivaer:\n    - {navn: lav, maks: 4}\n", "utf-8")
    mine = _from_facts(root, date(2026, 1, 2), unit="OPP-SOLSTRAND")
    assert [row for row in mine if row[2] == "ims.yaml"] == [
        row for row in _from_facts(root, date(2026, 1, 2)) if row[2] == "ims.yaml"
    ]
    assert any(row[2] == "ims.yaml" for row in mine)


def test_a_unit_leaves_out_the_findings_of_other_units_records(tmp_path: Path) -> None:
    root = _example(tmp_path)  # AVV-2026-0001 is Bjerke sykehjem's, in HO
    _replace_in(root / "records/avvik/2026/AVV-2026-0001.yaml", "PRO-2.2.1", "PRO-9.9")
    everything = _from_facts(root, date(2026, 1, 2))
    assert any(row[0] == "R003" for row in everything)
    assert any(row[0] == "R003" for row in _from_facts(root, date(2026, 1, 2), unit="HO"))
    assert not any(row[0] == "R003" for row in _from_facts(root, date(2026, 1, 2), unit="OPP"))
