"""PRO: prosessbeskrivelse, Markdown with YAML front matter (models/prosess.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ims_cli.kinds.base import Kind, Ref
from ims_cli.models.prosess import Prosess


def _dated(record: Prosess) -> date | None:
    return record.godkjent


def _refs(record: Prosess) -> Iterator[Ref]:
    yield "person", ("eier",), record.eier
    if record.godkjent_av:
        yield "person", ("godkjent_av",), record.godkjent_av
    for i, endring in enumerate(record.endringslogg):
        yield "person", ("endringslogg", i, "av"), endring.av
    for i, lov in enumerate(record.lovkrav):
        yield "lovkrav", ("lovkrav", i), lov
    for i, risk in enumerate(record.risikoer):
        yield "ros", ("risikoer", i), risk


# Process ids are numbers in the process map (PRO-1.1.2), chosen by hand: `ims new prosess --id`.
# Its deadline (F003, the next revision) is in analytics.deadlines.
KIND = Kind(
    "PRO",
    "prosess",
    Prosess,
    "records/prosesser",
    example="PRO-1.1.2",
    markdown=True,
    numbered=False,
    required=("id", "tittel", "eier"),
    defaults={"type": "hovedprosess"},
    dated=_dated,
    refs=_refs,
    sections=("aktiviteter",),
    table="prosesser",
    page="prosess.html.j2",
)
