"""What the law asks of some avvik, and how each one stands: a breach of personal data security
reported to Datatilsynet within 72 hours (personvernforordningen art. 33), a serious injury or a
death notified to Arbeidstilsynet and the police at once (arbeidsmiljøloven § 5-2). `ims check`
reports what is late (F006, F007); statistics and the report count how each stands."""

from __future__ import annotations

from datetime import date, timedelta

from ims_cli.models.avvik import Avvik

SERIOUS = ("alvorlig", "dodsfall")


def breach_due(avvik: Avvik) -> date | None:
    """The last day a breach may be reported on; None when none needs to be (no breach, or a
    low risk to the persons). 72 hours from a day run out on the third day after it."""
    breach = avvik.personvern
    if breach is None or breach.brudd == "nei" or breach.risiko == "lav":
        return None
    return (breach.oppdaget or avvik.meldt) + timedelta(days=2)


def injury_due(avvik: Avvik) -> date | None:
    """The last day a serious injury or a death may be notified on (the next day)."""
    injury = avvik.hms
    if injury is None or injury.personskade not in SERIOUS:
        return None
    return avvik.meldt + timedelta(days=1)


def breach_status(avvik: Avvik) -> str | None:
    """i_tide, for_sent or ikke_meldt for a breach that must be reported; ikke_meldepliktig for
    one of low risk; None when the avvik is no breach."""
    breach = avvik.personvern
    if breach is None or breach.brudd == "nei":
        return None
    due = breach_due(avvik)
    if due is None:
        return "ikke_meldepliktig"
    if breach.meldt_datatilsynet is None:
        return "ikke_meldt"
    return "i_tide" if breach.meldt_datatilsynet <= due else "for_sent"


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
