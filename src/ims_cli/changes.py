"""Working records from the command line: complete or move a tiltak, change an avvik's status.

Each change is checked like `ims validate` would check the record, and refused with the reasons
if it would add an error; only then is the file written, changing only what changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from ims_cli.errors import UserError
from ims_cli.findings import Path as DataPath
from ims_cli.models.avvik import Avvik
from ims_cli.rules.run import record_findings
from ims_cli.rules.schema import schema_findings
from ims_cli.store import edit
from ims_cli.store.load import Repository, StoredRecord
from ims_cli.store.yamlfile import decode


@dataclass(frozen=True)
class Done:
    path: str
    summary: str


def _commit(repo: Repository, stored: StoredRecord, changes: list[edit.Change]) -> None:
    """Apply, check, and write; refuse with the reasons when the record would get a new error."""
    path = repo.root / stored.path
    raw = path.read_bytes()
    text = decode(raw)
    edited, data = edit.apply(text, changes, stored.path.endswith(".md"))
    try:
        record = stored.kind.model.model_validate(data)
    except ValidationError as error:
        reasons = [f.message for f in schema_findings(error, stored.kind.model, data, stored.path)]
        raise UserError("endringen ville gjort posten ugyldig: " + "; ".join(reasons)) from None
    after = StoredRecord(stored.path, stored.kind, record, stored.body)  # type: ignore[arg-type]
    before = {(f.code, f.message) for f in record_findings(stored, repo)}
    new = [f for f in record_findings(after, repo) if f.severity == "feil"]
    new = [f for f in new if (f.code, f.message) not in before]
    if new:
        found = "; ".join(f"{f.code} {f.message}" for f in new)
        raise UserError(f"endringen ble ikke skrevet: {found}")
    edit.write_atomically(path, edited, bom=raw.startswith(b"\xef\xbb\xbf"))


def find_tiltak(repo: Repository, ref: str) -> tuple[StoredRecord, DataPath]:
    record_id, _, tiltak_id = ref.partition("/")
    for stored in repo.records:
        if stored.record.id == record_id:
            for path, tiltak in stored.record.all_tiltak():
                if tiltak.id == tiltak_id:
                    return stored, path
            raise UserError(f"{record_id} har ikke noe tiltak «{tiltak_id}»")
    raise UserError(
        f"fant ingen gyldig post {record_id or ref}; skriv <post-id>/<tiltak-id>, for eksempel "
        "AVV-2026-0042/T1 (se «ims tiltak list»)"
    )


def tiltak_done(repo: Repository, ref: str, day: date, evaluering: str | None) -> Done:
    stored, at = find_tiltak(repo, ref)
    changes: list[edit.Change] = [
        edit.SetValue(at, "status", "fullfort"),
        edit.SetValue(at, "fullfort", day),
    ]
    if evaluering:
        changes.append(edit.SetValue(at, "evaluering", evaluering))
    _commit(repo, stored, changes)
    return Done(stored.path, f"{ref} er fullført {day}")


def tiltak_move(repo: Repository, ref: str, frist: date, begrunnelse: str, day: date) -> Done:
    stored, at = find_tiltak(repo, ref)
    tiltak = next(t for p, t in stored.record.all_tiltak() if p == at)
    if tiltak.frist == frist:
        raise UserError(f"{ref} har allerede frist {frist}")
    history: dict[str, str | int | date] = {
        "fra": tiltak.frist,
        "til": frist,
        "dato": day,
        "begrunnelse": begrunnelse,
    }
    changes: list[edit.Change] = [
        edit.SetValue(at, "frist", frist),
        edit.Append(at, "fristendringer", history),
    ]
    _commit(repo, stored, changes)
    return Done(stored.path, f"{ref}: frist flyttet fra {tiltak.frist} til {frist}")


AVVIK_STATUSES = ("meldt", "under_behandling", "tiltak_iverksatt", "lukket")


def avvik_status(
    repo: Repository, avvik_id: str, status: str, day: date, rotarsak: str | None
) -> Done:
    if status not in AVVIK_STATUSES:
        raise UserError(f"status «{status}» finnes ikke; bruk {', '.join(AVVIK_STATUSES)}")
    stored = next((s for s in repo.records if s.record.id == avvik_id), None)
    if stored is None or not isinstance(stored.record, Avvik):
        raise UserError(f"fant ikke noe gyldig avvik {avvik_id}; se «ims validate»")
    changes: list[edit.Change] = [edit.SetValue((), "status", status)]
    if status == "lukket":
        changes.append(edit.SetValue((), "lukket", day))
    elif stored.record.lukket is not None:
        changes.append(edit.SetValue((), "lukket", None))  # opened again: no longer closed
    if rotarsak and stored.record.arsaksanalyse is None:
        changes.append(edit.SetValue((), "arsaksanalyse", {"rotarsak": rotarsak}))
    elif rotarsak:
        changes.append(edit.SetValue(("arsaksanalyse",), "rotarsak", rotarsak))
    _commit(repo, stored, changes)
    return Done(stored.path, f"{avvik_id} har status {status}")
