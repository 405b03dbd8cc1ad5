"""An encrypted record as the person at the terminal reads and edits it: decrypted with the
user's key when it is a reader's, and text an edit writes into it encrypted with the rest.

Everything goes through the one writer (the round trip): the texts become «(gradert)» and the
`kryptert:` block holds them, in one atomic write (operations.changes.commit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ims_cli.errors import UserError
from ims_cli.kinds import kind_of
from ims_cli.models.common import HIDDEN
from ims_cli.models.vocabulary import Vocabulary
from ims_cli.sealing import (
    BODY,
    FIELD,
    NotReader,
    body_in_clear,
    clear_text,
    identities_in,
    located,
    message,
    opened,
    opened_record,
    seal,
    segments,
)
from ims_cli.store import roundtrip, yamlfile
from ims_cli.store.identity import ENV, key_path, read_key
from ims_cli.store.load import StoredRecord


def my_identities() -> list[Any] | None:
    """The identities of the user's key file; None when the user has none."""
    found = read_key()
    if found is None:
        return None
    path, text = found
    return identities_in(text, str(path))


def needs_key(record_id: str, done: str | None = None) -> UserError:
    """Why an edit of an encrypted record needs the user's key: it writes text into it, or
    (`done`) it decrypts it."""
    why = f"skal {done}" if done else "og endringen skriver tekst i den"
    return UserError(
        f"{record_id} er kryptert, {why}: det krever nøkkelen din ({key_path()}, eller filen "
        f"{ENV} peker på); ingenting er skrevet"
    )


@dataclass(frozen=True)
class Read:
    """A record as the person at the terminal may read it, and why its text is hidden if it is."""

    stored: StoredRecord
    note: str | None = None


def readable(stored: StoredRecord, vocabulary: Vocabulary) -> Read:
    """The record with its encrypted text decrypted when the user's key is a reader's; else as
    the file has it («(gradert)»), with a note that says why. The key is read only for an
    encrypted record."""
    if getattr(stored.record, FIELD, None) is None:
        return Read(stored)
    return readable_with(stored, my_identities(), vocabulary)


def readable_with(
    stored: StoredRecord, identities: Sequence[Any] | None, vocabulary: Vocabulary
) -> Read:
    """As `readable`, with the user's identities read already (None: the user has no key)."""
    if getattr(stored.record, FIELD, None) is None:
        return Read(stored)
    if identities is None:
        return Read(stored, f"Teksten er kryptert; du har ingen nøkkel ({key_path()}).")
    try:
        record, body = opened_record(
            stored.record, stored.body, identities, stored.path, vocabulary
        )
    except NotReader:
        return Read(stored, "Teksten er kryptert, og du er ikke blant leserne.")
    return Read(replace(stored, record=record, body=body))


def sealing(
    stored: StoredRecord, keys: dict[str, str], identities: Sequence[Any] | None
) -> list[roundtrip.Change]:
    """The changes that encrypt a record's text to `keys`: each text in clear (a process's body
    too) as «(gradert)», and the kryptert block with the text it held before and the text that
    was in clear."""
    record = stored.record
    data = record.model_dump()
    entries: list[tuple[list[Any], Any]] = []
    sealed = getattr(record, FIELD, None)
    if sealed is not None:
        if identities is None:
            raise needs_key(record.id)
        entries = opened(record.id, sealed.tekst, identities, stored.path)
    clear = clear_text(stored.kind.model, data)
    fresh: list[tuple[list[Any], Any]] = [(segments(data, path), v) for path, v in clear]
    if body_in_clear(stored.body):
        fresh.append(([BODY], _merged_body(str(stored.body), entries)))
    replaced = {repr(where) for where, _ in fresh}
    entries = [e for e in entries if repr(e[0]) not in replaced] + fresh
    armor = seal(message(record.id, entries), keys)
    changes: list[roundtrip.Change] = [
        roundtrip.SetValue(path[:-1], path[-1], HIDDEN) for path, _ in clear
    ]
    changes.append(roundtrip.Block((), FIELD, {"lesere": dict(keys), "tekst": armor}))
    if body_in_clear(stored.body):
        changes.append(roundtrip.Body(f"{HIDDEN}\n"))
    return changes


def unsealing(stored: StoredRecord, identities: Sequence[Any] | None) -> list[roundtrip.Change]:
    """The changes that decrypt a record for good: each text back where it stands as «(gradert)»
    (a process's body after its front matter), and the kryptert block removed. Text written in
    clear since, over a «(gradert)», stays as written. Needs a reader's key."""
    record = stored.record
    sealed = getattr(record, FIELD, None)
    if sealed is None:
        return []
    if identities is None:
        raise needs_key(record.id, "dekrypteres")
    data = record.model_dump()
    changes: list[roundtrip.Change] = []
    for where, value in opened(record.id, sealed.tekst, identities, stored.path):
        if list(where) == [BODY]:
            if not body_in_clear(stored.body):
                changes.append(roundtrip.Body(value))
            continue
        path = located(data, where)  # None: its item is gone since, and its text with it
        if path is not None and _value_at(data, path) == HIDDEN:
            changes.append(roundtrip.SetValue(path[:-1], path[-1], value))
    changes.append(roundtrip.Remove((), FIELD))
    return changes


def _value_at(data: Any, path: Sequence[Any]) -> Any:
    for part in path:
        data = data[part]
    return data


def _merged_body(body: str, entries: Sequence[tuple[Sequence[Any], Any]]) -> str:
    """A body written in clear around a «(gradert)» line: that line stands for the encrypted
    body, which takes its place (text added to an encrypted process is added, not put instead)."""
    before = next((str(v) for w, v in entries if list(w) == [BODY]), None)
    lines = body.splitlines(keepends=True)
    marks = [i for i, line in enumerate(lines) if line.strip() == HIDDEN]
    if before is None or not marks:
        return body
    mark = lines[marks[0]]
    ending = mark[len(mark.rstrip("\r\n")) :]  # the line's own line break, if it has one
    instead = before if before.endswith("\n") or not ending else before + ending
    return "".join([*lines[: marks[0]], instead, *lines[marks[0] + 1 :]])


def resealed(
    relative: str, text: str, data: dict[str, Any], markdown: bool, vocabulary: Vocabulary
) -> str:
    """An edited record's text: when the record is encrypted and the edit wrote text into it (a
    process's body too), the text folded into the encrypted part, to the readers it has (needs
    the user's key)."""
    sealed = data.get(FIELD)
    kind = kind_of(data.get("id"))
    if not isinstance(sealed, dict) or kind is None:
        return text
    body = yamlfile.split_front_matter(text).body if markdown else None
    if not clear_text(kind.model, data) and not body_in_clear(body):
        return text
    identities = my_identities()
    if identities is None:
        raise needs_key(str(data.get("id")))
    record = kind.model.model_validate(data, context=vocabulary)
    stored = StoredRecord(relative, kind, record, body)  # type: ignore[arg-type]
    keys = dict(sealed.get("lesere") or {})
    edited, _ = roundtrip.apply(text, sealing(stored, keys, identities), markdown)
    return edited
