"""`ims tiltak list` on the example records."""

from __future__ import annotations

import json
from datetime import date

from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import PROJECT, MakeRepo

runner = CliRunner()


def listed(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(
        app, ["--repo", str(PROJECT), "tiltak", "list", "--as-of", "2026-11-22", "--json", *args]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["tiltak"]  # type: ignore[no-any-return]


def test_sorted_by_frist_from_every_kind() -> None:
    items = listed()
    assert [i["frist"] for i in items] == sorted(i["frist"] for i in items)
    assert {i["kilde"] for i in items} == {
        "avvik",
        "ros",
        "lederavtale",
        "lg",
        "egenvurdering",
        "varsel",
        "ovelse",
    }


def test_overdue_in_a_unit_with_sub_units() -> None:
    items = listed("--forfalt", "--enhet", "HO")
    assert all(i["dager_forfalt"] > 0 for i in items)  # type: ignore[operator]
    assert {i["enhet"] for i in items} == {"HO", "HO-BJERKE", "HO-HJEMME"}


def test_days_over_the_frist_are_counted_only_for_open_tiltak_past_it() -> None:
    day = date(2026, 11, 22)
    items = listed()
    for i in items:
        frist = date.fromisoformat(str(i["frist"]))
        late = i["status"] in ("planlagt", "pagar") and frist < day
        assert i["dager_forfalt"] == ((day - frist).days if late else 0), i["ref"]
    assert {i["status"] for i in items if i["dager_forfalt"] == 0} >= {"planlagt", "fullfort"}


def test_filters_combine() -> None:
    items = listed("--ansvarlig", "hilde.ro", "--status", "fullfort", "--kilde", "avvik")
    assert items and all(i["ansvarlig"] == "hilde.ro" and i["status"] == "fullfort" for i in items)


def test_due_within() -> None:
    items = listed("--frist-innen", "30d")
    assert items and all(i["status"] in ("planlagt", "pagar") for i in items)
    assert max(i["frist"] for i in items) <= "2026-12-22"  # type: ignore[operator]


def test_bad_window_is_a_usage_error() -> None:
    result = runner.invoke(
        app, ["--repo", str(PROJECT), "tiltak", "list", "--frist-innen", "snart"]
    )
    assert result.exit_code == 2 and "30d, 6u eller 2m" in result.output


def test_record_text_is_printed_as_written(make_repo: MakeRepo) -> None:
    """Brackets and colons in a record are text, never rich markup or emoji codes."""
    text = "Rutine [HO] for natt [/bold] :smile:"
    avvik = f"""id: AVV-2026-0101
type: avvik
tittel: Tittel
meldt: 2026-03-01
enhet: OPP-SOL
kategori: tjenestekvalitet
status: under_behandling
tiltak:
  - {{id: T1, beskrivelse: "{text}", ansvarlig: liv.berg, frist: 2026-04-01, status: pagar}}
"""
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": avvik})
    args = ["--repo", str(root), "tiltak", "list"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert text in result.output
