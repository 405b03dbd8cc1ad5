"""Each deadline rule, with a record built to trip it and one built to pass."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ims_cli.analytics.dates import add_months
from ims_cli.analytics.deadlines import deadlines
from ims_cli.cli.app import app
from ims_cli.config import Config
from ims_cli.indexed import load_repository
from ims_cli.kinds import by_name
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.store.load import StoredRecord
from tests.conftest import FIXTURES, MakeRepo

AVVIK = (
    "id: AVV-2026-0001\ntype: avvik\ntittel: x\nmeldt: {meldt}\nenhet: OPP-SOL\nkategori: hms\n"
    "status: {status}\n"
)
LA = (
    "id: LA-2026-0001\naar: 2026\nenhet: OPP-SOL\nleder: liv.berg\noverordnet: ola.hansen\n"
    "lederdialog: [{{dato: {dialog}}}]\n"
)


def codes(root: object, day: date) -> list[tuple[str, str | None, int | None]]:
    repo = load_repository(root)  # type: ignore[arg-type]
    return sorted(
        (f.code, f.ref, f.days_overdue) for f in deadlines(repo.records, repo.config, day)
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 6, 1), []),  # frist equal to the day: not overdue
        (date(2026, 6, 2), [("F001", "ROS-2026-0001/T1", 1)]),
    ],
)
def test_tiltak_frist(day: date, expected: list[object], make_repo: MakeRepo) -> None:
    found = [c for c in codes(make_repo(), day) if c[0] == "F001"]  # the base ROS's T1
    assert found == expected


@pytest.mark.parametrize(("day", "said"), [(2, "1 dag"), (3, "2 dager")])
def test_the_days_over_the_frist_are_said_in_the_singular_and_plural(
    day: int, said: str, make_repo: MakeRepo
) -> None:
    repo = load_repository(make_repo())
    (finding,) = [
        f for f in deadlines(repo.records, repo.config, date(2026, 6, day)) if f.code == "F001"
    ]
    assert finding.message.endswith(f"({said} over fristen 01.06.2026)")


@pytest.mark.parametrize(("status", "late"), [("meldt", True), ("under_behandling", False)])
def test_avvik_left_meldt(status: str, late: bool, make_repo: MakeRepo) -> None:
    root = make_repo(
        {"records/avvik/AVV-2026-0001.yaml": AVVIK.format(meldt="2026-05-01", status=status)}
    )
    found = [c for c in codes(root, date(2026, 5, 20)) if c[1] == "AVV-2026-0001"]
    assert found == ([("F005", "AVV-2026-0001", 5)] if late else [])


@pytest.mark.parametrize(("dialog", "late"), [("2026-06-10", False), ("2026-03-10", True)])
def test_lederdialog_every_six_months(dialog: str, late: bool, make_repo: MakeRepo) -> None:
    root = make_repo({"records/LA-2026-0001.yaml": LA.format(dialog=dialog)})
    found = [c for c in codes(root, date(2026, 11, 22)) if c[0] == "F004"]
    assert found == ([("F004", "LA-2026-0001", 73)] if late else [])


def test_ros_and_process_dates(make_repo: MakeRepo) -> None:
    root = make_repo()
    found = {c[:2] for c in codes(root, date(2028, 1, 2))}
    # ROS dato 2026-02-01 + 12 months; process godkjent 2026-01-01 + 24 months
    assert ("F002", "ROS-2026-0001") in found and ("F003", "PRO-1.1") in found
    assert not {c for c in codes(root, date(2027, 1, 1)) if c[0] in ("F002", "F003")}


def _lederdialog_rule(aar: int, held: list[date], day: date, months: int) -> int | None:
    """RECORDS.md's rule said directly: this year's agreement, counted from the last dialogue
    held by the day (or 1 January); the days overdue, or None."""
    if aar != day.year:
        return None
    last = max((d for d in held if d <= day), default=date(aar, 1, 1))
    due = add_months(last, months)
    return (day - due).days if due < day else None


@settings(max_examples=300, deadline=None)
@given(
    held=st.lists(st.dates(date(2025, 9, 1), date(2027, 3, 1)), max_size=4),
    day=st.dates(date(2025, 12, 1), date(2027, 2, 1)),
    months=st.integers(1, 12),
)
def test_lederdialog_deadlines_worked_out_without_the_day_agree_with_the_rule(
    held: list[date], day: date, months: int
) -> None:
    """The deadlines of an agreement are computed once, as stretches between dialogues (so they
    can be cached), and must say exactly what the rule says on any day."""
    record = Lederavtale.model_validate(
        {
            "id": "LA-2026-0001",
            "aar": 2026,
            "enhet": "OPP-SOL",
            "leder": "liv.berg",
            "overordnet": "ola.hansen",
            "lederdialog": [{"dato": d} for d in held],
        }
    )
    config = Config.model_validate({"frister": {"lederdialog_maaneder": months}})
    stored = StoredRecord("records/LA-2026-0001.yaml", by_name("lederavtale"), record)
    found = deadlines([stored], config, day)
    assert [f.days_overdue for f in found] == [
        d for d in [_lederdialog_rule(2026, held, day, months)] if d is not None
    ]


def _deadline_findings(root: object, day: str) -> list[tuple[str, str, int, int, str]]:
    """What `ims check --format json` says of each passed deadline: code, file, place, message."""
    result = CliRunner().invoke(
        app, ["--repo", str(root), "check", "--as-of", day, "--format", "json"]
    )
    return [
        (f["kode"], f["fil"], f["linje"], f["kolonne"], f["melding"])
        for f in json.loads(result.output)["funn"]
        if f["kode"].startswith("F")
    ]


def test_lederdialog_finding_says_which_dialogue_and_points_at_it(make_repo: MakeRepo) -> None:
    never = LA.replace("lederdialog: [{{dato: {dialog}}}]\n", "")
    root = make_repo(
        {
            "records/LA-2026-0001.yaml": LA.format(dialog="2026-03-10"),
            "records/LA-2026-0002.yaml": never.replace("0001", "0002"),
        }
    )
    found = [f for f in _deadline_findings(root, "2026-11-22") if f[0] == "F004"]
    assert found == [
        (
            "F004",
            "records/LA-2026-0001.yaml",
            6,
            1,  # the lederdialog list: the last one held is what is old
            "lederdialog mangler: siste lederdialog var 10.03.2026 (73 dager over fristen "
            "10.09.2026)",
        ),
        (
            "F004",
            "records/LA-2026-0002.yaml",
            2,
            6,  # no dialogue at all: the year of the agreement
            "lederdialog mangler: ingen lederdialog i år (144 dager over fristen 01.07.2026)",
        ),
    ]


@pytest.mark.parametrize(
    ("extra", "line", "column"),
    [("", 6, 7), ("neste_evaluering: 2027-01-01\n", 7, 19)],
)
def test_ros_evaluation_points_at_the_date_it_comes_from(
    make_repo: MakeRepo, extra: str, line: int, column: int
) -> None:
    """Without neste_evaluering the evaluation is due from `dato`; with it, from that field."""
    ros = "records/ros/ROS-2026-0001.yaml"
    text = (
        (FIXTURES / "base" / ros)
        .read_text("utf-8")
        .replace("dato: 2026-02-01\n", "dato: 2026-02-01\n" + extra)
    )
    found = [f for f in _deadline_findings(make_repo({ros: text}), "2028-01-02") if f[0] == "F002"]
    assert [(f[2], f[3]) for f in found] == [(line, column)]


@pytest.mark.parametrize(
    ("extra", "field"), [("", "godkjent"), ("neste_revisjon: 2027-06-01\n", "neste_revisjon")]
)
def test_process_revision_points_at_the_date_it_comes_from(
    make_repo: MakeRepo, extra: str, field: str
) -> None:
    process = "records/prosesser/1.1-opptak.md"
    text = (FIXTURES / "base" / process).read_text("utf-8")
    text = re.sub(r"(godkjent: [0-9-]+\n)", lambda m: m.group(1) + extra, text, count=1)
    root = make_repo({process: text})
    [found] = [f for f in _deadline_findings(root, "2028-01-02") if f[0] == "F003"]
    line = text.splitlines()[found[2] - 1]
    assert line.startswith(f"{field}:") and found[3] == len(field) + 3


def test_a_dialogue_overdue_since_last_year_is_late_on_1_january(make_repo: MakeRepo) -> None:
    """The agreement's last dialogue was held in June the year before: its next was due in
    December, so on the first day of the agreement's year it is already a month late."""
    root = make_repo({"records/LA-2026-0001.yaml": LA.format(dialog="2025-06-01")})
    found = [c for c in codes(root, date(2026, 1, 1)) if c[0] == "F004"]
    assert found == [("F004", "LA-2026-0001", 31)]


LOVKRAV = """lovkrav:
  - {id: LOV-KL-25-1, tittel: Kommuneloven § 25-1}
  - id: LOV-AML-3-1
    tittel: Arbeidsmiljøloven § 3-1
    eier: liv.berg
    sist_gjennomgatt: 2025-11-30
  - {id: LOV-BHG-41, tittel: Barnehageloven § 41, eier: ola.hansen, sist_gjennomgatt: 2026-01-10}
  - {id: LOV-GDPR-33, tittel: Personvernforordningen art. 33, sist_gjennomgatt: 2025-12-01}
"""


@pytest.mark.parametrize(
    ("day", "late"),
    [
        (date(2026, 11, 30), []),  # twelve months to the day: not late
        (date(2026, 12, 1), [("LOV-AML-3-1", 6, 23, 1, "OPP-SOL", "liv.berg")]),  # GDPR: due
        (
            date(2027, 1, 11),
            [
                ("LOV-AML-3-1", 6, 23, 42, "OPP-SOL", "liv.berg"),  # the unit liv.berg leads
                ("LOV-BHG-41", 7, 87, 1, "OPP", "ola.hansen"),
                (
                    "LOV-GDPR-33",
                    8,
                    81,
                    41,
                    "KD",
                    "kari.nordmann",
                ),  # no eier: the kommune, its leader
            ],
        ),
    ],
)
def test_a_lovkrav_not_reviewed_in_time_is_late(
    day: date, late: list[object], make_repo: MakeRepo
) -> None:
    """F008: sist_gjennomgatt plus lovkrav_gjennomgang_maaneder; one never reviewed is not."""
    root = make_repo({"records/lovkrav.yaml": LOVKRAV})
    result = CliRunner().invoke(
        app, ["--repo", str(root), "check", "--as-of", day.isoformat(), "--format", "json"]
    )
    found = [f for f in json.loads(result.output)["funn"] if f["kode"] == "F008"]
    assert [
        (f["ref"], f["linje"], f["kolonne"], f["dager_forfalt"], f["enhet"], f["ansvarlig"])
        for f in found
    ] == late
    if found:
        assert found[0]["fil"] == "records/lovkrav.yaml"
        assert found[0]["melding"].startswith(
            "lovkravet «Arbeidsmiljøloven § 3-1» er ikke gjennomgått siden 30.11.2025"
        )


@pytest.mark.parametrize(
    ("kind", "noun"),
    [
        ("avvik", "avviket"),
        ("uonsket_hendelse", "den uønskede hendelsen"),
        ("forbedringsforslag", "forbedringsforslaget"),
        ("tilsynsfunn", "tilsynsfunnet"),
    ],
)
def test_what_is_left_meldt_is_named_by_its_type(kind: str, noun: str, make_repo: MakeRepo) -> None:
    text = AVVIK.format(meldt="2026-05-01", status="meldt").replace("type: avvik", f"type: {kind}")
    root = make_repo({"records/avvik/AVV-2026-0001.yaml": text})
    repo = load_repository(root)
    (found,) = [
        f
        for f in deadlines(repo.records, repo.config, date(2026, 5, 20))
        if f.ref == "AVV-2026-0001"
    ]
    assert (
        found.message
        == f"{noun} «x» er fortsatt meldt, ikke behandlet (5 dager over fristen 15.05.2026)"
    )


# The law's clocks straight from `deadlines`, so the tests a change to analytics/deadlines.py
# runs kill a dropped F006 or F007 (tests/test_rules/test_duties.py tells them through ims check).
BREACH = (
    "id: AVV-2026-0101\ntype: uonsket_hendelse\ntittel: Brev til feil adresse\n"
    "meldt: 2026-11-20\nenhet: OPP-SOL\nkategori: personvern\nstatus: under_behandling\n"
    "personvern:\n  brudd: ja\n  oppdaget: 2026-11-19T09:15\n  risiko: risiko\n{reported}"
)
INJURY = (
    "id: AVV-2026-0102\ntype: uonsket_hendelse\ntittel: Fall fra stige\nmeldt: 2026-03-03\n"
    "hendt: 2026-03-02T22:10\nenhet: OPP-SOL\nkategori: hms\nstatus: under_behandling\n"
    "hms:\n  personskade: {skade}\n{notified}"
)


@pytest.mark.parametrize(
    ("reported", "day", "expected"),
    [
        ("", date(2026, 11, 22), [("F009", "AVV-2026-0101", 0)]),  # they run out at 09:15
        ("", date(2026, 11, 23), [("F006", "AVV-2026-0101", 1)]),  # the warning has ended
        ("  meldt_datatilsynet: 2026-11-22T08:00\n", date(2026, 11, 23), []),
    ],
)
def test_a_breach_not_reported_in_72_hours_is_late_the_day_after(
    reported: str, day: date, expected: list[object], make_repo: MakeRepo
) -> None:
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": BREACH.format(reported=reported)})
    assert [c for c in codes(root, day) if c[0] in ("F006", "F009")] == expected


@pytest.mark.parametrize(
    ("skade", "notified", "expected"),
    [
        ("alvorlig", "", [("F007", "AVV-2026-0102", 1)] * 2),  # Arbeidstilsynet, politiet
        ("dodsfall", "  varslet_arbeidstilsynet: 2026-03-02\n", [("F007", "AVV-2026-0102", 1)]),
        ("lettere", "", []),
    ],
)
def test_a_serious_injury_not_notified_the_same_day_is_late_the_next(
    skade: str, notified: str, expected: list[object], make_repo: MakeRepo
) -> None:
    text = INJURY.format(skade=skade, notified=notified)
    root = make_repo({"records/avvik/AVV-2026-0102.yaml": text})
    assert [c for c in codes(root, date(2026, 3, 2)) if c[0] == "F007" and c[2]] == []
    assert [c for c in codes(root, date(2026, 3, 3)) if c[0] == "F007"] == expected
