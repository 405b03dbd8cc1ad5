"""How each breach and injury stands, and what `ims stats` counts of them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ims_cli.analytics.duties import breach_status, injury_status
from ims_cli.analytics.stats import Reported, Selection, period, stats
from ims_cli.config import Config
from ims_cli.models.avvik import Avvik
from ims_cli.render.stats import duties


def avvik(number: int, **extra: Any) -> Avvik:
    return Avvik.model_validate(
        {
            "id": f"AVV-2026-{number:04d}",
            "type": "avvik",
            "tittel": "Hendelse",
            "meldt": "2026-03-10",
            "enhet": "HO",
            "kategori": "hms",
            "status": "meldt",
            **extra,
        }
    )


@pytest.mark.parametrize(
    ("personvern", "status"),
    [
        (None, None),
        ({"brudd": "nei"}, None),
        ({"brudd": "ja", "risiko": "lav"}, "ikke_meldepliktig"),
        ({"brudd": "ja", "oppdaget": "2026-03-08", "meldt_datatilsynet": "2026-03-10"}, "i_tide"),
        ({"brudd": "ja", "oppdaget": "2026-03-08", "meldt_datatilsynet": "2026-03-11"}, "for_sent"),
        ({"brudd": "uavklart"}, "ikke_meldt"),
        ({"brudd": "ja", "meldt_datatilsynet": "2026-03-12"}, "i_tide"),  # from meldt, 2 days
    ],
)
def test_a_breach_stands_by_the_72_hours(personvern: Any, status: str | None) -> None:
    extra = {"personvern": personvern} if personvern else {}
    assert breach_status(avvik(1, **extra)) == status


@pytest.mark.parametrize(
    ("hms", "status"),
    [
        ({"personskade": "ingen"}, None),
        ({"personskade": "lettere"}, ("lettere", None)),
        ({"personskade": "alvorlig"}, ("alvorlig", "ikke_varslet")),
        (
            {"personskade": "alvorlig", "varslet_arbeidstilsynet": "2026-03-11"},
            ("alvorlig", "ikke_varslet"),  # the police too
        ),
        (
            {
                "personskade": "dodsfall",
                "varslet_arbeidstilsynet": "2026-03-10",
                "varslet_politi": "2026-03-11",
            },
            ("dodsfall", "i_tide"),  # the next day at the latest
        ),
        (
            {
                "personskade": "alvorlig",
                "varslet_arbeidstilsynet": "2026-03-12",
                "varslet_politi": "2026-03-10",
            },
            ("alvorlig", "for_sent"),
        ),
    ],
)
def test_an_injury_stands_by_its_notification(hms: Any, status: Any) -> None:
    assert injury_status(avvik(1, hms=hms)) == status


def test_stats_count_breaches_and_injuries_of_the_period() -> None:
    records = [
        avvik(1, personvern={"brudd": "ja", "meldt_datatilsynet": "2026-03-11"}),
        avvik(2, personvern={"brudd": "ja", "meldt_datatilsynet": "2026-03-20"}),
        avvik(3, personvern={"brudd": "ja"}),
        avvik(4, hms={"personskade": "lettere"}),
        avvik(
            5,
            hms={
                "personskade": "alvorlig",
                "varslet_arbeidstilsynet": "2026-03-10",
                "varslet_politi": "2026-03-10",
            },
        ),
        avvik(6, hms={"personskade": "alvorlig"}),
        avvik(7, meldt="2025-03-10", hms={"personskade": "dodsfall"}),  # before the period
        avvik(8, hms={"personskade": "ingen", "vold_og_trusler": True}),  # threats, no injury
        avvik(9, meldt="2025-03-10", hms={"vold_og_trusler": True}),  # before the period
    ]
    reported = [Reported.from_wire(Reported.of(a).to_wire()) for a in records]  # as indexed
    day = date(2026, 11, 22)
    result = stats(reported, Selection(), period("2026", None, None, day), None, Config())
    assert result.breaches == {"i_tide": 1, "for_sent": 1, "ikke_meldt": 1}
    assert result.injuries == {"lettere": 1, "alvorlig": 2}
    assert result.notified == {"i_tide": 1, "ikke_varslet": 1}
    assert result.violence == 1
    assert duties(result)[-1] == "Vold og trusler mot ansatte: 1"
