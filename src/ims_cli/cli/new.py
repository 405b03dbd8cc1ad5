"""`ims new`: a record from its template, with the next free id."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command
from ims_cli.cli.options import derived, listed

if TYPE_CHECKING:
    from ims_cli.store.load import Repository

Text = Annotated[str | None, typer.Option(metavar="TEKST")]


def person(help_text: str) -> Any:
    """An option that names a person of organisasjon.yaml."""
    return typer.Option(metavar="PERSON", help=help_text, autocompletion=completion.person)


def new(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            metavar="SORT",
            help=f"{derived('sorter')}.",
            autocompletion=completion.kind,
        ),
    ],
    enhet: Annotated[
        str | None,
        typer.Option(
            metavar="ENHET", help="Enheten posten gjelder.", autocompletion=completion.unit
        ),
    ] = None,
    tittel: Annotated[
        str | None,
        typer.Option(metavar="TEKST", help="Tittelen (varsel: temaet; øvelse: scenarioet)."),
    ] = None,
    kategori: Annotated[
        str | None,
        typer.Option(
            metavar="KATEGORI",
            help=f"Avvik: kategorien, {listed('avvik_kategori')}.",
            autocompletion=completion.category,
        ),
    ] = None,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="Avvik, prosess, revisjon: typen.",
            autocompletion=completion.record_type,
        ),
    ] = None,
    omrade: Annotated[
        str | None,
        typer.Option(metavar="OMRÅDE", help="ROS: området.", autocompletion=completion.area),
    ] = None,
    ansvarlig: Annotated[
        str | None, person("ROS: ansvarlig. Varsel: den som behandler det.")
    ] = None,
    meldt_av: Annotated[
        str | None,
        typer.Option(
            metavar="PERSON",
            help="Avvik: person-id, innbygger eller anonym. Varsel: person-id, ekstern eller "
            "anonym.",
            autocompletion=completion.reporter,
        ),
    ] = None,
    anonym: Annotated[
        bool,
        typer.Option(
            "--anonym", help="Avvik, varsel: meldt anonymt (samme som --meldt-av anonym)."
        ),
    ] = False,
    eier: Annotated[str | None, person("Prosess: eieren.")] = None,
    leder: Annotated[str | None, person("Lederavtale: lederen.")] = None,
    overordnet: Annotated[str | None, person("Lederavtale: overordnet leder.")] = None,
    aar: Annotated[
        int | None, typer.Option(metavar="ÅR", min=1900, max=2199, help="Lederavtale: året.")
    ] = None,
    record_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="Prosess: nummeret, som 2.4.1.")
    ] = None,
    planlagt: Annotated[
        str | None, typer.Option(metavar="DATO", help="Revisjon: planlagt dato.")
    ] = None,
    revisor: Annotated[str | None, typer.Option(metavar="TEKST", help="Revisjon: revisor.")] = None,
    dato: Annotated[
        str | None, typer.Option(metavar="DATO", help="Datoen posten gjelder. Standard: i dag.")
    ] = None,
    rediger: Annotated[
        bool,
        typer.Option(
            "--rediger", help="Åpne den nye posten i $EDITOR, og sjekk den når editoren lukkes."
        ),
    ] = False,
    fra_rapport: Annotated[
        Path | None,
        typer.Option(
            metavar="FIL",
            help="lg: lag posten fra den utfylte blokken i Markdown-filen fra «ims report lg».",
        ),
    ] = None,
) -> None:
    """Lag en ny post fra malen i templates/new/, med neste ledige id.

    Id-en er én mer enn den høyeste for samme sort og år i arbeidskopien og på alle lokale
    og hentede grener (kjør «git fetch» først), så to rådgivere på hver sin gren ikke får samme
    id. Posten sjekkes før den skrives. Et postarkiv kan ha egne maler i templates/new/.

    I en terminal spørres det etter det som mangler, med valgene fra organisasjon.yaml og
    postformatene; uten terminal (i CI) er et manglende valg en bruksfeil. Hvem som meldte et
    avvik antas aldri: gi --meldt-av, eller --anonym for en anonym melding.

    Eksempel: [bold]ims new avvik --enhet HO-BJERKE --tittel "Feil dose" --kategori hms
    --anonym[/bold]
    """
    from datetime import date

    from ims_cli.cli.options import day, one_of
    from ims_cli.cli.repository import open_ids
    from ims_cli.confidentiality import withheld
    from ims_cli.errors import UserError
    from ims_cli.kinds import names
    from ims_cli.operations.creating import create, created, from_report
    from ims_cli.store.load import PLACEHOLDER

    one_of("sorten", kind, names())
    meldt_av = _reporter(kind, meldt_av, anonym)
    repo = open_ids(ctx)
    if fra_rapport is not None:
        if kind != "lg":
            raise UserError("--fra-rapport gjelder bare «ims new lg»")
        made = created(repo, lambda: from_report(repo, fra_rapport))
        print(f"Skrev {made.path}")
        return
    given = {
        "enhet": enhet,
        "tittel": tittel,
        "kategori": kategori,
        "type": type_,
        "omrade": omrade,
        "ansvarlig": ansvarlig,
        "meldt_av": meldt_av,
        "eier": eier,
        "leder": leder,
        "overordnet": overordnet,
        "aar": aar,
        "id": record_id,
        "revisor": revisor,
        "planlagt": day(planlagt, "--planlagt") if planlagt else None,
        "dato": day(dato, "--dato") if dato else None,
    }
    if interactive():
        given |= _asked(repo, kind, given)
    new_record = create(repo, kind, given, date.today())
    print(f"Skrev {new_record.path}")
    if rediger:
        _edit(repo, new_record.path)
    elif PLACEHOLDER in new_record.text:
        print(f"Skriv teksten der det står «{PLACEHOLDER}»; «ims validate» viser hvor (S005).")
    made_id = Path(new_record.path).stem
    if repo.config.kryptering.pa and withheld(made_id):  # a varsel: strengt fortrolig at once
        print(f"Kryptering er på: kjør «ims krypter {made_id}» når teksten er skrevet (K001).")


def _reporter(kind: str, meldt_av: str | None, anonym: bool) -> str | None:
    """--meldt-av, or «anonym» when --anonym says so; the two never disagree."""
    from ims_cli.errors import UserError

    if not anonym:
        return meldt_av
    if kind not in ("avvik", "varsel"):
        raise UserError("--anonym gjelder bare «ims new avvik» og «ims new varsel»")
    if meldt_av not in (None, "anonym"):
        raise UserError(f"--anonym og --meldt-av {meldt_av} sier hver sitt; gi bare én av dem")
    return "anonym"


def interactive() -> bool:
    """Whether a person is at the keyboard: then a missing option is asked for."""
    import sys

    return sys.stdin.isatty() and sys.stdout.isatty()


def _asked(repo: Repository, kind: str, given: dict[str, Any]) -> dict[str, Any]:
    """Each missing field, asked for with its choices; a wrong answer is asked again."""
    from ims_cli.errors import UserError
    from ims_cli.operations.creating import choices, missing

    answers: dict[str, Any] = {}
    for field in missing(kind, given):
        allowed = choices(repo, kind, field)
        shown = ", ".join(allowed[:12]) + (
            f" … ({len(allowed)} i alt)" if len(allowed) > 12 else ""
        )
        if allowed:
            print(f"{field}: {shown}")
        for _ in range(3):
            answer = typer.prompt(field).strip()
            if answer and (not allowed or answer in allowed):
                answers[field] = answer
                break
            print(f"«{answer}» er ikke et av valgene for {field}")
        else:
            raise UserError(f"fikk ikke noe gyldig svar for --{field.replace('_', '-')}")
    return answers


def _edit(repo: Repository, path: str) -> None:
    """Open the new record in $VISUAL or $EDITOR, then check it as «ims validate» would."""
    import os
    import shlex
    import subprocess

    from ims_cli.errors import UserError
    from ims_cli.operations.creating import findings_of
    from ims_cli.render.findings import line

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        subprocess.run([*shlex.split(editor), str(repo.root / path)], check=False)
    except OSError:
        raise UserError(
            f"fant ikke editoren «{editor}»; sett EDITOR, for eksempel EDITOR=nano"
        ) from None
    found = findings_of(repo, path)
    for finding in found:
        print(line(finding))
    print(
        f"{path}: "
        + ("ingen funn" if not found else f"{len(found)} funn; rett dem og kjør «ims validate»")
    )


def register(app: typer.Typer) -> None:
    app.command("new", cls=Command)(new)
