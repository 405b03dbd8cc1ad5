"""`ims lederavtale dialog|resultat|signer`: follow up a leader agreement without hand-editing."""

from __future__ import annotations

from typing import Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command, new_app, told

AgreementId = Annotated[
    str,
    typer.Argument(
        metavar="LA-ID",
        help="Lederavtalen, som LA-2026-0003.",
        autocompletion=completion.agreement_id,
    ),
]


def dialog(
    ctx: typer.Context,
    agreement_id: AgreementId,
    dato: Annotated[
        str | None,
        typer.Option("--dato", metavar="DATO", help="Da dialogen ble holdt. Standard: i dag."),
    ] = None,
    referat: Annotated[
        str | None,
        typer.Option("--referat", "--notat", metavar="TEKST", help="Hva som ble avtalt."),
    ] = None,
) -> None:
    """Skriv en lederdialog (halvårlig oppfølging) inn i lederavtalen.

    Eksempel: [bold]ims lederavtale dialog LA-2026-0003 --dato 2026-06-12 --referat "Ventetiden
    følges månedlig"[/bold]
    """
    from datetime import date

    from ims_cli.cli.options import past_day
    from ims_cli.cli.repository import open_record
    from ims_cli.operations.agreements import lederdialog

    when = past_day(dato, "--dato") if dato is not None else date.today()
    result = lederdialog(open_record(ctx, agreement_id), agreement_id, when, referat)
    told(result.path, result.summary, result.warnings)


def result(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="MÅL", help="Målet, som LA-2026-0003/M2.", autocompletion=completion.goal_ref
        ),
    ],
    periode: Annotated[
        str,
        typer.Option(
            "--periode", metavar="PERIODE", help="2026, halvår 2026-1 eller tertial 2026-T2."
        ),
    ],
    verdi: Annotated[float, typer.Option("--verdi", metavar="TALL", help="Resultatet.")],
    kommentar: Annotated[
        str | None, typer.Option("--kommentar", metavar="TEKST", help="En forklaring.")
    ] = None,
) -> None:
    """Skriv resultatet for et BMS-mål i en periode; et resultat for perioden fra før erstattes.

    Eksempel: [bold]ims lederavtale resultat LA-2026-0003/M2 --periode 2026-T2 --verdi 4.2[/bold]
    """
    import math
    import re

    from ims_cli.cli.repository import open_record
    from ims_cli.errors import UserError
    from ims_cli.operations.agreements import goal_result

    if not math.isfinite(verdi):
        raise UserError(
            f"--verdi {verdi}: skriv et endelig tall, for eksempel 4.2; uendelig (inf) og «ikke "
            "et tall» (nan) kan ikke måles mot målet"
        )
    if not re.fullmatch(r"\d{4}(-[12]|-T[123])?", periode):
        raise UserError(
            f"--periode «{periode}»: skriv et år (2026), et halvår (2026-1) eller et tertial "
            "(2026-T2)"
        )
    done = goal_result(open_record(ctx, ref), ref, periode, verdi, kommentar)
    told(done.path, done.summary, done.warnings)


def sign(
    ctx: typer.Context,
    agreement_id: AgreementId,
    leder: Annotated[bool, typer.Option("--leder", help="Lederen signerte.")] = False,
    overordnet: Annotated[
        bool, typer.Option("--overordnet", help="Den overordnede signerte.")
    ] = False,
    dato: Annotated[
        str | None,
        typer.Option("--dato", metavar="DATO", help="Signaturdatoen. Standard: i dag."),
    ] = None,
) -> None:
    """Skriv når lederen eller den overordnede signerte avtalen.

    Eksempel: [bold]ims lederavtale signer LA-2026-0003 --overordnet --dato 2026-01-20[/bold]
    """
    from datetime import date

    from ims_cli.cli.options import past_day
    from ims_cli.cli.repository import open_record
    from ims_cli.errors import UserError
    from ims_cli.operations.agreements import sign as signed

    if leder == overordnet:
        raise UserError("si hvem som signerte: --leder eller --overordnet (én av dem)")
    when = past_day(dato, "--dato") if dato is not None else date.today()
    who = "leder" if leder else "overordnet"
    done = signed(open_record(ctx, agreement_id), agreement_id, who, when)
    told(done.path, done.summary, done.warnings)


def register(parent: typer.Typer) -> None:
    app = new_app(
        "Følg opp lederavtaler: lederdialog, BMS-resultater og signaturer.\n\n"
        "Eksempel: ims lederavtale resultat LA-2026-0003/M2 --periode 2026-T2 --verdi 4.2",
        name="lederavtale",
    )
    app.command("dialog", cls=Command)(dialog)
    app.command("resultat", cls=Command)(result)
    app.command("signer", cls=Command)(sign)
    parent.add_typer(app, name="lederavtale")
