"""What `ims list` shows of a record (its date and status) and its filters at their edges."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ims_cli.analytics.records import RecordFilter, choose
from ims_cli.kinds import by_prefix
from ims_cli.store.load import StoredRecord


def stored(data: dict[str, Any]) -> StoredRecord:
    kind = by_prefix(data["id"].split("-")[0])
    assert kind is not None
    record: Any = kind.model.model_validate(data)
    return StoredRecord(f"records/{data['id']}.yaml", kind, record)


def dated_and_status(data: dict[str, Any]) -> tuple[date | None, str | None]:
    """What `ims list` dates a record by, and its status, as its kind reads them."""
    record = stored(data)
    return record.kind.dated(record.record), record.kind.status(record.record)


REVISJON = {"id": "REV-2026-0001", "type": "tilsyn", "tittel": "x", "enhet": "HO"}
AVTALE = {"id": "LA-2026-0001", "aar": 2026, "enhet": "HO", "leder": "a", "overordnet": "b"}


@pytest.mark.parametrize(
    ("extra", "day", "state"),
    [
        ({"planlagt": "2026-04-01"}, date(2026, 4, 1), "planlagt"),
        ({"planlagt": "2026-04-01", "gjennomfort": "2026-04-03"}, date(2026, 4, 3), "gjennomfort"),
    ],
)
def test_a_revisjon_is_dated_by_when_it_was_carried_out_or_is_planned(
    extra: dict[str, str], day: date, state: str
) -> None:
    assert dated_and_status({**REVISJON, **extra}) == (day, state)


@pytest.mark.parametrize(
    ("signert", "day", "state"),
    [
        (None, None, "ikke_signert"),
        ({"leder": "2026-01-15"}, date(2026, 1, 15), "ikke_signert"),
        ({"leder": "2026-01-15", "overordnet": "2026-01-20"}, date(2026, 1, 15), "signert"),
    ],
)
def test_an_agreement_is_dated_by_the_leaders_signature(
    signert: dict[str, str] | None, day: date | None, state: str
) -> None:
    data = {**AVTALE, **({"signert": signert} if signert else {})}
    assert dated_and_status(data) == (day, state)


def test_from_and_to_include_their_own_day_and_leave_out_what_has_no_date() -> None:
    records = [
        stored({**REVISJON, "id": "REV-2026-0001", "planlagt": "2026-04-01"}),
        stored({**REVISJON, "id": "REV-2026-0002", "planlagt": "2026-04-30"}),
        stored({**REVISJON, "id": "REV-2026-0003", "planlagt": "2026-05-01"}),
        stored(AVTALE),  # not signed: no date
    ]
    wanted = RecordFilter(fra=date(2026, 4, 1), til=date(2026, 4, 30))
    assert [i.id for i in choose(records, wanted)] == ["REV-2026-0001", "REV-2026-0002"]
    assert [i.id for i in choose(records, RecordFilter(fra=date(2026, 1, 1)))] == [
        "REV-2026-0001",
        "REV-2026-0002",
        "REV-2026-0003",
    ]
    assert [i.id for i in choose(records, RecordFilter(til=date(2026, 12, 31)))] == [
        "REV-2026-0001",
        "REV-2026-0002",
        "REV-2026-0003",
    ]
