"""Shell completion (Tab) of what commands take: record kinds, ids, tiltak, risks, goals and
findings as <record>/<part>, units, people, categories and the fixed values of options.

What is offered comes from the repository's index (indexed.load_*): no record is built. What
matches a word being typed is decided by plain functions over what the index gives; the
functions typer calls wrap them so that a completion prints nothing but its candidates, and on
any problem (no repository, an unreadable index, Ctrl-C) offers nothing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args

import typer

if TYPE_CHECKING:
    from ims_cli.indexed import Named
    from ims_cli.models.registers import Organisasjon
    from ims_cli.store.index import Select
    from ims_cli.store.load import Catalogue

Candidate = tuple[str, str]  # the value Tab gives, and the help zsh and fish show beside it
Found = tuple[str, Any, Any]  # a value, and the text and grade its help is made from (shown)
Complete = Callable[[typer.Context, str], list[Candidate]]
HELP_WIDTH = 60
# What «--meldt-av» takes besides a person id (RECORDS.md: person id, 'innbygger' or 'anonym')
REPORTERS = (("innbygger", "En innbygger", None), ("anonym", "Anonym melder", None))
OWNERS = ("avvik", "lederavtale", "lg")  # what a tiltak is added to as a whole
IN_PARTS = ("ros", "egenvurdering")  # what a tiltak is added to under a risk or an area

T = TypeVar("T")


# ---------------------------------------------------------------- what matches (plain functions)


def offered(
    found: Iterable[Found], incomplete: str, order: Callable[[str], Any] | None = None
) -> list[Candidate]:
    """The values that start with what has been typed, each once, in the order given (or by
    `order`), with their help: made only for those offered."""
    chosen: dict[str, tuple[Any, Any]] = {}
    for value, text, grade in found:
        if value.startswith(incomplete) and value not in chosen:
            chosen[value] = (text, grade)
    return [(v, shown(*chosen[v])) for v in (sorted(chosen, key=order) if order else chosen)]


def shown(text: Any, gradering: Any = None) -> str:
    """A record's text as the help beside a candidate: one short printable line, with the text of
    a graded record left out and national ids masked (confidentiality.text_for)."""
    from ims_cli.confidentiality import text_for
    from ims_cli.render.plain import printable

    if not isinstance(text, str):
        return ""
    line = printable(" ".join((text_for(text, gradering, "intern") or "").split()))
    line = line.replace("[", "(").replace("]", ")")  # typer reads the help as rich markup
    return line if len(line) <= HELP_WIDTH else line[: HELP_WIDTH - 1] + "…"


def by_record(value: str) -> tuple[str, list[Any]]:
    """By record id, then the part's id as a person reads it: T2 before T10."""
    record_id, _, part = value.partition("/")
    return (record_id, [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", part)])


def records(rows: Iterable[Named], incomplete: str) -> list[Candidate]:
    """Record ids, each with its title (indexed.load_named)."""
    return offered(((r.id, r.tittel, r.gradering) for r in rows), incomplete, by_record)


def part_refs_of(rows: Iterable[Named], incomplete: str) -> list[Candidate]:
    """<record>/<part> of each part (a ROS's risk, an egenvurdering's area), with the title of
    its record."""
    refs = ((f"{r.id}/{part}", r.tittel, r.gradering) for r in rows for part in r.parts)
    return offered(refs, incomplete, by_record)


def parts_of(rows: Iterable[Named], record_id: str, incomplete: str) -> list[Candidate]:
    """The parts (R3, risikostyring) of one record, with its title."""
    chosen = (r for r in rows if r.id == record_id)
    return offered(((part, r.tittel, r.gradering) for r in chosen for part in r.parts), incomplete)


def tiltak_owners(rows: Iterable[Named], incomplete: str) -> list[Candidate]:
    """What a tiltak is added to: an avvik, lederavtale or LG, or a part of a record that keeps
    its tiltak under its parts (a risk of a ROS, an area of an egenvurdering)."""
    chosen = list(rows)
    whole = [r for r in chosen if r.sort in OWNERS]
    both = records(whole, incomplete) + part_refs_of(chosen, incomplete)
    return sorted(both, key=lambda candidate: by_record(candidate[0]))


def tiltak_refs(
    rows: Iterable[tuple[str, str | None, list[Any]]], statuses: Iterable[str], incomplete: str
) -> list[Candidate]:
    """<record>/<tiltak> of each tiltak with one of the statuses, with its beskrivelse; `rows`
    are each record's id, grade and the data of its tiltak (indexed.load_tiltak_data)."""
    wanted = set(statuses)
    refs = (
        (f"{record_id}/{item['id']}", item.get("beskrivelse"), grade)
        for record_id, grade, items in rows
        for item in items
        if isinstance(item, dict) and item.get("status") in wanted
    )
    return offered(refs, incomplete, by_record)


def part_refs(
    rows: Iterable[tuple[str, dict[str, Any]]],
    key: str,
    incomplete: str,
    keep: Callable[[dict[str, Any]], bool] = lambda _: True,
) -> list[Candidate]:
    """<record>/<part> of the parts a record lists under `key` (a lederavtale's mål, a revisjon's
    funn) that `keep` lets through, with their beskrivelse; `rows` are each record's data."""
    from ims_cli.confidentiality import grade_in

    refs = (
        (f"{record_id}/{part['id']}", part.get("beskrivelse"), grade_in(data))
        for record_id, data in rows
        for part in data.get(key) or ()
        if isinstance(part, dict) and "id" in part and keep(part)
    )
    return offered(refs, incomplete, by_record)


def units(org: Organisasjon | None, incomplete: str) -> list[Candidate]:
    """The unit ids of organisasjon.yaml, each with its name."""
    return offered(((u.id, u.navn, None) for u in (org.enheter if org else ())), incomplete)


def people(
    org: Organisasjon | None, incomplete: str, also: Iterable[Found] = ()
) -> list[Candidate]:
    """The person ids of organisasjon.yaml, each with its name, and `also`."""
    listed = [(p.id, p.navn, None) for p in (org.personer if org else ())]
    return offered([*listed, *also], incomplete)


def values(choices: Iterable[str], incomplete: str) -> list[Candidate]:
    """A fixed set of values, without help."""
    return offered(((v, None, None) for v in choices), incomplete)


# ---------------------------------------------------------------- reading the index, quietly


def quietly(work: Callable[[], list[Candidate]]) -> list[Candidate]:
    """What `work` offers. A completion runs inside the user's shell: nothing may be printed
    there, so on any problem, Ctrl-C included, it offers nothing."""
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            return work()
    except BaseException:
        return []


def _root(ctx: typer.Context) -> Path:
    """The repository as every command finds it: --repo, IMS_REPO, or upward from here."""
    from ims_cli.store.root import find_root

    top = ctx.find_root()  # its callback has not run: --repo is among its parameters
    return find_root(Path.cwd(), top.params.get("repo") or top.obj)


def _index(ctx: typer.Context, load: Callable[..., T], select: Select) -> T:
    """What a loader of indexed gives, the index brought up to date as for any command."""
    from ims_cli.gitio.worktree import unchanged_blobs

    return load(_root(ctx), blobs=unchanged_blobs, select=select)


def _select(sorts: Iterable[str] | None, typed: str) -> Select:
    """The valid records of these kinds (all when None) whose id starts as the record part of
    what has been typed (AVV-2026-0042 of AVV-2026-0042/T1)."""
    from ims_cli.store.index import Select

    chosen = frozenset(sorts) if sorts is not None else None
    return Select(chosen, every_id=False, prefix=typed.partition("/")[0])


def _first_argument(ctx: typer.Context, name: str) -> str:
    """The command's first argument, given before the word being completed. While an option
    waits for its value, click parses no argument: the words it left over are in ctx.args."""
    given = ctx.params.get(name) or next(iter(ctx.args), None)
    return given if isinstance(given, str) else ""


def _named(ctx: typer.Context, sorts: Iterable[str] | None, typed: str) -> list[Named]:
    from ims_cli.indexed import load_named

    return _index(ctx, load_named, _select(sorts, typed))


def _registers(ctx: typer.Context) -> Catalogue:
    from ims_cli.indexed import load_registers
    from ims_cli.store.index import REGISTERS_ONLY

    return _index(ctx, load_registers, REGISTERS_ONLY)


# ---------------------------------------------------------------- what typer calls


def ids_of(*sorts: str) -> Complete:
    """Completion of the ids of valid records of these kinds (of every kind when none given)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[Candidate]:
        return quietly(lambda: records(_named(ctx, sorts or None, incomplete), incomplete))

    return complete


record_id = ids_of()
avvik_id = ids_of("avvik")
ros_id = ids_of("ros")
agreement_id = ids_of("lederavtale")


def tiltak_owner(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """What `ims tiltak add` adds to."""
    kinds = (*OWNERS, *IN_PARTS)
    return quietly(lambda: tiltak_owners(_named(ctx, kinds, incomplete), incomplete))


def _tiltak(
    ctx: typer.Context, incomplete: str, statuses: Iterable[str], select: Select
) -> list[Candidate]:
    def work() -> list[Candidate]:
        from ims_cli.indexed import load_tiltak_data

        chosen = replace(select, every_id=False, prefix=incomplete.partition("/")[0])
        return tiltak_refs(_index(ctx, load_tiltak_data, chosen), statuses, incomplete)

    return quietly(work)


def open_tiltak(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """The tiltak that can be completed, moved or cancelled: planlagt or pagar; a settled avvik
    holds none, so its tiltak are not read (analytics.tiltak.needs)."""
    from ims_cli.analytics.tiltak import TiltakFilter, needs
    from ims_cli.models.common import OPEN_TILTAK

    return _tiltak(ctx, incomplete, OPEN_TILTAK, needs(TiltakFilter(due_by=date.max)))


def completed_tiltak(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """The tiltak that can be evaluated: fullfort."""
    from ims_cli.analytics.tiltak import TiltakFilter, needs

    return _tiltak(ctx, incomplete, ("fullfort",), needs(TiltakFilter()))


def risk_ref(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """ROS-…/R3: a risk of a ROS."""
    return quietly(lambda: part_refs_of(_named(ctx, ("ros",), incomplete), incomplete))


def _parts_of_post(sort: str) -> Complete:
    """`ims tiltak add POST --risiko|--omrade`: the parts of the record given, of this kind."""

    def complete(ctx: typer.Context, incomplete: str) -> list[Candidate]:
        def work() -> list[Candidate]:
            post = _first_argument(ctx, "post").partition("/")[0]
            return parts_of(_named(ctx, (sort,), post), post, incomplete)

        return quietly(work)

    return complete


risk_of_post = _parts_of_post("ros")
area_of_post = _parts_of_post("egenvurdering")


def _parts(ctx: typer.Context, incomplete: str, sort: str, key: str, **how: Any) -> list[Candidate]:
    def work() -> list[Candidate]:
        from ims_cli.indexed import load_data

        rows = _index(ctx, load_data, _select((sort,), incomplete))
        return part_refs(rows, key, incomplete, **how)

    return quietly(work)


def goal_ref(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """LA-…/M2: a BMS goal of a lederavtale."""
    return _parts(ctx, incomplete, "lederavtale", "mal")


def _open_finding(part: dict[str, Any]) -> bool:
    """A finding that can still become an avvik: not yet one, and not a merknad."""
    return not part.get("avvik") and part.get("type") != "merknad"


def finding_ref(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """REV-…/F1: a finding of a revisjon that is not an avvik yet."""
    return _parts(ctx, incomplete, "revisjon", "funn", keep=_open_finding)


def round_finding_ref(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """VR-…/F1: a finding of a vernerunde that is not an avvik yet."""
    return _parts(ctx, incomplete, "vernerunde", "funn", keep=_open_finding)


def unit(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """A unit of organisasjon.yaml."""
    return quietly(lambda: units(_registers(ctx).organisasjon, incomplete))


def person(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """A person of organisasjon.yaml."""
    return quietly(lambda: people(_registers(ctx).organisasjon, incomplete))


def reporter(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """Who reported an avvik: a person, innbygger or anonym."""
    return quietly(lambda: people(_registers(ctx).organisasjon, incomplete, REPORTERS))


def risikobank(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """A category of risikobank.yaml."""

    def work() -> list[Candidate]:
        bank = _registers(ctx).risikobank
        entries = bank.risikobank if bank else ()
        return offered(((r.id, r.navn, None) for r in entries), incomplete)

    return quietly(work)


def fixed(choices: Callable[[], Iterable[str]]) -> Callable[[str], list[Candidate]]:
    """Completion of a fixed set of values, asked for only when Tab is pressed (the models they
    come from are not imported when a command starts)."""

    def complete(incomplete: str) -> list[Candidate]:
        return quietly(lambda: values(choices(), incomplete))

    return complete


def _kinds() -> Iterable[str]:
    from ims_cli.kinds import names

    return names()


def _areas() -> Iterable[str]:
    from ims_cli.models.ros import Omrade

    return get_args(Omrade)


def _avvik_types() -> Iterable[str]:
    from ims_cli.models.avvik import AvvikType

    return get_args(AvvikType)


def _avvik_sources() -> Iterable[str]:
    from ims_cli.models.avvik import Kilde

    return get_args(Kilde)


def _tiltak_types() -> Iterable[str]:
    from ims_cli.models.common import TiltakType

    return get_args(TiltakType)


def _tiltak_statuses() -> Iterable[str]:
    from ims_cli.models.common import TiltakStatus

    return get_args(TiltakStatus)


def _tiltak_sources() -> Iterable[str]:
    from ims_cli.analytics.tiltak import sources

    return sources()


def _record_statuses() -> Iterable[str]:
    from ims_cli.kinds import KINDS

    return dict.fromkeys(s for k in KINDS for s in k.statuses)


def _audiences() -> Iterable[str]:
    from ims_cli.confidentiality import AUDIENCES

    return AUDIENCES


def _fail_on() -> Iterable[str]:
    from ims_cli.cli.check import FAIL_ON

    return FAIL_ON


def _puff_orders() -> Iterable[str]:
    from ims_cli.cli.puff import ORDERS

    return ORDERS


kind = fixed(_kinds)
area = fixed(_areas)
avvik_type = fixed(_avvik_types)
avvik_source = fixed(_avvik_sources)
tiltak_type = fixed(_tiltak_types)
tiltak_status = fixed(_tiltak_statuses)
tiltak_source = fixed(_tiltak_sources)
record_status = fixed(_record_statuses)
audience = fixed(_audiences)
fail_on = fixed(_fail_on)
puff_order = fixed(_puff_orders)


def listed(name: str) -> Complete:
    """Completion of the values of a list under `verdier:` in the repository's ims.yaml (ims's
    own list where ims.yaml has none or cannot be read)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[Candidate]:
        def work() -> list[Candidate]:
            from ims_cli.rules.schema import VALIDATOR
            from ims_cli.store.load import load_config

            config, _ = load_config(_root(ctx), VALIDATOR)
            return values(getattr(config.vocabulary(), name), incomplete)

        return quietly(work)

    return complete


category = listed("avvik_kategori")
avvik_status = listed("avvik_status")


def record_type(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """`ims new SORT --type`: the types of the kind given (of every kind that has types before
    the kind is given)."""

    def work() -> list[Candidate]:
        from ims_cli.models.avvik import AvvikType
        from ims_cli.models.prosess import ProsessType
        from ims_cli.models.revisjon import RevisjonType

        types = {
            "avvik": get_args(AvvikType),
            "prosess": get_args(ProsessType),
            "revisjon": get_args(RevisjonType),
        }
        kind = _first_argument(ctx, "kind")
        chosen = types[kind] if kind in types else [t for v in types.values() for t in v]
        return values(chosen, incomplete)

    return quietly(work)
