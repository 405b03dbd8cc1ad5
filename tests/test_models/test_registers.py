"""An e-mail address in organisasjon.yaml is exactly one address, read by the email package."""

from __future__ import annotations

import pytest

from ims_cli.models.registers import address_problem


@pytest.mark.parametrize(
    "value", ["kari.nordmann@kommune.no", "post+ims@asker.kommune.no", "o'neil@kommune.no"]
)
def test_one_address_is_usable(value: str) -> None:
    assert address_problem(value) is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("a@x.no, spy@evil.example", "er mer enn én adresse"),
        ("a@x.no;b@x.no", "er mer enn én adresse"),
        ("a@x.no b@x.no", "er mer enn én adresse"),
        ("Kari <kari@x.no>", "er ikke bare adressen (et navn, en kommentar eller <…> rundt den)"),
        ("kari@x.no (kontor)", "er ikke bare adressen (et navn, en kommentar eller <…> rundt den)"),
        ("kari@x.no\u2028", "har et usynlig tegn (U+2028)"),
        ("ka\u200bri@x.no", "har et usynlig tegn (U+200B)"),
        ("kari@x.no\n", "har et usynlig tegn (U+000A)"),
        (" kari@x.no", "har mellomrom"),
        ('"kari nordmann"@x.no', "har mellomrom"),  # valid RFC 5322, but not what anyone means
        ("kari@", "er ikke en e-postadresse (navn@domene.no)"),
        ("@x.no", "er ikke en e-postadresse (navn@domene.no)"),
        ("kari", "er ikke en e-postadresse (navn@domene.no)"),
        ("kari.@x.no", "er ikke en e-postadresse (navn@domene.no)"),
        ("bjørn@x.no", "har tegn utenfor ASCII (som æ, ø, å) før @"),
        ("kari@localhost", "mangler et domene med punktum etter @ (som kommune.no)"),
        ("kari@[10.0.0.1]", "mangler et domene med punktum etter @ (som kommune.no)"),
    ],
)
def test_anything_else_says_why(value: str, problem: str) -> None:
    assert address_problem(value) == problem
