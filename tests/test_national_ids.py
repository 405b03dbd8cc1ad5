"""Fødselsnummer and D-nummer: which eleven digits are one, at the edges of day and month."""

from __future__ import annotations

import pytest

from ims_cli.confidentiality import mask
from ims_cli.national_ids import find_national_ids, is_national_id
from tests.national_ids import number, written


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


@pytest.mark.parametrize("valid", [number("150385"), number("550385"), *VALID])  # 55: a D-nummer
def test_every_written_form_is_found_and_masked(valid: str) -> None:
    for form in written(valid):
        text = f"Gjelder {form}, se journal."
        assert list(find_national_ids(text)) == [8], repr(form)
        hidden = mask(text)
        assert hidden[: -len(", se journal.")].endswith("*****"), repr(hidden)
        assert valid[6:] not in hidden.replace(" ", "")


def test_a_written_form_that_fails_the_check_is_left_alone() -> None:
    wrong = number("150385")[:-1] + str((int(number("150385")[-1]) + 1) % 10)
    for form in written(wrong):
        assert list(find_national_ids(f"nr {form}")) == [], repr(form)
        assert mask(f"nr {form}") == f"nr {form}"


def test_the_issue_s_forms() -> None:
    for form in ("150385-10190", "150385 10190", "150385.10190"):
        assert mask(f"x {form}") == f"x {form[:7]}*****"
