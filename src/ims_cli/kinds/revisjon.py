"""REV: revisjon eller tilsyn, with its findings (models/revisjon.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ims_cli.kinds.base import Kind, Ref
from ims_cli.models.revisjon import Revisjon


def _dated(record: Revisjon) -> date | None:
    return record.gjennomfort or record.planlagt


def _status(record: Revisjon) -> str | None:
    return "gjennomfort" if record.gjennomfort else "planlagt"


def _refs(record: Revisjon) -> Iterator[Ref]:
    for f, funn in enumerate(record.funn):
        if funn.avvik:
            yield "avvik", ("funn", f, "avvik"), funn.avvik
        for i, lov in enumerate(funn.lovkrav):
            yield "lovkrav", ("funn", f, "lovkrav", i), lov


KIND = Kind(
    "REV",
    "revisjon",
    Revisjon,
    "records/revisjoner",
    example="REV-2026-0003",
    required=("enhet", "tittel", "type", "planlagt"),
    dated=_dated,
    status=_status,
    statuses=("planlagt", "gjennomfort"),
    refs=_refs,
    sections=("funn",),
    table="revisjoner",
)
