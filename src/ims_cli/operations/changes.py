"""Working records from the command line: the commit every edit goes through, and the edits of
tiltak (add, complete, evaluate, cancel, move) and of an avvik's status. The follow-up of
lederavtaler, ROS and audits is in agreements.py, assessments.py and audits.py.

Each change is checked like `ims validate` would check the record, and refused with the reasons
if it would add an error; only then is the file written, changing only what changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ims_cli.analytics.units import person_named, person_names
from ims_cli.confidentiality import HIDDEN, text_for
from ims_cli.errors import UserError
from ims_cli.findings import Finding
from ims_cli.findings import Path as DataPath
from ims_cli.kinds import KINDS
from ims_cli.models.avvik import Avvik
from ims_cli.models.common import HoldsTiltak, Tiltak
from ims_cli.models.egenvurdering import Egenvurdering
from ims_cli.models.ros import Ros
from ims_cli.models.vocabulary import SETTLED
from ims_cli.operations.sealed import resealed
from ims_cli.rules.run import record_findings
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store import files, lock, roundtrip
from ims_cli.store.load import Repository, StoredRecord, read_file
from ims_cli.store.write import editable, write_atomically
from ims_cli.store.yamlfile import decode
from ims_cli.words import day as day_of
from ims_cli.words import either, word


@dataclass(frozen=True)
class Done:
    path: str
    summary: str
    warnings: tuple[str, ...] = ()  # what the edit made the record warn about (B015 …)


Build = Callable[[StoredRecord], list[roundtrip.Change]]


def commit(repo: Repository, relative: str, build: Build) -> tuple[str, ...]:
    """Under the folder's lock: read the record as it is now, make the changes `build` asks for,
    check, and write; refuse with the reasons when the record would get a new error. Two edits
    of one file at once therefore both land, one after the other."""
    path = editable(repo.root, relative)
    with lock.folder_locked(path.parent):
        raw = _current(repo, relative)
        edited, before, after = _edited(repo, relative, raw, build)
        bom = raw.startswith(b"\xef\xbb\xbf")
        write_atomically(path, edited, bom=bom, expected=raw)
    warned = Counter((f.code, f.message) for f in after.findings if f.severity == "advarsel")
    warned -= Counter((f.code, f.message) for f in before.findings)
    return tuple(f"{code} {message}" for code, message in warned)


def preview(repo: Repository, relative: str, build: Build) -> tuple[str, str]:
    """The record's text now and as `commit` would write it, checked the same way; nothing is
    written."""
    editable(repo.root, relative)
    raw = _current(repo, relative)
    edited, _, _ = _edited(repo, relative, raw, build)
    return decode(raw), edited


def _current(repo: Repository, relative: str) -> bytes:
    """The record's bytes now, read as every read of the repository is (store/files)."""
    try:
        return files.read(str(repo.root), relative)
    except files.Unreadable as problem:
        raise UserError(f"{relative}: {problem.message}") from None


def _edited(repo: Repository, relative: str, raw: bytes, build: Build) -> tuple[str, _Read, _Read]:
    """The edited text, and the record read before and after; a UserError when the edit would
    make the record invalid or give it a new error."""
    before = _read(repo, relative, raw)
    if before.stored is None:
        raise UserError(
            f"{relative} er ikke en gyldig post nå; rett funnene fra «ims validate» først"
        )
    markdown = relative.endswith(".md")
    edited, data = roundtrip.apply(decode(raw), build(before.stored), markdown)
    # text written into an encrypted record goes into its encrypted part, never in clear
    edited = resealed(relative, edited, data, markdown, repo.config.vocabulary())
    after = _read(repo, relative, edited.encode("utf-8"))
    if after.stored is None:
        reasons = "; ".join(f.message for f in after.findings)
        raise UserError(f"endringen ville gjort posten ugyldig: {reasons}")
    new = Counter((f.code, f.message) for f in after.findings if f.severity == "feil")
    new -= Counter((f.code, f.message) for f in before.findings)
    if new:
        found = "; ".join(f"{code} {message}" for code, message in new)
        raise UserError(f"endringen ble ikke skrevet: {found}")
    return edited, before, after


@dataclass(frozen=True)
class _Read:
    stored: StoredRecord | None  # None when the text is not a valid record
    findings: list[Finding]


def _read(repo: Repository, relative: str, raw: bytes) -> _Read:
    """A record's text as `ims validate` sees it: its own findings (schema, fødselsnummer) and
    those of every rule about it."""
    result = read_file(relative, raw, VALIDATOR, vocabulary=repo.config.vocabulary())
    if result.model is None or result.kind is None:
        return _Read(None, result.findings)
    record: Any = result.model
    stored = StoredRecord(relative, result.kind, record, result.body)
    return _Read(stored, [*result.findings, *record_findings(stored, repo)])


def find_record(repo: Repository, record_id: str) -> StoredRecord | None:
    return next((s for s in repo.records if s.record.id == record_id), None)


def valid(repo: Repository, record_id: str, model: type, kind: str) -> StoredRecord:
    """The valid record of a kind (avvik, ros, lederavtale, revisjon) with the id, or why not."""
    stored = find_record(repo, record_id)
    if stored is None or not isinstance(stored.record, model):
        raise UserError(
            f"fant ingen gyldig post {record_id} ({kind}); se «ims list {kind}» og «ims validate»"
        )
    return stored


def _tiltak_at(stored: StoredRecord, ref: str) -> tuple[DataPath, Tiltak]:
    """Where the tiltak of `<record id>/<tiltak id>` stands in the record, and the tiltak."""
    record_id, _, tiltak_id = ref.partition("/")
    for path, tiltak in stored.record.all_tiltak():
        if tiltak.id == tiltak_id:
            return path, tiltak
    for _, pointer in stored.record.pointers():
        if pointer.id == tiltak_id:
            raise UserError(
                f"{ref} er det samme tiltaket som {pointer.samme_som} (samme_som); gjør "
                f"endringen der: ims tiltak … {pointer.samme_som}"
            )
    raise UserError(f"{record_id} har ikke noe tiltak «{tiltak_id}»")


def find_tiltak(repo: Repository, ref: str) -> StoredRecord:
    """The record that holds the tiltak `<record id>/<tiltak id>`; a usage error if none does."""
    record_id, _, _ = ref.partition("/")
    stored = find_record(repo, record_id)
    if stored is None:
        raise UserError(
            f"fant ingen gyldig post {record_id or ref}; skriv <post-id>/<tiltak-id>, for "
            "eksempel AVV-2026-0042/T1 (se «ims tiltak list»)"
        )
    _tiltak_at(stored, ref)
    return stored


def tiltak_done(repo: Repository, ref: str, day: date | None, evaluering: str | None) -> Done:
    """Complete a tiltak. One already completed keeps its date: only an evaluering is added."""
    stored = find_tiltak(repo, ref)
    summary = ""

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        nonlocal summary
        at, tiltak = _tiltak_at(current, ref)
        if tiltak.status == "fullfort" and tiltak.fullfort is not None:
            when = tiltak.fullfort
            if day is not None and day != when:
                raise UserError(
                    f"{ref} ble fullført {day_of(when)}; ims endrer ikke en fullført-dato. "
                    "Rett den i filen hvis den er feil"
                )
            if not evaluering:
                raise UserError(
                    f"{ref} er allerede fullført {day_of(when)}; gi --evaluering for å "
                    "legge til evalueringen"
                )
            summary = f"{ref}: evaluering lagt til (fullført {day_of(when)})"
            return [roundtrip.SetValue(at, "evaluering", evaluering)]
        when = day or date.today()
        summary = f"{ref} er fullført {day_of(when)}"
        changes: list[roundtrip.Change] = [
            roundtrip.SetValue(at, "status", "fullfort"),
            roundtrip.SetValue(at, "fullfort", when),
        ]
        if evaluering:
            changes.append(roundtrip.SetValue(at, "evaluering", evaluering))
        return changes

    warned = commit(repo, stored.path, build)
    return Done(stored.path, summary, warned)


def tiltak_move(repo: Repository, ref: str, frist: date, begrunnelse: str, day: date) -> Done:
    stored = find_tiltak(repo, ref)
    summary = ""

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        nonlocal summary
        at, tiltak = _tiltak_at(current, ref)
        if tiltak.frist == frist:
            raise UserError(f"{ref} har allerede frist {day_of(frist)}")
        history: dict[str, str | int | date] = {
            "fra": tiltak.frist,
            "til": frist,
            "dato": day,
            "begrunnelse": begrunnelse,
        }
        summary = f"{ref}: frist flyttet fra {day_of(tiltak.frist)} til {day_of(frist)}"
        return [
            roundtrip.SetValue(at, "frist", frist),
            roundtrip.Append(at, "fristendringer", history),
        ]

    warned = commit(repo, stored.path, build)
    return Done(stored.path, summary, warned)


def avvik_status(
    repo: Repository, avvik_id: str, status: str, day: date, rotarsak: str | None
) -> Done:
    """Set an avvik's status; a settled one (lukket, avvist, videresendt) gets the day as its
    `lukket` date, one opened again loses it."""
    statuses = repo.config.verdier.avvik_status
    if status not in statuses:
        raise UserError(
            f"status «{status}» finnes ikke for avvik i ims.yaml; bruk {', '.join(statuses)}"
        )
    stored = valid(repo, avvik_id, Avvik, "avvik")

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        avvik = current.record
        assert isinstance(avvik, Avvik)
        changes: list[roundtrip.Change] = [roundtrip.SetValue((), "status", status)]
        if status in SETTLED:
            changes.append(roundtrip.SetValue((), "lukket", day))
        elif avvik.lukket is not None:
            changes.append(roundtrip.SetValue((), "lukket", None))  # opened again: no longer closed
        if rotarsak and avvik.arsaksanalyse is None:
            changes.append(roundtrip.SetValue((), "arsaksanalyse", {"rotarsak": rotarsak}))
        elif rotarsak:
            changes.append(roundtrip.SetValue(("arsaksanalyse",), "rotarsak", rotarsak))
        return changes

    warned = commit(repo, stored.path, build)
    return Done(stored.path, f"{avvik_id} har status {word(status)}", warned)


@dataclass(frozen=True)
class NewTiltak:
    """What `ims tiltak add` is given."""

    beskrivelse: str
    ansvarlig: str  # a person id, or a name that exactly one person has
    frist: date
    type: str | None = None
    risiko: str | None = None  # the risk of a ROS it belongs under (--risiko)
    omrade: str | None = None  # the area of an egenvurdering (--omrade)
    under: str | None = None  # a risk or an area named after the record's id (ROS-…/R3)


def _part(record: Ros | Egenvurdering, given: str | None) -> tuple[DataPath, str]:
    """Where the tiltak of a ROS's risk or an egenvurdering's area go; which one, or why not."""
    if isinstance(record, Ros):
        names, option, what = [r.id for r in record.risikoer], "--risiko", "risiko"
        one, none = "en risiko", "ingen risiko"
    else:
        names, option, what = [a.omrade for a in record.omrader], "--omrade", "område"
        one, none = "et område", "ikke noe område"
    known = ", ".join(names)
    if given is None:
        raise UserError(
            f"tiltak i {record.id} hører til {one}: gi {option} ({known}), eller skriv "
            f"{record.id}/<{what}>"
        )
    if given not in names:
        raise UserError(f"{record.id} har {none} «{given}»; bruk en av: {known}")
    key = "risikoer" if isinstance(record, Ros) else "omrader"
    return (key, names.index(given)), "tiltak"


def _tiltak_list(stored: StoredRecord, new: NewTiltak) -> tuple[DataPath, str]:
    """Where a record keeps its tiltak: the mapping and the list's key."""
    record = stored.record
    if new.omrade is not None and not isinstance(record, Egenvurdering):
        raise UserError(f"--omrade gjelder bare egenvurderinger; {record.id} er ikke en")
    if new.risiko is not None and not isinstance(record, Ros):
        raise UserError(f"--risiko gjelder bare ROS; {record.id} er ikke en ROS")
    if isinstance(record, Ros):
        return _part(record, new.risiko or new.under)
    if isinstance(record, Egenvurdering):
        return _part(record, new.omrade or new.under)
    if new.under is not None:
        raise UserError(
            f"{record.id}/{new.under}: bare ROS-er og egenvurderinger har deler som tiltak hører "
            f"til; skriv bare {record.id}"
        )
    # one list of tiltak at the top of the record: an avvik's tiltak, a LG's beslutninger …
    lists = [at for at, _ in record.tiltak_lists()] if isinstance(record, HoldsTiltak) else []
    if len(lists) == 1 and len(lists[0]) == 1:
        return (), str(lists[0][0])
    holding = either([k.name for k in KINDS if k.holds_tiltak])
    raise UserError(f"{record.id} har ikke tiltak; tiltak hører til {holding}")


def person_id(repo: Repository, given: str) -> str:
    """A person's id, also when written by name (as «Liv Berg»), when exactly one has it;
    otherwise as given (the check then says what is wrong)."""
    people = person_names(repo.organisasjon)
    return given if given in people else person_named(people, given) or given


def tiltak_add(repo: Repository, record_id: str, new: NewTiltak, today: date) -> Done:
    """A new tiltak, planned, with the next free T id of the record. A frist already passed is
    written (the user may be recording what was due), with a warning."""
    stored = find_record(repo, record_id)
    if stored is None:
        raise UserError(f"fant ingen gyldig post {record_id}; se «ims validate»")
    ansvarlig = person_id(repo, new.ansvarlig)
    ref = ""

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        nonlocal ref
        at, key = _tiltak_list(current, new)
        record = current.record
        taken = {t.id for _, t in record.all_tiltak()} | {p.id for _, p in record.pointers()}
        number = next(n for n in range(1, len(taken) + 2) if f"T{n}" not in taken)
        item: dict[str, str | date] = {"id": f"T{number}", "beskrivelse": new.beskrivelse}
        if new.type:
            item["type"] = new.type
        item |= {"ansvarlig": ansvarlig, "frist": new.frist, "status": "planlagt"}
        ref = f"{record_id}/T{number}"
        return [roundtrip.Append(at, key, item, flow=False)]

    warned = commit(repo, stored.path, build)
    if new.frist < today:
        late = (
            f"fristen {day_of(new.frist)} er alt passert, så {ref} er over fristen fra i dag "
            f"(F001 i «ims check»); var det en skrivefeil, flytt den med «ims tiltak move {ref} "
            "--frist ÅÅÅÅ-MM-DD --begrunnelse …»"
        )
        warned = (late, *warned)
    return Done(stored.path, f"{ref} lagt til (frist {day_of(new.frist)})", warned)


def tiltak_evaluate(repo: Repository, ref: str, evaluering: str) -> Done:
    """Add or replace the evaluation of a completed tiltak; its date stays."""
    stored = find_tiltak(repo, ref)

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        at, tiltak = _tiltak_at(current, ref)
        if tiltak.status != "fullfort":
            raise UserError(
                f"{ref} er {word(tiltak.status)}; bare fullførte tiltak evalueres (fullfør det "
                "med «ims tiltak done»)"
            )
        return [roundtrip.SetValue(at, "evaluering", evaluering)]

    warned = commit(repo, stored.path, build)
    return Done(stored.path, f"{ref}: evaluering skrevet", warned)


def tiltak_cancel(repo: Repository, ref: str, begrunnelse: str, day: date) -> Done:
    """Cancel a planned or ongoing tiltak, keeping why and when."""
    stored = find_tiltak(repo, ref)

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        at, tiltak = _tiltak_at(current, ref)
        if tiltak.status not in ("planlagt", "pagar"):
            raise UserError(
                f"{ref} er {word(tiltak.status)}; bare planlagte og pågående tiltak avbrytes"
            )
        return [
            roundtrip.SetValue(at, "status", "avbrutt"),
            roundtrip.SetValue(at, "avbrutt", {"dato": day, "begrunnelse": begrunnelse}),
        ]

    warned = commit(repo, stored.path, build)
    return Done(stored.path, f"{ref} er avbrutt {day_of(day)}", warned)


@dataclass(frozen=True)
class Answered:
    """What `ims avvik svar` wrote, and where the answer may go: the reporter's address, and
    the answer as an e-mail may carry it (None for a graded record, by the policy)."""

    done: Done
    epost: str | None
    shareable: str | None
    code: str | None


def avvik_answer(repo: Repository, avvik_id: str, tekst: str) -> Answered:
    """Write the answer to the reporter (`svar`) into an avvik."""
    text = "\n".join(line.rstrip() for line in tekst.strip().splitlines())
    if not text:
        raise UserError("--tekst er tom; skriv svaret til den som meldte")
    stored = valid(repo, avvik_id, Avvik, "avvik")
    warned = commit(repo, stored.path, lambda _: [roundtrip.SetValue((), "svar", text)])
    avvik = stored.record
    assert isinstance(avvik, Avvik)
    shown = text_for(text, avvik.gradering, "intern")
    code = avvik.tracking_code()
    return Answered(
        Done(stored.path, f"{avvik_id} har fått svar", warned),
        avvik.kontakt.epost if avvik.kontakt else None,
        None if shown == HIDDEN else shown,
        code,
    )
