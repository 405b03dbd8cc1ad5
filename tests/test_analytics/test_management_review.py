"""Parts of the management review's material that the golden reports do not pin exactly."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from ims_cli.analytics.management_review import _previous, _process
from ims_cli.config import Config
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.prosess import Prosess


def test_a_process_due_on_the_day_of_the_report_is_not_overdue() -> None:
    process = Prosess.model_validate(
        {
            "id": "PRO-1.1",
            "tittel": "Opptak",
            "type": "hovedprosess",
            "eier": "liv.berg",
            "versjon": 1,
            "godkjent": "2025-01-01",
            "neste_revisjon": "2026-11-22",
        }
    )
    repo: Any = SimpleNamespace(config=Config())
    on_the_day: Any = SimpleNamespace(day=date(2026, 11, 22), audience="intern")
    day_after: Any = SimpleNamespace(day=date(2026, 11, 23), audience="intern")
    assert _process(process, repo, on_the_day, 2).forfalt is False
    assert _process(process, repo, day_after, 2).forfalt is True


def _review(ident: str, held: str) -> LedelsensGjennomgang:
    return LedelsensGjennomgang.model_validate(
        {
            "id": ident,
            "niva": "virksomhet",
            "enhet": "OPP-SOL",
            "dato": held,
            "periode": {"fra": "2025-11-01", "til": "2026-10-31"},
            "deltakere": ["liv.berg"],
            "gradering": "intern",
            "konklusjon": "Egnet.",
            "beslutninger": [
                {
                    "id": "T1",
                    "beskrivelse": "Dagsplan",
                    "type": "forbedring",
                    "ansvarlig": "liv.berg",
                    "frist": "2026-12-15",
                    "status": "pagar",
                }
            ],
        }
    )


def test_the_previous_review_is_the_latest_held_by_the_day_of_the_report() -> None:
    """A review held on the report's day is held: its decisions are the ones followed up; one
    dated the day after is not held yet."""
    reviews = [
        _review("LG-2025-0001", "2025-10-30"),
        _review("LG-2026-0001", "2026-11-22"),
        _review("LG-2026-0002", "2026-11-23"),
    ]
    data: Any = SimpleNamespace(day=date(2026, 11, 22), audience="intern", decisions=[])
    _previous(data, reviews, "OPP-SOL")
    assert data.previous.id == "LG-2026-0001"
    assert [d.ref for d in data.decisions] == ["LG-2026-0001/T1"]
    other: Any = SimpleNamespace(day=date(2026, 11, 22), audience="intern", previous=None)
    _previous(other, reviews, "OPP-BAKKEHAUGEN")
    assert other.previous is None
