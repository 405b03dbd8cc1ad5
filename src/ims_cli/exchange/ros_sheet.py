"""The classic ROS sheet, one row per risk, to and from a ROS record. Pure: cells in, data out.

Columns are found by their headings (Aspekter/forhold og krav, Trusselbeskrivelse, S, K, R, Tiltak,
Ansvarlig/frist, Overført avvikssystem, Restrisiko S and K …), and the header block by its labels
(Sted, Dato, Ansvarlig, Deltakere, Gradering), so sheets that moved a column or a row still read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from ims_cli.analytics.units import person_names
from ims_cli.models.registers import Enhet, Organisasjon
from ims_cli.models.ros import Ros, highest
from ims_cli.store.workbook import Cells, Layout

TITLE = "Risiko- og sårbarhetsanalyse (ROS)"
_PERSON_IN_BRACKETS = re.compile(r"\(([a-z0-9æøå][a-z0-9æøå._-]*)\)\s*$")
_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TYPES = ("korrigerende", "forebyggende", "skadebegrensende", "forbedring")
# 'T1 (forebyggende): Oppdatere rutinen', 'T1: …' or just the description
_TILTAK_LINE = re.compile(rf"^([A-Za-z][\w.-]*)(?:\s*\(({'|'.join(_TYPES)})\))?\s*:\s+(.*)$")
_STATUSES = ("planlagt", "pagar", "fullfort", "avbrutt")
_GRADERING = {
    "apen": "apen",
    "åpen": "apen",
    "intern": "intern",
    "fortrolig": "fortrolig",
    "strengt fortrolig": "strengt_fortrolig",
    "strengt_fortrolig": "strengt_fortrolig",
}


class SheetProblems(Exception):
    """Everything in the sheet that could not be read, each with its cell address."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Imported:
    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def _norm(text: object) -> str:
    return re.sub(r"[\s:]+", " ", str(text)).strip().lower()


def _split(address: str) -> tuple[int, int]:
    letters, row = coordinate_from_string(address)
    return row, column_index_from_string(letters)


def _at(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _column_key(heading: str) -> str | None:
    """Which field a table heading stands for."""
    h = _norm(heading)
    rules = [
        ("restrisiko" in h and "per dimensjon" in h, "rest_k_dimensjoner"),
        (h.startswith("restrisiko") and h.endswith(" s"), "rest_s"),
        (h.startswith("restrisiko") and h.endswith(" k"), "rest_k"),
        (h in ("nr", "nr.", "id"), "nr"),
        ("aspekt" in h, "aspekt"),
        ("trussel" in h, "trussel"),
        (h in ("s", "sannsynlighet"), "s"),
        (h in ("k", "konsekvens"), "k"),
        ("per dimensjon" in h, "k_dimensjoner"),
        (h in ("r", "risiko", "risikoverdi", "r = s x k"), "r"),
        ("eksisterende" in h, "eksisterende"),
        ("evaluering" in h, "evaluering"),
        # The seed layout's «Beskrivelse av tiltak og ansvarlig/frist»: one column for both
        ("tiltak" in h and "ansvarlig" in h, "tiltak_med_ansvarlig"),
        (h.startswith("tiltak"), "tiltak"),
        ("ansvarlig" in h, "ansvarlig_frist"),
        ("overført" in h or "overfort" in h, "avvik"),
        ("risikobank" in h, "risikobank"),
        ("lovkrav" in h, "lovkrav"),
        ("lovbrudd" in h, "lovbrudd"),
        ("kunnskapsstyrke" in h, "kunnskapsstyrke"),
    ]
    return next((key for matches, key in rules if matches), None)


@dataclass
class _Reader:
    cells: Cells
    org: Organisasjon | None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def fail(self, address: str, message: str) -> None:
        self.problems.append(f"{address}: {message}")

    def text(self, address: str) -> str | None:
        value = self.cells.get(address)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    def grade(self, address: str, what: str, required: bool = True) -> int | None:
        text = self.text(address)
        if text is None:
            if required:
                self.fail(address, f"{what} mangler; skriv et heltall")
            return None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            self.fail(address, f"{what} «{text}» er ikke et tall")
            return None
        if not number.is_integer() or number < 1:
            self.fail(address, f"{what} «{text}» må være et helt tall fra 1 og oppover")
            return None
        return int(number)

    def day(self, address: str, text: str | None = None) -> date | None:
        value = self.cells.get(address) if text is None else text
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip() if value is not None else ""
        match = _NORWEGIAN_DATE.match(text)
        try:
            if match:
                day, month, year = (int(g) for g in match.groups())
                return date(year, month, day)
            return date.fromisoformat(text)
        except ValueError:
            self.fail(address, f"«{text}» er ikke en dato; skriv ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ")
            return None

    def person(self, address: str, text: str) -> str | None:
        """A person id from 'Liv Berg (liv.berg)', 'liv.berg', 'Liv Berg' or, as the seed
        layout asks for, 'Liv Berg, styrer' (name and function)."""
        text = text.strip()
        bracketed = _PERSON_IN_BRACKETS.search(text)
        people = self.org.personer if self.org else []
        if bracketed and (not people or bracketed.group(1) in {p.id for p in people}):
            return bracketed.group(1)
        name = _PERSON_IN_BRACKETS.sub("", text).strip()
        for candidate in (text, name, name.split(",")[0].strip()):
            for person in people:
                if candidate.lower() in (person.id, person.navn.lower()):
                    return person.id
        self.fail(
            address,
            f"fant ingen person «{text}» i records/organisasjon.yaml; skriv navnet eller id-en "
            "slik den står der",
        )
        return None


def _header_row(reader: _Reader) -> int:
    for address, value in reader.cells.items():
        if isinstance(value, str) and "trussel" in _norm(value):
            return _split(address)[0]
    raise SheetProblems(["fant ingen tabell: ingen celle har overskriften «Trusselbeskrivelse»"])


def _columns(reader: _Reader, header: int) -> tuple[dict[str, int], int]:
    """Field -> column from the heading row (and a sub-heading row such as Restrisiko S | K)."""
    found: dict[str, int] = {}
    last = max(_split(a)[1] for a in reader.cells)
    sub_row = False
    for column in range(1, last + 1):
        top = reader.text(_at(header, column)) or ""
        below = reader.text(_at(header + 1, column)) or ""
        heading = top
        if below and _norm(below) in ("s", "k") and top and _norm(top) not in ("s", "k"):
            heading, sub_row = f"{top} {below}", True  # merged 'Restrisiko' over 'S' and 'K'
        key = _column_key(heading) if heading else None
        if key and key not in found:
            found[key] = column
    for needed in ("trussel", "s", "k"):
        if needed not in found:
            raise SheetProblems([f"rad {header}: fant ingen kolonne for «{needed}»"])
    return found, header + (2 if sub_row else 1)


def _header_block(reader: _Reader, header: int) -> dict[str, tuple[str, str]]:
    """Label -> (address of its value, value) for the rows above the table."""
    labels = (
        "tittel",
        "tema",
        "id",
        "sted",
        "dato",
        "ansvarlig",
        "deltakere",
        "gradering",
        "område",
        "omrade",
    )
    found: dict[str, tuple[str, str]] = {}
    for address, value in reader.cells.items():
        row, column = _split(address)
        name = _norm(value) if isinstance(value, str) else ""
        if row >= header or name not in labels or name in found:
            continue
        for right in range(column + 1, column + 8):
            candidate = _at(row, right)
            if reader.cells.get(candidate) not in (None, value):
                found[name] = (candidate, str(reader.cells[candidate]))
                break
    return found


def _tiltak(reader: _Reader, row: int, columns: dict[str, int], taken: set[str]) -> list[Any]:
    if "tiltak" not in columns:
        if "tiltak_med_ansvarlig" in columns:
            return _inline_tiltak(reader, _at(row, columns["tiltak_med_ansvarlig"]), taken)
        return []
    where = _at(row, columns["tiltak"])
    text = reader.text(where)
    if not text:
        return []
    owner_at = _at(row, columns["ansvarlig_frist"]) if "ansvarlig_frist" in columns else where
    owners = [line.strip() for line in (reader.text(owner_at) or "").splitlines() if line.strip()]
    evaluations: dict[str, str] = {}
    if "evaluering" in columns:
        evaluations = dict(_entries(reader.text(_at(row, columns["evaluering"])) or ""))
    result = []
    for index, (given_id, kind, description) in enumerate(_tiltak_entries(text)):
        tiltak_id = given_id or _free_id(taken)
        taken.add(tiltak_id)
        if index >= len(owners):
            reader.fail(
                owner_at, f"mangler «ansvarlig, frist» for tiltak {index + 1}: {description}"
            )
            continue
        entry = {"id": tiltak_id, "beskrivelse": description, "type": kind}
        entry.update(_owner(reader, owner_at, owners[index]))
        if tiltak_id in evaluations:
            entry["evaluering"] = evaluations[tiltak_id]
        result.append({k: v for k, v in entry.items() if v is not None})
    return result


_DASH = re.compile(r"\s+[–—-]\s+")


def _inline_tiltak(reader: _Reader, where: str, taken: set[str]) -> list[Any]:
    """The seed layout: each line of one cell is «tiltak – ansvarlig – frist»."""
    result = []
    for line in (reader.text(where) or "").splitlines():
        if not line.strip():
            continue
        parts = _DASH.split(line.strip())
        if len(parts) < 3:
            reader.fail(
                where,
                f"«{line.strip()}»: skriv «tiltak – ansvarlig – frist», for eksempel "
                "«Oppdatere hentelister – Liv Berg – 01.06.2026»",
            )
            continue
        tiltak_id = _free_id(taken)
        taken.add(tiltak_id)
        entry = {
            "id": tiltak_id,
            "beskrivelse": " – ".join(parts[:-2]),
            "ansvarlig": reader.person(where, parts[-2]),  # may be «Navn, funksjon»
            "frist": reader.day(where, parts[-1]),
            "status": "planlagt",
        }
        result.append({k: v for k, v in entry.items() if v is not None})
    return result


def _tiltak_entries(text: str) -> list[tuple[str | None, str | None, str]]:
    """(id, type, description) per tiltak. Written by ims, every tiltak starts 'T1 (type): ' and
    a line without that continues the one before; filled in by hand, every line is a tiltak."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    if not lines or not _TILTAK_LINE.match(lines[0]):
        return [(None, None, line.strip()) for line in lines]
    entries: list[tuple[str | None, str | None, str]] = []
    for line in lines:
        match = _TILTAK_LINE.match(line)
        if match:
            entries.append((match.group(1), match.group(2), match.group(3)))
        else:
            given_id, kind, description = entries[-1]
            entries[-1] = (given_id, kind, f"{description}\n{line}")
    return entries


def _entries(text: str) -> list[tuple[str, str]]:
    """'T1: text' lines, a line without an id continuing the one before."""
    return [(i, d) for i, _, d in _tiltak_entries(text) if i]


def _free_id(taken: set[str]) -> str:
    number = 1
    while f"T{number}" in taken:
        number += 1
    return f"T{number}"


def _owner(reader: _Reader, address: str, line: str) -> dict[str, Any]:
    """'Liv Berg (liv.berg), 01.06.2026, fullfort 2026-05-30' -> ansvarlig, frist, status …"""
    parts = [p.strip() for p in line.split(",")]
    if len(parts) == 1 and " " in line:
        parts = line.rsplit(" ", 1)
    found: dict[str, Any] = {"status": "planlagt"}
    if len(parts) < 2:
        reader.fail(
            address, f"«{line}»: skriv ansvarlig og frist, for eksempel «liv.berg, 2026-06-01»"
        )
        return found
    found["ansvarlig"] = reader.person(address, parts[0])
    found["frist"] = reader.day(address, parts[1])
    if len(parts) > 2:
        words = parts[2].split()
        if words[0] not in _STATUSES:
            reader.fail(address, f"ukjent status «{words[0]}»; bruk {', '.join(_STATUSES)}")
        else:
            found["status"] = words[0]
        if len(words) > 1:
            found["fullfort"] = reader.day(address, words[1])
    return found


def _dimensions(reader: _Reader, address: str) -> dict[str, int] | None:
    text = reader.text(address)
    if not text:
        return None
    result = {}
    for part in re.split(r"[;\n]", text):
        if part.strip():
            name, _, value = part.partition("=")
            try:
                result[name.strip()] = int(value.strip())
            except ValueError:
                reader.fail(
                    address, f"«{part.strip()}»: skriv dimensjon=tall, for eksempel liv_og_helse=4"
                )
    return result


def _risk(
    reader: _Reader, row: int, columns: dict[str, int], number: int, taken: set[str]
) -> dict[str, Any]:
    """One row; `taken` holds the tiltak ids used so far, which are unique in the whole ROS."""
    cell = {key: _at(row, column) for key, column in columns.items()}
    risk: dict[str, Any] = {"id": reader.text(cell["nr"]) if "nr" in cell else None}
    if not risk["id"] or not re.match(r"^[A-Za-z]", risk["id"]):
        risk["id"] = f"R{risk['id'] or number}"
    for key in ("aspekt", "eksisterende", "risikobank", "kunnskapsstyrke"):
        if key in cell and reader.text(cell[key]):
            risk["eksisterende_tiltak" if key == "eksisterende" else key] = reader.text(cell[key])
    trussel = reader.text(cell["trussel"])
    if trussel is None:
        reader.fail(cell["trussel"], "trusselbeskrivelse mangler")
    risk["trussel"] = trussel
    risk["sannsynlighet"] = reader.grade(cell["s"], "S")
    konsekvens = reader.grade(cell["k"], "K")
    dimensions = _dimensions(reader, cell["k_dimensjoner"]) if "k_dimensjoner" in cell else None
    risk["konsekvens"] = dimensions or konsekvens
    if dimensions and konsekvens and highest(dimensions) != konsekvens:
        reader.fail(cell["k"], f"K er {konsekvens}, men høyeste dimensjon er {highest(dimensions)}")
    _check_r(reader, cell, risk["sannsynlighet"], konsekvens)
    for key in ("lovkrav", "avvik"):
        text = reader.text(cell[key]) if key in cell else None
        if text:
            ids = [t for t in re.split(r"[,;\s]+", text) if t]
            if key == "avvik" and not all(t.startswith("AVV-") for t in ids):
                reader.warnings.append(
                    f"{cell[key]}: bare avvik-id-er (AVV-…) tas med fra "
                    f"«Overført avvikssystem»; «{text}» er hoppet over"
                )
                ids = [t for t in ids if t.startswith("AVV-")]
            if ids:
                risk[key] = ids
    if "lovbrudd" in cell and _norm(reader.text(cell["lovbrudd"]) or "") in ("ja", "true", "x"):
        risk["lovbrudd"] = True
    risk["tiltak"] = _tiltak(reader, row, columns, taken)
    rest_s = reader.grade(cell["rest_s"], "Restrisiko S", False) if "rest_s" in cell else None
    rest_k = reader.grade(cell["rest_k"], "Restrisiko K", False) if "rest_k" in cell else None
    if (rest_s is None) != (rest_k is None):
        reader.fail(
            cell.get("rest_s" if rest_s is None else "rest_k", cell["s"]),
            "restrisiko trenger både S og K",
        )
    elif rest_s is not None:
        rest_dims = (
            _dimensions(reader, cell["rest_k_dimensjoner"])
            if "rest_k_dimensjoner" in cell
            else None
        )
        risk["restrisiko"] = {"sannsynlighet": rest_s, "konsekvens": rest_dims or rest_k}
    return risk


def _check_r(reader: _Reader, cell: dict[str, str], s: int | None, k: int | None) -> None:
    if "r" not in cell or s is None or k is None:
        return
    value = reader.text(cell["r"])
    if value is None or value.startswith("="):
        return  # empty, or a formula Excel never computed: S×K is computed here anyway
    try:
        if float(value.replace(",", ".")) != s * k:
            reader.warnings.append(f"{cell['r']}: R er {value}, men S×K er {s * k}; S×K er brukt")
    except ValueError:
        reader.warnings.append(f"{cell['r']}: R «{value}» er ikke et tall; S×K er brukt")


def _rows(reader: _Reader, first: int, columns: dict[str, int]) -> Iterator[int]:
    last = max(_split(a)[0] for a in reader.cells)
    keys = ("trussel", "aspekt", "s", "k", "tiltak")
    for row in range(first, last + 1):
        if any(reader.text(_at(row, columns[k])) for k in keys if k in columns):
            yield row  # blank rows between risks are skipped


def read_sheet(
    cells: Cells, org: Organisasjon | None, enhet: str | None, omrade: str | None
) -> Imported:
    """The sheet as ROS record data (without id); SheetProblems lists what could not be read."""
    reader = _Reader(cells, org)
    header = _header_row(reader)
    columns, first = _columns(reader, header)
    block = _header_block(reader, header)
    data: dict[str, Any] = {}
    if "id" in block:
        data["id"] = block["id"][1].strip()
    title = block.get("tittel") or block.get("tema")
    place = block.get("sted")
    data["tittel"] = title[1] if title else f"ROS for {place[1]}" if place else None
    if data["tittel"] is None:
        reader.fail("A1", "fant verken «Tittel:» eller «Sted:» i hodet")
    area = omrade or (block.get("område") or block.get("omrade") or ("", ""))[1].strip()
    if not area:
        reader.fail("A1", "område mangler: bruk --omrade eller «Område:» i hodet")
    data["omrade"] = area
    data["enhet"] = enhet or _unit(reader, place, org)
    if "dato" in block:
        data["dato"] = reader.day(block["dato"][0])
    else:
        reader.fail("A1", "fant ingen «Dato:» i hodet")
    if "ansvarlig" in block:
        data["ansvarlig"] = reader.person(*block["ansvarlig"])
    else:
        reader.fail("A1", "fant ingen «Ansvarlig:» i hodet")
    if "deltakere" in block:
        address, text = block["deltakere"]
        names = [n for n in re.split(r"[,;\n]", text) if n.strip()]
        data["deltakere"] = [reader.person(address, n) for n in names]
    if "gradering" in block:
        address, text = block["gradering"]
        data["gradering"] = _GRADERING.get(_norm(text))
        if data["gradering"] is None:
            reader.fail(
                address,
                f"ukjent gradering «{text}»; bruk åpen, intern, fortrolig eller strengt fortrolig",
            )
    taken: set[str] = set()
    data["risikoer"] = [
        _risk(reader, row, columns, n, taken)
        for n, row in enumerate(_rows(reader, first, columns), start=1)
    ]
    if not data["risikoer"]:
        reader.fail(_at(first, columns["trussel"]), "tabellen har ingen risikoer")
    if reader.problems:
        raise SheetProblems(reader.problems)
    return Imported(data, reader.warnings)


def _unit(reader: _Reader, place: tuple[str, str] | None, org: Organisasjon | None) -> str | None:
    """The unit from 'Sted': 'Bjerke sykehjem (HO-BJERKE)', 'HO-BJERKE' or 'Bjerke sykehjem'."""
    if place is None:
        reader.fail("A1", "enhet mangler: bruk --enhet eller «Sted:» i hodet")
        return None
    address, text = place
    bracketed = re.search(r"\(([A-ZÆØÅ0-9][A-ZÆØÅ0-9_-]*)\)\s*$", text)
    if bracketed:
        return bracketed.group(1)
    for unit in org.enheter if org else []:
        if text.strip().lower() in (unit.id.lower(), unit.navn.lower()):
            return unit.id
    reader.fail(address, f"fant ingen enhet «{text}»; bruk --enhet")
    return None


# ---------------------------------------------------------------- export

HEADINGS = [
    ("A", "Nr", 6),
    ("B", "Aspekter/forhold og krav", 28),
    ("C", "Trusselbeskrivelse", 44),
    ("D", "S", 5),
    ("E", "K", 5),
    ("F", "R", 6),
    ("G", "Tiltak", 44),
    ("H", "Ansvarlig/frist", 34),
    ("I", "Overført avvikssystem", 16),
    ("J", "S", 6),
    ("K", "K", 6),
    ("L", "K per dimensjon", 22),
    ("M", "Risikobank", 16),
    ("N", "Lovkrav", 18),
    ("O", "Lovbrudd", 9),
    ("P", "Eksisterende tiltak", 30),
    ("Q", "Kunnskapsstyrke", 14),
    ("R", "Restrisiko K per dimensjon", 22),
    ("S", "Evaluering av tiltak", 36),
]


def _who(person: str, org: Organisasjon | None) -> str:
    names = person_names(org)
    return f"{names[person]} ({person})" if person in names else person


def write_sheet_layout(ros: Ros, org: Organisasjon | None, units: dict[str, Enhet]) -> Layout:
    """The ROS as the classic sheet, with the extra columns ims needs to read it back whole."""
    layout = Layout(title=ros.id)
    values = layout.values
    values["A1"] = TITLE
    layout.merged.append("A1:S1")
    layout.bold.add("A1")
    unit = units.get(ros.enhet)
    header = [
        ("A2", "Tittel:", ros.tittel),
        ("H2", "Id:", ros.id),
        ("A3", "Sted:", f"{unit.navn} ({ros.enhet})" if unit else ros.enhet),
        ("H3", "Dato:", ros.dato),
        ("A4", "Ansvarlig:", _who(ros.ansvarlig, org)),
        ("H4", "Gradering:", ros.gradering),
        ("A5", "Deltakere:", ", ".join(_who(p, org) for p in ros.deltakere)),
        ("H5", "Område:", ros.omrade),
    ]
    for address, label, value in header:
        row, column = _split(address)
        values[address] = label
        values[_at(row, column + 1)] = value
        layout.bold.add(address)
    for row in (2, 3, 4, 5):
        layout.merged.append(f"B{row}:G{row}")
    for letter, heading, width in HEADINGS:
        layout.widths[letter] = width
        values[f"{letter}7"] = heading
        if letter in "JK":
            values["J7"] = "Restrisiko"
            values[f"{letter}8"] = heading
        else:
            layout.merged.append(f"{letter}7:{letter}8")
    layout.merged.append("J7:K7")
    layout.header_rows.update({7, 8})
    for row, risk in enumerate(ros.risikoer, start=9):
        konsekvens = highest(risk.konsekvens)
        cells = {
            "A": risk.id,
            "B": risk.aspekt,
            "C": risk.trussel.strip(),
            "D": risk.sannsynlighet,
            "E": konsekvens,
            "F": f"=D{row}*E{row}",
            "G": "\n".join(_tiltak_line(t) for t in risk.tiltak) or None,
            "H": "\n".join(_owner_line(t, org) for t in risk.tiltak) or None,
            "I": ", ".join(risk.avvik) or None,
            "J": risk.restrisiko.sannsynlighet if risk.restrisiko else None,
            "K": highest(risk.restrisiko.konsekvens) if risk.restrisiko else None,
            "L": _per_dimension(risk.konsekvens),
            "M": risk.risikobank,
            "N": ", ".join(risk.lovkrav) or None,
            "O": "ja" if risk.lovbrudd else None,
            "P": risk.eksisterende_tiltak,
            "Q": risk.kunnskapsstyrke,
            "R": _per_dimension(risk.restrisiko.konsekvens) if risk.restrisiko else None,
            "S": "\n".join(f"{t.id}: {t.evaluering}" for t in risk.tiltak if t.evaluering) or None,
        }
        for letter, value in cells.items():
            if value is not None:
                values[f"{letter}{row}"] = value
    return layout


def _per_dimension(konsekvens: int | dict[str, int]) -> str | None:
    if isinstance(konsekvens, int):
        return None
    return "; ".join(f"{name}={value}" for name, value in konsekvens.items())


def _tiltak_line(tiltak: Any) -> str:
    kind = f" ({tiltak.type})" if tiltak.type else ""
    return f"{tiltak.id}{kind}: {tiltak.beskrivelse}"


def _owner_line(tiltak: Any, org: Organisasjon | None) -> str:
    line = f"{_who(tiltak.ansvarlig, org)}, {tiltak.frist}, {tiltak.status}"
    return f"{line} {tiltak.fullfort}" if tiltak.fullfort else line
