"""The roles of people (organisasjon.yaml `roller`) that rules know.

Duties that belong to the controller, not to the personvernombud: the ombud advises and
monitors (personvernforordningen art. 38 nr. 6 and art. 39), so owning a legal requirement, a
breach's follow-up, a ROS or a ROS tiltak given to a person with `roller: [personvernombud]` is a
conflict of interest (B024, a warning). A vernerunde is walked by the virksomhet's leader and a
verneombud (B025, a warning)."""

from __future__ import annotations

from collections.abc import Iterator

from ims_cli.codes import severity
from ims_cli.findings import Finding, Path
from ims_cli.models.avvik import Avvik
from ims_cli.models.registers import LovkravRegister, Organisasjon
from ims_cli.models.ros import Ros
from ims_cli.models.vernerunde import Vernerunde
from ims_cli.rules.base import finding
from ims_cli.store.load import StoredRecord

LOVKRAV = "records/lovkrav.yaml"
_ADVICE = (
    "{who} er personvernombud, som gir råd og fører kontroll (personvernforordningen art. 38 "
    "nr. 6 og art. 39) og ikke skal ha den behandlingsansvarliges plikter; gi {what} til en "
    "leder, og la personvernombudet gi råd"
)


def ombud(org: Organisasjon | None) -> frozenset[str]:
    """The people with the role personvernombud."""
    people = org.personer if org else []
    return frozenset(p.id for p in people if "personvernombud" in p.roller)


def _duties(stored: StoredRecord) -> Iterator[tuple[Path, str, str, str | None]]:
    """(where, who, what it is, sub-id) for each controller duty a record gives a person: the
    ROS itself and its tiltak, and the tiltak that follow up a breach."""
    record = stored.record
    if isinstance(record, Ros):
        yield ("ansvarlig",), record.ansvarlig, "ROS-en", None
        for path, tiltak in record.all_tiltak():
            yield (*path, "ansvarlig"), tiltak.ansvarlig, "tiltaket", tiltak.id
    elif isinstance(record, Avvik) and (record.personvern or record.kategori == "personvern"):
        for path, tiltak in record.all_tiltak():
            yield (*path, "ansvarlig"), tiltak.ansvarlig, "oppfølgingen av bruddet", tiltak.id


def record_duties(stored: StoredRecord, ombud: frozenset[str]) -> Iterator[Finding]:
    """B024 for each controller duty the record gives the personvernombud."""
    if not ombud:
        return
    for path, person, what, sub_id in _duties(stored):
        if person in ombud:
            yield finding("B024", stored, path, _ADVICE.format(who=person, what=what), sub_id)


def register_duties(register: LovkravRegister | None, ombud: frozenset[str]) -> Iterator[Finding]:
    """B024 for each legal requirement the personvernombud owns."""
    for index, krav in enumerate(register.lovkrav if register and ombud else []):
        if krav.eier in ombud:
            yield Finding(
                "B024",
                severity("B024"),
                LOVKRAV,
                _ADVICE.format(who=krav.eier, what="lovkravet"),
                krav.id,
                path=("lovkrav", index, "eier"),
            )


_ROUND = (
    "vernerunden går virksomhetens leder sammen med verneombudet (internkontrollforskriften § 5 "
    "og arbeidsmiljøloven § 6-2)"
)


def round_participants(stored: StoredRecord, org: Organisasjon | None) -> Iterator[Finding]:
    """B025: a vernerunde without the leader of its unit, or without a verneombud (a person with
    `roller: [verneombud]`)."""
    record = stored.record
    if not isinstance(record, Vernerunde) or org is None:
        return
    unit = next((u for u in org.enheter if u.id == record.enhet), None)
    if unit is not None and unit.leder and unit.leder not in record.deltakere:
        yield finding(
            "B025",
            stored,
            ("deltakere",),
            f"lederen av {unit.id}, {unit.leder}, står ikke blant deltakerne; {_ROUND}",
        )
    ombud = {p.id for p in org.personer if "verneombud" in p.roller}
    if not ombud & set(record.deltakere):
        yield finding(
            "B025",
            stored,
            ("deltakere",),
            f"ingen av deltakerne er verneombud; {_ROUND}. Før verneombudet inn i deltakere, og "
            "gi personen «roller: [verneombud]» i records/organisasjon.yaml",
        )
