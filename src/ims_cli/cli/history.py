"""`ims diff` and `ims log`: what a change does to the records, and who changed a record when."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import EXIT_FINDINGS, EXIT_OK, Command
from ims_cli.cli.options import Json, format_option, output_format
from ims_cli.cli.repository import root as repository_root
from ims_cli.render.registry import DIFF, LOG


def diff(
    ctx: typer.Context,
    revisjoner: Annotated[
        str | None,
        typer.Argument(
            metavar="BASE..HEAD",
            help="To revisjoner (A..B), fra forgreningspunktet (A...B) eller én revisjon mot "
            "arbeidskopien. Standard: forgreningspunktet med standardgrenen, mot arbeidskopien.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[str, format_option(DIFF)] = "text",
    as_json: Json = False,
) -> None:
    """Vis hva som er endret i postene mellom to revisjoner, post for post, med funn.

    Felter med gammel → ny verdi, risikoer som flyttes i matrisen, tiltak som åpnes, lukkes
    eller får ny frist, aktiviteter og seksjoner i prosessbeskrivelser, mål og resultater i
    lederavtaler. Reglene for gjennomgang (D001–D006) gir exit-kode 1 ved feil: en endret
    prosess må få ny versjon, endringslogg og godkjenningsdato, en endret ROS ny dato.

    Eksempel: [bold]ims diff main...HEAD --format md > kommentar.md[/bold]
    """
    from ims_cli.findings import count
    from ims_cli.gitio.revisions import Revisions
    from ims_cli.operations.comparing import compare

    chosen_format = output_format(output, as_json)
    result = compare(Revisions(repository_root(ctx), revisjoner), date.today())
    DIFF.show(chosen_format, result)
    raise typer.Exit(EXIT_FINDINGS if count(result.findings, "feil") else EXIT_OK)


def log(
    ctx: typer.Context,
    post: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Posten, for eksempel PRO-2.2.1.",
            autocompletion=completion.record_id,
        ),
    ],
    output: Annotated[str, format_option(LOG)] = "text",
    as_json: Json = False,
) -> None:
    """Vis historikken til én post fra git: hver commit, hvem, når, melding og hva som endret seg.

    Følger posten når filen er flyttet eller har fått nytt navn, og finner også slettede poster.
    Nyeste først. Dette er revisjonssporet revisorer ber om.

    Eksempel: [bold]ims log AVV-2026-0042[/bold]
    """
    from ims_cli.cli.repository import open_repository
    from ims_cli.errors import UserError
    from ims_cli.gitio.revisions import find_in_history
    from ims_cli.kinds import file_stems, record_id
    from ims_cli.operations.comparing import record_history
    from ims_cli.render.results import History
    from ims_cli.store.index import Select

    chosen_format = output_format(output, as_json)
    if not record_id().fullmatch(post):
        raise UserError(
            f"«{post}» er ikke en post-id; skriv hele id-en, for eksempel AVV-2026-0042 eller "
            "PRO-2.2.1"
        )
    repo = open_repository(ctx, Select(frozenset(), ids=frozenset({post}), lookup=True))
    paths = repo.ids.get(post) or []
    path = paths[0] if paths else find_in_history(repo.root, post)
    for stem in file_stems(post)[1:]:  # a process's file is named by its number
        path = path or find_in_history(repo.root, stem)
    if path is None:
        raise UserError(f"fant ingen post {post}, verken i arbeidskopien eller i git-historikken")
    entries = record_history(repo.root, path, repo.config)
    LOG.show(chosen_format, History(post, path, entries))


def register(app: typer.Typer) -> None:
    app.command("diff", cls=Command)(diff)
    app.command("log", cls=Command)(log)
