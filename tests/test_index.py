"""The index: every command says from it exactly what it says from every file read afresh
(IMS_NO_CACHE), after edits, deletions, renames, a changed ims.yaml and a branch switch; and an
index that is broken, foreign or held by another ims is never trusted."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
from argparse import Namespace
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from git import Repo
from typer.testing import CliRunner

from ims_cli.analytics import risk
from ims_cli.analytics.puff import puff, standings
from ims_cli.analytics.records import listed, settled
from ims_cli.analytics.stats import Reported
from ims_cli.analytics.tiltak import all_tiltak
from ims_cli.cli.app import app
from ims_cli.exchange import database
from ims_cli.indexed import (
    load_data,
    load_facts,
    load_named,
    load_registers,
    load_reported,
    load_repository,
    load_standings,
    load_tiltak,
    load_tiltak_data,
    open_index,
)
from ims_cli.models.avvik import Avvik
from ims_cli.models.egenvurdering import Egenvurdering
from ims_cli.models.prosess import Prosess
from ims_cli.models.ros import Ros
from ims_cli.store import index
from tests.conftest import PROJECT, MakeRepo
from tests.gitrepo import History

runner = CliRunner()
DAY = "2026-11-22"

# Every command that reads records, with the options that choose what the index builds.
COMMANDS = [
    ["puff", "--json", "--as-of", DAY],
    ["puff", "--json", "--as-of", "2027-09-01"],
    ["stats", "--json", "--periode", "2026", "--as-of", DAY],
    ["stats", "--json", "--as-of", DAY],
    ["stats", "--json", "--periode", "2025-T2"],
    ["risk", "matrix", "--json"],
    ["risk", "top", "--antall", "5"],
    ["risk", "dekning", "--as-of", DAY],
    ["tiltak", "list", "--json", "--as-of", DAY],
    ["tiltak", "list", "--forfalt", "--json", "--as-of", DAY],
    ["tiltak", "list", "--frist-innen", "2m", "--json", "--as-of", DAY],
    ["tiltak", "list", "--status", "pagar", "--kilde", "avvik", "--json", "--as-of", DAY],
    ["tiltak", "list", "--status", "fullfort", "--json", "--as-of", DAY],
    ["list", "--json"],
    ["list", "avvik", "--status", "lukket", "--fra", "2026-01-01", "--json"],
    ["check", "--as-of", DAY, "--format", "json"],
    ["validate", "--format", "json"],
]


def _run(root: Path, args: list[str], fresh: bool) -> tuple[int, str, str]:
    env = {"COLUMNS": "200", "IMS_NO_CACHE": "1" if fresh else None}
    result = runner.invoke(app, ["--repo", str(root), *args], env=env)  # type: ignore[arg-type]
    assert result.exit_code in (0, 1, 2), (args, result.stdout, result.stderr)
    return result.exit_code, result.stdout, result.stderr


def _report(root: Path, out: Path, fresh: bool) -> str:
    args = ["report", "lg", "--periode", "2026", "--as-of", DAY, "--ut", str(out)]
    _run(root, args, fresh)
    (markdown,) = out.glob("*.md")
    return markdown.read_text("utf-8")


def _same_as_afresh(root: Path, tmp_path: Path, shown: list[str], units: list[str]) -> None:
    """Every command, and `show` of some records and PUFF and statistics of some units."""
    commands = [
        *COMMANDS,
        *(["show", record, "--json"] for record in shown),
        *(["puff", "--enhet", unit, "--json", "--as-of", DAY] for unit in units),
        *(["stats", "--enhet", unit, "--json", "--as-of", DAY] for unit in units),
    ]
    for args in commands:
        assert _run(root, args, fresh=False) == _run(root, args, fresh=True), args
    kept, afresh = tmp_path / "kept", tmp_path / "afresh"
    assert _report(root, kept, fresh=False) == _report(root, afresh, fresh=True)
    shutil.rmtree(kept), shutil.rmtree(afresh)
    for publikum in ("intern", "apen"):  # made, then read back from what the index kept
        made = _exported(root, tmp_path / "made.db", publikum, fresh=False)
        assert made == _exported(root, tmp_path / "kept.db", publikum, fresh=False)
        assert made == _exported(root, tmp_path / "afresh.db", publikum, fresh=True)


def _exported(root: Path, out: Path, publikum: str, fresh: bool) -> list[str]:
    """What `ims export sqlite` wrote, as SQL."""
    out.unlink(missing_ok=True)
    _run(root, ["export", "sqlite", str(out), "--publikum", publikum], fresh)
    with closing(sqlite3.connect(out)) as db:
        return list(db.iterdump())


def _generated(target: Path) -> Path:
    """A repository from bench/'s generator: ten years of avvik, most of them long settled."""
    spec = importlib.util.spec_from_file_location("generate", PROJECT / "bench" / "generate.py")
    assert spec and spec.loader
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    sizes = Namespace(avvik=300, ros=25, prosesser=12, lederavtaler=12, virksomheter=4, seed=7)
    generator.generate(target, sizes)
    return target


def _files(root: Path, text: str) -> Iterator[Path]:
    return (p for p in sorted((root / "records").rglob("AVV-*.yaml")) if text in p.read_text())


def test_the_example_records_say_the_same_from_the_index(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "records", root / "records")
    shutil.copy(PROJECT / "ims.yaml", root)
    shown = ["AVV-2026-0007", "ROS-2026-0001", "PRO-2.2.1"]
    _same_as_afresh(root, tmp_path, shown, ["HO", "OPP-SOLSTRAND", "KD"])


def test_a_generated_repository_says_the_same_through_edits_and_a_branch_switch(
    tmp_path: Path,
) -> None:
    root = _generated(tmp_path / "generated")
    history = History(root)
    shown = ["AVV-2017-00000", "AVV-2026-00299"]
    units = ["V001", "TO1"]
    _same_as_afresh(root, tmp_path, shown, units)  # the index made by the first, read by the rest
    # An old, settled avvik opened again; an open one closed; one deleted, one moved to
    # another folder; ims.yaml changed: every kind of change the index must follow.
    old = next(_files(root, "status: lukket"))
    old.write_text(old.read_text().replace("status: lukket", "status: under_behandling"))
    recent = next(p for p in _files(root, "status: under_behandling") if "2026" in p.name)
    closed = "status: lukket\nlukket: 2026-11-01"
    recent.write_text(recent.read_text().replace("status: under_behandling", closed))
    next(_files(root, "2019")).unlink()
    moved = next(_files(root, "2020"))
    moved.rename(root / "records" / "avvik" / "2026" / moved.name)
    (root / "ims.yaml").write_text("frister:\n  avvik_behandling_dager: 3\n", "utf-8")
    _same_as_afresh(root, tmp_path, [*shown, old.stem, recent.stem], units)
    history.commit({}, "Endringer")
    history.git.git.checkout("-b", "gammel", "HEAD~1")  # back to before the changes
    _same_as_afresh(root, tmp_path, shown, units)


def test_an_export_builds_only_the_records_whose_files_changed_since_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _generated(tmp_path / "generated")
    built: set[str] = set()
    real = database._Source.reader

    def reader(source: Any, record: Any) -> Any:
        built.add(record.id)
        return real(source, record)

    monkeypatch.setattr(database._Source, "reader", reader)
    out = tmp_path / "ims.db"
    first = _exported(root, out, "intern", fresh=False)
    assert len(built) > 300  # every avvik, and the rest
    built.clear()
    assert _exported(root, out, "intern", fresh=False) == first
    assert built == set()  # every row from what the index kept
    changed = next(_files(root, "tittel: "))
    changed.write_text(changed.read_text().replace("tittel: ", "tittel: Endret "))
    again = _exported(root, out, "intern", fresh=False)
    assert built == {changed.stem} and again != first
    built.clear()
    _exported(root, out, "apen", fresh=False)  # another audience: rows of its own
    assert len(built) > 300


def test_the_risk_views_place_only_the_ros_whose_files_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _generated(tmp_path / "generated")
    placed: list[str] = []
    real = risk.risk_points

    def counted(analyses: Any, config: Any, dimension: Any = None) -> Any:
        analyses = list(analyses)
        placed.extend(ros.id for ros in analyses)
        return real(analyses, config, dimension)

    monkeypatch.setattr(risk, "risk_points", counted)
    first = _run(root, ["risk", "matrix", "--json"], fresh=False)
    assert len(placed) == 25
    placed.clear()
    assert _run(root, ["risk", "top", "--json"], fresh=False)[0] == 0
    assert _run(root, ["risk", "matrix", "--json"], fresh=False) == first
    assert placed == []  # both from what the index kept
    changed = min((root / "records" / "ros").rglob("*.yaml"))
    changed.write_text(changed.read_text().replace("sannsynlighet: ", "sannsynlighet:  ", 1))
    assert _run(root, ["risk", "matrix", "--json"], fresh=False) == first
    assert placed == [changed.stem]


def _one_command(root: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--repo", str(root), "tiltak", "list", "--json"])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("damage", ["garbage", "foreign", "blob"])
def test_a_broken_or_foreign_index_is_made_anew_with_a_note(
    damage: str, private_cache: Path, tmp_path: Path
) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "records", root / "records")
    shutil.copy(PROJECT / "ims.yaml", root)
    code, expected, _ = _one_command(root)
    (kept,) = private_cache.glob("*.index.sqlite")
    if damage == "garbage":
        kept.write_bytes(b"SQLite format 3\0" + b"\xff" * 5000)
    elif damage == "foreign":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{kept}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(kept) as other:
            other.execute("CREATE TABLE files (name TEXT, size INTEGER)")
    else:
        with sqlite3.connect(kept) as db:
            db.execute("UPDATE files SET result = x'00ff', tiltak = x'e9' WHERE sort = 'avvik'")
    again, output, note = _one_command(root)
    assert (again, output) == (code, expected)
    assert note == f"Merk: indeksen {kept} kunne ikke leses og bygges på nytt.\n"
    assert _one_command(root) == (code, expected, "")  # made anew: no note next time


def test_an_index_held_by_another_ims_is_left_alone(
    private_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "records", root / "records")
    code, expected, _ = _one_command(root)
    monkeypatch.setattr(index, "BUSY_SECONDS", 0.05)
    (kept,) = private_cache.glob("*.index.sqlite")
    other = sqlite3.connect(kept, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another ims writing it
    (root / "records" / "avvik" / "2026" / "AVV-2026-0007.yaml").unlink()  # so this run must write
    try:
        again, output, note = _one_command(root)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert again == code and output != expected and "AVV-2026-0007/" not in output
    assert note == ""
    assert _one_command(root)[1] == output


def test_the_index_is_never_in_the_records_repository(private_cache: Path, tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "records", root / "records")
    Repo.init(root)
    before = sorted(p.relative_to(root) for p in root.rglob("*") if ".git" not in p.parts)
    load_repository(root)
    assert sorted(p.relative_to(root) for p in root.rglob("*") if ".git" not in p.parts) == before
    assert list(private_cache.glob("*.index.sqlite"))


def _avvik(status: str, lukket: str | None, *tiltak: tuple[str, str | None]) -> Avvik:
    data = {
        "id": "AVV-2026-0001",
        "tittel": "Feil",
        "type": "avvik",
        "kategori": "hms",
        "enhet": "HO",
        "meldt": "2026-01-05",
        "meldt_av": "a",
        "beskrivelse": "b",
        "status": status,
        "tiltak": [
            {
                "id": f"T{n}",
                "beskrivelse": "c",
                "ansvarlig": "a",
                "frist": "2026-02-01",
                "status": state,
                **({"fullfort": done} if done else {}),
            }
            for n, (state, done) in enumerate(tiltak, 1)
        ],
    }
    if lukket:
        data["lukket"] = lukket
    return Avvik.model_validate(data)


def test_an_avvik_settles_when_it_and_every_tiltak_are_closed_on_the_last_day_of_either() -> None:
    assert settled(_avvik("lukket", "2026-03-01")) == date(2026, 3, 1)
    done = ("fullfort", "2026-04-10")
    assert settled(_avvik("lukket", "2026-03-01", done, ("avbrutt", None))) == date(2026, 4, 10)
    assert settled(_avvik("lukket", "2026-03-01", done, ("pagar", None))) is None
    assert settled(_avvik("tiltak_iverksatt", None, done)) is None


def test_what_statistics_read_from_the_index_is_what_the_avvik_say(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "records", root / "records")
    repo = load_repository(root)
    reports = load_reported(root)
    assert reports.avvik == [Reported.of(s.record) for s in repo.records if s.kind.name == "avvik"]
    assert len(reports.avvik) > 20
    assert reports.processes == {
        s.record.id: s.record.tittel for s in repo.records if isinstance(s.record, Prosess)
    }


def test_the_tiltak_read_from_the_index_are_those_of_the_records(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "records", root / "records")
    expected = list(all_tiltak(load_repository(root).records))
    assert {i.kilde for i in expected} == {
        *("avvik", "ros", "lederavtale", "lg", "egenvurdering", "varsel", "ovelse")
    }
    assert load_tiltak(root)[1] == expected


def test_what_completion_reads_from_the_index_is_what_the_records_say(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "records", root / "records")
    repo = load_repository(root)
    stored = {s.record.id: s for s in repo.records}
    named = {n.id: n for n in load_named(root)}
    assert named.keys() == stored.keys()
    for record_id, s in stored.items():
        parts = [r.id for r in s.record.risikoer] if isinstance(s.record, Ros) else []
        if isinstance(s.record, Egenvurdering):
            parts = [area.omrade for area in s.record.omrader]
        shown = (s.kind.name, listed(s).tittel, s.record.gradering, parts)
        assert (named[record_id].sort, *named[record_id][2:]) == shown
    tiltak = {i: [t["id"] for t in items] for i, _, items in load_tiltak_data(root)}
    assert tiltak == {
        i: [t.id for _, t in s.record.all_tiltak()]
        for i, s in stored.items()
        if list(s.record.all_tiltak())
    }
    data = dict(load_data(root))
    assert {i: d["id"] for i, d in data.items()} == {i: i for i in stored}
    assert load_registers(root).organisasjon == repo.organisasjon


def test_a_prefix_selects_the_records_whose_id_starts_with_it(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "records", root / "records")
    every = sorted(n.id for n in load_named(root))
    for prefix in ("AVV-2026-000", "ROS-", "PRO-2", ""):
        chosen = load_named(root, select=index.Select(every_id=False, prefix=prefix))
        assert sorted(n.id for n in chosen) == [i for i in every if i.startswith(prefix)]
    sorts = frozenset({"avvik"})
    assert load_named(root, select=index.Select(sorts, prefix="ROS-")) == []


@pytest.mark.parametrize("source", ["example", "generated"])
def test_puff_judges_the_same_from_what_the_index_keeps_as_from_the_records(
    tmp_path: Path, source: str
) -> None:
    root = tmp_path / source
    if source == "example":
        shutil.copytree(PROJECT / "records", root / "records")
    else:
        _generated(root)
    repo = load_repository(root)
    assert repo.organisasjon is not None
    built = standings(repo.records, repo.config)
    kept = load_standings(root)[1]
    assert [(s.id, s.sort, s.enhet, s.tiltak, s.marks) for s in kept] == [
        (s.id, s.sort, s.enhet, s.tiltak, s.marks) for s in built
    ]
    assert {s.marks.cover is not None for s in kept if s.sort == "ros"} == {True}
    for day in (date(2026, 11, 22), date(2027, 9, 1)):
        judged = puff(kept, repo.config, repo.organisasjon, day)
        assert judged == puff(built, repo.config, repo.organisasjon, day)
        assert any(p.reasons for u in judged for p in u.phases.values())


def test_another_ims_makes_the_index_anew_whatever_its_columns_were(
    private_cache: Path, tmp_path: Path
) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "records", root / "records")
    code, expected, _ = _one_command(root)
    (kept,) = private_cache.glob("*.index.sqlite")
    with sqlite3.connect(kept) as db:  # as an older ims left it: a column fewer
        db.execute("ALTER TABLE files DROP COLUMN tiltak")
        db.execute("UPDATE meta SET value = x'00' WHERE key IN ('code', 'stamps')")
    assert _one_command(root) == (code, expected, "")


def test_a_register_that_does_not_parse_is_reported_not_taken_as_invalid(
    make_repo: MakeRepo,
) -> None:
    root = make_repo({"records/organisasjon.yaml": "enheter: [\n"})
    repo = load_repository(root)
    catalogue, _ = load_facts(open_index(root))
    assert repo.broken_registers == catalogue.broken_registers == set()
    assert [f.code for f in repo.findings] == [f.code for f in catalogue.findings] != []
