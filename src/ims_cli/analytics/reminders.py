"""`ims varsel`: per person, what they own that is late or due soon — tiltak, ROS evaluations,
process revisions and lederdialoger — and where the reminder goes.

The deadlines are those `ims check` keeps (analytics.deadlines), so a reminder and the nightly
check never disagree. A person without an e-mail address in organisasjon.yaml, or with one that is
not exactly one address (two, a name, an invisible character), is reminded through the leader of
the unit the deadline belongs to (or the nearest leader above with an address).
Text from a graded record is left out and national ids are masked, as in every output that
leaves the repository (confidentiality.shareable_text).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ims_cli.analytics.deadlines import Deadline
from ims_cli.analytics.units import by_id
from ims_cli.confidentiality import shareable_text, withheld
from ims_cli.models.registers import Organisasjon, address_problem

# What a person is reminded of: their tiltak (F001), ROS evaluations (F002), process revisions
# (F003) and lederdialoger (F004); and an avvik left 'meldt' past its handling deadline (F005),
# which nobody owns by name, is the leader's of its unit (as `ims check` lists it).
CODES = frozenset({"F001", "F002", "F003", "F004", "F005"})


@dataclass(frozen=True)
class Due:
    """One thing to do: its reference, what it is, its deadline and whose it is."""

    code: str
    ref: str
    what: str  # the deadline's message, graded text left out
    due: date
    days_late: int  # above 0 when late
    owner: str  # the person id
    owner_name: str  # the person's name, for a message that goes to someone else
    file: str


@dataclass
class Reminder:
    """One message: to whom, at which address (None when nobody can be reached), and what."""

    person: str
    navn: str
    epost: str | None
    items: list[Due] = field(default_factory=list)

    @property
    def late(self) -> list[Due]:
        return [i for i in self.items if i.days_late > 0]

    @property
    def soon(self) -> list[Due]:
        return [i for i in self.items if i.days_late <= 0]


def _relevant(deadline: Deadline, day: date, due_by: date) -> bool:
    """Late on the day, or due by `due_by`, within the window the deadline holds for."""
    return (
        deadline.code in CODES and deadline.start <= day < deadline.end and deadline.due <= due_by
    )


class _Addresses:
    """Who receives what a person owns: the person, else the nearest leader with an address."""

    def __init__(self, org: Organisasjon | None) -> None:
        self.people = {p.id: p for p in org.personer} if org else {}
        self.units = by_id(org)

    def name(self, person: str) -> str:
        known = self.people.get(person)
        return known.navn if known else person

    def epost(self, person: str | None) -> str | None:
        """The person's address, when it is one to send to (else as if there were none)."""
        known = self.people.get(person or "")
        if known is None or not known.epost or address_problem(known.epost):
            return None
        return known.epost

    def leader(self, unit: str | None) -> str | None:
        """The leader of the unit, or of the nearest unit above that has one."""
        seen = set()
        while unit and unit not in seen:
            seen.add(unit)
            enhet = self.units.get(unit)
            if enhet is None:
                return None
            if enhet.leder:
                return enhet.leder
            unit = enhet.overordnet
        return None

    def receiver(self, owner: str, unit: str | None, above: bool = True) -> str:
        """Who is reminded of what `owner` owns: the owner, else the nearest leader with an
        address (`above`: of the unit or any unit above it; else of the unit alone)."""
        if self.epost(owner):
            return owner
        seen: set[str] = set()
        while unit and unit not in seen and (above or not seen):
            seen.add(unit)
            enhet = self.units.get(unit)
            if enhet is None:
                break
            if enhet.leder and enhet.leder != owner and self.epost(enhet.leder):
                return enhet.leder
            unit = enhet.overordnet
        return owner  # nobody to send it to: reported as not reached


@dataclass(frozen=True)
class Unusable:
    """A person whose epost is not one address to send to: reminded as if without one."""

    person: str
    navn: str
    epost: str
    problem: str


def unusable(org: Organisasjon | None, reminders: Iterable[Reminder]) -> list[Unusable]:
    """Of the people the reminders are for (as receivers or owners), those whose epost cannot
    be used."""
    concerned = {r.person for r in reminders} | {i.owner for r in reminders for i in r.items}
    people = org.personer if org else []
    found = []
    for person in people:
        problem = address_problem(person.epost) if person.epost else None
        if problem and person.id in concerned and person.epost:
            found.append(Unusable(person.id, person.navn, person.epost, problem))
    return found


def reminders(
    deadlines: Iterable[Deadline], org: Organisasjon | None, day: date, due_by: date
) -> list[Reminder]:
    """One reminder per receiver, by name; in each, the most overdue first."""
    addresses = _Addresses(org)
    found: dict[str, Reminder] = {}
    for deadline in deadlines:
        owner = deadline.owner or addresses.leader(deadline.unit)
        if owner is None or not _relevant(deadline, day, due_by):
            continue
        # a varsel's (withheld) only to those who may read it: never a leader above its unit
        receiver = addresses.receiver(owner, deadline.unit, above=not withheld(deadline.ref))
        reminder = found.setdefault(
            receiver, Reminder(receiver, addresses.name(receiver), addresses.epost(receiver))
        )
        what = shareable_text(deadline.message)
        days = (day - deadline.due).days
        reminder.items.append(
            Due(
                *(deadline.code, deadline.ref, what, deadline.due, days),
                *(owner, addresses.name(owner), deadline.file),
            )
        )
    for reminder in found.values():
        reminder.items.sort(key=lambda i: (-i.days_late, i.ref))
    return sorted(found.values(), key=lambda r: (r.navn, r.person))
