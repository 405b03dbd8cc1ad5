"""Fixes as ruff has them: safe ones by `--fix`, the «mente du …?» suggestions only with
`--unsafe-fixes`, both shown by `--diff`; on what `ims init --eksempel` writes, with errors put in,
and from the findings the index keeps (no file read to find them)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.findings import Finding, Fix
from ims_cli.indexed import load_checked
from ims_cli.operations.fixing import plan
from ims_cli.store import load
from ims_cli.store.load import finding_from_wire, finding_to_wire
from tests.conftest import findings, only_file

AVVIK = "records/avvik/*/AVV-*.yaml"  # the example avvik, named by the year it is dated in
PROSESS = "records/prosesser/1-henting-og-bringing.md"
ORG = "records/organisasjon.yaml"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def edit(root: Path, file: str, *changes: tuple[str, str]) -> str:
    """Apply the text changes to a file ims wrote, each exactly once; the text before."""
    path = root / file
    before = text = path.read_text("utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, "utf-8")
    return before


@pytest.fixture
def example(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """`ims init --eksempel`, then two certain mistakes and four close ones: a date written the
    Norwegian way and a status as people write it (safe); a misspelt person, unit and category
    in the avvik, a misspelt owner in the process and a misspelt leader in the register
    (unsafe). Returns the root and the files as ims wrote them."""
    root = tmp_path / "kvalitet"
    assert CliRunner().invoke(app, ["init", str(root), "--eksempel"]).exit_code == 0
    avvik = only_file(root, AVVIK)
    text = (root / avvik).read_text("utf-8")
    meldt = re.search(r"^meldt: (\d{4})-(\d\d)-(\d\d)$", text, re.MULTILINE)
    assert meldt is not None
    year, month, day = meldt.groups()
    originals = {
        avvik: edit(
            root,
            avvik,
            (meldt.group(0), f"meldt: {day}.{month}.{year}"),
            ("status: tiltak_iverksatt", "status: Tiltak iverksatt"),
            ("ansvarlig: liv.berg", "ansvarlig: liv.bergg"),
            ("enhet: OPP-SOLSTRAND", "enhet: OPP-SOLSTRAN"),
            ("kategori: tjenestekvalitet", "kategori: tjenestekvaliet"),
        ),
        PROSESS: edit(root, PROSESS, ("eier: liv.berg", "eier: liv.brg")),
        ORG: edit(
            root, ORG, ("overordnet: OPP, leder: liv.berg}", "overordnet: OPP, leder: liv.berq}")
        ),
    }
    return root, originals


def test_validate_says_how_many_each_kind_of_fix_would_repair(
    example: tuple[Path, dict[str, str]],
) -> None:
    root, _ = example
    code, out, _ = run(root, "validate")
    assert code == 1
    assert out.endswith("\n2 kan rettes med --fix, 5 til med --unsafe-fixes.\n")
    assert (
        "«liv.bergg» finnes ikke under personer i records/organisasjon.yaml – mente du «liv.berg»?"
        in out
    )
    kinds = {
        (f["kode"], f["rettelse"]["fra"], f["rettelse"]["til"], f["rettelse"]["sikkerhet"])
        for f in json.loads(run(root, "validate", "--json")[1])["funn"]
        if "rettelse" in f
    }
    assert kinds == {
        ("S004", f"{_meldt(root)}", _iso(_meldt(root)), "sikker"),
        ("S003", "Tiltak iverksatt", "tiltak_iverksatt", "sikker"),
        ("S003", "tjenestekvaliet", "tjenestekvalitet", "usikker"),
        ("R001", "OPP-SOLSTRAN", "OPP-SOLSTRAND", "usikker"),
        ("R002", "liv.bergg", "liv.berg", "usikker"),
        ("R002", "liv.brg", "liv.berg", "usikker"),
        ("R002", "liv.berq", "liv.berg", "usikker"),
    }


def _meldt(root: Path) -> str:
    text = (root / only_file(root, AVVIK)).read_text("utf-8")
    found = re.search(r"^meldt: (\S+)$", text, re.MULTILINE)
    assert found is not None
    return found.group(1)


def _iso(norwegian: str) -> str:
    day, month, year = norwegian.split(".")
    return f"{year}-{month}-{day}"


def test_diff_shows_the_safe_fixes_and_with_unsafe_fixes_the_others_too_writing_nothing(
    example: tuple[Path, dict[str, str]],
) -> None:
    root, _ = example
    avvik = only_file(root, AVVIK)
    before = {f: (root / f).read_bytes() for f in (avvik, PROSESS, ORG)}
    code, safe, _ = run(root, "validate", "--diff")
    assert code == 1
    assert f"--- a/{avvik}\n+++ b/{avvik}\n" in safe
    assert "-status: Tiltak iverksatt\n+status: tiltak_iverksatt\n" in safe
    assert "liv.bergg" not in safe and PROSESS not in safe and ORG not in safe
    code, every, _ = run(root, "validate", "--diff", "--unsafe-fixes")
    assert code == 1
    for old, new in (
        ("status: Tiltak iverksatt", "status: tiltak_iverksatt"),
        ("    ansvarlig: liv.bergg", "    ansvarlig: liv.berg"),
        ("enhet: OPP-SOLSTRAN", "enhet: OPP-SOLSTRAND"),
        ("kategori: tjenestekvaliet", "kategori: tjenestekvalitet"),
        ("eier: liv.brg", "eier: liv.berg"),
    ):
        assert f"\n-{old}\n" in every and f"\n+{new}\n" in every
    assert f"--- a/{ORG}\n" in every and "leder: liv.berg}" in every
    assert {f: (root / f).read_bytes() for f in before} == before  # nothing written


def test_fix_applies_the_safe_fixes_and_unsafe_fixes_the_rest(
    example: tuple[Path, dict[str, str]],
) -> None:
    root, originals = example
    avvik = only_file(root, AVVIK)
    code, out, _ = run(root, "validate", "--fix")
    assert code == 1
    meldt = _meldt_before(originals[avvik])
    assert f"{avvik}:8: {meldt} → {_iso(meldt)}\n" in out
    assert "2 rettelser i 1 fil.\n" in out
    assert out.endswith("\n5 kan rettes med --fix --unsafe-fixes.\n")
    assert "ansvarlig: liv.bergg" in (root / avvik).read_text("utf-8")  # left as it was
    code, out, _ = run(root, "validate", "--fix", "--unsafe-fixes")
    assert code == 0
    assert "5 rettelser i 3 filer.\n" in out
    assert out.endswith("poster sjekket: 0 feil, 0 advarsler.\n")
    # each file as ims wrote it, comments and layout kept
    assert {f: (root / f).read_text("utf-8") for f in originals} == originals
    assert findings(root) == []


def _meldt_before(avvik: str) -> str:
    found = re.search(r"^meldt: (\S+)$", avvik, re.MULTILINE)
    assert found is not None
    day = found.group(1)
    year, month, dd = day.split("-")
    return f"{dd}.{month}.{year}"


def test_unsafe_fixes_alone_is_a_usage_error(example: tuple[Path, dict[str, str]]) -> None:
    root, _ = example
    assert run(root, "validate", "--unsafe-fixes") == (
        2,
        "",
        "ims: --unsafe-fixes hører til --fix eller --diff; bruk det sammen med ett av dem\n",
    )


def test_a_file_changed_since_it_was_checked_is_not_fixed(
    example: tuple[Path, dict[str, str]],
) -> None:
    """The fixes come from the index: a file that no longer has what they replace is left."""
    root, _ = example
    avvik = only_file(root, AVVIK)
    found = load_checked(root).findings
    edit(root, avvik, ("status: Tiltak iverksatt", "status: Under behandling"))
    planned = plan(root, found, unsafe=True)
    assert planned.refused == (
        (avvik, "filen er endret siden den ble sjekket; kjør «ims validate» igjen"),
    )
    assert [f.file for f in planned.files] == [ORG, PROSESS]


def test_fix_reads_no_file_to_find_the_fixes_and_only_the_edited_ones_after(
    example: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The findings come from the index with their fixes: the files with findings but nothing
    to fix (a date no calendar has) are not read, and after the edit only the edited file is."""
    root, originals = example
    avvik = only_file(root, AVVIK)
    for file in (PROSESS, ORG):  # what refers to no one is read again by every check
        (root / file).write_text(originals[file], "utf-8")
    audit = only_file(root, "records/revisjoner/REV-*.yaml")
    planned = re.search(r"^planlagt: \S+$", (root / audit).read_text("utf-8"), re.MULTILINE)
    assert planned is not None  # dated from the day of `ims init`
    edit(root, audit, (planned.group(0), "planlagt: 31.02.2027"))  # no such day
    code, out, _ = run(root, "validate")  # the index made, and what checking gives kept
    assert code == 1 and f"{audit}:6:11: feil S004" in out
    seen: list[str] = []
    real = load.read_file

    def counting(path: str, raw: bytes, *people: Any, **options: Any) -> load.FileResult:
        seen.append(path)
        return real(path, raw, *people, **options)

    monkeypatch.setattr(load, "read_file", counting)
    code, out, _ = run(root, "validate", "--fix")
    assert "2 rettelser i 1 fil.\n" in out
    assert set(seen) == {avvik}
    assert f"{audit}:6:11: feil S004" in out  # still told, from the index


def test_a_fix_goes_through_the_index_with_its_finding() -> None:
    for fix in (
        Fix("14.02.2026", date(2026, 2, 14)),
        Fix("tittle", "tittel", key=True),
        Fix("liv.bergg", "liv.berg", applicability="unsafe"),
        Fix("tittle", "tittel", key=True, applicability="display"),
    ):
        finding = Finding("S004", "feil", "a.yaml", "m", "AVV-1", 3, 4, ("meldt",), fix=fix)
        assert finding_from_wire(finding_to_wire(finding)).fix == fix


def test_the_value_a_fix_replaces_in_a_graded_record_is_not_shown_beyond_the_file(
    example: tuple[Path, dict[str, str]],
) -> None:
    root, _ = example
    avvik = only_file(root, AVVIK)
    edit(root, avvik, ("gradering: intern", "gradering: fortrolig"))
    fixes = [
        f["rettelse"]
        for f in json.loads(run(root, "validate", "--json")[1])["funn"]
        if f["fil"] == avvik and "rettelse" in f
    ]
    assert {(r["fra"], r["sikkerhet"]) for r in fixes} == {
        ("(gradert)", "sikker"),
        ("(gradert)", "usikker"),
    }
