"""How codes in the records read to people: `pagar` is «pågår», `under_behandling` «under
behandling». Files keep the codes; every output people read shows the words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

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
    "opplaering": "opplæring",
    "it_system": "IT-system",
    "hoy_risiko": "høy risiko",
    "dodsfall": "dødsfall",
    "stotteprosess": "støtteprosess",
    "hoyere_er_bedre": "høyere er bedre",
    "strengt_fortrolig": "strengt fortrolig",
    "omdomme": "omdømme",
    "palegg": "pålegg",
    "trykksar": "trykksår",
    "ovelse": "øvelse",
    "apne_funn": "åpne funn",
}
# A code of the record formats, such as under_behandling
_CODE = re.compile(r"^[a-z]+(?:_[a-z]+)*$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2})?)?$")


def word(code: str | None) -> str:
    """A code as a word; nothing as the empty text."""
    return WORDS.get(code or "", (code or "").replace("_", " "))


def code(value: str) -> str:
    """A code as a word (pagar is «pågår»), an ISO date as people read it (01.11.2026); any
    other text (an id) as it is."""
    if _CODE.match(value):
        return word(value)
    if _ISO_DAY.match(value):
        try:
            when = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
            return day(when)
        except ValueError:
            return value
    return value


def either(values: Sequence[str]) -> str:
    """Choices as a sentence lists them: «a, b eller c»."""
    if len(values) < 2:
        return "".join(values)
    return ", ".join(values[:-1]) + f" eller {values[-1]}"


def counted(number: int, singular: str, plural: str) -> str:
    """A number with its noun: 1 risiko, 2 risikoer, 15 950 feil."""
    return f"{whole(number)} {singular if number == 1 else plural}"


def whole(number: int) -> str:
    """A whole number the Norwegian way: 2500, and 15 950 with a no-break space from 10 000."""
    return f"{number:,}".replace(",", "\u00a0") if number >= 10000 else str(number)


def day(when: date) -> str:
    """A date as people read it: 22.11.2026 (files and JSON keep 2026-11-22); with its time
    when it has one: 22.11.2026 kl. 09:15."""
    if isinstance(when, datetime):
        return f"{when:%d.%m.%Y kl. %H:%M}"
    return f"{when:%d.%m.%Y}"


def span(first: date, last: date) -> str:
    """A period as people read it: 2026 for a whole year, else 01.01.2026–30.06.2026."""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year)
    return f"{day(first)}–{day(last)}"
