"""What the yearly internkontroll report counts, at the boundaries a reader relies on: a date
equal to the day is not late, an egenvurdering made on the day counts, a status as it is."""

from __future__ import annotations

from datetime import date

from ims_cli.analytics.internal_control import build
from ims_cli.indexed import load_repository
from tests.conftest import MakeRepo

DAY = date(2026, 6, 30)
PROCESS = """---
id: PRO-{n}
tittel: Prosess {n}
type: hovedprosess
eier: liv.berg
versjon: 1
godkjent: 2025-01-10
neste_revisjon: {due}
---
Tekst.
"""
LOVKRAV = """lovkrav:
  - {id: LOV-A, tittel: A, sist_gjennomgatt: 2025-06-30}
  - {id: LOV-B, tittel: B, sist_gjennomgatt: 2025-06-29}
"""
EV = """id: EV-2026-000{n}
enhet: {enhet}
dato: {dato}
omrader:
  - {{omrade: risikostyring, na: {na}, ambisjon: 4}}
"""
AVVIK = """id: AVV-2026-0001
type: avvik
tittel: Alvorlig
meldt: 2026-03-01
enhet: OPP-SOL
kategori: hms
alvorlighet: 5
status: under_behandling
lukket: 2026-04-01
"""


def test_what_is_due_on_the_day_is_not_late_and_what_is_made_on_it_counts(
    make_repo: MakeRepo,
) -> None:
    root = make_repo(
        {
            "records/prosesser/7-a.md": PROCESS.format(n=7, due="2026-06-30"),
            "records/prosesser/8-b.md": PROCESS.format(n=8, due="2026-06-29"),
            "records/lovkrav.yaml": LOVKRAV,
            "records/EV-2026-0001.yaml": EV.format(n=1, enhet="KD", dato="2026-06-30", na=2),
            "records/EV-2026-0002.yaml": EV.format(n=2, enhet="OPP", dato="2026-07-01", na=3),
            "records/AVV-2026-0001.yaml": AVVIK,
        }
    )
    data = build(load_repository(root), 2026, DAY, audience="intern")
    assert [p.id for p in data.processes_late] == ["PRO-8"]
    assert [k.id for k in data.lovkrav_late] == ["LOV-B"]
    assert [(a.id, a.areas[0].na) for a in data.assessments] == [("EV-2026-0001", 2)]
    # a date of closing without the status says what the status is, not "lukket"
    assert [(s.id, s.detalj) for s in data.serious] == [
        ("AVV-2026-0001", "alvorlighet 5, under behandling")
    ]
