"""`ims nokkel ny` and `ims krypter`: a key of one's own, and graded records encrypted to their
readers (analytics.readers) through the one writer (operations.changes.commit) — or decrypted
for good when they are no longer graded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ims_cli.analytics.readers import keys_of, readers
from ims_cli.confidentiality import graded
from ims_cli.errors import UserError
from ims_cli.operations.changes import commit
from ims_cli.operations.sealed import sealing, unsealing
from ims_cli.sealing import FIELD, body_in_clear, clear_text, new_identity
from ims_cli.store.identity import write_key
from ims_cli.store.load import Catalogue, Repository, StoredRecord


def new_key() -> tuple[Path, str]:
    """Write a new age identity to the user's key file; its path and public key."""
    text, public = new_identity()
    return write_key(text), public


@dataclass
class Encrypted:
    """What `ims krypter` did: records encrypted, already as they should be, and those it could
    not encrypt, with why."""

    done: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def chosen(repo: Repository, ids: Sequence[str], every: bool) -> list[StoredRecord]:
    """The graded records `ims krypter` works: those named, or with --alle every graded one."""
    found = _asked(repo, ids, every, "krypteres")
    if every:
        return [s for s in found if graded(s.record.gradering)]
    for stored in found:
        if not graded(stored.record.gradering):
            raise UserError(
                f"{stored.record.id} er gradert «{stored.record.gradering}», og bare fortrolige "
                "poster krypteres; sett «gradering: fortrolig» først hvis den skal det"
            )
    return found


def _asked(repo: Repository, ids: Sequence[str], every: bool, done: str) -> list[StoredRecord]:
    """Every record with --alle, else those named by id (each once, by id); a UserError for an
    id with no valid record, or for both or neither."""
    if every == bool(ids):
        raise UserError(f"gi id-ene til postene som skal {done}, eller --alle (ikke begge)")
    if every:
        return list(repo.records)
    by_id = {s.record.id: s for s in repo.records}
    for record_id in ids:
        if record_id not in by_id:
            raise UserError(f"fant ingen gyldig post {record_id}; se «ims validate»")
    return sorted((by_id[i] for i in set(ids)), key=lambda s: s.record.id)


def encrypt(
    repo: Repository,
    records: Sequence[StoredRecord],
    identities: Sequence[Any] | None,
    advance: Callable[[int], None] = lambda _: None,
) -> Encrypted:
    """Encrypt each record's text in clear to its readers, and encrypt again to the readers it
    should have those whose readers changed (which needs a reader's key). `advance` is told of
    each record done (a progress bar)."""
    result = Encrypted()
    for stored in records:
        advance(1)
        record = stored.record
        try:
            keys = wanted_keys(repo, record)
            data = record.model_dump()
            sealed = getattr(record, FIELD, None)
            if (
                sealed is not None
                and dict(sealed.lesere) == keys
                and not clear_text(stored.kind.model, data)
                and not body_in_clear(stored.body)
            ):
                result.unchanged.append(record.id)
                continue
            commit(repo, stored.path, partial(sealing, keys=keys, identities=identities))
        except UserError as error:
            result.problems.append(_named(stored, str(error)))
            continue
        result.done.append(record.id)
    return result


def chosen_to_decrypt(repo: Repository, ids: Sequence[str], every: bool) -> list[StoredRecord]:
    """The encrypted records `ims krypter --dekrypter` works: those named, or with --alle every
    one that may be in clear — no longer graded, or every one once kryptering is off."""
    on = repo.config.kryptering.pa
    found = _asked(repo, ids, every, "dekrypteres")
    if every:
        found = [s for s in found if getattr(s.record, FIELD, None) is not None]
        return [s for s in found if not (on and graded(s.record.gradering))]
    for stored in found:
        if on and graded(stored.record.gradering):
            raise UserError(
                f"{stored.record.id} er gradert «{stored.record.gradering}», og kryptering er på "
                "i ims.yaml: en gradert post skal være kryptert. Sett graderingen ned først hvis "
                "teksten ikke lenger er taushetsbelagt"
            )
    return found


def decrypt(
    repo: Repository,
    records: Sequence[StoredRecord],
    identities: Sequence[Any] | None,
    advance: Callable[[int], None] = lambda _: None,
) -> Encrypted:
    """Put each encrypted record's text back in clear for good (needs a reader's key)."""
    result = Encrypted()
    for stored in records:
        advance(1)
        if getattr(stored.record, FIELD, None) is None:
            result.unchanged.append(stored.record.id)
            continue
        try:
            commit(repo, stored.path, partial(unsealing, identities=identities))
        except UserError as error:
            result.problems.append(_named(stored, str(error)))
            continue
        result.done.append(stored.record.id)
    return result


def _named(stored: StoredRecord, problem: str) -> str:
    """A problem with one of many records, saying which (most say it already)."""
    said = problem.startswith((stored.record.id, stored.path))
    return problem if said else f"{stored.path}: {problem}"


def wanted_keys(repo: Catalogue, record: Any) -> dict[str, str]:
    """The public key of each reader the record should be encrypted to; a UserError when none
    of its readers has one."""
    config = repo.config.kryptering
    who = readers(
        record.gradering,
        getattr(record, "enhet", None),
        record.tilgang,
        repo.organisasjon,
        config.alltid,
    )
    keys, _ = keys_of([r.person for r in who], repo.organisasjon)
    if not keys:
        named = ", ".join(r.person for r in who) or "ingen"
        raise UserError(
            f"{record.id}: ingen av leserne ({named}) har en nøkkel i records/organisasjon.yaml; "
            "be dem kjøre «ims nokkel ny» og legge «nokkel:» inn på seg selv"
        )
    return keys
