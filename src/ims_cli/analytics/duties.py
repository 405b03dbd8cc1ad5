"""What the law asks of some avvik, and how each one stands: a breach of personal data security
reported to Datatilsynet within 72 hours of its discovery (personvernforordningen art. 33), a
serious injury or a death notified to Arbeidstilsynet and the police «straks», the same day
(arbeidsmiljøloven § 5-2), and an alvorlig hendelse in the helse- og omsorgstjeneste reported to
Statens helsetilsyn «straks» (helse- og omsorgstjenesteloven § 12-3 a). `ims check` reports
what is late (F006, F007, F010) and the breach whose 72 hours still run (F009); statistics and
the reports count how each stands, by the same clocks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ims_cli.models.avvik import Avvik
from ims_cli.models.common import moment

SERIOUS = ("alvorlig", "dodsfall")
SEVERE_EVENTS = ("dodsfall", "svaert_alvorlig_skade")
BREACH_HOURS = 72


def happened(avvik: Avvik) -> date:
    """When it happened: hendt (a date, or a date and time), else the day it was reported."""
    return avvik.hendt or avvik.meldt


def breach_found(avvik: Avvik) -> date:
    """When the kommune became aware of a breach: oppdaget, else the day it was reported."""
    breach = avvik.personvern
    return (breach.oppdaget if breach else None) or avvik.meldt


def breach_deadline(avvik: Avvik) -> datetime | None:
    """The moment a breach must be reported to Datatilsynet by: 72 hours from oppdaget (a date
    alone from its 00:00); None when none needs to be (no breach, or a low risk)."""
    breach = avvik.personvern
    if breach is None or breach.brudd == "nei" or breach.risiko == "lav":
        return None
    return moment(breach_found(avvik)) + timedelta(hours=BREACH_HOURS)


def injury_due(avvik: Avvik) -> date | None:
    """The day a serious injury or a death must be notified on: «straks», the day it happened."""
    injury = avvik.hms
    if injury is None or injury.personskade not in SERIOUS:
        return None
    return day_of(happened(avvik))


def event_due(avvik: Avvik) -> date | None:
    """The day an alvorlig hendelse must be reported to Statens helsetilsyn on: «straks», the
    day it happened."""
    event = avvik.pasientsikkerhet
    if event is None or event.alvorlig_hendelse not in SEVERE_EVENTS:
        return None
    return day_of(happened(avvik))


def day_of(when: date) -> date:
    """The day of a date, or of a date and time."""
    return when.date() if isinstance(when, datetime) else when


def breach_status(avvik: Avvik) -> str | None:
    """i_tide, for_sent or ikke_meldt for a breach that must be reported; ikke_meldepliktig for
    one of low risk; None when the avvik is no breach. In time means within the 72 hours,
    whatever the calendar day."""
    breach = avvik.personvern
    if breach is None or breach.brudd == "nei":
        return None
    deadline = breach_deadline(avvik)
    if deadline is None:
        return "ikke_meldepliktig"
    if breach.meldt_datatilsynet is None:
        return "ikke_meldt"
    return "i_tide" if moment(breach.meldt_datatilsynet) <= deadline else "for_sent"


def injury_status(avvik: Avvik) -> tuple[str, str | None] | None:
    """(severity, how it was notified: i_tide, for_sent or ikke_varslet) for an injury at work,
    the notification only for a serious one; None without an injury."""
    injury = avvik.hms
    if injury is None or injury.personskade == "ingen":
        return None
    due = injury_due(avvik)
    if due is None:
        return injury.personskade, None
    notified = (injury.varslet_arbeidstilsynet, injury.varslet_politi)
    if None in notified:
        return injury.personskade, "ikke_varslet"
    latest = max(d for d in notified if d is not None)
    return injury.personskade, "i_tide" if latest <= due else "for_sent"


def event_status(avvik: Avvik) -> tuple[str, str] | None:
    """(what happened: dodsfall or svaert_alvorlig_skade, how it was reported: i_tide, for_sent
    or ikke_varslet) for an alvorlig hendelse; None for any other avvik."""
    event = avvik.pasientsikkerhet
    due = event_due(avvik)
    if event is None or due is None:
        return None
    if event.varslet_helsetilsynet is None:
        return event.alvorlig_hendelse, "ikke_varslet"
    in_time = day_of(event.varslet_helsetilsynet) <= due
    return event.alvorlig_hendelse, "i_tide" if in_time else "for_sent"
