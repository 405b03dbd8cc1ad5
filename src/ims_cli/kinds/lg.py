"""LG: ledelsens gjennomgang, whose beslutninger are followed up as tiltak (models/lg.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ims_cli.kinds.base import Kind, Ref
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.words import day


def _title(record: LedelsensGjennomgang, people: Mapping[str, str]) -> str:
    return f"Ledelsens gjennomgang {day(record.dato)}"


def _refs(record: LedelsensGjennomgang) -> Iterator[Ref]:
    for i, person in enumerate(record.deltakere):
        yield "person", ("deltakere", i), person


KIND = Kind(
    "LG",
    "lg",
    LedelsensGjennomgang,
    "records/ledelsens-gjennomgang",
    title=_title,
    refs=_refs,
    tiltak_heading="Beslutninger",
    table="ledelsens_gjennomgang",
)
