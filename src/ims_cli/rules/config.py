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


def _words(message: str, path: tuple[str | int, ...]) -> Finding:
    return Finding("C003", "feil", CONFIG_FILE, message, path=path)


def words(config: Config) -> Iterator[Finding]:
    """The lists under `verdier:` must fit together and fit the matrix."""
    verdier, risiko = config.verdier, config.risiko
    for kategori in verdier.avvik_underkategori:
        if kategori not in verdier.avvik_kategori:
            yield _words(
                f"verdier.avvik_underkategori har underkategorier for «{kategori}», som ikke er "
                f"en av kategoriene ({', '.join(verdier.avvik_kategori)}); legg kategorien til "
                "under verdier.avvik_kategori, eller rett navnet",
                ("verdier", "avvik_underkategori", kategori),
            )
    if (
        verdier.konsekvens is not None
        and "dimensjoner" in risiko.model_fields_set
        and risiko.dimensjoner != verdier.konsekvens
    ):
        yield _words(
            "risiko.dimensjoner og verdier.konsekvens lister forskjellige dimensjoner; ta bort "
            "risiko.dimensjoner (verdier.konsekvens er stedet for dem)",
            ("risiko", "dimensjoner"),
        )
    yield from _scale(config)


def _scale(config: Config) -> Iterator[Finding]:
    """Each scale's descriptions: one per level of the matrix, for dimensions it has."""
    skala, risiko = config.verdier.skala, config.risiko
    where = ("verdier", "skala")
    if skala.sannsynlighet is not None and len(skala.sannsynlighet) != len(risiko.sannsynlighet):
        yield _levels(config, "sannsynlighet", len(skala.sannsynlighet), (*where, "sannsynlighet"))
    konsekvens = skala.konsekvens
    if isinstance(konsekvens, list) and len(konsekvens) != len(risiko.konsekvens):
        yield _levels(config, "konsekvens", len(konsekvens), (*where, "konsekvens"))
    for dimension, described in (konsekvens if isinstance(konsekvens, dict) else {}).items():
        place = (*where, "konsekvens", dimension)
        if dimension not in config.dimensions:
            yield _words(
                f"verdier.skala.konsekvens beskriver «{dimension}», som ikke er en av "
                f"konsekvensdimensjonene ({', '.join(config.dimensions)}); rett navnet, eller "
                "legg dimensjonen til under verdier.konsekvens",
                place,
            )
        elif len(described) != len(risiko.konsekvens):
            yield _levels(config, f"konsekvens for {dimension}", len(described), place)


def _levels(config: Config, scale: str, given: int, path: tuple[str | int, ...]) -> Finding:
    labels = config.risiko.sannsynlighet if scale == "sannsynlighet" else config.risiko.konsekvens
    return _words(
        f"verdier.skala beskriver {given} nivåer av {scale}, men matrisen har {len(labels)} "
        f"({', '.join(labels)}); skriv én beskrivelse per nivå, nivå 1 først",
        path,
    )
