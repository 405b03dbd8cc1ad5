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


# Worked by hand from the mod-11 rule (13115413494: 134 mod 11 = 2, 11 - 2 = 9; then 128 mod 11
# = 7, 11 - 7 = 4); no digit 0 where a weight counts, so every weight matters. 19113449201 has
# the first control digit 0 (remainder 0), 28118151250 the second.
VALID = ["13115413494", "22121657841", "16116117499", "19113449201", "28118151250"]


@pytest.mark.parametrize("valid", VALID)
def test_a_valid_number_with_any_one_digit_changed_is_not_one(valid: str) -> None:
    assert is_national_id(valid)
    for at in range(11):
        for digit in "0123456789":
            if digit != valid[at]:
                changed = valid[:at] + digit + valid[at + 1 :]
                assert not is_national_id(changed), changed


def test_a_wrong_first_control_digit_is_not_saved_by_a_right_second() -> None:
    """1311541348: the first control should be 9; 6 is the second that fits an 8 before it."""
    assert not is_national_id("13115413486")


def test_a_first_control_of_ten_makes_no_number() -> None:
    assert not any(is_national_id(f"020278207{n:02d}") for n in range(100))
