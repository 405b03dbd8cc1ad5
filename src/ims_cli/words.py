"""How codes in the records read to people: `pagar` is «pågår», `under_behandling` «under
behandling». Files keep the codes; every output people read shows the words."""

from __future__ import annotations

from datetime import date

# The codes whose word is not the code with spaces for underscores.
WORDS = {
    "pagar": "pågår",
    "fullfort": "fullført",
    "gjennomfort": "gjennomført",
    "apen": "åpen",
    "tjenesteomrade": "tjenesteområde",
    "uonsket_hendelse": "uønsket hendelse",
    "hms": "HMS",
    "miljo": "miljø",
    "okonomi": "økonomi",
    "ros": "ROS",
    "prosesser_og_rutiner": "prosesser og rutiner",
    "avvikshandtering": "avvikshåndtering",
    "oppfolging_og_rapportering": "oppfølging og rapportering",
    "laering_og_fornyelse": "læring og fornyelse",
}


def word(code: str | None) -> str:
    """A code as a word; nothing as the empty text."""
    return WORDS.get(code or "", (code or "").replace("_", " "))


def counted(number: int, singular: str, plural: str) -> str:
    """A number with its noun: 1 risiko, 2 risikoer."""
    return f"{number} {singular if number == 1 else plural}"


def day(when: date) -> str:
    """A date as people read it: 22.11.2026 (files and JSON keep 2026-11-22)."""
    return f"{when:%d.%m.%Y}"


def span(first: date, last: date) -> str:
    """A period as people read it: 2026 for a whole year, else 01.01.2026–30.06.2026."""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year)
    return f"{day(first)}–{day(last)}"
