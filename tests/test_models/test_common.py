"""Dates, tiltak and the shared pieces of every record."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pydantic import ValidationError

from ims_cli.models.common import Tiltak, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [(date(2026, 3, 14), date(2026, 3, 14)), ("2026-03-14", date(2026, 3, 14))],
)
def test_iso_dates_are_accepted(value: object, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("14.3.2026", "2026-03-14"),
        ("1. 2. 26", "2026-02-01"),
        ("30.02.2026", "skriv ÅÅÅÅ-MM-DD"),
        ("2026-02-30", "ikke en dato som finnes"),
        (datetime(2026, 3, 14, 10, 0), "2026-03-14"),
        (20260314, "skriv ÅÅÅÅ-MM-DD"),
    ],
)
def test_other_date_forms_are_explained(value: object, hint: str) -> None:
    with pytest.raises(ValueError, match=hint):
        parse_date(value)


def _tiltak(status: str, frist: str = "2026-12-01") -> Tiltak:
    return Tiltak.model_validate(
        {"id": "T1", "beskrivelse": "x", "ansvarlig": "liv.berg", "frist": frist, "status": status}
    )


@pytest.mark.parametrize(
    ("status", "day", "overdue"),
    [
        ("pagar", date(2026, 12, 2), True),
        ("planlagt", date(2026, 12, 2), True),
        ("pagar", date(2026, 12, 1), False),  # a frist equal to the day is not overdue
        ("fullfort", date(2027, 1, 1), False),
        ("avbrutt", date(2027, 1, 1), False),
    ],
)
def test_overdue_follows_records_md(status: str, day: date, overdue: bool) -> None:
    assert _tiltak(status).overdue(day) is overdue


def test_types_are_not_coerced() -> None:
    with pytest.raises(ValidationError):
        Tiltak.model_validate(
            {
                "id": 1,
                "beskrivelse": "x",
                "ansvarlig": "liv.berg",
                "frist": "2026-01-01",
                "status": "pagar",
            }
        )
