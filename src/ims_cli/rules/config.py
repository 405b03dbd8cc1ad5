"""Rules for ims.yaml that its schema cannot say."""

from __future__ import annotations

from collections.abc import Iterator

from ims_cli.config import Config
from ims_cli.findings import Finding
from ims_cli.store.root import CONFIG_FILE


def risk_levels(config: Config) -> Iterator[Finding]:
    """Levels must rise and cover the highest score the matrix can give."""
    risiko = config.risiko
    ceilings = [n.maks for n in risiko.nivaer]
    if ceilings != sorted(set(ceilings)):
        yield Finding(
            "C001",
            "feil",
            CONFIG_FILE,
            f"risiko.nivaer må stå med stigende maks, men har {ceilings}",
            path=("risiko", "nivaer"),
        )
    top = len(risiko.sannsynlighet) * len(risiko.konsekvens)
    if ceilings[-1] < top:
        yield Finding(
            "C001",
            "feil",
            CONFIG_FILE,
            f"det høyeste nivået har maks {ceilings[-1]}, men matrisen gir score opp til {top}; "
            f"sett maks: {top} på «{risiko.nivaer[-1].navn}»",
            path=("risiko", "nivaer", len(ceilings) - 1, "maks"),
        )


def cell_table(config: Config) -> Iterator[Finding]:
    """An explicit cell table must match the matrix and name only known levels."""
    risiko = config.risiko
    if risiko.celler is None:
        return
    rows, columns = len(risiko.sannsynlighet), len(risiko.konsekvens)
    names = {n.navn for n in risiko.nivaer}
    if len(risiko.celler) != rows or any(len(row) != columns for row in risiko.celler):
        yield Finding(
            "C002",
            "feil",
            CONFIG_FILE,
            f"risiko.celler må ha {rows} rader (én per sannsynlighet) med {columns} nivåer hver",
            path=("risiko", "celler"),
        )
        return
    for r, row in enumerate(risiko.celler):
        for c, name in enumerate(row):
            if name not in names:
                yield Finding(
                    "C002",
                    "feil",
                    CONFIG_FILE,
                    f"nivået «{name}» finnes ikke i risiko.nivaer ({', '.join(sorted(names))})",
                    path=("risiko", "celler", r, c),
                )
