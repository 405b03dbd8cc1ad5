"""`ims import ros` and `ims export ros`: the classic ROS sheet in Excel, in and out; `ims
export avvik|tiltak`: tables for Excel and CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import EXIT_USAGE, Command, new_app
from ims_cli.cli.options import (
    AsOf,
    Enhet,
    Output,
    Publikum,
    Tekst,
    listed,
    one_of,
    one_stdout,
    output_option,
    output_parser,
    require_unit,
    said,
)
from ims_cli.cli.repository import open_ids, open_record
from ims_cli.cli.tiltak import Ansvarlig, Forfalt, FristInnen, Kilde, Status
from ims_cli.words import counted

if TYPE_CHECKING:
    from ims_cli.exchange.ros_sheet import Imported
    from ims_cli.exchange.tables import Line, Start
    from ims_cli.store.load import Repository
    from ims_cli.store.workbook import Table


def import_ros(
    ctx: typer.Context,
    fil: Annotated[Path, typer.Argument(metavar="FIL.xlsx", help="Det utfylte ROS-skjemaet.")],
    enhet: Annotated[
        str | None,
        typer.Option(
            "--enhet",
            metavar="ENHET",
            help="Enheten. Standard: «Sted:» i skjemaet.",
            autocompletion=completion.unit,
        ),
    ] = None,
    omrade: Annotated[
        str | None,
        typer.Option(
            "--omrade",
            metavar="OMRÅDE",
            help="Området. Standard: «Område:» i skjemaet.",
            autocompletion=completion.area,
        ),
    ] = None,
    record_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="ROS-en skjemaet gjelder. Standard: «Id:» i skjemaet når den finnes (da "
            "oppdateres den), ellers neste ledige.",
            autocompletion=completion.ros_id,
        ),
    ] = None,
    show_only: Annotated[
        bool, typer.Option("--vis", help="Vis posten som ville blitt skrevet, uten å skrive.")
    ] = False,
    as_diff: Annotated[
        bool,
        typer.Option("--diff", help="Vis endringene i en ROS som finnes som diff, uten å skrive."),
    ] = False,
) -> None:
    """Gjør det klassiske ROS-skjemaet i Excel om til en ROS-post, eller oppdater ROS-en
    skjemaet ble eksportert fra.

    Skjemaet har en rad per risiko med kolonnene Aspekter/forhold og krav, Trusselbeskrivelse,
    S, K, R, Tiltak, Ansvarlig/frist, Overført avvikssystem og Restrisiko S og K, og et hode med
    Sted, Dato, Ansvarlig, Deltakere og Gradering. Sammenslåtte celler, tomme rader, desimalkomma
    og formler i R går fint. Alt som ikke kan leses, meldes med celleadresse (for eksempel C7),
    og da skrives ingenting. Posten sjekkes som i «ims validate» før den skrives.

    Et skjema fra «ims export ros» har id-en til ROS-en: da oppdateres den, og bare det som er
    endret skrives (kommentarer og oppsett i filen beholdes; det skjemaet ikke har, som
    beskrivelse og fristendringer, står urørt). --diff viser endringene først.

    Eksempel: [bold]ims import ros Bjerke-ROS.xlsx --enhet HO-BJERKE --omrade hms[/bold]

    Eksempel: [bold]ims import ros ROS-2026-0001.xlsx --diff[/bold]
    """
    from ims_cli.exchange.ros_records import prepare
    from ims_cli.exchange.ros_sheet import SheetProblems, read_sheet
    from ims_cli.kinds import by_name
    from ims_cli.operations.creating import from_data
    from ims_cli.store.lock import repository_locked
    from ims_cli.store.workbook import read_cells
    from ims_cli.store.write import write_new

    repo = open_ids(ctx)
    _, cells = read_cells(fil)
    note, ros = f"Importert fra {fil.name}", by_name("ros")
    try:
        imported = read_sheet(cells, repo.organisasjon, enhet, omrade)
        target = record_id or imported.data.get("id")
        if isinstance(target, str) and target.startswith("ROS-") and target in repo.ids:
            _update_ros(repo, imported, target, show_only or as_diff, as_diff)
            return
        if show_only or as_diff:
            prepared = prepare(repo, imported, record_id)
            print(from_data(repo, ros, prepared.path, prepared.text_data, note), end="")
            return
        with repository_locked(repo.root):  # the next free id, taken and written by one ims
            prepared = prepare(repo, imported, record_id)
            text = from_data(repo, ros, prepared.path, prepared.text_data, note)
            write_new(repo.root / prepared.path, text)
    except SheetProblems as problems:
        for problem in problems.problems:
            print(f"{fil}!{problem}", file=sys.stderr)
        print(f"ims: {fil}: {len(problems.problems)} feil; ingenting er skrevet", file=sys.stderr)
        raise typer.Exit(EXIT_USAGE) from None
    risks = len(prepared.record.risikoer)
    print(f"Skrev {prepared.path} ({prepared.record.id}, {counted(risks, 'risiko', 'risikoer')})")


def _update_ros(
    repo: Repository, imported: Imported, record_id: str, dry: bool, as_diff: bool
) -> None:
    """The sheet onto the ROS it names: shown (--vis, --diff) or written."""
    from ims_cli.cli.frame import EXIT_FINDINGS, told
    from ims_cli.operations.sheets import plan, update

    path = repo.ids[record_id][0]
    planned = plan(repo, imported, record_id, path)
    if not planned.changed:
        print(f"{path}: skjemaet gir ingen endringer i {record_id}")
        return
    if dry:
        print(planned.diff() if as_diff else planned.after, end="")
        raise typer.Exit(EXIT_FINDINGS if as_diff else 0)
    warnings = update(repo, imported, record_id, path)
    told(path, f"oppdatert fra skjemaet ({record_id})", warnings, "Skrev ")


Xlsx = Annotated[Output | None, output_option("--xlsx", "Excel-filen som skal skrives.")]
Csv = Annotated[
    Output | None, output_option("--csv", "CSV-filen som skal skrives (semikolon, UTF-8).")
]


def export_ros(
    ctx: typer.Context,
    ros_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ROS-ID]",
            help="ROS-en som skal skrives som skjema. Uten: en liste over ROS-er.",
            autocompletion=completion.ros_id,
        ),
    ] = None,
    xlsx: Xlsx = None,
    csv: Csv = None,
    enhet: Enhet = None,
    omrade: Annotated[
        str | None,
        typer.Option(
            "--omrade",
            metavar="OMRÅDE",
            help="Bare ROS-er på dette området.",
            autocompletion=completion.area,
        ),
    ] = None,
    publikum: Publikum = "intern",
    as_of: AsOf = None,
) -> None:
    """Skriv en ROS som det klassiske ROS-skjemaet i Excel, eller alle ROS-er som en liste.

    Med ROS-ID: skjemaet folk kjenner, med hvite celler å fylle ut, R og nivå regnet ut og
    farget, nedtrekkslister for skalaene, arket beskyttet (uten passord) unntatt det som skal
    fylles ut, og fanen «Veiledning» med skalaene og regelen for når tiltak kreves. Skjemaet
    leses inn igjen med «ims import ros»; ekstra kolonner (konsekvens per dimensjon,
    risikobank, lovkrav) gjør at ingenting går tapt på veien.

    Uten ROS-ID: én rad per ROS med risikoene før og etter tiltak, neste evaluering og tiltak
    over fristen, til Excel eller CSV, med --enhet og --omrade som i «ims risk».

    Eksempel: [bold]ims export ros ROS-2026-0001 --xlsx ros.xlsx[/bold]

    Eksempel: [bold]ims export ros --enhet HO --xlsx ros-helse.xlsx[/bold]
    """
    from ims_cli.errors import UserError

    if ros_id is None:
        _export_ros_list(ctx, _targets(xlsx, csv), enhet, omrade, publikum, as_of)
        return
    if xlsx is None or csv is not None:
        raise UserError("et ROS-skjema skrives bare til Excel: bruk --xlsx FIL")
    if enhet or omrade or as_of:
        raise UserError("--enhet, --omrade og --as-of gjelder listen over ROS-er (uten ROS-ID)")
    _export_ros_sheet(ctx, ros_id, xlsx)


def _export_ros_sheet(ctx: typer.Context, ros_id: str, xlsx: Output) -> None:
    from ims_cli.analytics.units import by_id
    from ims_cli.errors import UserError
    from ims_cli.exchange.ros_sheet import write_sheet_layout
    from ims_cli.models.ros import Ros
    from ims_cli.store.workbook import write_sheet
    from ims_cli.words import word

    repo = open_record(ctx, ros_id)
    found = [r.record for r in repo.records if isinstance(r.record, Ros) and r.record.id == ros_id]
    if not found:
        raise UserError(f"fant ingen gyldig ROS med id «{ros_id}»; se «ims validate»")
    ros = found[0]
    units = by_id(repo.organisasjon)
    layouts = write_sheet_layout(ros, repo.organisasjon, units, repo.config)
    xlsx.write(lambda path: write_sheet(path, *layouts), ".xlsx")
    xlsx.tell(f"Skrev {xlsx} ({counted(len(ros.risikoer), 'risiko', 'risikoer')})")
    if ros.gradering in ("fortrolig", "strengt_fortrolig"):
        xlsx.tell(
            f"Merk: {ros.id} er gradert {word(ros.gradering)}; arket har all teksten i posten."
        )


def _export_ros_list(
    ctx: typer.Context,
    targets: list[Output],
    enhet: str | None,
    omrade: str | None,
    publikum: str,
    as_of: str | None,
) -> None:
    from typing import get_args

    from ims_cli.cli.options import day
    from ims_cli.exchange.tables import Request, ros_lines, ros_table
    from ims_cli.models.ros import Omrade

    one_of("--omrade", omrade, get_args(Omrade))
    from ims_cli.confidentiality import AUDIENCES

    one_of("--publikum", publikum, AUDIENCES)
    request = Request(day(as_of), publikum, said({"enhet": enhet, "omrade": omrade}))
    lines = _lines_of(ctx, "ros", ros_lines(omrade, enhet, request), enhet)
    _write(ros_table(lines, request), targets)


def export_avvik(
    ctx: typer.Context,
    xlsx: Xlsx = None,
    csv: Csv = None,
    enhet: Enhet = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=f"Bare avvik med denne statusen: {listed('avvik_status')}.",
            autocompletion=completion.avvik_status,
        ),
    ] = None,
    tekst: Tekst = None,
    fra: Annotated[
        str | None, typer.Option("--fra", metavar="DATO", help="Meldt denne dagen eller senere.")
    ] = None,
    til: Annotated[
        str | None, typer.Option("--til", metavar="DATO", help="Meldt denne dagen eller før.")
    ] = None,
    publikum: Publikum = "intern",
    as_of: AsOf = None,
) -> None:
    """Skriv avvik til Excel eller CSV, én rad per avvik, med filtrene til «ims list avvik».

    Datoer er ekte datoer (vist som dd.mm.åååå), personer og enheter står med navn, overskriften
    står fast med filter, og avvik med tiltak over fristen er markert. Tekst fra graderte avvik
    utelates etter --publikum; fødselsnumre maskeres alltid. CSV-filen har semikolon og UTF-8,
    som Excel på norsk åpner den.

    Eksempel: [bold]ims export avvik --xlsx avvik.xlsx --enhet HO --status meldt[/bold]
    """
    from functools import partial

    from ims_cli.analytics.records import RecordFilter
    from ims_cli.cli.options import day
    from ims_cli.cli.repository import loaded, root
    from ims_cli.exchange.tables import Request, avvik_lines, avvik_needs, avvik_table
    from ims_cli.indexed import load_made

    targets = _targets(xlsx, csv)
    from ims_cli.confidentiality import AUDIENCES

    one_of("--publikum", publikum, AUDIENCES)
    first, last = (day(fra, "--fra") if fra else None), (day(til, "--til") if til else None)
    chosen_by = said({"enhet": enhet, "status": status, "tekst": tekst, "fra": fra, "til": til})
    request = Request(day(as_of), publikum, chosen_by)
    make = avvik_lines(RecordFilter("avvik", None, status, tekst, first, last), enhet, request)
    repo, lines = loaded(root(ctx), partial(load_made(make), select=avvik_needs(first, last)))
    one_of("--status", status, repo.config.verdier.avvik_status)
    require_unit(repo.organisasjon, enhet)
    _write(avvik_table(lines, request, repo.config), targets)


def export_tiltak(
    ctx: typer.Context,
    xlsx: Xlsx = None,
    csv: Csv = None,
    enhet: Enhet = None,
    ansvarlig: Ansvarlig = None,
    status: Status = None,
    forfalt: Forfalt = False,
    kilde: Kilde = None,
    frist_innen: FristInnen = None,
    publikum: Publikum = "intern",
    as_of: AsOf = None,
) -> None:
    """Skriv tiltak til Excel eller CSV, én rad per tiltak, med filtrene til «ims tiltak list».

    Radene står etter frist; tiltak over fristen er markert og har dager over fristen. Ansvarlig
    og enhet står med navn. Tekst fra graderte poster utelates etter --publikum; fødselsnumre
    maskeres alltid.

    Eksempel: [bold]ims export tiltak --forfalt --xlsx forfalte-tiltak.xlsx[/bold]
    """
    from ims_cli.cli.options import day
    from ims_cli.cli.tiltak import Wanted, chosen_tiltak
    from ims_cli.exchange.tables import Request, tiltak_table

    targets = _targets(xlsx, csv)
    from ims_cli.confidentiality import AUDIENCES

    one_of("--publikum", publikum, AUDIENCES)
    today = day(as_of)
    wanted = Wanted(enhet, ansvarlig, status, forfalt, kilde, frist_innen)
    repo, items = chosen_tiltak(ctx, wanted, today)
    request = Request(today, publikum, wanted.said())
    _write(tiltak_table(items, repo.organisasjon, request), targets)


def export_lederavtaler(
    ctx: typer.Context,
    xlsx: Xlsx = None,
    csv: Csv = None,
    aar: Annotated[
        int | None, typer.Option("--aar", metavar="ÅR", help="Bare avtalene for dette året.")
    ] = None,
    enhet: Enhet = None,
    publikum: Publikum = "intern",
    as_of: AsOf = None,
) -> None:
    """Skriv lederavtalene til Excel eller CSV, én rad per avtale.

    Hver rad har enhet, leder og overordnet ved navn, når avtalen ble signert, målene etter
    status (siste resultat mot målverdi og akseptabelt, som i rapporten), siste lederdialog og
    åpne og forfalte tiltak. Avtaler med tiltak over fristen er markert.

    Eksempel: [bold]ims export lederavtaler --aar 2026 --xlsx lederavtaler-2026.xlsx[/bold]
    """

    from ims_cli.cli.options import day
    from ims_cli.exchange.tables import Request, agreement_lines, agreements_table

    targets = _targets(xlsx, csv)
    from ims_cli.confidentiality import AUDIENCES

    one_of("--publikum", publikum, AUDIENCES)
    request = Request(day(as_of), publikum, said({"aar": aar, "enhet": enhet}))
    lines = _lines_of(ctx, "lederavtale", agreement_lines(aar, enhet, request), enhet)
    _write(agreements_table(lines, request), targets)


def export_lovkrav(
    ctx: typer.Context,
    xlsx: Xlsx = None,
    csv: Csv = None,
    as_of: AsOf = None,
) -> None:
    """Skriv lovkravregisteret til Excel eller CSV, med postene som viser til hvert krav.

    Én rad per lovkrav i lovkrav.yaml: prosessene, ROS-ene og revisjonene som viser til det, og
    hvor mange avvik som gjør det (i alt og det siste året). Krav som ingen post viser til, er
    markert: der kan internkontrollen mangle noe.

    Eksempel: [bold]ims export lovkrav --xlsx lovkrav.xlsx[/bold]
    """
    from functools import partial

    from ims_cli.cli.options import day
    from ims_cli.cli.repository import loaded, root
    from ims_cli.exchange.tables import Request, law_references, laws_table
    from ims_cli.indexed import load_made
    from ims_cli.store.index import Select

    targets = _targets(xlsx, csv)
    request = Request(day(as_of))
    select = Select(every_id=False)
    make = load_made(lambda _: law_references)  # what a record names needs nothing else
    repo, references = loaded(root(ctx), partial(make, select=select))
    _write(laws_table(repo.lovkrav, references, request), targets)


def export_sqlite(
    ctx: typer.Context,
    fil: Annotated[
        Output,
        typer.Argument(
            metavar="FIL",
            help="Databasen som skal skrives. «-»: standard ut.",
            parser=output_parser("FIL"),
        ),
    ],
    publikum: Publikum = "intern",
) -> None:
    """Skriv alle poster til én SQLite-database for egne analyser og dashbord.

    Én tabell per postsort (avvik, prosesser, ros, lederavtaler, revisjoner,
    ledelsens_gjennomgang) og for tiltak, risikoer, mål, resultater, funn, enheter, personer og
    lovkrav, med fremmednøkler mellom dem. Tabellen «kolonner» sier hva hver kolonne betyr.
    Koder og datoer står som i postene (pagar, 2026-11-22). Tekst fra graderte poster utelates
    etter --publikum; fødselsnumre maskeres alltid. Åpnes i Datasette, DB Browser for SQLite
    eller Power BI. Spørringene i README viser hvordan tabellene henger sammen.

    Eksempel: [bold]ims export sqlite ims.db[/bold]
    """

    from ims_cli.cli.repository import loaded, root
    from ims_cli.confidentiality import AUDIENCES
    from ims_cli.exchange.database import export, kept_as, rows_of
    from ims_cli.indexed import load_made
    from ims_cli.store.database import write_database

    one_of("--publikum", publikum, AUDIENCES)
    repo, each = loaded(root(ctx), load_made(rows_of(publikum), kept_as(publikum)))
    made = export(each, repo.organisasjon, repo.lovkrav, repo.config)
    notes = [("publikum", publikum), ("poster med tekst utelatt", str(made.hidden))]
    dangling = fil.write(lambda path: write_database(path, made.tables, notes), ".db")
    rows = sum(len(t.rows) for t in made.tables)
    fil.tell(f"Skrev {fil} ({len(made.tables)} tabeller, {rows} rader)")
    if made.hidden:
        graded = "gradert post" if made.hidden == 1 else "graderte poster"
        fil.tell(f"Tekst utelatt fra {made.hidden} {graded} (--publikum {publikum}).")
    if dangling:
        what = "henvisning peker" if dangling == 1 else "henvisninger peker"
        fil.tell(f"Merk: {dangling} {what} til noe som ikke finnes; «ims validate» viser hvor.")


def _lines_of(ctx: typer.Context, kind: str, start: Start, enhet: str | None) -> list[Line]:
    """The rows made of each record of a kind (see indexed.load_made); an unknown --enhet is a
    usage error."""
    from functools import partial

    from ims_cli.cli.repository import loaded, root
    from ims_cli.indexed import load_made
    from ims_cli.store.index import Select

    select = Select(frozenset({kind}), every_id=False)
    repo, lines = loaded(root(ctx), partial(load_made(start), select=select))
    require_unit(repo.organisasjon, enhet)
    return lines


def _targets(xlsx: Output | None, csv: Output | None) -> list[Output]:
    """The outputs asked for; their option names the format."""
    from ims_cli.errors import UserError

    if xlsx is None and csv is None:
        raise UserError("si hvor uttrekket skal skrives: --xlsx FIL eller --csv FIL (eller begge)")
    one_stdout(xlsx, csv)
    return [o for o in (xlsx, csv) if o is not None]


# a table's title -> what one row is, in the singular and the plural
NOUNS = {
    "Avvik": ("avvik", "avvik"),
    "Tiltak": ("tiltak", "tiltak"),
    "ROS": ("ROS", "ROS-er"),
    "Lederavtaler": ("lederavtale", "lederavtaler"),
    "Lovkrav": ("lovkrav", "lovkrav"),
}


def _write(table: Table, targets: list[Output]) -> None:
    """Each file asked for, and a line for each that says what it holds."""
    from functools import partial

    from ims_cli.store.workbook import write_csv, write_table

    writers = {"--xlsx": (write_table, ".xlsx"), "--csv": (write_csv, ".csv")}
    hidden = table.hidden
    singular, plural = NOUNS[table.title]
    noun = singular if len(table.rows) == 1 else plural
    left_out = ""
    if hidden:
        graded = "gradert rad" if hidden == 1 else "graderte rader"
        left_out = f"; tekst utelatt fra {hidden} {graded}"
    for target in targets:
        writer, suffix = writers[target.option]
        target.write(partial(writer, table=table), suffix)
        target.tell(f"Skrev {target} ({len(table.rows)} {noun}{left_out})")


def import_epost(
    ctx: typer.Context,
    kilde: Annotated[
        Path,
        typer.Argument(
            metavar="MAILDIR|MBOX", help="Maildir-mappen eller mbox-filen med e-postene."
        ),
    ],
) -> None:
    """Gjør e-post sendt til avviksadressen om til avvik, hver melding én gang.

    Emnet blir tittel, teksten beskrivelse og avsenderen kontakt (en person i organisasjon.yaml
    med den adressen, ellers en innbygger). Enheten er den innmelding.adresser i ims.yaml gir
    adressen e-posten ble sendt til, ellers innmelding.enhet. Vedlegg listes med navn, men
    lagres ikke. Hver melding kjennes på sin Message-ID: en ny kjøring legger ikke til noe den
    har laget før. Hvert avvik sjekkes, skrives og lagres som én commit, slik «ims serve» gjør.

    Eksempel: [bold]ims import epost ~/Maildir/avvik[/bold]
    """
    from datetime import date

    from ims_cli.cli.frame import EXIT_FINDINGS
    from ims_cli.cli.repository import loaded, root
    from ims_cli.indexed import load_repository
    from ims_cli.operations.intake import import_mail
    from ims_cli.operations.reporting import check_branch
    from ims_cli.store.index import Select
    from ims_cli.store.mailbox import messages
    from ims_cli.words import counted

    folder = root(ctx)
    repo = loaded(folder, load_repository)
    check_branch(folder, repo.config.innmelding.gren)
    done = import_mail(
        folder,
        repo,
        messages(kilde),
        date.today(),
        lambda where: load_repository(where, select=Select(frozenset())),
    )
    for record_id, message_id in done.created:
        print(f"{record_id}: fra {message_id}")
    for why in done.skipped:
        typer.echo(f"ims: hoppet over {why}", err=True)
    print(
        f"{counted(len(done.created), 'nytt avvik', 'nye avvik')}; "
        f"{counted(done.known, 'melding', 'meldinger')} var importert fra før"
    )
    if done.skipped:
        raise typer.Exit(EXIT_FINDINGS)


def register(parent: typer.Typer) -> None:
    export_app = new_app(
        "Eksporter poster til andre formater.\n\n"
        "Eksempel: ims export ros ROS-2026-0001 --xlsx ros.xlsx",
        name="export",
    )
    import_app = new_app(
        "Importer poster fra andre formater.\n\n"
        "Eksempel: ims import ros ROS-skjema.xlsx --enhet HO-BJERKE --omrade hms",
        name="import",
    )
    import_app.command("ros", cls=Command)(import_ros)
    import_app.command("epost", cls=Command)(import_epost)
    export_app.command("ros", cls=Command)(export_ros)
    export_app.command("avvik", cls=Command)(export_avvik)
    export_app.command("tiltak", cls=Command)(export_tiltak)
    export_app.command("lederavtaler", cls=Command)(export_lederavtaler)
    export_app.command("lovkrav", cls=Command)(export_lovkrav)
    export_app.command("sqlite", cls=Command)(export_sqlite)
    parent.add_typer(import_app, name="import")
    parent.add_typer(export_app, name="export")
