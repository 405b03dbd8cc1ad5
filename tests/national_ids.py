"""Valid fødselsnumre and D-numre for tests, made by the mod-11 rule, and the ways people write
them."""

from __future__ import annotations

WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _control(digits: str, weights: tuple[int, ...]) -> str | None:
    rest = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return None if rest == 10 else str(0 if rest == 11 else rest)


def number(day_month_year: str, start: int = 0) -> str:
    """The first individual number from `start` up that gives valid control digits."""
    for individual in range(start, 1000):
        base = f"{day_month_year}{individual:03d}"
        first = _control(base, WEIGHTS_1)
        second = first and _control(base + first, WEIGHTS_2)
        if first and second:
            return base + first + second
    raise AssertionError(day_month_year)


# How a number is written: as one, or with the date part apart (a space, a no-break space, a
# hyphen, a dash, a full stop), and with the date's own dots.
SEPARATORS = ("", " ", "\u00a0", "\u202f", "-", "\u2013", ".", "/")


def written(valid: str) -> list[str]:
    """Every written form of a number ims must find and mask."""
    date, individual = valid[:6], valid[6:]
    forms = [f"{date}{sep}{individual}" for sep in SEPARATORS]
    dotted = f"{date[:2]}.{date[2:4]}.{date[4:]}"
    forms += [f"{dotted} {individual}", f"{dotted}-{individual}"]
    return forms
