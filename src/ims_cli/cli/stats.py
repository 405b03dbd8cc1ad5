"""`ims stats`: avvik statistics for a unit and a period."""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING, Annotated, get_args

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command
from ims_cli.cli.options import (
    AsOf,
    Enhet,
    Fra,
    Json,
    Output,
    Periode,
    Til,
    chart_alone,
    format_option,
    listed,
    one_of,
    output_format,
    output_option,
    require_unit,
)
from ims_cli.render.registry import STATS

if TYPE_CHECKING:
    from ims_cli.analytics.stats import Period

TOPP = Annotated[int, typer.Option("--topp", metavar="N", help="Antall årsaker og prosesser.")]


def span(periode: str | None, fra: str | None, til: str | None, as_of: str | None) -> Period:
    """The period the options name: --periode, or --fra/--til, or the last 12 months."""
    from ims_cli.analytics.stats import period
    from ims_cli.cli.options import day
    from ims_cli.errors import UserError

    if periode is not None and (fra or til):
        raise UserError("bruk enten --periode eller --fra/--til, ikke begge")
    first = day(fra, "--fra") if fra else None
    last = day(til, "--til") if til else None
    return period(periode, first, last, day(as_of))


def stats(
    ctx: typer.Context,
    enhet: Enhet = None,
    periode: Periode = None,
    fra: Fra = None,
    til: Til = None,
    kategori: Annotated[
        str | None,
        typer.Option(
            metavar="KATEGORI",
            help=f"Bare denne kategorien: {listed('avvik_kategori')}.",
            autocompletion=completion.category,
        ),
    ] = None,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="Bare denne typen (avvik, uonsket_hendelse …).",
            autocompletion=completion.avvik_type,
        ),
    ] = None,
    kilde: Annotated[
        str | None,
        typer.Option(
            metavar="KILDE",
            help="Bare denne kilden (ansatt, tilsyn …).",
            autocompletion=completion.avvik_source,
        ),
    ] = None,
    topp: TOPP = 5,
    as_of: AsOf = None,
    png: Annotated[
        Output | None,
        output_option("--png", "Tegn utvikling per måned og fordeling per enhet."),
    ] = None,
    output: Annotated[str, format_option(STATS)] = "text",
    as_json: Json = False,
) -> None:
    """Avviksstatistikk: per måned og kategori, åpne og lukkede, tid til lukking, årsaker.

    Avvikene telles etter meldt-dato i perioden, for enheten med alle enheter under seg.
    Utviklingen sammenlignes med like lang periode rett før. «Lukket innen fristen» er lukket
    innen frister.avvik_lukking_dager (standard 60) etter at det ble meldt.

    Eksempel: [bold]ims stats --enhet HO --periode 2026 --png avvik.png[/bold]
    """

    from ims_cli.analytics.stats import Selection, needs
    from ims_cli.analytics.stats import stats as compute
    from ims_cli.analytics.units import unit_names
    from ims_cli.cli.repository import loaded, root
    from ims_cli.indexed import load_reported
    from ims_cli.models.avvik import AvvikType, Kilde
    from ims_cli.render import stats as render
    from ims_cli.render.results import Stats

    alone = chart_alone((png,), output, as_json)
    chosen_format = output_format(output, as_json)
    one_of("--type", type_, get_args(AvvikType))
    one_of("--kilde", kilde, get_args(Kilde))
    when = span(periode, fra, til, as_of)
    reports = loaded(root(ctx), partial(load_reported, select=needs(when)))
    repo = reports.repo
    one_of("--kategori", kategori, repo.config.verdier.avvik_kategori)
    require_unit(repo.organisasjon, enhet)
    selection = Selection(enhet, kategori, type_, kilde)
    result = compute(reports.avvik, selection, when, repo.organisasjon, repo.config)
    names = unit_names(repo.organisasjon)
    names |= {p: f"{p} {tittel}" for p, tittel in reports.processes.items()}
    title = names.get(enhet, enhet) if enhet else repo.config.organisasjon
    if png is not None:
        from ims_cli.render.console import working

        with working("Tegner figurene …"):
            suffix = png.path.suffix.lower() if png.path else ".png"
            png.write(partial(render.save_charts, result=result, names=names, where=title), suffix)
        print(f"Skrev {png}", file=sys.stderr)
    if not alone:
        STATS.show(chosen_format, Stats(result, title, names, topp))


def register(app: typer.Typer) -> None:
    app.command("stats", cls=Command)(stats)
