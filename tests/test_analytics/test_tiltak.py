"""`ims tiltak list --frist-innen`: the last day of the window is in it."""

from __future__ import annotations

from datetime import date

from ims_cli.analytics.tiltak import TiltakFilter, all_tiltak, choose
from tests.test_analytics.test_records import stored

AVVIK = {
    "id": "AVV-2026-0001",
    "type": "avvik",
    "tittel": "x",
    "meldt": "2026-03-01",
    "enhet": "HO",
    "kategori": "hms",
    "status": "tiltak_iverksatt",
    "tiltak": [
        {"id": f"T{i}", "beskrivelse": "a", "ansvarlig": "a", "frist": frist, "status": "pagar"}
        for i, frist in enumerate(["2026-03-31", "2026-04-01"], start=1)
    ],
}


def test_a_frist_on_the_last_day_of_the_window_is_within_it() -> None:
    items = list(all_tiltak([stored(AVVIK)]))
    found = choose(items, TiltakFilter(due_by=date(2026, 3, 31)))
    assert [i.ref for i in found] == ["AVV-2026-0001/T1"]
