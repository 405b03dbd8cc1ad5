"""`ims list` and `ims show` on the example records."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date

import pytest
from typer.testing import CliRunner

from ims_cli.analytics.records import Listed
from ims_cli.cli.app import app
from ims_cli.render.records import list_json
from tests.conftest import PROJECT, MakeRepo

runner = CliRunner()


def ims(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(PROJECT), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def listed(*args: str) -> list[dict[str, object]]:
    code, output = ims("list", *args, "--json")
    assert code == 0, output
    return json.loads(output)["poster"]  # type: ignore[no-any-return]


def test_every_record_is_listed_by_id() -> None:
    rows = listed()
    assert len(rows) == 93
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert set(rows[0]) == {"id", "sort", "tittel", "enhet", "dato", "status", "fil", "gradering"}


def test_filters_combine_and_a_unit_includes_those_below() -> None:
    rows = listed("avvik", "--enhet", "HO", "--status", "meldt")
    assert [r["id"] for r in rows] == ["AVV-2026-0019", "AVV-2026-0021", "AVV-2026-0025"]
    assert {r["enhet"] for r in rows} == {"HO", "HO-BJERKE", "HO-HELSESTASJON"}


def test_text_and_dates() -> None:
    ids = [r["id"] for r in listed("--tekst", "LEGEMIDDEL", "--fra", "2026-02-01")]
    assert "ROS-2026-0001" in ids and "PRO-2.2.1" in ids and "AVV-2025-0001" not in ids
    assert all(str(r["dato"]) >= "2026-02-01" for r in listed("--fra", "2026-02-01"))


@pytest.mark.parametrize(
    ("args", "said"),
    [(["avvk"], "sorten «avvk» finnes ikke"), (["--status", "åpen"], "--status «åpen» finnes")],
)
def test_a_wrong_kind_or_status_is_a_usage_error(args: list[str], said: str) -> None:
    code, output = ims("list", *args)
    assert code == 2 and said in output


def test_show_gives_fields_and_tiltak_with_their_frist() -> None:
    code, output = ims("show", "AVV-2026-0007", "--as-of", "2026-11-23")
    assert code == 0
    assert output.startswith("AVV-2026-0007 Legemiddelgjennomgang ikke gjennomført")
    assert "årsaksanalyse  rotårsak Tilsynslegen har ikke tid" in output
    assert "T2 pågår, frist 30.09.2026 (54 dager over), Hilde Ro: Legemiddelgjennomgang" in output


def test_a_tiltak_one_day_late_says_one_day() -> None:
    _, output = ims("show", "AVV-2026-0007", "--as-of", "2026-10-01")
    assert "T2 pågår, frist 30.09.2026 (1 dag over), Hilde Ro" in output


def test_show_reads_as_people_read_it() -> None:
    """People and units by name, dates as dd.mm.åååå, codes as words; ids stay ids."""
    _, avvik = ims("show", "AVV-2026-0009")
    for line in (
        "meldt          28.04.2026",
        "meldt av       Jonas Berg",
        "enhet          IKT og digitalisering",
        "ROS-risiko     ROS-2026-0004/R2",
        "lukket         20.05.2026",
    ):
        assert line in avvik
    assert "kategori opplæring, metode fem hvorfor" in " ".join(avvik.split())
    _, agreement = ims("show", "LA-2026-0002")
    assert agreement.startswith("LA-2026-0002 Lederavtale 2026 for Erik Dahl")
    assert "signert     leder 20.01.2026, overordnet 22.01.2026" in agreement
    _, analysis = ims("show", "ROS-2026-0004")
    assert "deltakere         Ahmed Ali, Mona Berge, Siri Holm" in analysis
    assert "(ros, fortrolig;" in analysis


def test_show_a_ros_with_its_risks_and_an_agreement_with_its_goals() -> None:
    _, ros = ims("show", "ROS-2026-0001")
    assert "R1 16 høy → 8 middels; tiltak 2 (1 fullført): Legemidler deles ut" in ros
    _, agreement = ims("show", "LA-2026-0004")
    assert "budsjett (kr) 61\u00a0000\u00a0000" in agreement and "10,6 (2026-T2) rød" in agreement
    _, review = ims("show", "LG-2026-0001")
    assert "Beslutninger\n  T1 pågår, frist 15.12.2026" in review


def test_show_as_json() -> None:
    code, output = ims("show", "PRO-2.2.1", "--json")
    document = json.loads(output)
    assert code == 0 and document["post"]["id"] == "PRO-2.2.1" and document["sort"] == "prosess"
    assert document["tekst"].startswith("# Formål")


def test_show_says_why_a_record_is_not_found(make_repo: MakeRepo) -> None:
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": "id: AVV-2026-0101\n"})
    for record, said in [("AVV-2026-0101", "filen har feil"), ("AVV-2026-9999", "")]:
        result = runner.invoke(app, ["--repo", str(root), "show", record])
        assert result.exit_code == 2
        assert f"fant ingen gyldig post {record}" in result.output and said in result.output


def test_list_json_has_every_field_of_a_listed_record() -> None:
    listed = Listed("AVV-2026-0001", "avvik", "x", "HO", date(2026, 3, 1), "meldt", "f", "intern")
    (row,) = json.loads(list_json([listed]))["poster"]
    assert list(row) == [f.name for f in fields(Listed)]
    assert row["dato"] == "2026-03-01"


def test_into_a_pipe_every_row_is_one_whole_line() -> None:
    """`ims list avvik | grep` finds a word from the end of a long title."""
    result = CliRunner().invoke(app, ["--repo", str(PROJECT), "list", "avvik"])
    lines = result.output.splitlines()
    assert lines[0] == "Id\tEnhet\tDato\tStatus\tTittel"
    found = [line for line in lines if line.endswith("utdelt legemiddel")]
    assert found == [
        "AVV-2025-0001\tHO-BJERKE\t14.01.2025\tlukket\tManglende signatur på utdelt legemiddel"
    ]
    assert len(lines) == 47


def test_puff_into_a_pipe_is_one_line_per_unit() -> None:
    result = CliRunner().invoke(app, ["--repo", str(PROJECT), "puff", "--as-of", "2026-11-22"])
    header, *units = result.output.splitlines()
    assert header == "Enhet\tNavn\tPlanlegge\tUtføre\tFølge opp\tForbedre"
    assert units[0] == "KD\tKommunedirektøren\trød\trød\tgul\trød"
    assert all(len(u.split("\t")) == 6 for u in units) and len(units) == 15


def test_tiltak_are_listed_with_people_by_name() -> None:
    args = ["--repo", str(PROJECT), "tiltak", "list", "--forfalt", "--as-of", "2026-11-22"]
    header, first, *_ = CliRunner().invoke(app, args).output.splitlines()
    assert header.split("\t")[2] == "Ansvarlig"
    assert first.split("\t")[2:5] == ["Kari Nordmann", "01.05.2026 (+205 d)", "pågår"]


def test_puff_sorts_by_red_phases_written_either_way() -> None:
    args = ["--repo", str(PROJECT), "puff", "--as-of", "2026-11-22", "--sorter"]
    with_o, with_oe = (CliRunner().invoke(app, [*args, s]) for s in ("rod", "rød"))
    assert with_o.exit_code == with_oe.exit_code == 0 and with_o.output == with_oe.output
    assert with_o.output.splitlines()[1].endswith("rød\trød\trød\trød")
