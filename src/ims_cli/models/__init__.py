"""Record models, one module per kind; what ims does with each kind is in ims_cli.kinds."""

from __future__ import annotations

from ims_cli.models.avvik import Avvik
from ims_cli.models.common import Model
from ims_cli.models.egenvurdering import Egenvurdering
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.ovelse import Ovelse
from ims_cli.models.prosess import Prosess
from ims_cli.models.registers import LovkravRegister, Organisasjon, Risikobank
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Ros
from ims_cli.models.varsel import Varsel
from ims_cli.models.vernerunde import Vernerunde

# A record of the built-in kinds (ims_cli.kinds); a kind registered at run time brings its own.
Record = (
    Avvik
    | Ros
    | Prosess
    | Lederavtale
    | Revisjon
    | LedelsensGjennomgang
    | Egenvurdering
    | Varsel
    | Vernerunde
    | Ovelse
)


# Registers live at fixed places under records/.
REGISTERS: dict[str, type[Model]] = {
    "organisasjon": Organisasjon,
    "lovkrav": LovkravRegister,
    "risikobank": Risikobank,
}
