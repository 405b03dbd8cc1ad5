"""The business rules at their boundaries and in their words: what mutation testing found that no
test noticed (a day equal to a limit, a message for each cause)."""

from __future__ import annotations

from tests.conftest import MakeRepo, findings

AVVIK = """id: AVV-2026-0001
type: avvik
tittel: Fullført samme dag
meldt: 2026-03-01
enhet: OPP-SOL
kategori: hms
status: tiltak_iverksatt
tiltak:
  - {id: T1, beskrivelse: a, ansvarlig: liv.berg, frist: 2026-04-01, status: fullfort,
     fullfort: 2026-03-01, evaluering: Virket}
"""
PROCESS = """---
id: PRO-2
tittel: Revideres samme dag
type: hovedprosess
eier: ola.hansen
versjon: 2
godkjent: 2026-01-01
neste_revisjon: 2026-01-01
endringslogg:
  - {versjon: 1, dato: 2025-01-01, av: ola.hansen, beskrivelse: Første}
  - {versjon: 2, dato: 2026-01-01, av: ola.hansen, beskrivelse: Andre}
---
# Formål
"""
LG = """id: LG-2026-0001
niva: virksomhet
enhet: OPP-SOL
dato: 2026-01-15
periode: {fra: 2026-01-15, til: 2026-01-15}
"""
ROS = """id: ROS-2026-0002
tittel: To grunner til tiltak
omrade: hms
enhet: OPP-SOL
ansvarlig: liv.berg
dato: 2026-02-01
risikoer:
  - {id: R1, trussel: Høy skår, sannsynlighet: 4, konsekvens: 4}
  - {id: R2, trussel: Lovbrudd, sannsynlighet: 1, konsekvens: 1, lovbrudd: true}
"""
GOALS = """id: LA-2026-0001
aar: 2026
enhet: OPP-SOL
leder: liv.berg
overordnet: ola.hansen
mal:
  - {id: M1, fokusomrade: brukere, beskrivelse: a, retning: hoyere_er_bedre, malverdi: 5.0,
     akseptabelt: 5.0}
  - {id: M2, fokusomrade: okonomi, beskrivelse: b, retning: lavere_er_bedre, malverdi: 10.0,
     akseptabelt: 10.0}
  - {id: M3, fokusomrade: brukere, beskrivelse: c, retning: hoyere_er_bedre, malverdi: 5.0,
     akseptabelt: 6.0}
  - {id: M4, fokusomrade: okonomi, beskrivelse: d, retning: lavere_er_bedre, malverdi: 10.0,
     akseptabelt: 8.0}
"""


def test_a_limit_equal_to_its_date_is_no_error(make_repo: MakeRepo) -> None:
    """Completed the day it was reported, revised the day it was approved, a period of one day,
    an endringslogg whose last entry is the current version: all in order."""
    root = make_repo(
        {
            "records/avvik/AVV-2026-0001.yaml": AVVIK,
            "records/prosesser/2-revideres.md": PROCESS,
            "records/LG-2026-0001.yaml": LG,
        }
    )
    assert findings(root) == []


def test_each_reason_a_risk_needs_a_tiltak_is_said(make_repo: MakeRepo) -> None:
    root = make_repo({"records/ros/ROS-2026-0002.yaml": ROS})
    assert [(f.code, f.ref, f.message) for f in findings(root)] == [
        (
            "B006",
            "ROS-2026-0002/R1",
            "score 4×4 = 16 er over 10 (tiltak_kreves_over i ims.yaml), men risikoen har ingen "
            "tiltak; legg til minst ett under «tiltak»",
        ),
        (
            "B006",
            "ROS-2026-0002/R2",
            "lovbrudd: true (tiltak_kreves_over i ims.yaml), men risikoen har ingen tiltak; legg "
            "til minst ett under «tiltak»",
        ),
    ]


def test_acceptable_equal_to_the_target_is_fine_and_the_wrong_side_is_said_each_way(
    make_repo: MakeRepo,
) -> None:
    root = make_repo({"records/LA-2026-0001.yaml": GOALS})
    assert [(f.code, f.ref, f.message) for f in findings(root)] == [
        (
            "B011",
            "LA-2026-0001/M3",
            "når høyere er bedre, kan akseptabelt (6) ikke være høyere enn malverdi (5); bytt om "
            "verdiene eller retning",
        ),
        (
            "B011",
            "LA-2026-0001/M4",
            "når lavere er bedre, kan akseptabelt (8) ikke være lavere enn malverdi (10); bytt om "
            "verdiene eller retning",
        ),
    ]


def test_a_log_ahead_of_the_version_names_its_highest_version(make_repo: MakeRepo) -> None:
    ahead = PROCESS.replace(
        "  - {versjon: 2, dato: 2026-01-01, av: ola.hansen, beskrivelse: Andre}\n",
        "  - {versjon: 2, dato: 2026-01-01, av: ola.hansen, beskrivelse: Andre}\n"
        "  - {versjon: 3, dato: 2026-01-01, av: ola.hansen, beskrivelse: Tredje}\n",
    )
    root = make_repo({"records/prosesser/2-revideres.md": ahead})
    assert [(f.code, f.message) for f in findings(root)] == [
        (
            "B010",
            "endringsloggen nevner versjon 3, men posten har versjon 2; sett «versjon: 3» eller "
            "rett innslaget i loggen",
        )
    ]


def test_one_dimension_outside_the_matrix_is_enough(make_repo: MakeRepo) -> None:
    one = ROS.replace("sannsynlighet: 4, konsekvens: 4}", "sannsynlighet: 1, konsekvens: 1}")
    one = one.replace(
        "sannsynlighet: 1, konsekvens: 1, lovbrudd: true}",
        "sannsynlighet: 1, konsekvens: {liv_og_helse: 1, okonomi: 9}}",
    )
    root = make_repo({"records/ros/ROS-2026-0002.yaml": one})
    assert [(f.code, f.ref) for f in findings(root)] == [("B007", "ROS-2026-0002/R2")]
