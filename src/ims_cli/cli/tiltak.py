"""`ims tiltak list`: every tiltak wherever it sits, filtered and sorted by frist."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command, new_app, told
from ims_cli.cli.options import (
    AsOf,
    Enhet,
    Json,
    derived,
    format_option,
    one_of,
    output_format,
    require_person,
    require_unit,
    said,
)
from ims_cli.render.registry import TILTAK

if TYPE_CHECKING:
    from ims_cli.analytics.tiltak import TiltakItem
    from ims_cli.store.load import Repository


def within(value: str, today: date) -> date:
    """'30d', '6u' (uker) or '2m' (måneder) from today."""
    from ims_cli.analytics.dates import add_months
    from ims_cli.errors import UserError

    match = re.fullmatch(r"(\d+)([dum])", value.strip().lower())
    if not match:
        raise UserError(f"--frist-innen «{value}»: skriv for eksempel 30d, 6u eller 2m")
    amount, unit = int(match.group(1)), match.group(2)
    days = amount * (7 if unit == "u" else 1)
    if amount > 1200 if unit == "m" else days > 36600:
        raise UserError(f"--frist-innen «{value}» er mer enn 100 år; skriv en kortere tid")
    return add_months(today, amount) if unit == "m" else today + timedelta(days=days)


Ansvarlig = Annotated[
    str | None,
    typer.Option(
        "--ansvarlig",
        metavar="PERSON",
        help="Bare denne personens (person-id eller navn).",
        autocompletion=completion.person,
    ),
]
Status = Annotated[
    str | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help=f"{derived('tiltak_status')}.",
        autocompletion=completion.tiltak_status,
    ),
]
Forfalt = Annotated[bool, typer.Option("--forfalt", help="Bare tiltak over fristen.")]
Kilde = Annotated[
    str | None,
    typer.Option(
        "--kilde",
        metavar="KILDE",
        help=f"{derived('tiltak_kilder')}.",
        autocompletion=completion.tiltak_source,
    ),
]
FristInnen = Annotated[
    str | None,
    typer.Option("--frist-innen", metavar="TID", help="Åpne tiltak med frist innen 30d, 6u, 2m."),
]


@dataclass(frozen=True)
class Wanted:
    """The tiltak options of `ims tiltak list` and `ims export tiltak`, as given."""

    enhet: str | None = None
    ansvarlig: str | None = None
    status: str | None = None
    forfalt: bool = False
    kilde: str | None = None
    frist_innen: str | None = None

    def said(self) -> str:
        """The options given, as typed."""
        return said(vars(self))


def chosen_tiltak(
    ctx: typer.Context, wanted: Wanted, today: date
) -> tuple[Repository, list[TiltakItem]]:
    """The tiltak the options let through, by frist, from the index (no record is built)."""
    from dataclasses import replace
    from functools import partial

    from ims_cli.analytics.tiltak import TiltakFilter, choose, needs, sources
    from ims_cli.analytics.units import subtree
    from ims_cli.cli.repository import loaded, root
    from ims_cli.indexed import load_tiltak
    from ims_cli.models.common import TiltakStatus

    one_of("--status", wanted.status, get_args(TiltakStatus))
    one_of("--kilde", wanted.kilde, sources())
    chosen = TiltakFilter(
        ansvarlig=wanted.ansvarlig,
        status=wanted.status,
        kilde=wanted.kilde,
        overdue_on=today if wanted.forfalt else None,
        due_by=within(wanted.frist_innen, today) if wanted.frist_innen else None,
    )
    repo, every = loaded(root(ctx), partial(load_tiltak, select=needs(chosen)))
    require_unit(repo.organisasjon, wanted.enhet)
    person = require_person(repo.organisasjon, wanted.ansvarlig, "--ansvarlig")
    chosen = replace(chosen, ansvarlig=person)
    if wanted.enhet:
        chosen = replace(chosen, units=subtree(repo.organisasjon, wanted.enhet))
    return repo, choose(every, chosen)


def list_tiltak(
    ctx: typer.Context,
    enhet: Enhet = None,
    ansvarlig: Ansvarlig = None,
    status: Status = None,
    forfalt: Forfalt = False,
    kilde: Kilde = None,
    frist_innen: FristInnen = None,
    as_of: AsOf = None,
    output: Annotated[str, format_option(TILTAK)] = "text",
    as_json: Json = False,
) -> None:
    """List tiltak, sortert etter frist, som <post-id>/<tiltak-id>.

    Eksempel: [bold]ims tiltak list --ansvarlig hilde.ro --frist-innen 30d[/bold]
    """
    from ims_cli.cli.options import day
    from ims_cli.render.results import TiltakList

    chosen_format = output_format(output, as_json)
    today = day(as_of)
    wanted = Wanted(enhet, ansvarlig, status, forfalt, kilde, frist_innen)
    repo, items = chosen_tiltak(ctx, wanted, today)
    TILTAK.show(chosen_format, TiltakList(items, today, repo.organisasjon))


def tiltak_ref(complete: completion.Complete) -> Any:
    """The argument naming a tiltak, completed with the tiltak the command can work on."""
    return typer.Argument(
        metavar="REF", help="Tiltaket, som AVV-2026-0042/T1.", autocompletion=complete
    )


Ref = Annotated[str, tiltak_ref(completion.open_tiltak)]  # planlagt or pagar


def done(
    ctx: typer.Context,
    ref: Ref,
    dato: Annotated[
        str | None,
        typer.Option("--dato", metavar="DATO", help="Fullført (ÅÅÅÅ-MM-DD). Standard: i dag."),
    ] = None,
    evaluering: Annotated[
        str | None, typer.Option("--evaluering", metavar="TEKST", help="Ble effekten oppnådd?")
    ] = None,
) -> None:
    """Marker et tiltak som fullført, med dato og evaluering.

    Et tiltak som alt er fullført beholder datoen sin; da legges bare evalueringen til.
    Bare linjene til tiltaket endres; kommentarer og formatering ellers i filen står urørt.

    Eksempel: [bold]ims tiltak done AVV-2026-0007/T2 --evaluering "Alle 11 er gjennomgått"[/bold]
    """
    from ims_cli.cli.options import past_day
    from ims_cli.cli.repository import open_record
    from ims_cli.operations.changes import tiltak_done

    when = past_day(dato, "--dato") if dato is not None else None
    result = tiltak_done(open_record(ctx, ref), ref, when, evaluering)
    told(result.path, result.summary, result.warnings)


def move(
    ctx: typer.Context,
    ref: Ref,
    frist: Annotated[str, typer.Option("--frist", metavar="DATO", help="Ny frist (ÅÅÅÅ-MM-DD).")],
    begrunnelse: Annotated[
        str, typer.Option("--begrunnelse", metavar="TEKST", help="Hvorfor fristen flyttes.")
    ],
) -> None:
    """Flytt fristen til et tiltak; den gamle fristen og begrunnelsen tas vare på i posten.

    Eksempel: [bold]ims tiltak move ROS-2026-0001/T5 --frist 2027-01-31 --begrunnelse "…"[/bold]
    """
    from datetime import date

    from ims_cli.cli.options import day
    from ims_cli.cli.repository import open_record
    from ims_cli.operations.changes import tiltak_move

    result = tiltak_move(
        open_record(ctx, ref), ref, day(frist, "--frist"), begrunnelse, date.today()
    )
    told(result.path, result.summary, result.warnings)


def add(
    ctx: typer.Context,
    post: Annotated[
        str,
        typer.Argument(
            metavar="POST",
            help="Posten tiltaket hører til: AVV-2026-0042, LA-2026-0003, LG-2026-0001, "
            "ROS-2026-0001/R3 eller EV-2026-0001/risikostyring.",
            autocompletion=completion.tiltak_owner,
        ),
    ],
    beskrivelse: Annotated[
        str, typer.Option("--beskrivelse", metavar="TEKST", help="Hva som skal gjøres.")
    ],
    ansvarlig: Annotated[
        str,
        typer.Option(
            "--ansvarlig",
            metavar="PERSON",
            help="Person-id eller navn, slik de står i organisasjon.yaml.",
            autocompletion=completion.person,
        ),
    ],
    frist: Annotated[str, typer.Option("--frist", metavar="DATO", help="Frist (ÅÅÅÅ-MM-DD).")],
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            help=f"{derived('tiltak_type')}.",
            autocompletion=completion.tiltak_type,
        ),
    ] = None,
    risiko: Annotated[
        str | None,
        typer.Option(
            "--risiko",
            metavar="RISIKO",
            help="Risikoen i en ROS (R3).",
            autocompletion=completion.risk_of_post,
        ),
    ] = None,
    omrade: Annotated[
        str | None,
        typer.Option(
            "--omrade",
            metavar="OMRÅDE",
            help="Området i en egenvurdering (risikostyring).",
            autocompletion=completion.area_of_post,
        ),
    ] = None,
) -> None:
    """Legg til et nytt, planlagt tiltak med neste ledige id (T1, T2 …) i en post.

    Tiltak hører til avvik, lederavtaler, ledelsens gjennomgang (som beslutning), risikoene i
    en ROS og områdene i en egenvurdering. Tiltaket skrives i samme stil som tiltakene posten
    har fra før, og posten sjekkes som i «ims validate» før den skrives. En frist som alt er
    passert skrives, med en advarsel.

    Eksempel: [bold]ims tiltak add AVV-2026-0042 --beskrivelse "Oppdatere rutinen" --ansvarlig
    liv.berg --frist 2026-12-01 --type korrigerende[/bold]
    """
    from datetime import date

    from ims_cli.cli.options import day, one_of, require_person
    from ims_cli.cli.repository import open_record
    from ims_cli.errors import UserError
    from ims_cli.models.common import TiltakType
    from ims_cli.operations.changes import NewTiltak, tiltak_add

    one_of("--type", type_, get_args(TiltakType))
    record_id, _, under = post.partition("/")
    if under and (risiko or omrade):
        raise UserError(f"{post} sier alt hvor tiltaket hører til; dropp --risiko og --omrade")
    repo = open_record(ctx, record_id)
    person = require_person(repo.organisasjon, ansvarlig, "--ansvarlig") or ansvarlig
    new = NewTiltak(
        beskrivelse, person, day(frist, "--frist"), type_, risiko, omrade, under or None
    )
    result = tiltak_add(repo, record_id, new, date.today())
    told(result.path, result.summary, result.warnings)


def evaluate(
    ctx: typer.Context,
    ref: Annotated[str, tiltak_ref(completion.completed_tiltak)],
    evaluering: Annotated[
        str, typer.Option("--evaluering", metavar="TEKST", help="Ble effekten oppnådd?")
    ],
) -> None:
    """Skriv (eller skriv om) evalueringen av et fullført tiltak; fullført-datoen står.

    Eksempel: [bold]ims tiltak evaluer AVV-2026-0007/T2 --evaluering "Ingen nye avvik på tre
    måneder"[/bold]
    """
    from ims_cli.cli.repository import open_record
    from ims_cli.operations.changes import tiltak_evaluate

    result = tiltak_evaluate(open_record(ctx, ref), ref, evaluering)
    told(result.path, result.summary, result.warnings)


def cancel(
    ctx: typer.Context,
    ref: Ref,
    begrunnelse: Annotated[
        str, typer.Option("--begrunnelse", metavar="TEKST", help="Hvorfor tiltaket avbrytes.")
    ],
    dato: Annotated[
        str | None,
        typer.Option("--dato", metavar="DATO", help="Avbrutt (ÅÅÅÅ-MM-DD). Standard: i dag."),
    ] = None,
) -> None:
    """Avbryt et planlagt eller pågående tiltak; begrunnelsen og datoen tas vare på i posten.

    Eksempel: [bold]ims tiltak avbryt ROS-2026-0001/T5 --begrunnelse "Erstattet av T7"[/bold]
    """
    from datetime import date

    from ims_cli.cli.options import past_day
    from ims_cli.cli.repository import open_record
    from ims_cli.operations.changes import tiltak_cancel

    when = past_day(dato, "--dato") if dato is not None else date.today()
    result = tiltak_cancel(open_record(ctx, ref), ref, begrunnelse, when)
    told(result.path, result.summary, result.warnings)


def register(parent: typer.Typer) -> None:
    app = new_app(
        "Tiltak fra avvik, ROS, lederavtaler og ledelsens gjennomgang, samlet.\n\n"
        "Eksempel: ims tiltak list --enhet HO --forfalt",
        name="tiltak",
    )
    app.command("list", cls=Command)(list_tiltak)
    app.command("done", cls=Command)(done)
    app.command("move", cls=Command)(move)
    app.command("add", cls=Command)(add)
    app.command("evaluer", cls=Command)(evaluate)
    app.command("avbryt", cls=Command)(cancel)
    parent.add_typer(app, name="tiltak")
