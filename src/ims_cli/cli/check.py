"""`ims check`: everything CI should gate on, in formats CI systems display."""

from __future__ import annotations

from typing import Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import EXIT_FINDINGS, EXIT_OK, Command
from ims_cli.cli.options import (
    AsOf,
    Enhet,
    Json,
    Output,
    format_option,
    one_of,
    output_format,
    output_option,
    require_unit,
)
from ims_cli.render.registry import CHECK

FAIL_ON = ("feil", "advarsel", "ingen")
# The option ims validate shares.
Sammendrag = Annotated[
    Output | None,
    output_option(
        "--sammendrag",
        "Legg også alle funnene til i FIL som en Markdown-tabell (for eksempel "
        "$GITHUB_STEP_SUMMARY: GitHub viser bare de ti første merknadene).",
        stdout_means="tabellen etter funnene på standard ut",
    ),
]


def check(
    ctx: typer.Context,
    as_of: AsOf = None,
    output: Annotated[str, format_option(CHECK)] = "text",
    as_json: Json = False,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            metavar="NIVÅ",
            help="Hva som gir exit-kode 1: feil (standard), advarsel (også advarsler) eller ingen.",
            autocompletion=completion.fail_on,
        ),
    ] = "feil",
    enhet: Enhet = None,
    endret: Annotated[
        str | None,
        typer.Option(
            "--endret",
            metavar="BASE...HEAD",
            help="Bare fristene i postene som er endret i disse revisjonene (en pull request).",
        ),
    ] = None,
    sammendrag: Sammendrag = None,
) -> None:
    """Alt CI skal stoppe på: funnene fra «ims validate» og alle frister som er passert.

    Fristene: tiltak som er planlagt eller pågår med frist før dagen (en frist lik dagen er ikke
    forfalt), ROS forbi neste evaluering, prosessbeskrivelser forbi neste revisjon, lederavtaler
    uten lederdialog innen fristen og avvik som står som meldt for lenge. Fristene står i ims.yaml.

    Eksempel: [bold]ims check --as-of 2026-12-31 --format github[/bold]
    """
    from ims_cli.analytics.units import person_names, unit_names
    from ims_cli.cli.options import day
    from ims_cli.cli.repository import open_checked, root
    from ims_cli.render.check import append_summary
    from ims_cli.render.results import Findings
    from ims_cli.rules.check import check as run_check
    from ims_cli.words import day as shown

    output = output_format(output, as_json)
    one_of("--fail-on", fail_on, FAIL_ON)
    when = day(as_of)
    files = None
    if endret is not None:
        from ims_cli.gitio.revisions import changed_files

        files = changed_files(root(ctx), endret)
    repo = open_checked(ctx)
    require_unit(repo.organisasjon, enhet)
    found = run_check(repo, when, enhet, files)
    title = f"ims check per {shown(when)}"
    people = person_names(repo.organisasjon)
    names = unit_names(repo.organisasjon)
    CHECK.show(output, Findings(found, repo.record_files, when, title, names, people))
    if sammendrag:
        append_summary(sammendrag.path, found, repo.record_files, title)
    failing = {"feil": {"feil"}, "advarsel": {"feil", "advarsel"}, "ingen": set()}[fail_on]
    raise typer.Exit(EXIT_FINDINGS if any(f.severity in failing for f in found) else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("check", cls=Command)(check)
