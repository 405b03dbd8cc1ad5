"""`ims list` and `ims show ID`: find records, and read one as a whole."""

from __future__ import annotations

from typing import Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command
from ims_cli.cli.options import (
    AsOf,
    Enhet,
    Fra,
    Json,
    Tekst,
    Til,
    derived,
    format_option,
    listed,
    one_of,
    output_format,
)
from ims_cli.render.registry import LIST, SHOW


def list_records(
    ctx: typer.Context,
    sort: Annotated[
        str | None,
        typer.Argument(
            metavar="SORT",
            help=f"{derived('sorter')}. Uten: alle.",
            autocompletion=completion.kind,
        ),
    ] = None,
    enhet: Enhet = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=f"Avvik: {listed('avvik_status')}. {derived('statuser')}",
            autocompletion=completion.record_status,
        ),
    ] = None,
    tekst: Tekst = None,
    fra: Fra = None,
    til: Til = None,
    output: Annotated[str, format_option(LIST)] = "text",
    as_json: Json = False,
) -> None:
    """List poster, sortert etter id, med tittel, enhet, dato og status.

    Datoen er den posten dateres etter: meldt (avvik), dato (ROS, ledelsens gjennomgang),
    godkjent (prosess), gjennomført eller planlagt (revisjon) og lederens signatur (lederavtale).

    Eksempel: [bold]ims list avvik --enhet HO --status meldt[/bold]
    """
    from ims_cli.cli.options import day
    from ims_cli.cli.repository import repository
    from ims_cli.kinds import KINDS, names

    chosen_format = output_format(output, as_json)
    one_of("sorten", sort, names())
    first, last = (day(fra, "--fra") if fra else None), (day(til, "--til") if til else None)
    repo = repository(ctx)
    others = (s for k in KINDS if k.name != "avvik" for s in k.statuses)  # an avvik's: ims.yaml
    one_of("--status", status, dict.fromkeys((*repo.config.verdier.avvik_status, *others)))
    items = repo.listed(sort, enhet=enhet, status=status, tekst=tekst, fra=first, til=last)
    LIST.show(chosen_format, items)


def show(
    ctx: typer.Context,
    post: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Posten, som AVV-2026-0007.", autocompletion=completion.record_id
        ),
    ],
    as_of: AsOf = None,
    output: Annotated[str, format_option(SHOW)] = "text",
    as_json: Json = False,
) -> None:
    """Vis én post: feltene, tiltakene med frister, og risikoer, mål eller funn der posten har det.

    Eksempel: [bold]ims show ROS-2026-0001[/bold]
    """
    import sys
    from dataclasses import replace

    from ims_cli.analytics.units import person_names, unit_names
    from ims_cli.cli.options import day
    from ims_cli.cli.repository import open_repository
    from ims_cli.confidentiality import mask, masked_record
    from ims_cli.errors import UserError
    from ims_cli.operations.sealed import readable
    from ims_cli.render.results import Shown
    from ims_cli.store.index import Select

    chosen_format = output_format(output, as_json)
    repo = open_repository(ctx, Select(ids=frozenset({post}), lookup=True))
    stored = next((s for s in repo.records if s.record.id == post), None)
    if stored is None:
        broken = " (filen har feil; se «ims validate»)" if post in repo.ids else ""
        raise UserError(f"fant ingen gyldig post {post}{broken}")
    read = readable(
        stored, repo.config.vocabulary()
    )  # an encrypted text decrypted for a reader, never written anywhere
    if read.note:
        print(f"ims: {read.note}", file=sys.stderr)
    stored = read.stored
    # its text, for the person at the terminal; a national id in it masked, as everywhere
    body = mask(stored.body) if stored.body else stored.body
    stored = replace(
        stored, record=masked_record(stored.record, repo.config.vocabulary()), body=body
    )
    names = {**person_names(repo.organisasjon), **unit_names(repo.organisasjon)}
    SHOW.show(chosen_format, Shown(stored, repo.config, day(as_of), names))


def register(app: typer.Typer) -> None:
    app.command("list", cls=Command)(list_records)
    app.command("show", cls=Command)(show)
