"""LG: ledelsens gjennomgang (management review, ISO 9001 9.3)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from ims_cli.findings import Path
from ims_cli.models.common import (
    Gradering,
    IsoDate,
    LgId,
    Model,
    PersonId,
    Tiltak,
    UnitId,
)


class Periode(Model):
    fra: IsoDate
    til: IsoDate


class LedelsensGjennomgang(Model):
    """A management review (LG-ÅÅÅÅ-NNNN); its beslutninger are followed up as tiltak."""

    id: LgId
    niva: Literal["virksomhet", "tjenesteomrade", "kommune"]
    enhet: UnitId
    dato: IsoDate
    periode: Periode | None = None
    deltakere: list[PersonId] = Field(default_factory=list)
    gradering: Gradering = "intern"
    konklusjon: str | None = None
    beslutninger: list[Tiltak] = Field(default_factory=list)

    def all_tiltak(self) -> Iterator[tuple[Path, Tiltak]]:
        for index, tiltak in enumerate(self.beslutninger):
            yield ("beslutninger", index), tiltak
