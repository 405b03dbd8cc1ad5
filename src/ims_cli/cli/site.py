"""`ims site`: every process, ROS and unit as a static, searchable website."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ims_cli.cli.frame import Command
from ims_cli.cli.options import AsOf, Output, Publikum, one_of, output_option


def site(
    ctx: typer.Context,
    ut: Annotated[
        Output | None,
        output_option("--ut", "Hvor nettstedet skrives. Standard: build/nettsted/.", "MAPPE"),
    ] = None,
    publikum: Publikum = "intern",
    as_of: AsOf = None,
    vis: Annotated[
        bool,
        typer.Option(
            "--vis",
            help="Vis nettstedet i nettleseren etterpå, med søk: det serveres på denne maskinen "
            "(127.0.0.1) til du trykker Ctrl-C.",
        ),
    ] = False,
) -> None:
    """Lag håndboken som et statisk nettsted: hver prosess, ROS og enhet, lovkravene og
    risikobanken, med søk.

    Nettstedet er vanlige HTML-filer uten noe å installere eller logge inn på, og kan legges på
    GitHub Pages, GitLab Pages eller en hvilken som helst webserver. Sidene virker uten
    JavaScript (bortsett fra søket) og henter ingenting utenfra. Tekst fra graderte poster
    utelates som i rapportene; --publikum apen viser bare tekst fra poster gradert apen. Bare
    sidene som er endret, skrives på nytt; filer et tidligere bygg skrev og som ikke lages nå,
    fjernes, og søkeindeksen lages på nytt av sidene som står der. Mappen merkes med publikum
    (.ims-nettsted): et nettsted for ett publikum skrives aldri over et for et annet.
    Søket trenger at mappen serveres av en webserver: --vis gjør det på denne maskinen og åpner
    nettleseren.

    Eksempel: [bold]ims site --ut build/nettsted --publikum apen[/bold]
    """
    from functools import partial

    from ims_cli.analytics.handbook import Sources, build, needs_built
    from ims_cli.analytics.puff import needs
    from ims_cli.cli.options import day
    from ims_cli.cli.repository import loaded, open_repository, root
    from ims_cli.confidentiality import AUDIENCES
    from ims_cli.errors import UserError
    from ims_cli.indexed import load_reported, load_standings
    from ims_cli.operations.site import claim, index_search, write_site
    from ims_cli.render.console import working
    from ims_cli.render.site import pages
    from ims_cli.store.index import Select
    from ims_cli.words import counted

    one_of("--publikum", publikum, AUDIENCES)
    given = ut.only_file("nettstedet er mange filer; gi en mappe") if ut is not None else None
    when = day(as_of)
    repo = open_repository(ctx, needs_built())
    if repo.organisasjon is None:
        raise UserError("records/organisasjon.yaml mangler eller er ugyldig; kjør «ims validate»")
    folder = root(ctx)
    reports = loaded(folder, partial(load_reported, select=Select(frozenset({"avvik"}))))
    # what PUFF looks at, as `ims puff`: every open tiltak is among it
    _, standings = loaded(folder, partial(load_standings, select=needs(when)))
    out = given or repo.root / "build" / "nettsted"
    claim(out, publikum)  # before the work: another audience's site, or files of the user's
    with working("Lager sidene …") as doing:
        data = build(Sources(repo, reports.avvik, standings), when, publikum)
        built = write_site(out, pages(data, repo.config, repo.root), publikum)
        doing("Lager søkeindeksen …")
        index_search(out)
    files = counted(built.pages, "fil", "filer")
    if built.written:
        print(f"Skrev {built.written} av {files} til {out}", end="")
    else:
        which = "Filen" if built.pages == 1 else f"De {built.pages} filene"
        print(f"{which} i {out} var uendret", end="")
    print(f"; fjernet {counted(built.removed, 'side', 'sider')}." if built.removed else ".")
    if vis:
        _show(out)


def _show(folder: Path) -> None:
    """The built site served on this machine and opened in the browser, until Ctrl-C."""
    import webbrowser

    from ims_cli.operations.site import serving

    with serving(folder) as url:
        print(f"Viser nettstedet på {url} (bare på denne maskinen). Trykk Ctrl-C for å stoppe.")
        webbrowser.open(url)
        try:
            wait_for_ctrl_c()
        except KeyboardInterrupt:
            print("Stoppet.")


def wait_for_ctrl_c() -> None:
    """Sleep until the user presses Ctrl-C (KeyboardInterrupt)."""
    import time

    while True:
        time.sleep(3600)


def register(app: typer.Typer) -> None:
    app.command("site", cls=Command)(site)
