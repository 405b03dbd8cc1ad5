"""`ims schema`: JSON Schemas for editors and other tools, generated from the models."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ims_cli.cli.frame import EXIT_FINDINGS, EXIT_OK, Command
from ims_cli.cli.options import Output, output_option


def together(documents: dict[str, str]) -> str:
    """Every schema in one JSON object, by its file name."""
    return json.dumps(
        {name: json.loads(text) for name, text in documents.items()}, ensure_ascii=False, indent=2
    )


def schema(
    ctx: typer.Context,
    ut: Annotated[
        Output | None,
        output_option(
            "--ut",
            "Mappen skjemaene skrives til. Standard: schemas/ i postarkivet.",
            metavar="MAPPE",
            stdout_means="alle som ett JSON-objekt (filnavn → skjema) til standard ut",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Ikke skriv; gi exit-kode 1 hvis filene ikke er à jour."),
    ] = False,
) -> None:
    """Skriv JSON Schema for ims.yaml, registrene og hver postsort til schemas/.

    Editorer med yaml-language-server kan bruke dem til hjelp og kontroll mens du skriver.

    Eksempel: [bold]ims schema --check[/bold]
    """
    from ims_cli.cli.repository import root
    from ims_cli.schemas import documents

    if check and ut is not None:
        ut.only_file("--check sammenligner med en mappe; gi mappen")
    if ut is not None and ut.to_stdout:
        print(together(documents()))
        return
    folder = ut.path if ut is not None and ut.path else root(ctx) / "schemas"
    stale = [
        name
        for name, text in documents().items()
        if not (folder / name).is_file() or (folder / name).read_text("utf-8") != text
    ]
    if check:
        for name in stale:
            state = "ikke à jour" if (folder / name).is_file() else "mangler"
            print(f"{folder / name}: {state}; kjør «ims schema»")
        raise typer.Exit(EXIT_FINDINGS if stale else EXIT_OK)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents().items():
        (folder / name).write_text(text, encoding="utf-8")
    print(f"Skrev {len(documents())} skjemaer til {folder} ({len(stale)} endret).")


def register(app: typer.Typer) -> None:
    app.command("schema", cls=Command)(schema)
