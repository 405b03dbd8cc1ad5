"""The tiltak list as a table and as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text

from ims_cli.analytics.tiltak import TiltakItem
from ims_cli.analytics.units import person_names
from ims_cli.confidentiality import mask, text_for
from ims_cli.models.registers import Organisasjon
from ims_cli.render.console import print_rows
from ims_cli.render.registry import TILTAK
from ims_cli.render.results import TiltakList
from ims_cli.render.rows import rows_json
from ims_cli.words import day as shown
from ims_cli.words import word


def to_json(items: Sequence[TiltakItem], day: date) -> str:
    """{"dato": …, "tiltak": [...]}, one tiltak to a line (render.rows)."""
    return rows_json(
        {"dato": day.isoformat()},
        "tiltak",
        (
            {
                "ref": i.ref,
                "kilde": i.kilde,
                "enhet": i.enhet,
                "fil": i.file,
                "beskrivelse": text_for(i.tiltak.beskrivelse, i.gradering, "intern"),
                "ansvarlig": i.tiltak.ansvarlig,
                "frist": i.tiltak.frist.isoformat(),
                "status": i.tiltak.status,
                "fullfort": i.tiltak.fullfort.isoformat() if i.tiltak.fullfort else None,
                "dager_forfalt": i.days_overdue(day),
            }
            for i in items
        ),
    )


def print_table(items: Sequence[TiltakItem], day: date, org: Organisasjon | None) -> None:
    """The tiltak with the people responsible by name and the status as a word."""
    people = person_names(org)
    rows: list[list[str | Text]] = []
    for i in items:
        late = i.days_overdue(day)
        frist = Text(shown(i.tiltak.frist), style="bold red" if late else "")
        if late:
            frist.append(f" (+{late} d)", style="red")
        tiltak = i.tiltak
        person = people.get(tiltak.ansvarlig, tiltak.ansvarlig)
        text = text_for(tiltak.beskrivelse, i.gradering, "intern") or ""
        rows.append([i.ref, i.enhet, mask(person), frist, word(tiltak.status), text])
    headers = ("Tiltak", "Enhet", "Ansvarlig", "Frist", "Status", "Beskrivelse")
    print_rows(f"Tiltak per {shown(day)} ({len(items)})", headers, [_flat(r) for r in rows])


def _flat(row: list[str | Text]) -> list[str | Text]:
    return [" ".join(c.split()) if isinstance(c, str) else c for c in row]


@TILTAK.renderer("json")
def _listed_json(view: TiltakList) -> str:
    return to_json(view.items, view.day)


@TILTAK.renderer("text")
def _listed_text(view: TiltakList) -> None:
    print_table(view.items, view.day, view.organisasjon)
