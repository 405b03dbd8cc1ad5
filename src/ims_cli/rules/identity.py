"""Ids: unique across the repository, matching the file name, unique inside a record."""

from __future__ import annotations

from collections.abc import Iterator

from ims_cli.findings import Finding, Path
from ims_cli.kinds import file_stems
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.prosess import Prosess
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Ros
from ims_cli.rules.base import finding
from ims_cli.store.load import Catalogue, StoredRecord


def duplicate_ids(repo: Catalogue) -> Iterator[Finding]:
    for record_id, files in repo.ids.items():
        for file in files if len(files) > 1 else ():
            others = ", ".join(f for f in files if f != file)
            yield Finding(
                "I002",
                "feil",
                file,
                f"id «{record_id}» brukes også i {others}; gi én av postene neste ledige id",
                record_id,
                path=("id",),
            )


def _name_fits(stem: str, record_id: str) -> bool:
    return any(stem == n or stem.startswith(n + "-") for n in file_stems(record_id))


def file_name(stored: StoredRecord) -> Iterator[Finding]:
    """Checked for valid records only: a malformed id is reported by the schema, once."""
    record_id, file = stored.record.id, stored.path
    name = file.rpartition("/")[2]
    stem, _, suffix = name.rpartition(".")
    if not _name_fits(stem, record_id):
        yield Finding(
            "I003",
            "feil",
            file,
            f"filnavnet «{name}» stemmer ikke med id «{record_id}»; gi filen navnet "
            f"{record_id}.{suffix} (prosesser kan ha en beskrivelse etter id-en)",
            record_id,
            path=("id",),
        )


def _sub_items(stored: StoredRecord) -> Iterator[tuple[str, Path, str]]:
    """(what, path, id) of every item that needs an id unique within the record."""
    record = stored.record
    for path, tiltak in record.all_tiltak():
        yield "tiltak", path, tiltak.id
    for path, pointer in record.pointers():
        yield "tiltak", path, pointer.id
    if isinstance(record, Ros):
        for index, risiko in enumerate(record.risikoer):
            yield "risiko", ("risikoer", index), risiko.id
    elif isinstance(record, Prosess):
        for index, aktivitet in enumerate(record.aktiviteter):
            yield "aktivitet", ("aktiviteter", index), aktivitet.id
    elif isinstance(record, Revisjon):
        for index, funn in enumerate(record.funn):
            yield "funn", ("funn", index), funn.id
    elif isinstance(record, Lederavtale):
        for index, mal in enumerate(record.mal):
            yield "mål", ("mal", index), mal.id


def duplicate_sub_ids(stored: StoredRecord) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for what, path, sub_id in _sub_items(stored):
        if sub_id in seen:
            yield finding(
                "I004",
                stored,
                (*path, "id"),
                f"{what} «{sub_id}» har samme id som et {seen[sub_id]} tidligere i posten; "
                "ids må være unike i hele posten, også under hver risiko",
                sub_id,
            )
        else:
            seen[sub_id] = what
