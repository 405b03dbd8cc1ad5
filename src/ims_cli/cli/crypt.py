"""`ims nokkel ny` and `ims krypter`: a key of one's own, and graded records encrypted at rest."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import EXIT_FINDINGS, Command, new_app


def new_key() -> None:
    """Lag din egen nøkkel for krypterte poster, og vis den offentlige nøkkelen.

    Nøkkelen skrives til ~/.config/ims/nokkel.txt (eller filen IMS_NOKKEL peker på), lesbar bare
    for deg (modus 0600); en nøkkel som finnes, overskrives aldri. Legg den offentlige nøkkelen
    inn på deg selv i records/organisasjon.yaml («nokkel: age1…»), så kan poster krypteres til deg.

    Eksempel: [bold]ims nokkel ny[/bold]
    """
    from ims_cli.operations.encrypting import new_key as make

    path, public = make()
    print(public)
    print(
        f"Nøkkelen er skrevet til {path}. Legg «nokkel: {public}» inn på deg i "
        "records/organisasjon.yaml; ta vare på nøkkelfilen (uten den kan du ikke lese det som er "
        "kryptert til deg).",
        file=sys.stderr,
    )


def encrypt(
    ctx: typer.Context,
    poster: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="Postene som skal krypteres (eller dekrypteres), som AVV-2026-0042.",
            autocompletion=completion.record_id,
        ),
    ] = None,
    alle: Annotated[
        bool,
        typer.Option(
            "--alle",
            help="Alle graderte poster i postarkivet (med --dekrypter: alle krypterte som kan "
            "dekrypteres).",
        ),
    ] = False,
    dekrypter: Annotated[
        bool,
        typer.Option(
            "--dekrypter",
            help="Sett teksten tilbake i klartekst for godt: i poster som ikke lenger er "
            "graderte, eller i alle når kryptering er slått av i ims.yaml.",
        ),
    ] = False,
) -> None:
    """Krypter teksten i graderte poster til leserne, og krypter på nytt der leserne er endret.

    Lesere av en fortrolig post: lederne for enheten og alle enheter over, de i
    kryptering.alltid (ims.yaml) og de i postens tilgang. Av en strengt fortrolig post: enhetens
    leder og de i tilgang. Å kryptere på nytt, og å dekryptere, krever nøkkelen til en av dem som
    kan lese posten nå.

    Eksempel: [bold]ims krypter --alle[/bold]
    """
    from ims_cli.cli.repository import open_repository
    from ims_cli.operations.encrypting import chosen, chosen_to_decrypt, decrypt, encrypt
    from ims_cli.operations.sealed import my_identities
    from ims_cli.render.console import progress
    from ims_cli.store.index import Select
    from ims_cli.words import counted

    wanted = frozenset(poster) if poster else None
    repo = open_repository(ctx, Select(ids=wanted) if wanted else None)
    pick, work, doing, done = (
        (chosen_to_decrypt, decrypt, "Dekrypterer", "dekryptert")
        if dekrypter
        else (chosen, encrypt, "Krypterer", "kryptert")
    )
    records = pick(repo, poster or [], alle)
    identities = my_identities()
    with progress(doing, len(records)) as advance:
        result = work(repo, records, identities, advance)
    for record_id in result.done:
        print(f"{record_id}: {done}")
    for problem in result.problems:
        print(f"ims: {problem}", file=sys.stderr)
    already = "var ikke kryptert" if dekrypter else "var allerede kryptert til riktige lesere"
    print(
        f"{counted(len(result.done), 'post', 'poster')} {done}, {len(result.unchanged)} {already}.",
        file=sys.stderr,
    )
    if result.problems:
        raise typer.Exit(EXIT_FINDINGS)


def register(parent: typer.Typer) -> None:
    app = new_app("Din nøkkel til krypterte poster.\n\nEksempel: ims nokkel ny", name="nokkel")
    app.command("ny", cls=Command)(new_key)
    parent.add_typer(app, name="nokkel")
    parent.command("krypter", cls=Command)(encrypt)
