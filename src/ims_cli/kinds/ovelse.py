"""OV: beredskapsøvelse (models/ovelse.py). Evaluated within frister.ovelse_evaluering_dager
(F015, here); the kommune's next øvelse (F014) is in analytics.deadlines: it is the latest
øvelse's that counts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

from ims_cli.kinds.base import Due, Kind, Ref
from ims_cli.models.ovelse import Ovelse
from ims_cli.words import day

if TYPE_CHECKING:
    from ims_cli.config import Config


def _title(record: Ovelse, people: Mapping[str, str]) -> str:
    return record.scenario


def _status(record: Ovelse) -> str | None:
    return "evaluert" if record.evaluering else "ikke_evaluert"


def _refs(record: Ovelse) -> Iterator[Ref]:
    for i, person in enumerate(record.deltakere):
        yield "person", ("deltakere", i), person


def _deadlines(record: Ovelse, config: Config) -> Iterator[Due]:
    if record.evaluering is None:
        days = config.frister.ovelse_evaluering_dager
        yield Due(
            "F015",
            ("evaluering",),
            record.dato + timedelta(days=days),
            f"øvelsen {day(record.dato)} er ikke evaluert innen {days} dager (forskrift om "
            "kommunal beredskapsplikt § 7: øvelsen skal evalueres); skriv evalueringen i "
            "«evaluering» og legg det den fant inn som tiltak",
        )


KIND = Kind(
    "OV",
    "ovelse",
    Ovelse,
    "records/ovelser/{year}",
    required=("enhet", "tittel"),
    interval="ovelse_maaneder",
    title=_title,
    status=_status,
    statuses=("evaluert", "ikke_evaluert"),
    refs=_refs,
    deadlines=_deadlines,
    page="post.html.j2",
)
