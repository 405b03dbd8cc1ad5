"""Option values shared by several commands, checked once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from ims_cli.errors import UserError

if TYPE_CHECKING:
    from ims_cli.models.registers import Organisasjon


def day(value: str | None, option: str = "--as-of") -> date:
    """A date option: ISO, today when not given."""
    from ims_cli.models.common import FIRST_YEAR, LAST_YEAR

    if value is None:
        return date.today()
    try:
        when = date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} «{value}» er ikke en dato; skriv ÅÅÅÅ-MM-DD") from None
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise UserError(f"{option} {value} ligger utenfor årene {FIRST_YEAR}–{LAST_YEAR}")
    return when


# Options several commands share, declared once so they read and behave the same everywhere.
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATO", help="Dagen det gjelder (ÅÅÅÅ-MM-DD). Standard: i dag."
    ),
]
Enhet = Annotated[
    str | None,
    typer.Option("--enhet", metavar="ENHET", help="Enheten, med alle enheter under seg."),
]


def past_day(value: str | None, option: str) -> date:
    """A date something happened on: today when not given, never after today."""
    when = day(value, option)
    if when > date.today():
        raise UserError(f"{option} {when} er fram i tid; skriv dagen det skjedde")
    return when


def one_of(option: str, value: str | None, choices: Iterable[str]) -> None:
    """A value given for an option with a fixed set of values must be one of them: a typo
    would otherwise select nothing and look like an empty result."""
    allowed = list(choices)
    if value is not None and value not in allowed:
        raise UserError(f"{option} «{value}» finnes ikke; bruk {', '.join(allowed)}")


def require_unit(org: Organisasjon | None, unit: str | None) -> None:
    """A unit given on the command line must exist in organisasjon.yaml."""
    if unit is None:
        return
    if org is None:
        raise UserError("records/organisasjon.yaml mangler eller er ugyldig; kjør «ims validate»")
    if unit not in {u.id for u in org.enheter}:
        raise UserError(f"enheten «{unit}» finnes ikke i records/organisasjon.yaml")


Tekst = Annotated[
    str | None,
    typer.Option("--tekst", metavar="TEKST", help="Bare med dette i id eller tittel."),
]
Publikum = Annotated[
    str,
    typer.Option(
        metavar="PUBLIKUM",
        help="intern (standard: tekst fra fortrolige poster utelates) eller apen "
        "(bare tekst fra poster gradert apen).",
    ),
]


Periode = Annotated[
    str | None,
    typer.Option(
        "--periode",
        metavar="PERIODE",
        help="2026, et halvår 2026-1, et tertial 2026-T2 eller en måned 2026-03. "
        "Standard: de siste 12 månedene.",
    ),
]
Fra = Annotated[
    str | None, typer.Option("--fra", metavar="DATO", help="Første dag (i stedet for --periode).")
]
Til = Annotated[
    str | None, typer.Option("--til", metavar="DATO", help="Siste dag (i stedet for --periode).")
]


def said(options: dict[str, object]) -> str:
    """Options given, as typed on the command line: {'frist_innen': '30d', 'forfalt': True}
    reads «--frist-innen 30d --forfalt»; those not given are left out."""
    given = []
    for name, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + name.replace("_", "-")
        given.append(flag if value is True else f"{flag} {value}")
    return " ".join(given)
