"""How codes, dates and counts read to people."""

from __future__ import annotations

import pytest

from ims_cli.words import code, counted


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("under_behandling", "under behandling"),
        ("pagar", "pågår"),
        ("opplaering", "opplæring"),
        ("it_system", "IT-system"),
        ("hms", "HMS"),
        ("2026-11-22", "22.11.2026"),
        ("2026-02-30", "2026-02-30"),  # not a day: shown as written
        ("ROS-2026-0004/R2", "ROS-2026-0004/R2"),
        ("liv.berg", "liv.berg"),
    ],
)
def test_a_code_reads_as_a_word_and_an_iso_date_as_people_write_it(value: str, read: str) -> None:
    assert code(value) == read


def test_a_count_has_its_noun_in_singular_or_plural() -> None:
    assert [counted(n, "beslutning", "beslutninger") for n in (0, 1, 2)] == [
        "0 beslutninger",
        "1 beslutning",
        "2 beslutninger",
    ]
