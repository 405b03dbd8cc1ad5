"""VAR: varsel om kritikkverdige forhold (models/varsel.py). Strengt fortrolig always: beyond
its file it shows its id and status only (confidentiality.withheld), and it is no avvik."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, get_args

from ims_cli.kinds.base import Due, Kind, Ref
from ims_cli.models.varsel import UNNAMED_VARSLERE, Varsel, VarselStatus

if TYPE_CHECKING:
    from ims_cli.config import Config


def _title(record: Varsel, people: Mapping[str, str]) -> str:
    return record.tema


def _dated(record: Varsel) -> date | None:
    return record.mottatt


def _status(record: Varsel) -> str | None:
    return record.status


def _refs(record: Varsel) -> Iterator[Ref]:
    for i, person in enumerate(record.tilgang):
        yield "person", ("tilgang", i), person
    if record.varsler not in UNNAMED_VARSLERE:
        yield "person", ("varsler",), record.varsler


def _deadlines(record: Varsel, config: Config) -> Iterator[Due]:
    """F012: the varsler told how the varsel was followed up, within the days ims.yaml sets.
    The message names no more than the id does."""
    if record.tilbakemelding is None:
        days = config.frister.varsel_tilbakemelding_dager
        yield Due(
            "F012",
            ("tilbakemelding",),
            record.mottatt + timedelta(days=days),
            f"varsleren har ikke fått tilbakemelding om oppfølgingen innen {days} dager "
            "(arbeidsmiljøloven § 2 A-3: varselet skal undersøkes innen rimelig tid; "
            "frister.varsel_tilbakemelding_dager i ims.yaml); gi tilbakemelding og før inn "
            "«tilbakemelding» med datoen",
            owner=record.tilgang[0],
        )


KIND = Kind(
    "VAR",
    "varsel",
    Varsel,
    "records/varsler/{year}",
    # who handles it (tilgang), and who varslet: never assumed (--meldt-av, or --anonym)
    required=("enhet", "tittel", "ansvarlig", "meldt_av"),
    title=_title,
    dated=_dated,
    status=_status,
    statuses=get_args(VarselStatus),
    refs=_refs,
    deadlines=_deadlines,
)
