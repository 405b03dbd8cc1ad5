"""The tiltak list as a table and as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from rich.table import Table
from rich.text import Text

from ims_cli.analytics.tiltak import TiltakItem
from ims_cli.render.console import stdout


def to_json(items: Sequence[TiltakItem], day: date) -> str:
    return json.dumps(
        {
            "dato": day.isoformat(),
            "tiltak": [
                {
                    "ref": i.ref,
                    "kilde": i.kilde,
                    "enhet": i.enhet,
                    "fil": i.file,
                    "beskrivelse": i.tiltak.beskrivelse,
                    "ansvarlig": i.tiltak.ansvarlig,
                    "frist": i.tiltak.frist.isoformat(),
                    "status": i.tiltak.status,
                    "fullfort": i.tiltak.fullfort.isoformat() if i.tiltak.fullfort else None,
                    "dager_forfalt": i.days_overdue(day),
                }
                for i in items
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def print_table(items: Sequence[TiltakItem], day: date) -> None:
    table = Table(title=f"Tiltak per {day} ({len(items)})", title_justify="left", pad_edge=False)
    for header in ("Tiltak", "Enhet", "Ansvarlig", "Frist", "Status", "Beskrivelse"):
        table.add_column(header, no_wrap=header != "Beskrivelse")
    for i in items:
        late = i.days_overdue(day)
        frist = Text(str(i.tiltak.frist), style="bold red" if late else "")
        if late:
            frist.append(f" (+{late} d)", style="red")
        table.add_row(
            i.ref, i.enhet, i.tiltak.ansvarlig, frist, i.tiltak.status, i.tiltak.beskrivelse.strip()
        )
    stdout().print(table)
