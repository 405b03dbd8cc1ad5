"""Records as a table and as JSON, and one record shown whole: its fields, tiltak, risks, goals."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ims_cli.analytics.diff import label, number
from ims_cli.analytics.management_review import goal_status
from ims_cli.analytics.records import Listed, title
from ims_cli.analytics.risk import level_label, risk_points
from ims_cli.analytics.tiltak import TiltakItem, all_tiltak
from ims_cli.config import Config
from ims_cli.models.common import HoldsTiltak, TiltakLists
from ims_cli.models.egenvurdering import Egenvurdering
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.prosess import Prosess
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Ros
from ims_cli.render.console import print_rows, stdout
from ims_cli.render.registry import LIST, SHOW
from ims_cli.render.results import Shown
from ims_cli.render.rows import rows_json
from ims_cli.sealing import FIELD
from ims_cli.store.load import StoredRecord
from ims_cli.words import code, counted, word
from ims_cli.words import day as shown

GOAL_STYLES = {"gronn": "green", "gul": "yellow", "rod": "bold red", "mangler": "dim"}
GOAL_WORDS = {"gronn": "grønn", "gul": "gul", "rod": "rød", "mangler": "mangler"}
# How a code or an id looks, to show it as a word (pagar as «pågår»): only for the terminal's
# reader of the record itself, never to decide what is text (that is models.fields).
_CODE_LIKE = re.compile(r"^(?:[a-z0-9_.\-/:]*|[A-Z0-9]+(?:[-.][A-Z0-9]+)*(?:/[A-Z0-9]+)?)$")


@LIST.renderer("json")
def list_json(items: Sequence[Listed]) -> str:
    """{"poster": [...]}, one record to a line (render.rows)."""
    return rows_json(
        {},
        "poster",
        (
            {
                "id": i.id,
                "sort": i.sort,
                "tittel": i.tittel,
                "enhet": i.enhet,
                "dato": i.dato.isoformat() if i.dato else None,
                "status": i.status,
                "fil": i.fil,
                "gradering": i.gradering,
            }
            for i in items
        ),
    )


@LIST.renderer("text")
def print_list(items: Sequence[Listed]) -> None:
    rows = [
        [i.id, i.enhet or "", shown(i.dato) if i.dato else "", word(i.status), i.tittel]
        for i in items
    ]
    headers = ("Id", "Enhet", "Dato", "Status", "Tittel")
    print_rows(f"Poster ({len(items)})", headers, rows)


def record_json(stored: StoredRecord) -> str:
    document = {
        "fil": stored.path,
        "sort": stored.kind.name,
        "post": stored.record.model_dump(mode="json", exclude_none=True),
    }
    if stored.body is not None:
        document["tekst"] = stored.body
    return json.dumps(document, ensure_ascii=False, indent=2)


@SHOW.renderer("json")
def _record_json(view: Shown) -> str:
    return record_json(view.stored)


@SHOW.renderer("text")
def _record_text(view: Shown) -> None:
    print_record(view.stored, view.config, view.day, view.names)


def print_record(stored: StoredRecord, config: Config, day: date, names: Mapping[str, str]) -> None:
    """The record as a reader wants it: what it is, its fields, then its parts. `names` has the
    name of each person and unit by id: people read names, dates as 22.11.2026, codes as words."""
    record, kind = stored.record, stored.kind
    heading = Text(f"{record.id} {title(stored, names)}", style="bold")
    heading.append(f"  ({kind.name}, {word(record.gradering)}; {stored.path})", style="dim")
    # the kind's sections and its lists of tiltak are parts of their own, not fields
    apart = {*kind.sections, *(str(at[0]) for at, _ in _tiltak_lists(record))}
    data = record.model_dump(exclude_none=True)
    sealed = data.pop(FIELD, None)  # the encrypted text is no field to read: to whom it is
    if sealed is not None:
        data[FIELD] = "til " + ", ".join(names.get(p, p) for p in sealed["lesere"])
    fields = _fields(data, names, apart)
    parts: list[RenderableType] = [heading, fields]
    for name in kind.sections:
        section = SECTIONS[name](record, config)
        if section is not None:
            parts.append(section)
    items = list(all_tiltak([stored]))
    what = kind.tiltak_heading  # a ledelsens gjennomgang's tiltak are its beslutninger
    if items:
        parts.append(_tiltak(what, items, day, names))
    pointers = list(record.pointers())
    if pointers:
        text = Text(f"{what} som følges opp i en annen post\n", style="bold")
        for _, pointer in pointers:
            text.append(f"  {pointer.id} ", style="bold")
            text.append(f"samme som {pointer.samme_som}\n")
        parts.append(text)
    if stored.body:
        parts.append(Text(stored.body.rstrip()))
    stdout().print(Group(*parts), soft_wrap=False)  # long text wraps at the terminal's width


def _tiltak_lists(record: Any) -> TiltakLists:
    return record.tiltak_lists() if isinstance(record, HoldsTiltak) else iter(())


def _fields(data: dict[str, Any], names: Mapping[str, str], apart: set[str]) -> Table:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, value in data.items():
        if key in apart or value in ([], {}):
            continue
        table.add_row(label(key), _value(value, names))
    return table


def _value(value: Any, names: Mapping[str, str]) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{label(str(k))} {_value(v, names)}" for k, v in value.items())
    if isinstance(value, list):  # entries of their own (endringslogg) one to a line
        joiner = "\n" if any(isinstance(v, dict) for v in value) else ", "
        return joiner.join(_value(v, names) for v in value)
    if isinstance(value, str):
        if value in names:
            return names[value]
        # a code or an id as people read it; free text flows as wide as the terminal
        return code(value) if _CODE_LIKE.match(value) else " ".join(value.split())
    return number(value)  # also a date (22.11.2026) and ja/nei


def _risks(record: Ros, config: Config) -> Text:
    """One line a risk: score before and after tiltak, the tiltak, then what can go wrong."""
    from ims_cli.render.risk import level_style, tiltak_summary

    text = Text("Risikoer\n", style="bold")
    for point in risk_points([record], config):
        text.append(f"  {point.ref.split('/')[-1]} ", style="bold")
        for at, placed in enumerate((point.before, point.after)):
            if placed is not None:
                text.append(" → " if at else "")
                shown = f"{placed.score} {level_label(placed.level)}"
                text.append(shown, level_style(config, placed.level))
        text.append(f"; tiltak {tiltak_summary(point.tiltak)}: ", style="dim")
        text.append(" ".join(point.trussel.split()) + "\n")
    return text


def _tiltak(heading: str, items: Sequence[TiltakItem], day: date, names: Mapping[str, str]) -> Text:
    """One line a tiltak, with its frist in red when it has passed."""
    text = Text(f"{heading}\n", style="bold")
    for item in items:
        tiltak, late = item.tiltak, item.days_overdue(day)
        text.append(f"  {tiltak.id} ", style="bold")
        text.append(f"{word(tiltak.status)}, frist {shown(tiltak.frist)}")
        if late:
            text.append(f" ({counted(late, 'dag', 'dager')} over)", style="bold red")
        text.append(f", {names.get(tiltak.ansvarlig, tiltak.ansvarlig)}: ", style="dim")
        text.append(" ".join(tiltak.beskrivelse.split()) + "\n")
    return text


def _dialogues(record: Lederavtale, config: Config) -> Text | None:
    if not record.lederdialog:
        return None
    return Text(f"Lederdialog: {', '.join(shown(d.dato) for d in record.lederdialog)}")


def _activities(record: Prosess, config: Config) -> Text | None:
    if not record.aktiviteter:
        return None
    steps = "\n".join(f"  {a.id} {a.navn}" for a in record.aktiviteter)
    return Text("Aktiviteter\n", style="bold") + Text(steps)


def _goals(record: Lederavtale, config: Config) -> Table:
    table = Table(title="Mål (BMS)", title_justify="left", pad_edge=False)
    for header in ("Mål", "Fokusområde", "Beskrivelse", "Mål/akseptabelt", "Siste resultat"):
        table.add_column(header, no_wrap=header in ("Mål", "Siste resultat"))
    for goal in record.mal:
        last = goal.resultater[-1] if goal.resultater else None
        state = goal_status(goal, last.verdi if last else None)
        shown = f"{number(last.verdi)} ({last.periode}) " if last else ""
        target = number(goal.malverdi)
        if goal.akseptabelt is not None:
            target += f" / {number(goal.akseptabelt)}"
        table.add_row(
            goal.id,
            label(goal.fokusomrade),
            goal.beskrivelse,
            target,
            Text(shown + GOAL_WORDS[state], style=GOAL_STYLES[state]),
        )
    return table


def _maturity(record: Egenvurdering, config: Config) -> Table:
    """Each area: the level now and the ambition, by number and name, and why."""
    names = config.internkontroll.modenhet

    def level(n: int) -> str:
        return f"{n} {names[n - 1]}" if n <= len(names) else str(n)

    table = Table(title="Modenhet", title_justify="left", pad_edge=False)
    for header in ("Område", "I dag", "Ambisjon", "Begrunnelse"):
        table.add_column(header, no_wrap=header != "Begrunnelse")
    for area in record.omrader:
        table.add_row(
            word(area.omrade), level(area.na), level(area.ambisjon), area.begrunnelse or ""
        )
    return table


def _findings(record: Revisjon, config: Config) -> Table | None:
    if not record.funn:
        return None
    table = Table(title="Funn", title_justify="left", pad_edge=False)
    for header in ("Funn", "Type", "Beskrivelse", "Avvik"):
        table.add_column(header, no_wrap=header != "Beskrivelse")
    for funn in record.funn:
        text = " ".join(funn.beskrivelse.split())
        table.add_row(funn.id, word(funn.type), text, funn.avvik or "")
    return table


# The sections a kind may name (Kind.sections), by the field each shows: one record's part
# shown as a whole, in the order the kind names them.
SECTIONS: dict[str, Callable[[Any, Config], RenderableType | None]] = {
    "risikoer": _risks,
    "mal": _goals,
    "lederdialog": _dialogues,
    "funn": _findings,
    "omrader": _maturity,
    "aktiviteter": _activities,
}
