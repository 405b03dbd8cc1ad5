"""Risk placement, matrices, top lists and ROS coverage."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ims_cli.analytics.dates import add_months
from ims_cli.analytics.risk import (
    Cover,
    Selection,
    abbreviations,
    band,
    coverage,
    matrix,
    next_evaluation,
    overdue_evaluations,
    place,
    risikobank_by_area,
    risk_points,
    select,
    top,
)
from ims_cli.analytics.units import ancestor_at, subtree
from ims_cli.config import Config
from ims_cli.models.registers import Organisasjon
from ims_cli.models.ros import Ros

ORG = Organisasjon.model_validate(
    {
        "enheter": [
            {"id": "KD", "navn": "KD", "niva": "kommune"},
            {"id": "OPP", "navn": "Oppvekst", "niva": "tjenesteomrade", "overordnet": "KD"},
            {"id": "SOL", "navn": "Solstrand", "niva": "virksomhet", "overordnet": "OPP"},
            {"id": "SOL-A", "navn": "Avd A", "niva": "avdeling", "overordnet": "SOL"},
            {"id": "BAK", "navn": "Bakkehaugen", "niva": "virksomhet", "overordnet": "OPP"},
        ]
    }
)


def ros(ros_id: str, enhet: str, risks: list[dict[str, Any]], **fields: Any) -> Ros:
    return Ros.model_validate(
        {
            "id": ros_id,
            "tittel": "x",
            "omrade": fields.pop("omrade", "hms"),
            "enhet": enhet,
            "ansvarlig": "a",
            "dato": fields.pop("dato", "2026-01-10"),
            "risikoer": risks,
            **fields,
        }
    )


def risk(
    rid: str, s: int, k: Any, rest: tuple[int, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    found = {"id": rid, "trussel": "x", "sannsynlighet": s, "konsekvens": k, **extra}
    if rest:
        found["restrisiko"] = {"sannsynlighet": rest[0], "konsekvens": rest[1]}
    return found


FOUR_BY_FOUR = Config.model_validate(
    {
        "risiko": {
            "sannsynlighet": ["Lav", "Middels", "Høy", "Svært høy"],
            "konsekvens": ["Liten", "Middels", "Stor", "Kritisk"],
            "nivaer": [
                {"navn": "gronn", "maks": 3},
                {"navn": "gul", "maks": 8},
                {"navn": "rod", "maks": 16},
            ],
        }
    }
)


@pytest.mark.parametrize(
    ("s", "k", "level"), [(1, 4, "lav"), (2, 5, "middels"), (3, 4, "hoy"), (5, 5, "hoy")]
)
def test_levels_follow_the_scores_in_ims_yaml(s: int, k: int, level: str) -> None:
    assert place(s, k, Config()).level == level


@pytest.mark.parametrize(("s", "k", "level"), [(1, 3, "gronn"), (2, 4, "gul"), (3, 3, "rod")])
def test_a_four_by_four_matrix(s: int, k: int, level: str) -> None:
    assert place(s, k, FOUR_BY_FOUR).level == level
    cells = matrix([], FOUR_BY_FOUR)
    assert len(cells) == 16
    assert (cells[0].sannsynlighet, cells[0].konsekvens) == (4, 1)  # high probability first


def test_an_explicit_cell_table_overrides_the_product() -> None:
    rows = [["lav"] * 5] * 4 + [["lav", "lav", "lav", "lav", "hoy"]]
    config = Config.model_validate({"risiko": {"celler": rows}})
    assert place(5, 5, config).level == "hoy"
    assert place(4, 5, config).level == "lav"  # 20 would be 'hoy' by score


def test_consequence_per_dimension_counts_its_highest() -> None:
    (point,) = risk_points(
        [ros("ROS-2026-0001", "SOL", [risk("R1", 3, {"liv_og_helse": 2, "okonomi": 5})])],
        Config(),
    )
    assert (point.before.sannsynlighet, point.before.konsekvens, point.before.score) == (3, 5, 15)


def test_matrix_before_and_after_tiltak() -> None:
    analyses = [
        ros(
            "ROS-2026-0001",
            "SOL",
            [risk("R1", 4, 4, rest=(2, 4)), risk("R2", 3, 3), risk("R3", 2, 2, rest=(1, 2))],
        )
    ]
    points = risk_points(analyses, Config())
    before = {(c.sannsynlighet, c.konsekvens): c.risks for c in matrix(points, Config()) if c.risks}
    after = {
        (c.sannsynlighet, c.konsekvens): c.risks
        for c in matrix(points, Config(), after=True)
        if c.risks
    }
    assert before == {
        (4, 4): ("ROS-2026-0001/R1",),
        (3, 3): ("ROS-2026-0001/R2",),
        (2, 2): ("ROS-2026-0001/R3",),
    }
    assert after == {
        (2, 4): ("ROS-2026-0001/R1",),
        (3, 3): ("ROS-2026-0001/R2",),  # no restrisiko: it stays
        (1, 2): ("ROS-2026-0001/R3",),
    }


def test_a_unit_includes_its_sub_units() -> None:
    assert subtree(ORG, "OPP") == {"OPP", "SOL", "SOL-A", "BAK"}
    assert ancestor_at(ORG, "SOL-A", "tjenesteomrade") == "OPP"
    analyses = [
        ros("ROS-2026-0001", "SOL-A", [risk("R1", 1, 1)]),
        ros("ROS-2026-0002", "KD", [risk("R1", 1, 1)]),
    ]
    assert [r.id for r in select(analyses, Selection(enhet="OPP"), ORG)] == ["ROS-2026-0001"]
    assert len(select(analyses, Selection(), ORG)) == 2


def test_top_orders_by_score_then_id() -> None:
    analyses = [ros("ROS-2026-0001", "SOL", [risk("R1", 2, 2), risk("R2", 4, 4), risk("R3", 4, 4)])]
    refs = [p.ref for p in top(risk_points(analyses, Config()), Config(), 2)]
    assert refs == ["ROS-2026-0001/R2", "ROS-2026-0001/R3"]


def test_next_evaluation_defaults_to_twelve_months() -> None:
    analysis = ros("ROS-2026-0001", "SOL", [risk("R1", 1, 1)], dato="2026-01-31")
    assert next_evaluation(analysis, Config()) == date(2027, 1, 31)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2026, 11, 15), 2, date(2027, 1, 15))],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_coverage_by_required_area() -> None:
    analyses = [
        ros("ROS-2026-0001", "SOL-A", [risk("R1", 1, 1)], omrade="hms"),
        ros("ROS-2025-0001", "SOL", [risk("R1", 1, 1)], omrade="beredskap", dato="2025-01-01"),
    ]
    covers = [Cover.of(r, Config()) for r in analyses]
    (sol, bak) = coverage(covers, ORG, Config(), date(2026, 6, 1), "OPP")
    assert {a.omrade: a.status for a in sol.areas} == {
        "tjenesteleveranse": "mangler",
        "hms": "ok",
        "beredskap": "forfalt",
    }
    assert {a.status for a in bak.areas} == {"mangler"}


def test_risikobank_by_tjenesteomrade() -> None:
    analyses = [ros("ROS-2026-0001", "SOL-A", [risk("R1", 1, 1, risikobank="brann")])]
    assert risikobank_by_area(risk_points(analyses, Config()), ORG) == {"OPP": ["brann"]}


def test_selecting_an_area_gives_that_area_only() -> None:
    analyses = [
        ros("ROS-2026-0001", "SOL", [risk("R1", 1, 1)], omrade="hms"),
        ros("ROS-2026-0002", "SOL", [risk("R1", 1, 1)], omrade="beredskap"),
        ros("ROS-2026-0003", "BAK", [risk("R1", 1, 1)], omrade="hms"),
    ]
    chosen = select(analyses, Selection(omrade="hms"), ORG)
    assert [r.id for r in chosen] == ["ROS-2026-0001", "ROS-2026-0003"]


@pytest.mark.parametrize(
    ("day", "status", "overdue"),
    [(date(2027, 1, 31), "ok", []), (date(2027, 2, 1), "forfalt", ["ROS-2026-0001"])],
)
def test_a_ros_due_on_the_day_is_not_overdue(day: date, status: str, overdue: list[str]) -> None:
    """The rule of every deadline: a date equal to the day is not overdue."""
    analyses = [ros("ROS-2026-0001", "SOL", [risk("R1", 1, 1)], omrade="hms", dato="2026-01-31")]
    (sol, _) = coverage([Cover.of(r, Config()) for r in analyses], ORG, Config(), day, "OPP")
    assert {a.omrade: a.status for a in sol.areas}["hms"] == status
    assert [r.id for r in overdue_evaluations(analyses, Config(), day)] == overdue


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(9999, 6, 1), 6, date(9999, 12, 1)),  # still inside the calendar
        (date(9999, 12, 1), 1, date.max),  # a deadline that never comes
        (date(1, 1, 31), -1, date.min),
        (date(1, 2, 28), -1, date(1, 1, 28)),
    ],
)
def test_add_months_at_the_ends_of_the_calendar(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("names", "bands"),
    [
        (["lav", "middels", "hoy"], [0, 1, 2]),
        (["a", "b", "c", "d"], [0, 1, 2, 2]),  # a third is yellow from rank 1/3, red from 2/3
        (["a", "b", "c", "d", "e"], [0, 0, 1, 2, 2]),
        (["a", "b", "c", "d", "e", "f", "g"], [0, 0, 1, 1, 2, 2, 2]),
        (["lav", "hoy"], [0, 2]),
    ],
)
def test_the_colour_band_of_each_level(names: list[str], bands: list[int]) -> None:
    levels = [{"navn": name, "maks": 4 * (n + 1)} for n, name in enumerate(names)]
    config = Config.model_validate({"risiko": {"nivaer": levels}})
    assert [band(config, name) for name in names] == bands
    if names[0] == "lav":
        assert abbreviations(config) == {n: n[0].upper() for n in names}


def test_short_level_names_are_as_long_as_they_must_be_to_differ() -> None:
    levels = [{"navn": "middel", "maks": 4}, {"navn": "middels", "maks": 25}]
    config = Config.model_validate({"risiko": {"nivaer": levels}})
    assert abbreviations(config) == {"middel": "MIDDEL", "middels": "MIDDELS"}


def test_an_area_is_covered_while_any_of_its_ros_is_current_newest_listed_first() -> None:
    analyses = [
        ros("ROS-2024-0001", "SOL", [risk("R1", 1, 1)], omrade="hms", dato="2024-03-01"),
        ros("ROS-2026-0001", "SOL-A", [risk("R1", 1, 1)], omrade="hms", dato="2026-03-01"),
    ]
    covers = [Cover.of(r, Config()) for r in analyses]
    (sol, _) = coverage(covers, ORG, Config(), date(2026, 6, 1), "OPP")
    (hms,) = [a for a in sol.areas if a.omrade == "hms"]
    assert (hms.status, hms.ros) == ("ok", ("ROS-2026-0001", "ROS-2024-0001"))
