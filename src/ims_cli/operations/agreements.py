"""Following up a lederavtale: lederdialog, BMS results and signatures."""

from __future__ import annotations

from datetime import date

from ims_cli.analytics.diff import number
from ims_cli.errors import UserError
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.operations.changes import Done, commit, valid
from ims_cli.store import roundtrip
from ims_cli.store.load import Repository, StoredRecord
from ims_cli.words import day as day_of


def lederdialog(repo: Repository, agreement_id: str, day: date, referat: str | None) -> Done:
    """Record a lederdialog held on the day, with what was agreed."""
    stored = valid(repo, agreement_id, Lederavtale, "lederavtale")

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        assert isinstance(current.record, Lederavtale)
        if any(d.dato == day for d in current.record.lederdialog):
            raise UserError(f"{agreement_id} har allerede en lederdialog {day_of(day)}")
        held: dict[str, str | date] = {"dato": day}
        if referat:
            held["referat"] = referat
        return [roundtrip.Append((), "lederdialog", held)]

    warned = commit(repo, stored.path, build)
    return Done(stored.path, f"{agreement_id}: lederdialog {day_of(day)} skrevet", warned)


def goal_result(
    repo: Repository, ref: str, periode: str, verdi: float, kommentar: str | None
) -> Done:
    """Record the result of a BMS goal for a period; a result already given for the period is
    replaced (a correction), and the message says what it was."""
    agreement_id, _, goal_id = ref.partition("/")
    stored = valid(repo, agreement_id, Lederavtale, "lederavtale")
    value: int | float = int(verdi) if float(verdi).is_integer() else verdi
    summary = ""

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        nonlocal summary
        assert isinstance(current.record, Lederavtale)
        goals = current.record.mal
        index = next((i for i, g in enumerate(goals) if g.id == goal_id), None)
        if index is None:
            known = ", ".join(g.id for g in goals) or "ingen mål"
            raise UserError(f"{agreement_id} har ikke noe mål «{goal_id}» ({known})")
        results = goals[index].resultater
        given = next((i for i, r in enumerate(results) if r.periode == periode), None)
        shown = number(value)
        if given is None:
            entry: dict[str, str | int | float] = {"periode": periode, "verdi": value}
            if kommentar:
                entry["kommentar"] = kommentar
            summary = f"{ref}: resultat {shown} for {periode} skrevet"
            return [roundtrip.Append(("mal", index), "resultater", entry)]
        at = ("mal", index, "resultater", given)
        summary = f"{ref}: resultat for {periode} er {shown} (var {number(results[given].verdi)})"
        changes: list[roundtrip.Change] = [roundtrip.SetValue(at, "verdi", value)]
        if kommentar:
            changes.append(roundtrip.SetValue(at, "kommentar", kommentar))
        return changes

    warned = commit(repo, stored.path, build)
    return Done(stored.path, summary, warned)


_SIGNER = {"leder": "lederen", "overordnet": "den overordnede"}


def sign(repo: Repository, agreement_id: str, who: str, day: date) -> Done:
    """The day the leder or the overordnet signed the agreement."""
    stored = valid(repo, agreement_id, Lederavtale, "lederavtale")

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        assert isinstance(current.record, Lederavtale)
        signed = current.record.signert
        before = getattr(signed, who) if signed else None
        if before is not None and before != day:
            raise UserError(
                f"{agreement_id} er signert av {_SIGNER[who]} {day_of(before)}; ims endrer ikke en "
                "signaturdato. Rett den i filen hvis den er feil"
            )
        if signed is None:
            return [roundtrip.SetValue((), "signert", {who: day})]
        return [roundtrip.SetValue(("signert",), who, day)]

    warned = commit(repo, stored.path, build)
    return Done(stored.path, f"{agreement_id}: signert av {_SIGNER[who]} {day_of(day)}", warned)
