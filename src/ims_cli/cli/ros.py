"""`ims ros vurder|evaluert`: re-score a risk and record an evaluation without hand-editing."""

from __future__ import annotations

from typing import Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command, new_app, told
from ims_cli.errors import UserError


def _consequence(text: str | None) -> int | dict[str, int] | None:
    """'4', or per dimension 'liv_og_helse=4,omdomme=3'."""
    if text is None:
        return None
    try:
        if "=" not in text:
            return int(text)
        pairs = [part.split("=", 1) for part in text.split(",") if part.strip()]
        return {name.strip(): int(value) for name, value in pairs}
    except ValueError:
        raise UserError(
            f"--konsekvens «{text}»: skriv et tall (4) eller per dimensjon "
            "(liv_og_helse=4,omdomme=3)"
        ) from None


def rescore(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="RISIKO",
            help="Risikoen, som ROS-2026-0001/R3.",
            autocompletion=completion.risk_ref,
        ),
    ],
    sannsynlighet: Annotated[
        int | None, typer.Option("--sannsynlighet", metavar="TALL", help="Ny sannsynlighet.")
    ] = None,
    konsekvens: Annotated[
        str | None,
        typer.Option(
            "--konsekvens",
            metavar="TALL",
            help="Ny konsekvens: et tall, eller per dimensjon (liv_og_helse=4,omdomme=3).",
        ),
    ] = None,
    etter: Annotated[
        bool, typer.Option("--etter", help="Restrisikoen (etter tiltak), ikke risikoen før.")
    ] = False,
    dato: Annotated[
        str | None,
        typer.Option("--dato", metavar="DATO", help="Dagen for vurderingen. Standard: i dag."),
    ] = None,
) -> None:
    """Vurder en risiko på nytt: ny sannsynlighet og/eller konsekvens, før eller etter tiltak.

    ROS-ens dato blir dagen for vurderingen, slik en ny vurdering skal ha (D004 i «ims diff»).
    Endringen sjekkes som i «ims validate» før den skrives: en risiko over grensen uten tiltak
    blir ikke skrevet.

    Eksempel: [bold]ims ros vurder ROS-2026-0001/R3 --sannsynlighet 2 --konsekvens 4[/bold]
    """
    from ims_cli.cli.options import past_day
    from ims_cli.cli.repository import open_record
    from ims_cli.operations.assessments import Score
    from ims_cli.operations.assessments import rescore as rescored

    if sannsynlighet is None and konsekvens is None:
        raise UserError("gi --sannsynlighet, --konsekvens eller begge")
    score = Score(sannsynlighet, _consequence(konsekvens), etter)
    done = rescored(open_record(ctx, ref), ref, score, past_day(dato, "--dato"))
    told(done.path, done.summary, done.warnings)


def evaluated(
    ctx: typer.Context,
    ros_id: Annotated[
        str,
        typer.Argument(
            metavar="ROS-ID", help="ROS-en, som ROS-2026-0001.", autocompletion=completion.ros_id
        ),
    ],
    dato: Annotated[
        str | None,
        typer.Option("--dato", metavar="DATO", help="Dagen den ble evaluert. Standard: i dag."),
    ] = None,
    neste: Annotated[
        str | None,
        typer.Option(
            "--neste",
            metavar="DATO",
            help="Neste evaluering. Standard: like langt fram som før, om ROS-en har en.",
        ),
    ] = None,
) -> None:
    """Skriv at en ROS er evaluert: dato, og neste evaluering.

    Uten --neste flyttes neste_evaluering like langt fram som ros_evaluering_maaneder i
    ims.yaml (standard 12 måneder) når ROS-en har en; ellers regnes den fra datoen.

    Eksempel: [bold]ims ros evaluert ROS-2026-0001 --dato 2026-11-20 --neste 2027-11-01[/bold]
    """
    from ims_cli.cli.options import day, past_day
    from ims_cli.cli.repository import open_record
    from ims_cli.operations.assessments import evaluated as evaluate

    following = day(neste, "--neste") if neste is not None else None
    done = evaluate(open_record(ctx, ros_id), ros_id, past_day(dato, "--dato"), following)
    told(done.path, done.summary, done.warnings)


def register(parent: typer.Typer) -> None:
    app = new_app(
        "Arbeid med ROS: vurder en risiko på nytt, skriv en evaluering.\n\n"
        "Eksempel: ims ros vurder ROS-2026-0001/R3 --sannsynlighet 2 --konsekvens 4",
        name="ros",
    )
    app.command("vurder", cls=Command)(rescore)
    app.command("evaluert", cls=Command)(evaluated)
    parent.add_typer(app, name="ros")
