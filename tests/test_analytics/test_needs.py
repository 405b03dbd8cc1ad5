"""What each analysis asks the index to build: never less than it looks at (tests/test_index.py
holds the outputs equal), and no more than that, or a warm run at scale builds every record."""

from __future__ import annotations

from datetime import date

from ims_cli.analytics import management_review as review
from ims_cli.analytics import puff, stats, tiltak
from ims_cli.analytics.stats import Period
from ims_cli.analytics.tiltak import TiltakFilter
from ims_cli.store.index import Select

DAY = date(2026, 11, 22)
KINDS_WITH_TILTAK = frozenset(
    {"avvik", "ros", "lederavtale", "lg", "egenvurdering", "varsel", "ovelse"}
)


def test_tiltak_lists_of_open_tiltak_leave_out_what_has_settled() -> None:
    for wanted in (
        TiltakFilter(overdue_on=DAY),
        TiltakFilter(due_by=DAY),
        TiltakFilter(status="planlagt"),
        TiltakFilter(status="pagar", kilde="ros"),
    ):
        assert tiltak.needs(wanted).active_since == date.max, wanted
    assert tiltak.needs(TiltakFilter(status="pagar", kilde="ros")).sorts == {"ros"}
    for wanted in (TiltakFilter(), TiltakFilter(status="fullfort"), TiltakFilter(ansvarlig="a")):
        assert tiltak.needs(wanted) == Select(KINDS_WITH_TILTAK), wanted


def test_puff_looks_back_twelve_months_at_records_of_a_unit() -> None:
    since = date(2025, 11, 22)
    assert puff.needs(DAY) == Select(active_since=since, of_a_unit=True, every_id=False)
    assert puff.needs(DAY, "HO").below == "HO"


def test_statistics_read_the_period_and_the_one_before() -> None:
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    assert stats.needs(year) == Select(
        frozenset({"avvik"}), meldt=(date(2025, 1, 1), date(2026, 12, 31))
    )


def test_the_report_reads_what_its_statistics_puff_and_tiltak_need() -> None:
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    assert review.needs(year, DAY) == Select(
        meldt=(date(2025, 1, 1), date(2026, 12, 31)),
        active_since=date(2025, 11, 22),  # PUFF's twelve months reach further back than 2026
        every_id=False,
    )
    assert review.needs(year, date(2028, 3, 1)).active_since == date(2026, 1, 1)
