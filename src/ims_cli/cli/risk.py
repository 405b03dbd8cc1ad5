"""`ims risk matrix|top|dekning`: the risk picture of one ROS, a unit or the whole kommune."""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING, Annotated, get_args

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command, new_app
from ims_cli.cli.options import (
    AsOf,
    Enhet,
    Json,
    Output,
    chart_alone,
    format_option,
    listed,
    one_of,
    one_stdout,
    output_format,
    output_option,
    require_unit,
)
from ims_cli.cli.repository import loaded, open_repository, repository, root
from ims_cli.render.registry import RISK_COVERAGE, RISK_MATRIX, RISK_TOP
from ims_cli.words import counted
from ims_cli.words import word as code_word

if TYPE_CHECKING:
    from ims_cli.analytics.risk import Assessed, RiskPoint, Selection
    from ims_cli.store.load import Repository

Omrade = Annotated[
    str | None,
    typer.Option(
        "--omrade",
        metavar="OMRÅDE",
        help="Bare ROS for dette området.",
        autocompletion=completion.area,
    ),
]
Risikobank = Annotated[
    str | None,
    typer.Option(
        "--risikobank",
        metavar="KATEGORI",
        help="Bare risikoer i denne kategorien.",
        autocompletion=completion.risikobank,
    ),
]
Dimensjon = Annotated[
    str | None,
    typer.Option(
        "--dimensjon",
        metavar="DIMENSJON",
        help="Plasser risikoene etter konsekvensen i denne dimensjonen, ikke den høyeste; bare "
        f"risikoer vurdert per dimensjon: {listed('konsekvens')}.",
    ),
]


def _analyses(ctx: typer.Context) -> Repository:
    """The repository with only its ROS built: every risk command looks at nothing else."""
    from ims_cli.store.index import Select

    return open_repository(ctx, Select(frozenset({"ros"}), every_id=False))


def _assessed(
    ctx: typer.Context, dimension: str | None = None
) -> tuple[Repository, list[Assessed]]:
    """The repository without its records, and what the risk views need of each valid ROS
    (analytics.risk.Assessed), kept in the index: no ROS whose file is unchanged is built."""
    from ims_cli.analytics.risk import Assessed, assessing
    from ims_cli.indexed import load_made
    from ims_cli.store.index import Select

    # checked before anything is kept under its name in the index
    one_of("--dimensjon", dimension, repository(ctx).config.dimensions)
    made = load_made(assessing(dimension), "risiko" if dimension is None else f"risiko:{dimension}")
    only = Select(frozenset({"ros"}), every_id=False)
    repo, wires = loaded(root(ctx), partial(made, select=only))
    return repo, [Assessed.from_wire(wire) for wire in wires]


def _points(
    repo: Repository, analyses: list[Assessed], selection: Selection
) -> tuple[list[RiskPoint], int, str]:
    """The selected risks, the number of ROS they come from, and a title for the selection."""
    from ims_cli.analytics.risk import filter_points, select
    from ims_cli.analytics.units import by_id
    from ims_cli.confidentiality import text_for
    from ims_cli.errors import UserError

    units = by_id(repo.organisasjon)
    if selection.ros and selection.ros not in {r.id for r in analyses}:
        raise UserError(f"fant ingen gyldig ROS med id «{selection.ros}»; se «ims validate»")
    require_unit(repo.organisasjon, selection.enhet)
    _require_known(selection, repo)
    chosen = select(analyses, selection, repo.organisasjon)
    points = filter_points([p for ros in chosen for p in ros.points], selection)
    if selection.ros:
        title = f"{selection.ros} {text_for(chosen[0].tittel, chosen[0].gradering, 'intern')}"
    elif selection.enhet:
        title = f"{units[selection.enhet].navn} ({selection.enhet}) med underenheter"
    else:
        title = repo.config.organisasjon
    filters = [f for f in (selection.omrade, selection.risikobank) if f]
    if selection.dimensjon:
        filters.append(f"konsekvens for {code_word(selection.dimensjon)}")
    if filters:
        title += " – " + ", ".join(filters)
    return points, len(chosen), title


def _require_known(selection: Selection, repo: Repository) -> None:
    """A filter that can match nothing is a typo: say so rather than show an empty matrix."""
    from ims_cli.models.ros import Omrade

    one_of("--omrade", selection.omrade, get_args(Omrade))
    if repo.risikobank:
        one_of("--risikobank", selection.risikobank, [r.id for r in repo.risikobank.risikobank])
    one_of("--dimensjon", selection.dimensjon, repo.config.dimensions)


def _warn_if_invalid(repo: Repository) -> None:
    errors = sum(1 for f in repo.findings if f.severity == "feil")
    if errors:
        print(
            f"ims: merk: {errors} feil i postene; poster med feil er ikke med "
            "(kjør «ims validate»).",
            file=sys.stderr,
        )


def matrix(
    ctx: typer.Context,
    ros: Annotated[
        str | None,
        typer.Argument(
            metavar="ROS-ID",
            help="Én ROS. Uten: alle i utvalget.",
            autocompletion=completion.ros_id,
        ),
    ] = None,
    enhet: Enhet = None,
    etter: Annotated[bool, typer.Option("--etter", help="Vis restrisiko etter tiltak.")] = False,
    begge: Annotated[
        bool, typer.Option("--begge", help="Vis før og etter tiltak, med flyttingen.")
    ] = False,
    omrade: Omrade = None,
    risikobank: Risikobank = None,
    dimensjon: Dimensjon = None,
    png: Annotated[Output | None, output_option("--png", "Tegn matrisen som PNG.")] = None,
    svg: Annotated[Output | None, output_option("--svg", "Tegn matrisen som SVG.")] = None,
    output: Annotated[str, format_option(RISK_MATRIX)] = "text",
    as_json: Json = False,
) -> None:
    """Risikomatrisen før eller etter tiltak, for én ROS, en enhet med underenheter eller kommunen.

    Sannsynlighet står loddrett fra høy til lav, konsekvens vannrett; fargene følger nivåene i
    ims.yaml. Med en konsekvens per dimensjon gjelder den høyeste, eller den i --dimensjon. En
    risiko uten restrisiko står på samme plass etter tiltak. Hva hvert nivå betyr, står under
    matrisen når ims.yaml beskriver det (verdier.skala).

    Eksempel: [bold]ims risk matrix --enhet HO --begge --png ho-risiko.png[/bold]
    """
    from ims_cli.analytics.risk import Selection
    from ims_cli.analytics.risk import matrix as cells_of
    from ims_cli.render.results import Matrix

    one_stdout(png, svg)
    alone = chart_alone((png, svg), output, as_json)
    chosen_format = output_format(output, as_json)
    repo, analyses = _assessed(ctx, dimensjon)
    _warn_if_invalid(repo)
    selection = Selection(ros, enhet, omrade, risikobank, dimensjon)
    points, count, title = _points(repo, analyses, selection)
    before = cells_of(points, repo.config)
    after = cells_of(points, repo.config, after=True)
    title += f" – {counted(len(points), 'risiko', 'risikoer')} i {count} ROS"
    for chart, suffix in ((png, ".png"), (svg, ".svg")):
        if chart is None:
            continue
        from ims_cli.render.charts import save_matrix
        from ims_cli.render.console import working

        shown = after if etter and not begge else before
        with working("Tegner matrisen …"):
            both = after if begge else None
            chart.write(
                partial(save_matrix, title=title, cells=shown, config=repo.config, after=both),
                suffix,
            )
        print(f"Skrev {chart}", file=sys.stderr)
    if not alone:
        which = "begge" if begge else "etter" if etter else "for"
        view = Matrix(title, before, after, points, repo.config, which)
        RISK_MATRIX.show(chosen_format, view)


def top(
    ctx: typer.Context,
    antall: Annotated[
        int, typer.Option("-n", "--antall", min=1, metavar="N", help="Hvor mange.")
    ] = 10,
    enhet: Enhet = None,
    omrade: Omrade = None,
    risikobank: Risikobank = None,
    output: Annotated[str, format_option(RISK_TOP)] = "text",
    as_json: Json = False,
) -> None:
    """De høyeste risikoene før tiltak, med enhet, område, tiltak og restrisiko.

    Sortert etter score, så nivå. Eksempel: [bold]ims risk top -n 5 --enhet HO[/bold]
    """
    from ims_cli.analytics.risk import Selection
    from ims_cli.analytics.risk import top as highest
    from ims_cli.render.results import Top

    chosen_format = output_format(output, as_json)
    repo, analyses = _assessed(ctx)
    _warn_if_invalid(repo)
    points, _, _ = _points(repo, analyses, Selection(None, enhet, omrade, risikobank))
    RISK_TOP.show(chosen_format, Top(highest(points, repo.config, antall), repo.config))


def dekning(
    ctx: typer.Context,
    enhet: Enhet = None,
    as_of: AsOf = None,
    output: Annotated[str, format_option(RISK_COVERAGE)] = "text",
    as_json: Json = False,
) -> None:
    """ROS-dekning: har hver virksomhet en gyldig ROS for hvert påkrevd område?

    Påkrevde områder står i risiko.pakrevde_omrader i ims.yaml (standard: tjenesteleveranse,
    hms, beredskap). En ROS for virksomheten eller en avdeling under den teller. Viser også ROS
    som er forfalt til evaluering, og hvilke kategorier i risikobanken hvert tjenesteområde har
    vurdert.

    Eksempel: [bold]ims risk dekning --enhet OPP --as-of 2026-12-31[/bold]
    """
    from ims_cli.analytics.risk import coverage_report
    from ims_cli.cli.options import day
    from ims_cli.errors import UserError
    from ims_cli.models.ros import Ros

    chosen_format = output_format(output, as_json)
    repo = _analyses(ctx)
    _warn_if_invalid(repo)
    require_unit(repo.organisasjon, enhet)
    if repo.organisasjon is None:
        raise UserError("records/organisasjon.yaml mangler eller er ugyldig; kjør «ims validate»")
    analyses = [r.record for r in repo.records if isinstance(r.record, Ros)]
    report = coverage_report(analyses, repo.organisasjon, repo.config, day(as_of), enhet)
    RISK_COVERAGE.show(chosen_format, report)


def register(parent: typer.Typer) -> None:
    app = new_app(
        "Risikobildet: risikomatrise før og etter tiltak, de høyeste risikoene og ROS-dekning.\n\n"
        "Eksempel: ims risk matrix ROS-2026-0001 --begge",
        name="risk",
    )
    app.command("matrix", cls=Command)(matrix)
    app.command("top", cls=Command)(top)
    app.command("dekning", cls=Command)(dekning)
    parent.add_typer(app, name="risk")
