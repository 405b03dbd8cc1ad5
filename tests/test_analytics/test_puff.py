"""PUFF: a unit built to be green in every phase, one built to be red, rules, aggregation."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from ims_cli.analytics.puff import PHASES, puff
from ims_cli.cli.app import app
from ims_cli.store.load import load_repository
from tests.conftest import MakeRepo

DAY = date(2026, 5, 15)
ORG = """enheter:
  - {id: KD, navn: Kommunedirektøren, niva: kommune, leder: kari.nordmann}
  - {id: OPP, navn: Oppvekst, niva: tjenesteomrade, overordnet: KD, leder: ola.hansen}
  - {id: OPP-SOL, navn: Solstrand barnehage, niva: virksomhet, overordnet: OPP, leder: liv.berg}
  - {id: OPP-RED, navn: Rødt, niva: virksomhet, overordnet: OPP, leder: liv.berg}
personer:
  - {id: kari.nordmann, navn: Kari Nordmann}
  - {id: ola.hansen, navn: Ola Hansen}
  - {id: liv.berg, navn: Liv Berg}
"""


def ros(number: int, unit: str, area: str, dato: str = "2026-02-01") -> str:
    return (
        f"id: ROS-2026-{number:04d}\ntittel: x\nomrade: {area}\nenhet: {unit}\n"
        f"ansvarlig: liv.berg\ndato: {dato}\nrisikoer:\n  - {{id: R1, trussel: x, "
        "sannsynlighet: 1, konsekvens: 1}\n"
    )


GREEN = {
    "records/organisasjon.yaml": ORG,
    "records/avvik/AVV-2026-0100.yaml": (
        "id: AVV-2026-0100\ntype: avvik\ntittel: x\nmeldt: 2026-03-01\nenhet: OPP-SOL\n"
        "kategori: hms\nstatus: lukket\nlukket: 2026-03-20\narsaksanalyse: {rotarsak: Rutine}\n"
        "tiltak:\n  - {id: T1, beskrivelse: a, ansvarlig: liv.berg, frist: 2026-03-15, "
        "status: fullfort, fullfort: 2026-03-14, evaluering: Virket}\n"
    ),
    "records/ros/ROS-2026-0002.yaml": ros(2, "OPP-SOL", "hms"),
    "records/ros/ROS-2026-0003.yaml": ros(3, "OPP-SOL", "beredskap"),
    "records/LA-2026-0001.yaml": (
        "id: LA-2026-0001\naar: 2026\nenhet: OPP-SOL\nleder: liv.berg\noverordnet: ola.hansen\n"
        "signert: {leder: 2026-01-10, overordnet: 2026-01-12}\nmal:\n  - {id: M1, fokusomrade: "
        "brukere, beskrivelse: x, malverdi: 5, resultater: [{periode: 2026-T1, verdi: 5}]}\n"
        "lederdialog: [{dato: 2026-01-20}]\n"
    ),
    "records/REV-2026-0001.yaml": (
        "id: REV-2026-0001\ntype: intern_revisjon\ntittel: x\nenhet: OPP-SOL\n"
        "planlagt: 2026-04-01\ngjennomfort: 2026-04-02\n"
    ),
    "records/LG-2026-0001.yaml": (
        "id: LG-2026-0001\nniva: virksomhet\nenhet: OPP-SOL\ndato: 2026-01-15\nbeslutninger:\n"
        "  - {id: T1, beskrivelse: b, ansvarlig: liv.berg, frist: 2026-06-01, status: pagar}\n"
    ),
}
RED = {
    "records/LA-2026-0002.yaml": (
        "id: LA-2026-0002\naar: 2026\nenhet: OPP-RED\nleder: liv.berg\noverordnet: ola.hansen\n"
        "mal:\n  - {id: M1, fokusomrade: brukere, beskrivelse: x, malverdi: 5}\n"
    ),
    "records/avvik/AVV-2026-0200.yaml": (
        "id: AVV-2026-0200\ntype: avvik\ntittel: x\nmeldt: 2026-01-02\nenhet: OPP-RED\n"
        "kategori: hms\nstatus: under_behandling\ntiltak:\n  - {id: T1, beskrivelse: a, "
        "ansvarlig: liv.berg, frist: 2026-02-01, status: pagar}\n"
    ),
}


def statuses(root: object, day: date = DAY) -> dict[str, dict[str, str]]:
    repo = load_repository(root)  # type: ignore[arg-type]
    assert repo.organisasjon is not None
    units = puff(repo.records, repo.config, repo.organisasjon, day)
    return {u.enhet: {p: u.phases[p].status for p in PHASES} for u in units}


def test_a_unit_with_everything_in_order_is_green(make_repo: MakeRepo) -> None:
    assert statuses(make_repo(GREEN))["OPP-SOL"] == dict.fromkeys(PHASES, "gronn")


def test_a_unit_with_none_of_it_is_red(make_repo: MakeRepo) -> None:
    assert statuses(make_repo({**GREEN, **RED}), date(2026, 8, 1))["OPP-RED"] == dict.fromkeys(
        PHASES, "rod"
    )


@pytest.mark.parametrize(
    ("change", "phase", "level"),
    [
        ({"records/LA-2026-0001.yaml": None}, "planlegge", "rod"),  # no lederavtale
        (
            {"records/ros/ROS-2026-0003.yaml": ros(3, "OPP-SOL", "beredskap", "2025-01-01")},
            "planlegge",
            "gul",
        ),  # ROS past its evaluation
        (
            {
                "records/REV-2026-0001.yaml": GREEN["records/REV-2026-0001.yaml"].replace(
                    "gjennomfort: 2026-04-02\n", ""
                )
            },
            "folge_opp",
            "gul",
        ),  # revisjon not carried out
        ({"records/LG-2026-0001.yaml": None}, "forbedre", "rod"),  # no management review
        (
            {
                "records/LA-2026-0001.yaml": GREEN["records/LA-2026-0001.yaml"].replace(
                    ", overordnet: 2026-01-12", ""
                )
            },
            "planlegge",
            "gul",
        ),  # not signed by both
        ({"records/ros/ROS-2026-0003.yaml": None}, "planlegge", "rod"),  # no beredskap ROS
        (
            {
                "records/prosesser/3-x.md": "---\nid: PRO-3\ntittel: x\ntype: stotteprosess\n"
                "eier: liv.berg\nenhet: OPP-SOL\nversjon: 1\ngodkjent: 2024-01-01\n"
                "neste_revisjon: 2026-01-01\n---\n"
            },
            "planlegge",
            "gul",
        ),  # process past revision
        (
            {
                "records/LA-2026-0001.yaml": GREEN["records/LA-2026-0001.yaml"].replace(
                    "2026-01-20", "2025-10-01"
                )
            },
            "folge_opp",
            "rod",
        ),  # lederdialog too old
        (
            {
                "records/avvik/AVV-2026-0101.yaml": (
                    "id: AVV-2026-0101\ntype: forbedringsforslag\ntittel: x\nmeldt: 2026-04-01\n"
                    "enhet: OPP-SOL\nkategori: hms\nstatus: meldt\n"
                )
            },
            "folge_opp",
            "gul",
        ),  # unhandled
        (
            {
                "records/avvik/AVV-2026-0100.yaml": GREEN[
                    "records/avvik/AVV-2026-0100.yaml"
                ].replace("arsaksanalyse: {rotarsak: Rutine}\n", "")
            },
            "forbedre",
            "rod",
        ),  # no root cause
        (
            {
                "records/avvik/AVV-2026-0101.yaml": (
                    "id: AVV-2026-0101\ntype: forbedringsforslag\ntittel: x\nmeldt: 2026-04-01\n"
                    "enhet: OPP-SOL\nkategori: hms\nstatus: tiltak_iverksatt\ntiltak:\n"
                    "  - {id: T1, beskrivelse: a, ansvarlig: liv.berg, frist: 2026-05-01, "
                    "status: pagar}\n"
                )
            },
            "utfore",
            "rod",
        ),  # 1 of 2 open tiltak overdue
        (
            {
                "records/avvik/AVV-2026-0100.yaml": GREEN[
                    "records/avvik/AVV-2026-0100.yaml"
                ].replace(", evaluering: Virket", "")
            },
            "forbedre",
            "rod",
        ),  # completed tiltak unevaluated
    ],
)
def test_each_rule_trips_its_phase(
    change: dict[str, str | None], phase: str, level: str, make_repo: MakeRepo
) -> None:
    files = {**GREEN, **{k: v for k, v in change.items() if v is not None}}
    root = make_repo(files)
    for name, content in change.items():
        if content is None:
            (root / name).unlink()
    found = statuses(root)["OPP-SOL"]
    assert found[phase] == level
    assert all(found[p] == "gronn" for p in PHASES if p != phase)


def test_results_missing_for_a_passed_tertial(make_repo: MakeRepo) -> None:
    repo = load_repository(make_repo(GREEN))
    assert repo.organisasjon is not None
    units = puff(repo.records, repo.config, repo.organisasjon, date(2026, 9, 15))
    sol = next(u for u in units if u.enhet == "OPP-SOL")
    reasons = {(r.level, r.text, r.records) for r in sol.phases["utfore"].reasons}
    assert ("gul", "1 mål mangler resultater for perioder som er over", ("LA-2026-0001/M1",)) in (
        reasons
    )


def test_parents_aggregate_their_children(make_repo: MakeRepo) -> None:
    found = statuses(make_repo({**GREEN, **RED}), date(2026, 8, 1))
    # one of two children red: at least a third, so the tjenesteområde is red in that phase
    assert found["OPP"]["planlegge"] == "rod"
    assert found["KD"]["planlegge"] == "rod"


def test_json_shape(make_repo: MakeRepo) -> None:
    root = make_repo(GREEN)
    result = CliRunner().invoke(
        app, ["--repo", str(root), "puff", "--as-of", "2026-05-15", "--json"]
    )
    document = json.loads(result.output)
    assert document["dato"] == "2026-05-15"
    sol = next(u for u in document["enheter"] if u["enhet"] == "OPP-SOL")
    assert set(sol) == {"enhet", "navn", "niva", "overordnet", *PHASES}
    assert sol["planlegge"] == {"status": "gronn", "grunner": []}
    kd = document["enheter"][0]
    assert kd["enhet"] == "KD" and {"status", "tekst", "poster"} <= set(
        kd["forbedre"]["grunner"][0]
    )
