"""Record models. A record's kind comes from its id prefix, never from its folder."""

from __future__ import annotations

from dataclasses import dataclass

from ims_cli.models.avvik import Avvik
from ims_cli.models.common import Model
from ims_cli.models.egenvurdering import Egenvurdering
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.prosess import Prosess
from ims_cli.models.registers import LovkravRegister, Organisasjon, Risikobank
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Ros

Record = Avvik | Ros | Prosess | Lederavtale | Revisjon | LedelsensGjennomgang | Egenvurdering


@dataclass(frozen=True)
class Kind:
    prefix: str
    name: str  # the word users know, also the schema file's stem
    model: type[Model]
    markdown: bool = False


KINDS: tuple[Kind, ...] = (
    Kind("AVV", "avvik", Avvik),
    Kind("ROS", "ros", Ros),
    Kind("PRO", "prosess", Prosess, markdown=True),
    Kind("LA", "lederavtale", Lederavtale),
    Kind("REV", "revisjon", Revisjon),
    Kind("LG", "lg", LedelsensGjennomgang),
    Kind("EV", "egenvurdering", Egenvurdering),
)
BY_PREFIX: dict[str, Kind] = {k.prefix: k for k in KINDS}

# Registers live at fixed places under records/.
REGISTERS: dict[str, type[Model]] = {
    "organisasjon": Organisasjon,
    "lovkrav": LovkravRegister,
    "risikobank": Risikobank,
}


def kind_of(record_id: object) -> Kind | None:
    """The kind named by an id's prefix (AVV-2026-0042 is an avvik), or None."""
    if not isinstance(record_id, str) or "-" not in record_id:
        return None
    return BY_PREFIX.get(record_id.split("-", 1)[0])
