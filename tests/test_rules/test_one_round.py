"""Findings come in one round: the reference and business rules look at every part of an invalid
record that did validate, so fixing the schema errors shows nothing new — and nothing they say
is about a part that was left out."""

from __future__ import annotations

from datetime import date

from ims_cli.indexed import load_checked
from ims_cli.rules.check import check
from ims_cli.store.load import discover
from tests.conftest import MakeRepo, summary

ROS = "records/ros/ROS-2026-0002.yaml"
AVVIK = "records/avvik/AVV-2026-0001.yaml"

# Three schema errors (a risk's konsekvens as a word, a participant by name, an unknown key) and,
# in the parts that are valid, five findings that used to show only once those were fixed.
BROKEN_ROS = """\
id: ROS-2026-0002
tittel: Uteområdet
omrade: hms
enhet: OPP-SOL
ansvarlig: per.lie
deltakere: [Liv Berg, ola.hansen]
dato: 2026-02-01
neste_evaluering: 2026-01-01
merknad: ukjent felt
risikoer:
  - id: R1
    trussel: Fall på glatt uteområde
    sannsynlighet: 2
    konsekvens: høy
  - id: R2
    trussel: Lekeapparat med skader
    sannsynlighet: 4
    konsekvens: 5
  - id: R3
    trussel: Barn forlater området
    sannsynlighet: 7
    konsekvens: 2
    tiltak:
      - {id: T1, beskrivelse: Sjekke porten, ansvarlig: per.lie, frist: 2026-03-01, status: pagar}
"""


def test_the_rules_see_the_valid_parts_of_an_invalid_record(make_repo: MakeRepo) -> None:
    root = make_repo({ROS: BROKEN_ROS})
    assert summary(root) == [
        ("R002", ROS, 5, 12),  # ansvarlig: an unknown person
        ("S003", ROS, 6, 13),  # deltakere: a name, not an id
        ("B009", ROS, 8, 19),  # neste_evaluering before dato
        ("S002", ROS, 9, 1),  # merknad
        ("S003", ROS, 14, 17),  # R1's konsekvens
        ("B006", ROS, 15, 5),  # R2: 20 and no tiltak, placed at R2 although R1 was left out
        ("B007", ROS, 21, 20),  # R3: sannsynlighet outside the matrix
        ("R002", ROS, 24, 57),  # R3/T1's ansvarlig
    ]


def test_check_has_the_deadlines_of_the_valid_parts(make_repo: MakeRepo) -> None:
    root = make_repo({ROS: BROKEN_ROS})
    found = check(load_checked(root, discover(root)), date(2026, 12, 2))
    late = [f for f in found if f.code[0] == "F" and f.file == ROS]
    assert [(f.code, f.ref, f.line) for f in late] == [
        ("F002", "ROS-2026-0002", 8),  # the evaluation, due 2026-01-01
        ("F001", "ROS-2026-0002/T1", 24),
    ]


def _avvik(**changes: str) -> str:
    fields = {
        "id": "AVV-2026-0001",
        "type": "avvik",
        "tittel": "Test",
        "meldt": "2026-03-01",
        "enhet": "OPP-SOL",
        "kategori": "hms",
        "status": "lukket",
        "lukket": "2026-04-01",
        "arsaksanalyse": "{rotarsak: Ukjent rutine}",
    }
    fields.update(changes)
    lines = [f"{key}: {value}" for key, value in fields.items() if value]
    tiltak = (
        "  - {id: T1, beskrivelse: Rutine, ansvarlig: per.lie, frist: 2026-03-20, status: pagar}"
    )
    return "\n".join([*lines, "tiltak:", tiltak]) + "\n"


def test_a_field_left_out_silences_the_rules_that_compare_fields(make_repo: MakeRepo) -> None:
    """Without its invalid `lukket`, the avvik would be 'lukket without a date' (B003): not
    said, since the date is there, only wrongly written; the rules about the record as a whole
    wait until its fields are valid, those about one tiltak do not."""
    root = make_repo({AVVIK: _avvik(lukket="1.4.2026")})
    assert summary(root) == [("S004", AVVIK, 8, 9), ("R002", AVVIK, 11, 46)]
    (root / AVVIK).write_text(_avvik(), "utf-8")
    assert summary(root) == [("R002", AVVIK, 11, 46), ("B014", AVVIK, 11, 82)]


def test_an_invalid_required_field_leaves_the_parts_to_look_at(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: _avvik(meldt="1.3.2026", status="ferdig")})
    assert summary(root) == [("S004", AVVIK, 4, 8), ("S003", AVVIK, 7, 9), ("R002", AVVIK, 11, 46)]


def test_an_invalid_gradering_leaves_nothing_to_look_at(make_repo: MakeRepo) -> None:
    """What the rules would say could quote text its grade hides: not said until it is valid."""
    root = make_repo({AVVIK: _avvik(gradering="hemmelig")})
    assert [code for code, *_ in summary(root)] == ["S003"]


def test_fixing_the_schema_errors_shows_nothing_new(make_repo: MakeRepo) -> None:
    root = make_repo({ROS: BROKEN_ROS})
    before = [(code, line) for code, _, line, _ in summary(root) if code[0] != "S"]
    fixed = BROKEN_ROS.replace("Liv Berg", "liv.berg").replace("konsekvens: høy", "konsekvens: 4")
    (root / ROS).write_text(fixed.replace("merknad: ukjent felt\n", "merknad: x\n"), "utf-8")
    after = [(code, line) for code, _, line, _ in summary(root) if code != "S002"]
    assert after == before  # R1 is valid now: 2×4 = 8 needs no tiltak


def test_no_deadline_is_guessed_without_a_field_of_the_record(make_repo: MakeRepo) -> None:
    """Without its (invalid) neste_evaluering the ROS would seem due a year after `dato`: its
    deadlines wait until the record's fields are valid."""
    ros = BROKEN_ROS.replace("neste_evaluering: 2026-01-01", "neste_evaluering: 1.2.2027")
    root = make_repo({ROS: ros.replace("dato: 2026-02-01", "dato: 2025-02-01")})
    found = check(load_checked(root, discover(root)), date(2026, 12, 2))
    assert [f.code for f in found if f.file == ROS and f.code[0] in "FB"] == ["B006", "B007"]
