"""`ims schema`: JSON Schemas for editors and other tools, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ims_cli.cli.frame import EXIT_FINDINGS, EXIT_OK, Command
from ims_cli.cli.options import Output, output_option
from ims_cli.errors import UserError

if TYPE_CHECKING:
    from ims_cli.models.vocabulary import Vocabulary


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
    from ims_cli.kinds.schemas import documents
    from ims_cli.store.write import write_output

    if check and ut is not None:
        ut.only_file("--check sammenligner med en mappe; gi mappen")
    repository = _repository(ctx, required=ut is None)
    written = documents(_vocabulary(repository))
    if ut is not None and ut.to_stdout:
        print(together(written))
        return
    folder = ut.path if ut is not None and ut.path else (repository or Path()) / "schemas"
    stale = [
        name
        for name, text in written.items()
        if not (folder / name).is_file() or (folder / name).read_text("utf-8") != text
    ]
    if check:
        for name in stale:
            state = "ikke à jour" if (folder / name).is_file() else "mangler"
            print(f"{folder / name}: {state}; kjør «ims schema»")
        raise typer.Exit(EXIT_FINDINGS if stale else EXIT_OK)
    for name, text in written.items():
        write_output(folder / name, text)
    print(f"Skrev {len(written)} skjemaer til {folder} ({len(stale)} endret).")


def _repository(ctx: typer.Context, required: bool) -> Path | None:
    """The records repository whose ims.yaml the schemas follow; with --ut, ims's own lists
    serve outside one."""
    from ims_cli.cli.repository import root

    try:
        return root(ctx)
    except UserError:
        if required:
            raise
        return None


def _vocabulary(repository: Path | None) -> Vocabulary:
    """The codes of the repository's ims.yaml; one with errors is refused, not taken for ims's
    own lists (the schemas would say something else than `ims validate`)."""
    from ims_cli.models.vocabulary import DEFAULT
    from ims_cli.rules.schema import VALIDATOR
    from ims_cli.store.load import load_config

    if repository is None:
        return DEFAULT
    config, problems = load_config(repository, VALIDATOR)
    if problems:
        first = problems[0]
        raise UserError(
            f"{first.file}:{first.line or 1}: {first.message}; rett ims.yaml før skjemaene "
            "skrives (se «ims validate»)"
        )
    return config.vocabulary()


def register(app: typer.Typer) -> None:
    app.command("schema", cls=Command)(schema)
