"""Graded records encrypted at rest (kryptering in ims.yaml): what must be encrypted, and to whom.

With `kryptering.pa`, a graded record's free text stands in clear nowhere (K001), nor does a
fødselsnummer in any record (P001); a strengt fortrolig record names who handles it (K004). An
encrypted record is encrypted to exactly its readers, with the keys organisasjon.yaml gives
them (K002), and a reader without a key is named once (K003). None of this needs a key: the
readers and keys stand in clear beside the encrypted text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from ims_cli.analytics.readers import keys_of, readers
from ims_cli.codes import severity
from ims_cli.confidentiality import graded, may_hold_national_id
from ims_cli.config import Config
from ims_cli.findings import Finding
from ims_cli.models.common import HIDDEN
from ims_cli.national_ids import national_ids
from ims_cli.rules.base import finding
from ims_cli.sealing import FIELD, body_in_clear, clear_text, hidden_text
from ims_cli.store.load import Catalogue, StoredRecord
from ims_cli.store.root import RECORDS_DIR
from ims_cli.words import counted

# What the rules need of a graded record, kept with its facts: (id, gradering, unit, tilgang,
# the readers and keys it is encrypted to, or None when it is not encrypted).
Sealing = tuple[str, str, str | None, tuple[str, ...], tuple[tuple[str, str], ...] | None]


def sealing_of(stored: StoredRecord) -> Sealing | None:
    record: Any = stored.record
    if not graded(record.gradering) and getattr(record, FIELD, None) is None:
        return None
    sealed = getattr(record, FIELD, None)
    lesere = tuple(sealed.lesere.items()) if sealed is not None else None
    tilgang = tuple(getattr(record, "tilgang", ()))
    return (record.id, str(record.gradering), getattr(record, "enhet", None), tilgang, lesere)


def record_rules(stored: StoredRecord, config: Config) -> list[Finding]:
    """K001, K004 and P001 of a record, by ims.yaml: nothing while kryptering is off."""
    record: Any = stored.record
    lost = _text_lost(stored)
    if not config.kryptering.pa:
        return lost

    if not graded(record.gradering):
        return lost  # its P001 is the loader's, which reads the whole file
    clear: list[tuple[Any, str]] = clear_text(stored.kind.model, record.model_dump())
    if body_in_clear(stored.body):  # a process's Markdown; it has no place in the YAML
        clear.append((("gradering",), str(stored.body)))
    found = [*lost, *_national_ids(stored, clear, config)]
    if clear:
        found.append(
            finding(
                "K001",
                stored,
                clear[0][0],
                f"{record.id} er gradert {record.gradering}, men teksten står i klartekst og "
                f"kryptering er på; kjør «ims krypter {record.id}»",
            )
        )
    if record.gradering != "fortrolig" and not getattr(record, "tilgang", None):
        found.append(
            finding(
                "K004",
                stored,
                ("gradering",),
                f"{record.id} er strengt fortrolig uten «tilgang»: skriv hvem som behandler "
                "saken (tilgang: [person-id]); bare de og enhetens leder kan lese den",
            )
        )
    return found


def _text_lost(stored: StoredRecord) -> list[Finding]:
    """K005: text that reads «(gradert)» in a record without its encrypted part (`kryptert:`
    taken out by hand, or by a merge): the text itself is gone from the file."""
    record: Any = stored.record
    if getattr(record, FIELD, None) is not None or not _holds_hidden(record):
        return []  # the second asked of every record: no model_dump for it
    hidden = [path for path, _ in hidden_text(stored.kind.model, record.model_dump())]
    if stored.body is not None and stored.body.strip() == HIDDEN:
        hidden.append(("gradering",))
    if not hidden:
        return []
    message = (
        f"{record.id} har tekst som står som «(gradert)», men den krypterte delen (kryptert:) "
        "mangler, så teksten finnes ikke i filen; hent den tilbake fra git (git log -p FIL), "
        "eller skriv teksten på nytt"
    )
    return [finding("K005", stored, hidden[0], message)]


def _holds_hidden(value: Any) -> bool:
    """Whether «(gradert)» stands anywhere in a record (its models, lists and mappings)."""
    if isinstance(value, str):
        return value == HIDDEN
    if isinstance(value, BaseModel):
        value = value.__dict__.values()
    elif isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return False
    return any(_holds_hidden(v) for v in value)


def _national_ids(
    stored: StoredRecord, clear: list[tuple[Any, str]], config: Config
) -> Iterator[Finding]:
    """P001 in a graded record's text in clear, where the policy does not allow one."""
    record: Any = stored.record
    if may_hold_national_id(record.gradering, config.kryptering.pa):
        return
    for path, text in clear:
        if next(national_ids(text), None) is not None:
            yield finding(
                "P001",
                stored,
                path,
                "teksten inneholder et gyldig fødselsnummer eller D-nummer i klartekst, og "
                f"kryptering er på; fjern det, eller kjør «ims krypter {record.id}»",
            )


def readers_findings(catalogue: Catalogue, sealed: Sequence[tuple[str, Sealing]]) -> list[Finding]:
    """K002 for each encrypted record whose readers or keys are not those it should have, and
    K003 for each reader without a key (with kryptering on). `sealed`: (file, Sealing)."""
    config, org = catalogue.config.kryptering, catalogue.organisasjon
    found: list[Finding] = []
    keyless: Counter[str] = Counter()
    for file, (record_id, gradering, unit, tilgang, lesere) in sealed:
        wanted = [r.person for r in readers(gradering, unit, tilgang, org, config.alltid)]
        keys, missing = keys_of(wanted, org)
        keyless.update(missing)
        if lesere is None:
            continue
        if not graded(gradering):
            message = (
                f"{record_id} er gradert «{gradering}», men teksten er fortsatt kryptert; kjør "
                f"«ims krypter --dekrypter {record_id}», eller sett graderingen tilbake"
            )
        elif problem := _readers_problem(dict(lesere), keys):
            message = f"{record_id} {problem}; kjør «ims krypter {record_id}»"
        else:
            continue
        at = (FIELD, "lesere")
        found.append(Finding("K002", severity("K002"), file, message, record_id, path=at))
    if config.pa:
        found += _keyless(catalogue, keyless)
    return found


def _readers_problem(lesere: dict[str, str], keys: dict[str, str]) -> str | None:
    gone = sorted(p for p in lesere if p not in keys)
    new = sorted(p for p in keys if p not in lesere)
    changed = sorted(p for p in keys if p in lesere and lesere[p] != keys[p])
    said = []
    if gone:
        said.append(f"er kryptert til {', '.join(gone)}, som ikke er leser nå")
    if new:
        said.append(f"mangler leseren {', '.join(new)}")
    if changed:
        said.append(f"er kryptert til en gammel nøkkel for {', '.join(changed)}")
    return " og ".join(said) or None


def _keyless(catalogue: Catalogue, keyless: Counter[str]) -> list[Finding]:
    org = catalogue.organisasjon
    places = {p.id: i for i, p in enumerate(org.personer)} if org else {}
    found = []
    for person, count in sorted(keyless.items()):
        at = ("personer", places[person]) if person in places else None
        message = (
            f"{person} skal kunne lese {counted(count, 'gradert post', 'graderte poster')}, men "
            f"har ingen «nokkel»; be {person} kjøre «ims nokkel ny» og legge nøkkelen inn her"
        )
        found.append(
            Finding("K003", severity("K003"), f"{RECORDS_DIR}/organisasjon.yaml", message, path=at)
        )
    return found
