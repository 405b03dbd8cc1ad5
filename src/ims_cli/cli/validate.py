"""`ims validate`: every record against schema, references and the rules of RECORDS.md."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, NamedTuple, TextIO

import typer

from ims_cli.cli.check import Sammendrag
from ims_cli.cli.frame import EXIT_FINDINGS, EXIT_OK, Command
from ims_cli.cli.options import Json, format_option
from ims_cli.cli.repository import open_checked
from ims_cli.errors import UserError
from ims_cli.render.registry import VALIDATE

if TYPE_CHECKING:
    from ims_cli.findings import Finding


def validate(
    ctx: typer.Context,
    as_json: Json = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="La advarsler også gi exit-kode 1.")
    ] = False,
    output: Annotated[str, format_option(VALIDATE)] = "text",
    sammendrag: Sammendrag = None,
    fix: Annotated[
        bool,
        typer.Option("--fix", help="Rett det som sikkert kan rettes, og sjekk så på nytt."),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Vis rettelsene --fix ville gjort, uten å skrive.")
    ] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option(
            "--unsafe-fixes",
            help="Med --fix eller --diff: ta også med forslagene («mente du …?»).",
        ),
    ] = False,
) -> None:
    """Sjekk alle poster: YAML, skjema, kryssreferanser og reglene for postene.

    Hvert funn har fil:linje:kolonne, en regelkode og en melding som sier hvordan det rettes.
    Exit-kode 0 uten feil, 1 med feil (eller advarsler med --strict), 2 ved bruksfeil.

    --fix retter det som er sikkert: en norsk dato (14.02.2026) til ÅÅÅÅ-MM-DD, en verdi med
    feil store/små bokstaver eller uten æ, ø og å (Pågår → pagar), et feilstavet feltnavn med
    bare ett nært treff, og en person skrevet med navn når bare én person har det navnet. Hver
    rettelse skrives som fil:linje: gammel → ny; alt annet står igjen som funn. Ingen sikker
    rettelse gjetter mellom to muligheter. Med --unsafe-fixes rettes også forslagene «mente du
    …?» (den nærmeste personen, enheten eller verdien); se over dem med --diff først.

    Eksempel: [bold]ims validate --json > funn.json[/bold]

    Eksempel: [bold]ims validate --diff --unsafe-fixes[/bold]

    Eksempel: [bold]ims validate --fix[/bold]
    """
    from datetime import date

    from ims_cli.cli.options import output_format
    from ims_cli.findings import count
    from ims_cli.render.check import append_summary
    from ims_cli.render.results import Findings

    output = output_format(output, as_json)
    if unsafe_fixes and not (fix or diff):
        raise UserError(
            "--unsafe-fixes hører til --fix eller --diff; bruk det sammen med ett av dem"
        )
    repo = open_checked(ctx)
    if diff:
        shown = _fixed(ctx, repo.findings, Fixing(False, unsafe_fixes), out=sys.stdout)
        raise typer.Exit(EXIT_FINDINGS if shown else EXIT_OK)
    # JSON and CI formats keep stdout to themselves: the repairs are then told on stderr
    out = sys.stdout if output == "text" else sys.stderr
    if fix and _fixed(ctx, repo.findings, Fixing(True, unsafe_fixes), out):
        repo = open_checked(ctx)  # the edited files read again, and what is left told
    found = repo.findings
    title = "ims validate"
    VALIDATE.show(output, Findings(found, repo.record_files, date.today(), title))
    if sammendrag:
        append_summary(sammendrag.path, found, repo.record_files, title)
    failing = count(found, "feil") + (count(found, "advarsel") if strict else 0)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


class Fixing(NamedTuple):
    write: bool  # --fix; else --diff
    unsafe: bool  # --unsafe-fixes


def _fixed(ctx: typer.Context, findings: list[Finding], how: Fixing, out: TextIO) -> bool:
    """Apply (or show) the fixes the findings carry; whether there were any."""
    from ims_cli.cli.repository import root
    from ims_cli.operations import fixing
    from ims_cli.words import counted

    folder = root(ctx)
    write = how.write
    plan = fixing.plan(folder, findings, unsafe=how.unsafe)
    for file, why in plan.refused:
        print(f"{file}: rettes ikke automatisk: {why}", file=sys.stderr)
    for file_fix in plan.files:
        if write:
            fixing.write(folder, file_fix)
            print("\n".join(fixing.described(file_fix)), file=out)
        else:
            print(file_fix.diff(), end="", file=out)
    total = sum(len(f.fixes) for f in plan.files)
    if write and total:
        fixes = counted(total, "rettelse", "rettelser")
        print(f"{fixes} i {counted(len(plan.files), 'fil', 'filer')}.\n", file=out)
    elif not total:
        print("Ingenting å rette automatisk.", file=sys.stderr)
    return bool(total)


def register(app: typer.Typer) -> None:
    app.command("validate", cls=Command)(validate)
