"""AVV: avvik, uønsket hendelse, forbedringsforslag and the like (models/avvik.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ims_cli.kinds.base import Kind, Ref
from ims_cli.models.avvik import Avvik
from ims_cli.models.common import HIDDEN
from ims_cli.models.vocabulary import DEFAULT

# meldt_av may name a person or say who reported without naming anyone.
UNNAMED_REPORTERS = frozenset({"anonym", "innbygger"})


def _dated(record: Avvik) -> date | None:
    return record.meldt


def _status(record: Avvik) -> str | None:
    return record.status


def _refs(record: Avvik) -> Iterator[Ref]:
    # encrypted (a reporter can be a varsler), it reads «(gradert)» and names nobody to check
    if record.meldt_av and record.meldt_av not in {*UNNAMED_REPORTERS, HIDDEN}:
        yield "person", ("meldt_av",), record.meldt_av
    if record.prosess:
        yield "prosess", ("prosess",), record.prosess
    if record.ros:
        yield "ros", ("ros",), record.ros
    for i, lov in enumerate(record.lovkrav):
        yield "lovkrav", ("lovkrav", i), lov
    if record.funn:
        yield "funn", ("funn",), record.funn


KIND = Kind(
    "AVV",
    "avvik",
    Avvik,
    "records/avvik/{year}",
    example="AVV-2026-0042",
    # who reported is never assumed: an anonymous report is said so (--anonym)
    required=("enhet", "tittel", "kategori", "meldt_av"),
    defaults={"type": "avvik", "kilde": "ansatt"},
    dated=_dated,
    status=_status,
    statuses=DEFAULT.avvik_status,  # ims's own; a repository's come from ims.yaml's verdier
    refs=_refs,
)
