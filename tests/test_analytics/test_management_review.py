"""Parts of the management review's material that the golden reports do not pin exactly."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from ims_cli.analytics.management_review import _process
from ims_cli.config import Config
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
