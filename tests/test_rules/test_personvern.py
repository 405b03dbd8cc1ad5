"""Fødselsnummer and D-nummer: which eleven digits are one, at the edges of day and month."""

from __future__ import annotations

import pytest

from ims_cli.rules.personvern import find_national_ids, is_national_id

WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _control(digits: str, weights: tuple[int, ...]) -> str | None:
    rest = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return None if rest == 10 else str(0 if rest == 11 else rest)


def number(day_month_year: str) -> str:
    """The first individual number from 000 up that gives valid control digits."""
    for individual in range(1000):
        base = f"{day_month_year}{individual:03d}"
        first = _control(base, WEIGHTS_1)
        second = first and _control(base + first, WEIGHTS_2)
        if first and second:
            return base + first + second
    raise AssertionError(day_month_year)


@pytest.mark.parametrize(
    ("date_part", "valid"),
    [
        ("010190", True),  # 1 January
        ("311290", True),  # 31 December
        ("000190", False),  # day 0
        ("320190", False),  # day 32
        ("010090", False),  # month 0
        ("011390", False),  # month 13
        ("410190", True),  # D-nummer: day 1 + 40
        ("711290", True),  # D-nummer: day 31 + 40
        ("721290", False),  # D-nummer: day 32 + 40
    ],
)
def test_day_and_month_at_their_edges(date_part: str, valid: bool) -> None:
    candidate = number(date_part)
    assert is_national_id(candidate) is valid
    assert bool(list(find_national_ids(f"gjelder {candidate}."))) is valid


@pytest.mark.parametrize("text", ["0101900008", "010190000833", "01019O00083", "0101900008x"])
def test_only_eleven_digits_can_be_one(text: str) -> None:
    assert is_national_id(text) is False
