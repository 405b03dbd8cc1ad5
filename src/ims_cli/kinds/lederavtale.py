"""LA: lederavtale with its goals in balansert målstyring (models/lederavtale.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from ims_cli.kinds.base import Kind, Ref
from ims_cli.models.lederavtale import Lederavtale


def _title(record: Lederavtale, people: Mapping[str, str]) -> str:
    """By its leader's name when `people` knows it (the index keeps titles without names,
    which change apart from the record)."""
    return f"Lederavtale {record.aar} for {people.get(record.leder, record.leder)}"


def _dated(record: Lederavtale) -> date | None:
    return record.signert.leder if record.signert else None


def _status(record: Lederavtale) -> str | None:
    return "signert" if record.is_signed else "ikke_signert"


def _refs(record: Lederavtale) -> Iterator[Ref]:
    yield "person", ("leder",), record.leder
    yield "person", ("overordnet",), record.overordnet


# Its deadlines (F004, lederdialog every half year) are in analytics.deadlines.
KIND = Kind(
    "LA",
    "lederavtale",
    Lederavtale,
    "records/lederavtaler/{year}",
    example="LA-2026-0012",
    required=("enhet", "leder", "overordnet"),
    title=_title,
    dated=_dated,
    status=_status,
    statuses=("signert", "ikke_signert"),
    refs=_refs,
    sections=("mal", "lederdialog"),
    table="lederavtaler",
)
