"""Each deadline rule, with a record built to trip it and one built to pass."""

from __future__ import annotations

from datetime import date

import pytest

from ims_cli.analytics.deadlines import deadlines
from ims_cli.store.load import load_repository
from tests.conftest import MakeRepo

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
