"""Graded records encrypted at rest: their free text as one age message in the file.

A graded record keeps in clear what checking, deadlines, PUFF and statistics need (ids, codes,
dates, who owns a tiltak); each free text (models.fields decides which field is one, from the
models' types) stands as «(gradert)» in the file, and the text itself sits under `kryptert:`
as an ASCII-armored age message to the record's readers, with the key each was encrypted to:

    kryptert:
      lesere:
        liv.berg: age1…
      tekst: |
        -----BEGIN AGE ENCRYPTED FILE-----
        …

The message is JSON: the record's id, and each text with where it stands (a list's item by its
`id` where it has one, so a tiltak keeps its text when the list is reordered; a process's
Markdown body as `@tekst`, and «(gradert)» in the file after the front matter). The standard
`age` command decrypts it with a reader's identity. The cryptography is age's (pyrage): X25519
and ssh-ed25519 recipients, nothing of ims's own.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pyrage
from pydantic import BaseModel

from ims_cli.errors import UserError
from ims_cli.models.common import HIDDEN
from ims_cli.models.fields import free_text, nested_models

FIELD = "kryptert"  # the block in the file; `tilgang` beside it names readers beyond the grade's
BODY = "@tekst"  # where a Markdown record's body stands in the message; no field is named so
ARMOR_START = "-----BEGIN AGE ENCRYPTED FILE-----"
SSH_KEY_START = "-----BEGIN OPENSSH PRIVATE KEY-----"

DataPath = tuple[str | int, ...]
# Where a text stands, as the message keeps it: a key, {"id": "T1"} or {"nr": 0} for a list item.
Segment = str | dict[str, Any]


class NotReader(UserError):
    """The identity given is not one the record was encrypted to."""


def clear_text(model: type[BaseModel], data: Mapping[str, Any]) -> list[tuple[DataPath, str]]:
    """Every free text of a record's data that stands in clear (not «(gradert)»), with its path."""
    return list(_clear(model, data, ()))


def hidden_text(model: type[BaseModel], data: Mapping[str, Any]) -> list[tuple[DataPath, str]]:
    """Every free text of a record's data that reads «(gradert)», with its path."""
    return list(_clear(model, data, (), hidden=True))


def _clear(
    model: type[BaseModel], data: Mapping[str, Any], at: DataPath, hidden: bool = False
) -> Iterator[Any]:
    for name, value in data.items():
        if name == FIELD or value is None or name not in model.model_fields:
            continue
        nested = nested_models(model, name)
        if nested and isinstance(value, Mapping):
            yield from _clear(_fitting(nested, value), value, (*at, name), hidden)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if nested and isinstance(item, Mapping):
                    yield from _clear(_fitting(nested, item), item, (*at, name, index), hidden)
                elif _in_clear(model, name, item, hidden):
                    yield (*at, name, index), item
        elif _in_clear(model, name, value, hidden):
            yield (*at, name), value


def body_in_clear(body: str | None) -> bool:
    """A Markdown record's body holds text in clear: more than «(gradert)» or nothing."""
    return body is not None and body.strip() not in ("", HIDDEN)


def _in_clear(model: type[BaseModel], name: str, value: Any, hidden: bool = False) -> bool:
    """Free text in clear; with `hidden`, free text that reads «(gradert)» instead."""
    return isinstance(value, str) and (value == HIDDEN) == hidden and free_text(model, name)


def _fitting(models: list[type[BaseModel]], item: Mapping[str, Any]) -> type[BaseModel]:
    """Of the models a list's item may be (a tiltak, or a pointer to one), the one it is."""
    return next((m for m in models if set(item) <= set(m.model_fields)), models[0])


def segments(data: Mapping[str, Any], path: DataPath) -> list[Segment]:
    """A path in the data as the message keeps it: a list's item by its id where it has one."""
    found: list[Segment] = []
    node: Any = data
    for part in path:
        if isinstance(part, int):
            item = node[part]
            has_id = isinstance(item, Mapping) and isinstance(item.get("id"), str)
            found.append({"id": item["id"]} if has_id else {"nr": part})
        else:
            found.append(part)
        node = node[part]
    return found


def _place(data: Any, where: Sequence[Any]) -> tuple[Any, str | int] | None:
    """The container and key a path of the message names in the data; None where it is gone."""
    node = data
    for depth, part in enumerate(where):
        key: str | int
        if isinstance(part, dict) and isinstance(node, list):
            if "id" in part:
                ids = [i for i, item in enumerate(node) if isinstance(item, dict)]
                match = [i for i in ids if node[i].get("id") == part["id"]]
                if not match:
                    return None
                key = match[0]
            else:
                key = int(part.get("nr", -1))
                if not 0 <= key < len(node):
                    return None
        elif isinstance(part, str) and isinstance(node, dict):
            key = part
        else:
            return None
        if depth == len(where) - 1:
            return node, key
        node = node.get(key) if isinstance(node, dict) else node[key]
        if node is None:
            return None
    return None


def located(data: Any, where: Sequence[Any]) -> DataPath | None:
    """The path in the data a path of the message names (a list's item by its index); None
    where it is gone."""
    found: list[str | int] = []
    node = data
    for part in where:
        place = _place(node, [part])
        if place is None:
            return None
        _, key = place
        if isinstance(node, dict) and key not in node:
            return None
        found.append(key)
        node = node[key]
    return tuple(found)


def merged(data: Mapping[str, Any], entries: Sequence[tuple[Sequence[Any], Any]]) -> dict[str, Any]:
    """The record's data with each decrypted text back where it stands."""
    result = copy.deepcopy(dict(data))
    for where, value in entries:
        if list(where) == [BODY]:
            continue  # the body is no field of the data
        place = _place(result, where)
        if place is not None:
            container, key = place
            container[key] = value
    return result


def message(record_id: str, entries: Sequence[tuple[Sequence[Any], Any]]) -> bytes:
    """The plain text of the age message: the record's id and its texts."""
    payload = {"id": record_id, "tekst": [[list(where), value] for where, value in entries]}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def seal(plain: bytes, keys: Mapping[str, str]) -> str:
    """The message encrypted to each reader's public key, ASCII-armored."""
    recipients = [recipient(person, key) for person, key in keys.items()]
    try:
        return str(pyrage.encrypt(plain, recipients, armored=True).decode("ascii"))
    except pyrage.EncryptError as error:  # pragma: no cover - age refuses only a mix it rejects
        raise UserError(
            f"kunne ikke kryptere ({error}); sjekk nøklene i organisasjon.yaml"
        ) from None


def recipient(person: str, key: str) -> Any:
    """A reader's public key as age takes it: age1… (X25519) or ssh-ed25519 …"""
    try:
        if key.startswith("ssh-"):
            return pyrage.ssh.Recipient.from_str(key)
        return pyrage.x25519.Recipient.from_str(key)
    except pyrage.RecipientError:
        raise UserError(
            f"nøkkelen til {person} i records/organisasjon.yaml er ikke en gyldig offentlig "
            "nøkkel (age1… eller ssh-ed25519 …); be personen kjøre «ims nokkel ny» og lime inn "
            "det den skriver"
        ) from None


def opened(
    record_id: str, armor: str, identities: Sequence[Any], where: str
) -> list[tuple[list[Any], Any]]:
    """The texts of a record's age message, decrypted with the identities. NotReader when none
    of them is a reader; a UserError when the message is damaged or is another record's."""
    try:
        plain = pyrage.decrypt(armor.encode("utf-8"), list(identities))
    except pyrage.DecryptError as error:
        if "no matching keys" in str(error).lower():
            raise NotReader(
                f"{where}: {record_id} er ikke kryptert til nøkkelen din; du er ikke blant leserne"
            ) from None
        raise UserError(_damaged(where, record_id)) from None
    try:
        payload = json.loads(plain.decode("utf-8"))
        entries = [(list(w), v) for w, v in payload["tekst"]]
        found = payload["id"]
    except (ValueError, KeyError, TypeError):
        raise UserError(_damaged(where, record_id)) from None
    if found != record_id:
        raise UserError(
            f"{where}: den krypterte teksten tilhører {found}, ikke {record_id}; hent filen "
            "på nytt fra git"
        )
    return entries


def _damaged(where: str, record_id: str) -> str:
    return (
        f"{where}: den krypterte teksten i {record_id} (kryptert.tekst) er skadet eller "
        "avkortet; hent filen på nytt fra git («git checkout -- FIL»)"
    )


def opened_record(
    record: Any, body: str | None, identities: Sequence[Any], where: str, vocabulary: Any
) -> tuple[Any, str | None]:
    """A record read from its file and its Markdown body, its encrypted text decrypted into them
    (a new model, validated with the codes ims.yaml allows, `vocabulary`, as the record was)."""
    sealed = getattr(record, FIELD, None)
    if sealed is None:
        return record, body
    entries = opened(record.id, sealed.tekst, identities, where)
    data = merged(record.model_dump(), entries)
    body = next((value for w, value in entries if list(w) == [BODY]), body)
    return type(record).model_validate(data, context=vocabulary), body


def identities_in(text: str, where: str) -> list[Any]:
    """The identities of a key file: age's (AGE-SECRET-KEY-1…, as `ims nokkel ny` and
    age-keygen write them) or an OpenSSH ed25519 private key without passphrase."""
    try:
        if SSH_KEY_START in text:
            return [pyrage.ssh.Identity.from_buffer(text.encode("utf-8"))]
        lines = [line.strip() for line in text.splitlines()]
        found = [
            pyrage.x25519.Identity.from_str(line)
            for line in lines
            if line.startswith("AGE-SECRET-KEY-")
        ]
    except pyrage.IdentityError:
        found = []
    if not found:
        raise UserError(
            f"{where} er ikke en nøkkel ims kan bruke (en age-nøkkel AGE-SECRET-KEY-1… eller en "
            "OpenSSH ed25519-nøkkel uten passfrase); lag en med «ims nokkel ny»"
        )
    return found


def new_identity() -> tuple[str, str]:
    """A new age identity: the text of its key file and its public key."""
    identity = pyrage.x25519.Identity.generate()
    public = str(identity.to_public())
    return f"# public key: {public}\n{identity}\n", public
