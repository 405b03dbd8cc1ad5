"""How each breach and injury stands, and what `ims stats` counts of them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ims_cli.analytics.duties import breach_status, event_status, injury_status
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
        # day 3, within the 72 hours: in time (the old day rule called it late)
        (
            {
                "brudd": "ja",
                "oppdaget": "2026-03-08T14:00",
                "meldt_datatilsynet": "2026-03-11T13:59",
            },
            "i_tide",
        ),
        (
            {
                "brudd": "ja",
                "oppdaget": "2026-03-08T14:00",
                "meldt_datatilsynet": "2026-03-11T14:00",
            },
            "i_tide",  # the 72nd hour itself
        ),
        (
            {
                "brudd": "ja",
                "oppdaget": "2026-03-08T14:00",
                "meldt_datatilsynet": "2026-03-11T14:01",
            },
            "for_sent",
        ),
        # a date alone counts from 00:00: found on the 8th, reported on the 11th at 00:00
        ({"brudd": "ja", "oppdaget": "2026-03-08", "meldt_datatilsynet": "2026-03-11"}, "i_tide"),
        ({"brudd": "ja", "oppdaget": "2026-03-08", "meldt_datatilsynet": "2026-03-12"}, "for_sent"),
        ({"brudd": "uavklart"}, "ikke_meldt"),
        ({"brudd": "ja", "meldt_datatilsynet": "2026-03-13"}, "i_tide"),  # from meldt 10th 00:00
        ({"brudd": "ja", "meldt_datatilsynet": "2026-03-13T00:01"}, "for_sent"),
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
                "varslet_politi": "2026-03-10",
            },
            ("dodsfall", "i_tide"),  # «straks»: the same day
        ),
        (
            {
                "personskade": "dodsfall",
                "varslet_arbeidstilsynet": "2026-03-10",
                "varslet_politi": "2026-03-11",
            },
            ("dodsfall", "for_sent"),  # the next day is not «straks»
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


def test_the_injury_clock_starts_when_it_happened() -> None:
    """Hurt late on the 9th, reported on the 10th: notified on the 10th is not the same day."""
    hms = {"personskade": "alvorlig", "varslet_arbeidstilsynet": "2026-03-10"}
    hms["varslet_politi"] = "2026-03-10"
    assert injury_status(avvik(1, hms=hms)) == ("alvorlig", "i_tide")
    assert injury_status(avvik(1, hendt="2026-03-09T23:10", hms=hms)) == ("alvorlig", "for_sent")


@pytest.mark.parametrize(
    ("event", "status"),
    [
        ({"alvorlig_hendelse": "nei"}, None),
        ({"alvorlig_hendelse": "dodsfall"}, ("dodsfall", "ikke_varslet")),
        (
            {
                "alvorlig_hendelse": "svaert_alvorlig_skade",
                "varslet_helsetilsynet": "2026-03-09T23:30",
            },
            ("svaert_alvorlig_skade", "i_tide"),
        ),
        (
            {"alvorlig_hendelse": "dodsfall", "varslet_helsetilsynet": "2026-03-10T08:00"},
            ("dodsfall", "for_sent"),
        ),
    ],
)
def test_an_alvorlig_hendelse_stands_by_its_report_to_helsetilsynet(
    event: Any, status: Any
) -> None:
    record = avvik(1, hendt="2026-03-09T22:00", kategori="tjenestekvalitet", pasientsikkerhet=event)
    assert event_status(record) == status


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
        avvik(10, pasientsikkerhet={"alvorlig_hendelse": "dodsfall"}),
        avvik(
            11,
            pasientsikkerhet={
                "alvorlig_hendelse": "svaert_alvorlig_skade",
                "varslet_helsetilsynet": "2026-03-10T12:00",
            },
        ),
    ]
    reported = [Reported.from_wire(Reported.of(a).to_wire()) for a in records]  # as indexed
    day = date(2026, 11, 22)
    result = stats(reported, Selection(), period("2026", None, None, day), None, Config())
    assert result.breaches == {"i_tide": 1, "for_sent": 1, "ikke_meldt": 1}
    assert result.events == {"dodsfall": 1, "svaert_alvorlig_skade": 1}
    assert result.events_notified == {"ikke_varslet": 1, "i_tide": 1}
    assert result.injuries == {"lettere": 1, "alvorlig": 2}
    assert result.notified == {"i_tide": 1, "ikke_varslet": 1}
    assert result.violence == 1
    assert duties(result)[-2:] == [
        "Vold og trusler mot ansatte: 1",
        "Alvorlige hendelser i helse- og omsorgstjenesten: dødsfall 1, svært alvorlig skade 1; "
        "varslet Statens helsetilsyn i tide 1, ikke varslet 1",
    ]
