"""Option values shared by several commands, checked once."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ims_cli.cli import completion
from ims_cli.errors import UserError

if TYPE_CHECKING:
    from ims_cli.models.registers import Organisasjon
    from ims_cli.render.registry import View

T = TypeVar("T")


def day(value: str | None, option: str = "--as-of") -> date:
    """A date option: ISO, today when not given."""
    from ims_cli.models.common import FIRST_YEAR, LAST_YEAR

    if value is None:
        return date.today()
    try:
        when = date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} «{value}» er ikke en dato; skriv ÅÅÅÅ-MM-DD") from None
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise UserError(f"{option} {value} ligger utenfor årene {FIRST_YEAR}–{LAST_YEAR}")
    return when


# Options several commands share, declared once so they read and behave the same everywhere.
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATO", help="Dagen det gjelder (ÅÅÅÅ-MM-DD). Standard: i dag."
    ),
]
Enhet = Annotated[
    str | None,
    typer.Option(
        "--enhet",
        metavar="ENHET",
        help="Enheten, med alle enheter under seg.",
        autocompletion=completion.unit,
    ),
]


def past_day(value: str | None, option: str) -> date:
    """A date something happened on: today when not given, never after today."""
    when = day(value, option)
    if when > date.today():
        raise UserError(f"{option} {when} er fram i tid; skriv dagen det skjedde")
    return when


def listed(name: str) -> str:
    """In an option's help: the values of the list `name` under `verdier:` in the repository's
    ims.yaml, put in when the help is shown (cli.frame)."""
    return f"{{verdier.{name}}}"


def derived(name: str) -> str:
    """In an option's help: a list the kinds and the models give (`derived_text`), put in when
    the help is shown (cli.frame), so that no command imports the models to start."""
    return f"{{ims.{name}}}"


def derived_text(name: str) -> str:
    """The list `derived` named, as help says it."""
    from typing import get_args

    from ims_cli.kinds import KINDS, names_said
    from ims_cli.models.common import TiltakStatus, TiltakType
    from ims_cli.words import either, word

    if name == "sorter":
        return names_said()
    if name == "statuser":  # of the kinds with statuses of their own (an avvik's: ims.yaml's)
        return " ".join(
            f"{word(k.name).capitalize()}: {', '.join(k.statuses)}."
            for k in KINDS
            if k.statuses and k.name != "avvik"
        )
    if name == "tiltak_kilder":
        return either([k.name for k in KINDS if k.holds_tiltak])
    return either(get_args({"tiltak_status": TiltakStatus, "tiltak_type": TiltakType}[name]))


def one_of(option: str, value: str | None, choices: Iterable[str]) -> None:
    """A value given for an option with a fixed set of values must be one of them: a typo
    would otherwise select nothing and look like an empty result."""
    allowed = list(choices)
    if value is not None and value not in allowed:
        raise UserError(f"{option} «{value}» finnes ikke; bruk {', '.join(allowed)}")


def require_unit(org: Organisasjon | None, unit: str | None) -> None:
    """A unit given on the command line must exist in organisasjon.yaml (as for the library)."""
    from ims_cli.analytics.units import require_unit as required

    required(org, unit)


def require_person(org: Organisasjon | None, given: str | None, option: str) -> str | None:
    """A person given on the command line, by id or by the name one person has, as their id;
    anyone else is a usage error that names a person of this repository instead."""
    from ims_cli.analytics.units import person_hint, person_named, person_names

    if given is None:
        return None
    people = person_names(org)
    found = given if given in people else person_named(people, given)
    if found is None:
        raise UserError(
            f"{option}: fant ingen person «{given}» i records/organisasjon.yaml; "
            + person_hint(people, given)
        )
    return found


Tekst = Annotated[
    str | None,
    typer.Option("--tekst", metavar="TEKST", help="Bare med dette i id eller tittel."),
]
Publikum = Annotated[
    str,
    typer.Option(
        metavar="PUBLIKUM",
        help="intern (standard: tekst fra fortrolige poster utelates) eller apen "
        "(bare tekst fra poster gradert apen).",
        autocompletion=completion.audience,
    ),
]


Periode = Annotated[
    str | None,
    typer.Option(
        "--periode",
        metavar="PERIODE",
        help="2026, et halvår 2026-1, et tertial 2026-T2 eller en måned 2026-03. "
        "Standard: de siste 12 månedene.",
    ),
]
Fra = Annotated[
    str | None, typer.Option("--fra", metavar="DATO", help="Første dag (i stedet for --periode).")
]
Til = Annotated[
    str | None, typer.Option("--til", metavar="DATO", help="Siste dag (i stedet for --periode).")
]


def said(options: dict[str, object]) -> str:
    """Options given, as typed on the command line: {'frist_innen': '30d', 'forfalt': True}
    reads «--frist-innen 30d --forfalt»; those not given are left out."""
    given = []
    for name, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + name.replace("_", "-")
        given.append(flag if value is True else f"{flag} {value}")
    return " ".join(given)


# ---------------------------------------------------------------- what output looks like


def _listed(words: Iterable[str]) -> str:
    """«a, b eller c»."""
    items = list(words)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} eller {items[-1]}"


def format_option(view: View[Any]) -> Any:
    """--format with the formats a command's result prints in (render.registry), checked as
    the command line is read: one that command has not is a usage error naming those it has."""
    from ims_cli.cli import completion
    from ims_cli.render.registry import FORMAT_WORDS

    def check(value: str) -> str:
        if value not in view.formats:
            raise UserError(
                f"--format «{value}» finnes ikke for {view.command}; bruk {_listed(view.formats)}"
            )
        return value

    named = [f"{f} ({FORMAT_WORDS[f]})" if f in FORMAT_WORDS else f for f in view.formats]
    return typer.Option(
        "--format",
        metavar="FORMAT",
        help=f"Formatet: {_listed(named)}.",
        callback=check,
        autocompletion=completion.fixed(lambda: view.formats),
    )


# The kategori of the avvik `ims revisjon avvik` and `ims vernerunde avvik` make of a funn.
AvvikKategori = Annotated[
    str,
    typer.Option(
        "--kategori",
        metavar="KATEGORI",
        help=f"Avvikets kategori: {listed('avvik_kategori')}.",
        autocompletion=completion.category,
    ),
]


# The e-mail options `ims varsel` and `ims avvik svar` share (the server's is their own help).
Avsender = Annotated[
    str | None, typer.Option("--fra", metavar="ADRESSE", help="Avsender for e-posten.")
]
SmtpCa = Annotated[
    Path | None,
    typer.Option(
        "--smtp-ca",
        metavar="FIL",
        help="Stol på tjenerens sertifikat når det er utstedt av CA-en i denne filen (PEM).",
    ),
]


# The alias of --format json every command that prints data has had from the start.
Json = Annotated[bool, typer.Option("--json", help="Det samme som --format json.")]


def output_format(output: str, as_json: bool) -> str:
    """The format chosen: --json is --format json, and says nothing else."""
    if as_json and output not in ("text", "json"):
        raise UserError(f"--json er det samme som --format json; bruk bare --format {output}")
    return "json" if as_json else output


# ---------------------------------------------------------------- where output goes

STDOUT = "-"  # as a file name: standard output, as every Unix tool reads it
# What a binary format is called in the refusal to put it on a terminal
BINARY = {
    ".xlsx": "en Excel-fil",
    ".db": "en SQLite-database",
    ".png": "et PNG-bilde",
}


def _terminal() -> bool:
    return sys.stdout.isatty()


@dataclass(frozen=True)
class Output:
    """Where a file option sends what a command makes: a file, or standard output («-»)."""

    option: str
    path: Path | None  # None: standard output

    @property
    def to_stdout(self) -> bool:
        return self.path is None

    def __str__(self) -> str:
        return "standard ut" if self.path is None else str(self.path)

    def write(self, make: Callable[[Path], T], suffix: str) -> T:
        """`make` writes the file at the path it is given; to standard output, through a
        temporary file. A binary format is never spilled onto a terminal."""
        from ims_cli.errors import UserError
        from ims_cli.store.write import through_stdout

        if self.path is not None:
            return make(self.path)
        if suffix in BINARY and _terminal():
            raise UserError(
                f"{self.option} {STDOUT}: {BINARY[suffix]} vises ikke i terminalen; send den "
                f"videre (ims … {self.option} {STDOUT} > fil{suffix}) eller gi et filnavn"
            )
        return through_stdout(make, f"ims{suffix}")

    def tell(self, line: str) -> None:
        """What was written, said where it does not mix with the output itself."""
        print(line, file=sys.stderr if self.to_stdout else sys.stdout)

    def only_file(self, why: str) -> Path:
        """The path, for a use where standard output makes no sense (a folder of files)."""
        from ims_cli.errors import UserError

        if self.path is None:
            raise UserError(f"{self.option} {STDOUT}: {why}")
        return self.path


def output_parser(name: str) -> Callable[[str], Output]:
    """The value of a file option (or argument) `name`: «-» is standard output."""

    def output(value: str | Output) -> Output:
        if isinstance(value, Output):  # a default given as an Output
            return value
        return Output(name, None if value == STDOUT else Path(value))

    return output


def output_option(
    flag: str, help_text: str, metavar: str = "FIL", stdout_means: str = "standard ut"
) -> Any:
    """A file option where «-» is standard output: every option that writes a file uses it."""
    return typer.Option(
        flag,
        metavar=metavar,
        help=f"{help_text} «-»: {stdout_means}.",
        parser=output_parser(flag),
    )


def told(outputs: Iterable[Output | None]) -> Callable[[str], None]:
    """Print a line of what was written: on stderr when any output is standard output."""
    to_stdout = any(o is not None and o.to_stdout for o in outputs)
    return lambda line: print(line, file=sys.stderr if to_stdout else sys.stdout)


def one_stdout(*outputs: Output | None) -> None:
    """At most one output may go to standard output."""
    from ims_cli.errors import UserError

    given = [o.option for o in outputs if o is not None and o.to_stdout]
    if len(given) > 1:
        raise UserError(
            f"bare ett valg kan skrive til standard ut («{STDOUT}»); {' og '.join(given)} "
            "ba begge om det"
        )


def chart_alone(outputs: Iterable[Output | None], output: str, as_json: bool) -> bool:
    """Whether a chart goes to standard output: then it is all the command prints there (the
    view in the terminal is left out), and a data format, which would print there too, is
    refused."""
    from ims_cli.errors import UserError

    taken = [o for o in outputs if o is not None and o.to_stdout]
    if taken and (as_json or output != "text"):
        given = "--json" if as_json else f"--format {output}"
        raise UserError(
            f"{taken[0].option} {STDOUT} og {given} skriver begge til standard ut; gi "
            f"{taken[0].option} et filnavn"
        )
    return bool(taken)
