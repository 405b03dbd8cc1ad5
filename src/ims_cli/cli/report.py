"""`ims report lg`: the material for ledelsens gjennomgang, as Markdown and HTML."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command, new_app
from ims_cli.cli.options import AsOf, Fra, Output, Periode, Publikum, Til, one_of, output_option

# Where a report's files go; «-»: the self-contained HTML page to standard output.
Ut = Annotated[
    Output | None,
    output_option(
        "--ut",
        "Hvor filene skrives. Standard: build/.",
        metavar="MAPPE",
        stdout_means="HTML-siden med figurene til standard ut",
    ),
]


def lg(
    ctx: typer.Context,
    enhet: Annotated[
        str | None,
        typer.Option(
            metavar="ENHET",
            help="Enheten (med alle under seg). Standard: kommunen.",
            autocompletion=completion.unit,
        ),
    ] = None,
    periode: Periode = None,
    fra: Fra = None,
    til: Til = None,
    publikum: Publikum = "intern",
    ut: Ut = None,
    as_of: AsOf = None,
) -> None:
    """Lag grunnlaget for ledelsens gjennomgang (ISO 9001 9.3) som Markdown og HTML.

    Avsnittene følger 9.3.2 a–f: beslutninger fra forrige gjennomgang, endringer, mål i
    lederavtalene, avvik med trend, prosesser, revisjoner og tilsyn, tilbakemeldinger,
    ressurser, risiko før og etter tiltak, ROS-dekning og PUFF, og en blokk for beslutningene
    som «ims new lg --fra-rapport» gjør til en post. HTML-filen har figurene i seg og kan
    skrives ut. Maler i templates/report/ i postarkivet brukes foran de innebygde.

    Eksempel: [bold]ims report lg --enhet HO --periode 2026[/bold]
    """
    from ims_cli.analytics.management_review import build, needs
    from ims_cli.cli.options import day, require_unit
    from ims_cli.cli.repository import open_repository
    from ims_cli.cli.stats import span
    from ims_cli.confidentiality import AUDIENCES
    from ims_cli.errors import UserError
    from ims_cli.operations.comparing import changes_since
    from ims_cli.render.console import working
    from ims_cli.render.report import write

    one_of("--publikum", publikum, AUDIENCES)
    when = span(periode, fra, til, as_of)
    repo = open_repository(ctx, needs(when, day(as_of)))
    require_unit(repo.organisasjon, enhet)
    if repo.organisasjon is None:
        raise UserError("records/organisasjon.yaml mangler eller er ugyldig; kjør «ims validate»")
    top = enhet or next(u.id for u in repo.organisasjon.enheter if u.overordnet is None)
    stem = f"lg-{top}-{periode or f'{when.fra}-{when.til}'}" + (
        "-apen" if publikum == "apen" else ""
    )
    with working("Samler tallene for rapporten …") as doing:
        organisation = changes_since(repo.root, "records/organisasjon.yaml", when.fra, repo.config)
        data = build(repo, top, when, day(as_of), audience=publikum, organisation=organisation)
        doing("Tegner figurene og skriver rapporten …")
        written = _written(partial(write, data, repo.config, repo.root), ut, repo.root, stem)
    if written is None:
        return
    print(f"Skrev {written.markdown}")
    print(f"Skrev {written.html}")
    if written.appendix:
        print(f"Skrev {written.appendix} (de lange listene i sin helhet)")


def ik(
    ctx: typer.Context,
    aar: Annotated[
        int | None,
        typer.Option(metavar="ÅR", help="Året rapporten gjelder. Standard: året før --as-of."),
    ] = None,
    publikum: Publikum = "intern",
    ut: Ut = None,
    as_of: AsOf = None,
) -> None:
    """Lag kommunedirektørens årlige rapport om internkontroll til kommunestyret
    (kommuneloven § 25-2) som Markdown og HTML.

    Rapporten viser internkontrollsystemet og hvordan det holdes ved like (prosesser, ROS,
    lovkrav), avvik og uønskede hendelser per tjenesteområde, brudd på
    personopplysningssikkerheten og personskader, tilsyn og revisjoner, modenheten i
    internkontrollen fra egenvurderingene (med figur) og forbedringstiltakene. Tekst fra
    graderte poster utelates som i «ims report lg»; --publikum apen gir den offentlige
    utgaven.

    Eksempel: [bold]ims report ik --aar 2026[/bold]
    """
    from ims_cli.analytics.internal_control import build, needs_for, untreated_note
    from ims_cli.cli.options import day
    from ims_cli.cli.repository import open_repository
    from ims_cli.confidentiality import AUDIENCES
    from ims_cli.errors import UserError
    from ims_cli.render.console import working
    from ims_cli.render.internal_control import write

    one_of("--publikum", publikum, AUDIENCES)
    today = day(as_of)
    year = aar or today.year - 1
    if not 1900 <= year <= today.year:
        raise UserError(f"--aar {year}: velg et år fra 1900 til {today.year}")
    repo = open_repository(ctx, needs_for(year, today))
    if repo.organisasjon is None:
        raise UserError("records/organisasjon.yaml mangler eller er ugyldig; kjør «ims validate»")
    stem = f"ik-{year}" + ("-apen" if publikum == "apen" else "")
    with working("Samler tallene for rapporten …") as doing:
        data = build(repo, year, today, audience=publikum)
        doing("Tegner figuren og skriver rapporten …")
        written = _written(partial(write, data, repo.config, repo.root), ut, repo.root, stem)
    if written is not None:
        print(f"Skrev {written.markdown}")
        print(f"Skrev {written.html}")
    note = untreated_note(repo, year)
    if note:
        typer.echo(note, err=True)


W = TypeVar("W")


def _written(write: Callable[[Path, str], W], ut: Output | None, root: Path, stem: str) -> W | None:
    """The report's files in their folder; or, with «--ut -», its self-contained HTML page on
    standard output (the Markdown needs its charts beside it), and None."""
    if ut is not None and ut.to_stdout:
        ut.write(lambda path: write(path.parent, path.stem), ".html")
        ut.tell("Skrev rapporten (HTML med figurene) til standard ut")
        return None
    return write(ut.path if ut and ut.path else root / "build", stem)


def register(parent: typer.Typer) -> None:
    app = new_app(
        "Rapporter fra postene: grunnlaget for ledelsens gjennomgang (ISO 9001 9.3) og den "
        "årlige rapporten om internkontroll (kommuneloven § 25-2).\n\n"
        "Eksempel: ims report lg --enhet HO --periode 2026",
        name="report",
    )
    app.command("lg", cls=Command)(lg)
    app.command("ik", cls=Command)(ik)
    parent.add_typer(app, name="report")
