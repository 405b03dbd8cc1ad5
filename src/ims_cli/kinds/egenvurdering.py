"""EV: egenvurdering, a unit's self-assessment of internkontroll maturity per area
(models/egenvurdering.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ims_cli.kinds.base import Kind, Ref
from ims_cli.models.egenvurdering import Egenvurdering
from ims_cli.words import day


def _title(record: Egenvurdering, people: Mapping[str, str]) -> str:
    return f"Egenvurdering av internkontrollen {day(record.dato)}"


def _refs(record: Egenvurdering) -> Iterator[Ref]:
    for i, person in enumerate(record.vurdert_av):
        yield "person", ("vurdert_av", i), person


# In the SQLite export, one row per area it assesses (the table modenhet).
KIND = Kind(
    "EV",
    "egenvurdering",
    Egenvurdering,
    "records/egenvurderinger",
    title=_title,
    refs=_refs,
    sections=("omrader",),
    table="modenhet",
)
