"""Parts of the management review's material that the golden reports do not pin exactly."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from ims_cli.analytics.management_review import _previous, _process, build
from ims_cli.analytics.stats import Period
from ims_cli.config import Config
from ims_cli.indexed import load_repository
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.prosess import Prosess
from tests.conftest import MakeRepo


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


AGREEMENT = """id: LA-{aar}-0001
aar: {aar}
enhet: OPP-SOL
leder: liv.berg
overordnet: ola.hansen
gradering: {gradering}
mal:
  - id: M1
    fokusomrade: brukere
    beskrivelse: Mål for {aar}
    indikator: Tilfredshet
    retning: hoyere_er_bedre
    malverdi: 5
"""
GRADED_AVVIK = """id: AVV-2025-0001
type: avvik
tittel: I fjor
meldt: 2025-12-31
enhet: OPP-SOL
kategori: hms
status: meldt
gradering: fortrolig
"""


def test_the_year_s_agreements_only_and_graded_records_of_the_period_counted(
    make_repo: MakeRepo,
) -> None:
    root = make_repo(
        {
            "records/LA-2026-0001.yaml": AGREEMENT.format(aar=2026, gradering="fortrolig"),
            "records/LA-2027-0001.yaml": AGREEMENT.format(aar=2027, gradering="intern"),
            "records/AVV-2025-0001.yaml": GRADED_AVVIK,
        }
    )
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    data = build(load_repository(root), "OPP-SOL", year, date(2026, 11, 22), audience="intern")
    assert [g.ref for g in data.goals] == ["LA-2026-0001/M1"]  # not next year's
    # the agreement has no date of its own and counts; the avvik of last year does not
    assert data.hidden == 1
