"""`ims codeowners`: ask each process owner to review changes to their process."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ims_cli.cli.frame import EXIT_FINDINGS, EXIT_OK, Command
from ims_cli.cli.options import Json, Output, format_option, output_format, output_option
from ims_cli.render.registry import CODEOWNERS


def codeowners(
    ctx: typer.Context,
    ut: Annotated[
        Output | None,
        output_option("--ut", "Standard: .github/CODEOWNERS om .github finnes, ellers CODEOWNERS."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Ikke skriv; exit-kode 1 hvis filen ikke er à jour.")
    ] = False,
    output: Annotated[str, format_option(CODEOWNERS)] = "text",
    as_json: Json = False,
) -> None:
    """Skriv CODEOWNERS fra eierne av prosessbeskrivelsene (git-brukeren i organisasjon.yaml).

    Da blir eieren spurt om å godkjenne hver pull request som endrer prosessen. Med
    codeowners: {enhetsmapper: true} i ims.yaml får også lederen av hvert tjenesteområde
    ROS-mappen sin. Personer uten git-bruker står som kommentar og nevnes på stderr.

    Eksempel: [bold]ims codeowners --check[/bold]
    """
    from ims_cli.cli.repository import open_repository
    from ims_cli.errors import UserError
    from ims_cli.operations.codeowners import codeowners as build
    from ims_cli.render.results import Owners
    from ims_cli.store.index import Select
    from ims_cli.store.write import make_folder, write_atomically

    chosen_format = output_format(output, as_json)
    if chosen_format != "text" and not check:
        raise UserError(f"--format {chosen_format} sier om filen er à jour; bruk det med --check")
    if check and ut is not None:
        ut.only_file("--check sammenligner med en fil; gi filnavnet")
    repo = open_repository(ctx, Select(frozenset({"prosess"}), every_id=False))
    owners = build(repo)
    for person in sorted(set(owners.missing)):
        print(f"ims: {person} har ingen git-bruker i organisasjon.yaml", file=sys.stderr)
    if ut is not None and ut.to_stdout:
        print(owners.text, end="")
        return
    github = repo.root / ".github"
    default = github / "CODEOWNERS" if github.is_dir() else repo.root / "CODEOWNERS"
    target = ut.path if ut is not None and ut.path else default
    current = target.read_text("utf-8") if target.is_file() else None
    if check:
        same = current == owners.text
        state = "a_jour" if same else "ikke_a_jour" if current is not None else "mangler"
        CODEOWNERS.show(chosen_format, Owners(str(target), state))
        raise typer.Exit(EXIT_OK if same else EXIT_FINDINGS)
    make_folder(target.parent)
    write_atomically(target, owners.text, bom=False)
    print(f"Skrev {target}")


def register(app: typer.Typer) -> None:
    app.command("codeowners", cls=Command)(codeowners)
