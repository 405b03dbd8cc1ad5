"""Avvik statistics: periods, counts, closing within the deadline, causes and the trend."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ims_cli.analytics.stats import Period, Reported, Selection, period, stats
from ims_cli.config import Config
from ims_cli.errors import UserError
from ims_cli.models.avvik import Avvik
from ims_cli.models.registers import Organisasjon

ORG = Organisasjon.model_validate(
    {
        "enheter": [
            {"id": "KD", "navn": "Kommunedirektøren", "niva": "kommune"},
            {"id": "OPP", "navn": "Oppvekst", "niva": "tjenesteomrade", "overordnet": "KD"},
            {"id": "OPP-SOL", "navn": "Solstrand", "niva": "virksomhet", "overordnet": "OPP"},
            {"id": "HO", "navn": "Helse", "niva": "tjenesteomrade", "overordnet": "KD"},
        ],
        "personer": [],
    }
)


def avvik(number: int, meldt: str, enhet: str = "OPP-SOL", **more: Any) -> Reported:
    """An avvik as statistics see it, by way of its wire form (as the index keeps it)."""
    record = Avvik.model_validate(
        {
            "id": f"AVV-2026-{number:04d}",
            "type": "avvik",
            "tittel": "x",
            "meldt": meldt,
            "enhet": enhet,
            "kategori": "hms",
            "status": "meldt",
            **more,
        }
    )
    return Reported.from_wire(Reported.of(record).to_wire())


@pytest.mark.parametrize(
    ("text", "fra", "til"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-T2", date(2026, 5, 1), date(2026, 8, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
    ],
)
def test_periods(text: str, fra: date, til: date) -> None:
    assert period(text, None, None, date(2026, 11, 22)) == Period(fra, til)


def test_default_period_and_the_one_before() -> None:
    span = period(None, None, None, date(2026, 11, 22))
    assert span == Period(date(2025, 11, 23), date(2026, 11, 22))
    assert Period(date(2026, 1, 1), date(2026, 12, 31)).previous() == Period(
        date(2025, 1, 1), date(2025, 12, 31)
    )
    with pytest.raises(UserError, match="--periode «2026-13»: måneden må være 01–12"):
        period("2026-13", None, None, date(2026, 1, 1))
    with pytest.raises(UserError, match="er etter --til"):
        period(None, date(2026, 5, 1), date(2026, 4, 1), date(2026, 1, 1))


def test_counts_closing_causes_and_trend() -> None:
    closed = {"status": "lukket", "arsaksanalyse": {"rotarsak": "r", "kategori": "rutine"}}
    records = [
        avvik(1, "2026-01-10", **closed, lukket="2026-01-20"),  # 10 days
        avvik(2, "2026-01-15", **closed, lukket="2026-05-15", prosess="PRO-1"),  # 120 days
        avvik(3, "2026-03-01", enhet="HO", kategori="etikk", prosess="PRO-1"),
        avvik(4, "2026-03-02", enhet="OPP", type="forbedringsforslag"),
        avvik(5, "2025-06-01"),  # the previous period
        avvik(6, "2027-01-01"),  # after
    ]
    result = stats(
        records, Selection(), Period(date(2026, 1, 1), date(2026, 12, 31)), ORG, Config()
    )
    # the forbedringsforslag is counted on its own line, not as an avvik (RECORDS.md, Counting)
    assert (result.total, result.previous_total, result.change) == (3, 1, 2.0)
    assert result.others == {"forbedringsforslag": 1}
    assert (result.open, result.closed, result.closed_in_time) == (1, 2, 1)
    assert (result.share_in_time, result.median_days) == (0.5, 65)
    assert result.per_month["2026-01"] == 2 and result.per_month["2026-12"] == 0
    assert result.per_month_kategori["etikk"]["2026-03"] == 1
    assert result.per_kategori == {"hms": 2, "etikk": 1}
    assert result.per_unit == {"OPP": 2, "HO": 1}
    assert result.causes == [("rutine", 2)]
    assert result.processes == [("PRO-1", 2)]


def test_selection_by_unit_and_type() -> None:
    records = [
        avvik(1, "2026-01-10"),
        avvik(2, "2026-01-10", enhet="HO"),
        avvik(3, "2026-02-01", type="forbedringsforslag"),
    ]
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    result = stats(records, Selection(enhet="OPP"), year, ORG, Config())
    assert (result.total, result.per_unit) == (1, {"OPP-SOL": 1})
    assert result.others == {"forbedringsforslag": 1}
    result = stats(records, Selection(type="forbedringsforslag"), year, ORG, Config())
    assert (result.ids, result.others) == (["AVV-2026-0003"], {})  # asked for: counted


YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def test_the_first_and_last_day_belong_to_the_period() -> None:
    records = [avvik(1, "2026-01-01"), avvik(2, "2026-12-31"), avvik(3, "2025-12-31")]
    result = stats(records, Selection(), YEAR, ORG, Config())
    assert (result.ids, result.previous_total) == (["AVV-2026-0001", "AVV-2026-0002"], 1)


def test_the_change_is_a_share_of_the_period_before() -> None:
    records = [avvik(n, f"2026-0{n}-01") for n in range(1, 4)]
    records += [avvik(8, "2025-05-01"), avvik(9, "2025-06-01")]
    result = stats(records, Selection(), YEAR, ORG, Config())
    assert (result.total, result.previous_total, result.change) == (3, 2, 0.5)  # 50 % more
    result = stats(records[:1] + records[3:], Selection(), YEAR, ORG, Config())
    assert result.change == -0.5


def test_closed_on_the_last_day_of_the_limit_is_in_time_and_open_ones_are_not_closed() -> None:
    limit = Config().frister.avvik_lukking_dager
    closed = {"status": "lukket", "lukket": "2026-03-02"}
    records = [
        avvik(1, "2026-01-01", **closed),  # 60 days: the last day of the limit
        avvik(2, "2026-01-01", status="lukket", lukket="2026-03-03"),  # 61 days
        avvik(3, "2026-01-01", status="under_behandling", lukket="2026-01-05"),  # reopened
        avvik(4, "2026-02-01"),
        avvik(5, "2026-02-02"),
    ]
    assert limit == 60
    result = stats(records, Selection(), YEAR, ORG, Config())
    assert (result.closed, result.open, result.closed_in_time) == (2, 3, 1)
    assert result.median_days == 60.5


def test_selection_by_category_and_source() -> None:
    records = [
        avvik(1, "2026-01-10", kategori="personvern", kilde="innbygger"),
        avvik(2, "2026-01-10", kategori="hms", kilde="ansatt"),
        avvik(3, "2026-01-10", kategori="hms", kilde="innbygger"),
    ]
    by_kategori = stats(records, Selection(kategori="hms"), YEAR, ORG, Config())
    assert by_kategori.ids == ["AVV-2026-0002", "AVV-2026-0003"]
    by_kilde = stats(records, Selection(kilde="innbygger"), YEAR, ORG, Config())
    assert by_kilde.ids == ["AVV-2026-0001", "AVV-2026-0003"]


def test_a_period_of_one_day_and_months_to_its_last_day() -> None:
    day = date(2026, 3, 1)
    assert period(None, day, day, day) == Period(day, day)
    assert Period(date(2026, 1, 15), day).months() == ["2026-01", "2026-02", "2026-03"]


@pytest.mark.parametrize("text", ["1900", "2199", "2026-01", "2026-12"])
def test_the_first_and_last_year_and_month_are_periods(text: str) -> None:
    assert period(text, None, None, date(2026, 11, 22)).fra.year in (1900, 2199, 2026)


@pytest.mark.parametrize("text", ["1899", "2200", "2026-00", "2026-13"])
def test_years_and_months_outside_are_not(text: str) -> None:
    with pytest.raises(UserError, match=f"--periode «{text}»"):
        period(text, None, None, date(2026, 11, 22))
