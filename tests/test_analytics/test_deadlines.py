"""Each deadline rule, with a record built to trip it and one built to pass."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ims_cli.analytics.dates import add_months
from ims_cli.analytics.deadlines import deadlines
from ims_cli.config import Config
from ims_cli.models import BY_PREFIX
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.store.load import StoredRecord, load_repository
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
    stored = StoredRecord("records/LA-2026-0001.yaml", BY_PREFIX["LA"], record)
    found = deadlines([stored], config, day)
    assert [f.days_overdue for f in found] == [
        d for d in [_lederdialog_rule(2026, held, day, months)] if d is not None
    ]
