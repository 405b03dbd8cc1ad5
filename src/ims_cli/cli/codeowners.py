"""`ims codeowners`: ask each process owner to review changes to their process."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ims_cli.cli.frame import EXIT_FINDINGS, EXIT_OK, Command
from ims_cli.cli.options import Output, output_option


def codeowners(
    ctx: typer.Context,
    ut: Annotated[
        Output | None,
        output_option("--ut", "Standard: .github/CODEOWNERS om .github finnes, ellers CODEOWNERS."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Ikke skriv; exit-kode 1 hvis filen ikke er à jour.")
    ] = False,
) -> None:
    """Skriv CODEOWNERS fra eierne av prosessbeskrivelsene (git-brukeren i organisasjon.yaml).

    Da blir eieren spurt om å godkjenne hver pull request som endrer prosessen. Med
    codeowners: {enhetsmapper: true} i ims.yaml får også lederen av hvert tjenesteområde
    ROS-mappen sin. Personer uten git-bruker står som kommentar og nevnes på stderr.

    Eksempel: [bold]ims codeowners --check[/bold]
    """
    from ims_cli.cli.repository import open_repository
    from ims_cli.operations.codeowners import codeowners as build
    from ims_cli.store.index import Select
    from ims_cli.store.write import make_folder, write_atomically

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
        if current != owners.text:
            state = "ikke à jour" if current is not None else "mangler"
            print(f"{target}: {state}; kjør «ims codeowners»")
        raise typer.Exit(EXIT_OK if current == owners.text else EXIT_FINDINGS)
    make_folder(target.parent)
    write_atomically(target, owners.text, bom=False)
    print(f"Skrev {target}")


def register(app: typer.Typer) -> None:
    app.command("codeowners", cls=Command)(codeowners)
