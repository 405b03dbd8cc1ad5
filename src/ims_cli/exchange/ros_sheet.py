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
from typing import Any, get_args

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from ims_cli.analytics.risk import band, level_label
from ims_cli.analytics.units import person_names
from ims_cli.confidentiality import mask
from ims_cli.config import Config
from ims_cli.models.common import Gradering, SammeSom, Tiltak, TiltakStatus, TiltakType
from ims_cli.models.registers import Enhet, Organisasjon
from ims_cli.models.ros import Omrade, Risiko, Ros, highest
from ims_cli.store.workbook import Cells, Choice, Formula, Layout, Shade
from ims_cli.words import day, word

TITLE = "Risiko- og sårbarhetsanalyse (ROS)"
_PERSON_IN_BRACKETS = re.compile(r"\(([a-z0-9æøå][a-z0-9æøå._-]*)\)\s*$")
_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TYPES: tuple[str, ...] = get_args(TiltakType)
# 'T1 (forebyggende): Oppdatere rutinen', 'T1: …' or just the description
_TILTAK_LINE = re.compile(rf"^([A-Za-z][\w.-]*)(?:\s*\(({'|'.join(_TYPES)})\))?\s*:\s+(.*)$")
# a status as written in a file or as people read it (pagar or pågår)
_STATUS_CODES: tuple[str, ...] = get_args(TiltakStatus)
_STATUSES = {written: code for code in _STATUS_CODES for written in (code, word(code))}
_GRADERING = {written: code for code in get_args(Gradering) for written in (code, word(code))}


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
            beside = reader.cells.get(candidate)
            if isinstance(beside, str) and _norm(beside) in labels:
                break  # the next label: this one was left empty («Deltakere:» of nobody)
            if beside not in (None, value):
                found[name] = (candidate, str(beside))
                break
    return found


# A tiltak that is the same as another record's, as the sheet writes it: «T3: samme som LA-…/T1».
SAME_AS = "samme som "


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
    result: list[Any] = []
    index = 0  # of the owner lines: one for each tiltak, none for one of another record
    for given_id, kind, description in _tiltak_entries(text):
        tiltak_id = given_id or _free_id(taken)
        taken.add(tiltak_id)
        if description.startswith(SAME_AS) and " " not in description.removeprefix(SAME_AS):
            result.append({"id": tiltak_id, "samme_som": description.removeprefix(SAME_AS)})
            continue
        index += 1
        if index > len(owners):
            reader.fail(owner_at, f"mangler «ansvarlig, frist» for tiltak {index}: {description}")
            continue
        entry = {"id": tiltak_id, "beskrivelse": description, "type": kind}
        entry.update(_owner(reader, owner_at, owners[index - 1]))
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
        status = _STATUSES.get(words[0].lower())
        if status is None:
            known = ", ".join(word(code) for code in _STATUS_CODES)
            reader.fail(address, f"ukjent status «{words[0]}»; bruk {known}")
        else:
            found["status"] = status
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
    ("G", "Nivå", 10),
    ("H", "Tiltak", 44),
    ("I", "Ansvarlig/frist", 34),
    ("J", "Overført avvikssystem", 16),
    ("K", "S", 6),
    ("L", "K", 6),
    ("M", "R", 6),
    ("N", "Nivå", 10),
    ("O", "K per dimensjon", 22),
    ("P", "Risikobank", 16),
    ("Q", "Lovkrav", 18),
    ("R", "Lovbrudd", 9),
    ("S", "Eksisterende tiltak", 30),
    ("T", "Kunnskapsstyrke", 14),
    ("U", "Restrisiko K per dimensjon", 22),
    ("V", "Evaluering av tiltak", 36),
]
RESIDUAL = "KLMN"  # under the heading «Restrisiko»
COMPUTED = "FGMN"  # R and its level, before and after: formulas, locked
FIRST_ROW = 9
SPARE_ROWS = 15  # empty rows, ready for the risks a meeting adds
# Excel's own light fills for good, neutral and bad, and a grey for what is computed
BAND_FILLS = ("C6EFCE", "FFEB9C", "FFC7CE")
COMPUTED_FILL = "F2F2F2"


def _who(person: str, org: Organisasjon | None) -> str:
    names = person_names(org)
    return f"{names[person]} ({person})" if person in names else person


def write_sheet_layout(
    ros: Ros, org: Organisasjon | None, units: dict[str, Enhet], config: Config
) -> list[Layout]:
    """The ROS as the classic sheet, with the extra columns ims needs to read it back whole:
    inputs white and open, R and its level computed and coloured, drop-downs for the scales,
    the sheet protected; and a second sheet, «Veiledning», with the scales and the rules."""
    layout = Layout(title=ros.id, protected=True, frozen="D9")
    last = FIRST_ROW + len(ros.risikoer) + SPARE_ROWS - 1
    _header(layout, ros, org, units)
    _table_head(layout)
    for row, risk in enumerate(ros.risikoer, start=FIRST_ROW):
        _risk_row(layout, row, risk, org)
    for row in range(FIRST_ROW, last + 1):
        layout.values[f"F{row}"] = _product("D", "E", row)
        layout.values[f"G{row}"] = _level_formula("F", "D", "E", row, config)
        layout.values[f"M{row}"] = _product("K", "L", row)
        layout.values[f"N{row}"] = _level_formula("M", "K", "L", row, config)
        layout.fills.update({f"{c}{row}": COMPUTED_FILL for c in COMPUTED})
    layout.inputs.extend(
        f"{first}{FIRST_ROW}:{final}{last}" for first, final in (("A", "E"), ("H", "L"), ("O", "V"))
    )
    _checks(layout, last, config)
    # The one policy: a national id number leaves the repository masked, in a sheet too
    layout.values = {a: mask(v) if isinstance(v, str) else v for a, v in layout.values.items()}
    return [layout, guidance(config)]


def _header(layout: Layout, ros: Ros, org: Organisasjon | None, units: dict[str, Enhet]) -> None:
    layout.values["A1"] = TITLE
    layout.merged.append("A1:V1")
    layout.bold.add("A1")
    unit = units.get(ros.enhet)
    header = [
        ("A2", "Tittel:", ros.tittel),
        ("H2", "Id:", ros.id),
        ("A3", "Sted:", f"{unit.navn} ({ros.enhet})" if unit else ros.enhet),
        ("H3", "Dato:", ros.dato),
        ("A4", "Ansvarlig:", _who(ros.ansvarlig, org)),
        ("H4", "Gradering:", word(ros.gradering)),
        ("A5", "Deltakere:", ", ".join(_who(p, org) for p in ros.deltakere)),
        ("H5", "Område:", ros.omrade),
    ]
    for address, label, value in header:
        row, column = _split(address)
        layout.values[address] = label
        layout.values[_at(row, column + 1)] = value
        layout.bold.add(address)
    for row in (2, 3, 4, 5):
        layout.merged.extend([f"B{row}:G{row}", f"I{row}:L{row}"])
        layout.inputs.extend([f"B{row}:G{row}", f"I{row}:L{row}"])


def _table_head(layout: Layout) -> None:
    for letter, heading, width in HEADINGS:
        layout.widths[letter] = width
        if letter in RESIDUAL:
            layout.values[f"{letter}8"] = heading
        else:
            layout.values[f"{letter}7"] = heading
            layout.merged.append(f"{letter}7:{letter}8")
    layout.values["K7"] = "Restrisiko"
    layout.merged.append("K7:N7")
    layout.header_rows.update({7, 8})


def _risk_row(layout: Layout, row: int, risk: Risiko, org: Organisasjon | None) -> None:
    rest = risk.restrisiko
    own = [t for t in risk.tiltak if isinstance(t, Tiltak)]  # not those of another record
    cells = {
        "A": risk.id,
        "B": risk.aspekt,
        "C": risk.trussel.strip(),
        "D": risk.sannsynlighet,
        "E": highest(risk.konsekvens),
        "H": "\n".join(_tiltak_line(t) for t in risk.tiltak) or None,
        "I": "\n".join(_owner_line(t, org) for t in own) or None,
        "J": ", ".join(risk.avvik) or None,
        "K": rest.sannsynlighet if rest else None,
        "L": highest(rest.konsekvens) if rest else None,
        "O": _per_dimension(risk.konsekvens),
        "P": risk.risikobank,
        "Q": ", ".join(risk.lovkrav) or None,
        "R": "ja" if risk.lovbrudd else None,
        "S": risk.eksisterende_tiltak,
        "T": risk.kunnskapsstyrke,
        "U": _per_dimension(rest.konsekvens) if rest else None,
        "V": "\n".join(f"{t.id}: {t.evaluering}" for t in own if t.evaluering) or None,
    }
    for letter, value in cells.items():
        if value is not None:
            layout.values[f"{letter}{row}"] = value


def _product(s: str, k: str, row: int) -> Formula:
    return Formula(f'=IF(OR({s}{row}="",{k}{row}=""),"",{s}{row}*{k}{row})')


def _level_formula(score: str, s: str, k: str, row: int, config: Config) -> Formula:
    """The level of a row as a formula: from the score and the levels' maks, or, for a matrix
    that is not a product, looked up in the table of cells."""
    risiko = config.risiko
    if risiko.celler:
        table = ";".join(
            ",".join(f'"{level_label(level)}"' for level in line) for line in risiko.celler
        )
        found = f"INDEX({{{table}}},{s}{row},{k}{row})"
    else:
        found = f'"{level_label(risiko.nivaer[-1].navn)}"'
        for niva in reversed(risiko.nivaer[:-1]):
            found = f'IF({score}{row}<={niva.maks},"{level_label(niva.navn)}",{found})'
    return Formula(f'=IF({score}{row}="","",{found})')


def _checks(layout: Layout, last: int, config: Config) -> None:
    """Drop-downs for the scales, the yes/no and the header's choices; the level colours."""
    risiko = config.risiko
    s_values = tuple(str(n) for n in range(1, len(risiko.sannsynlighet) + 1))
    k_values = tuple(str(n) for n in range(1, len(risiko.konsekvens) + 1))
    skala = config.verdier.skala
    s_help = _scale_help("Sannsynlighet", risiko.sannsynlighet, skala.sannsynlighet)
    general = skala.konsekvens if isinstance(skala.konsekvens, list) else None
    k_help = _scale_help("Konsekvens", risiko.konsekvens, general)

    def column(letter: str) -> str:
        return f"{letter}{FIRST_ROW}:{letter}{last}"

    layout.choices.extend(
        [
            Choice(f"{column('D')} {column('K')}", s_values, s_help),
            Choice(f"{column('E')} {column('L')}", k_values, k_help),
            Choice(column("R"), ("ja", "nei"), "ja: risikoen er et brudd på lov eller forskrift"),
            Choice(column("T"), ("svak", "middels", "sterk"), "Hvor godt kunnskapsgrunnlaget er"),
            Choice("I4", ("åpen", "intern", "fortrolig", "strengt fortrolig")),
            Choice("I5", tuple(get_args(Omrade))),
        ]
    )
    for level in risiko.nivaer:
        colour = BAND_FILLS[band(config, level.navn)]
        for score, name in (("F", "G"), ("M", "N")):
            layout.shades.append(
                Shade(
                    f"{score}{FIRST_ROW}:{name}{last}",
                    f'${name}{FIRST_ROW}="{level_label(level.navn)}"',
                    colour,
                )
            )


def _scale_help(what: str, labels: list[str], described: list[str] | None = None) -> str:
    """The drop-down's help: each level's label, and what it means when ims.yaml says so
    (verdier.skala), as far as the 255 characters Excel shows allow."""
    meanings = described or [""] * len(labels)
    levels = [
        f"{n} = {label}" + (f" ({meaning})" if meaning else "")
        for n, (label, meaning) in enumerate(zip(labels, meanings, strict=False), start=1)
    ]
    said = f"{what}: " + ", ".join(levels)
    if len(said) > 255 and described:
        return _scale_help(what, labels)
    return said


def guidance(config: Config) -> Layout:
    """The sheet «Veiledning»: how to fill in, the scales, the levels with the matrix, and when
    a risk needs tiltak."""
    risiko = config.risiko
    layout = Layout(title="Veiledning")
    lines: list[tuple[str, str | None]] = [
        ("Slik fyller du ut ROS-skjemaet", None),
        ("Hvite celler", "fylles ut; grå celler (R og Nivå) regnes ut og er låst."),
        ("S og K", "velg fra listen; skalaene står under."),
        ("Tiltak", "én linje per tiltak: «T1 (forebyggende): Beskrivelse»."),
        (
            "Ansvarlig/frist",
            "én linje per tiltak, i samme rekkefølge: «Navn, frist» eller «Navn, frist, status», "
            "for eksempel «Liv Berg, 01.06.2026» eller "
            "«Liv Berg, 01.06.2026, fullført 28.05.2026».",
        ),
        (
            "K per dimensjon",
            "valgfritt: «dimensjon=K» skilt med semikolon, for eksempel "
            f"«{config.dimensions[0]}=4»; K er da den høyeste. Dimensjonene: "
            f"{', '.join(config.dimensions)}.",
        ),
        ("Restrisiko", "S og K slik risikoen blir når tiltakene er gjennomført."),
        (
            "Tiltak kreves",
            f"når R er over {risiko.tiltak_kreves_over}, eller når risikoen er et lovbrudd "
            "(Lovbrudd = ja). Da må risikoen ha minst ett tiltak.",
        ),
        (
            "Beskyttelse",
            "arket er beskyttet uten passord, så formlene ikke skrives over ved et uhell.",
        ),
        ("Tilbake til ims", "les skjemaet inn igjen med «ims import ros FIL.xlsx»."),
    ]
    row = 1
    for label, text in lines:
        layout.values[f"A{row}"] = label
        layout.bold.add(f"A{row}")
        if text:
            layout.values[f"B{row}"] = text
        row += 1
    skala = config.verdier.skala
    row = _scale(layout, row + 1, "Sannsynlighet (S)", risiko.sannsynlighet, skala.sannsynlighet)
    general = skala.konsekvens if isinstance(skala.konsekvens, list) else None
    row = _scale(layout, row + 1, "Konsekvens (K)", risiko.konsekvens, general)
    per_dimension = skala.konsekvens if isinstance(skala.konsekvens, dict) else {}
    for dimension, described in per_dimension.items():
        title = f"Konsekvens for {word(dimension)}"
        row = _scale(layout, row + 1, title, risiko.konsekvens, described)
    row = _levels(layout, row + 1, config)
    _matrix(layout, row + 1, config)
    layout.widths.update({"A": 26, "B": 70})
    return layout


def _scale(
    layout: Layout, row: int, title: str, labels: list[str], described: list[str] | None = None
) -> int:
    """A scale, level 1 first, with what each level means when ims.yaml says it."""
    layout.values[f"A{row}"] = title
    layout.bold.add(f"A{row}")
    meanings = described or [""] * len(labels)
    for number, (label, meaning) in enumerate(zip(labels, meanings, strict=False), start=1):
        layout.values[f"A{row + number}"] = number
        layout.values[f"B{row + number}"] = f"{label}: {meaning}" if meaning else label
    return row + len(labels) + 1


def _levels(layout: Layout, row: int, config: Config) -> int:
    layout.values[f"A{row}"] = "Risikonivå (R = S × K)"
    layout.bold.add(f"A{row}")
    low = 1
    for number, level in enumerate(config.risiko.nivaer, start=1):
        at = f"A{row + number}"
        layout.values[at] = level_label(level.navn)
        layout.fills[at] = BAND_FILLS[band(config, level.navn)]
        if not config.risiko.celler:
            layout.values[f"B{row + number}"] = f"R fra {low} til {level.maks}"
            low = level.maks + 1
    return row + len(config.risiko.nivaer) + 1


def _matrix(layout: Layout, row: int, config: Config) -> None:
    """The matrix as coloured cells, each with its level's name: readable in greyscale too."""
    risiko = config.risiko
    layout.values[f"A{row}"] = "Risikomatrisen (sannsynlighet ned, konsekvens bortover)"
    layout.bold.add(f"A{row}")
    for k in range(1, len(risiko.konsekvens) + 1):
        layout.values[_at(row + 1, k + 2)] = f"K{k}"
        layout.widths[get_column_letter(k + 2)] = 12
    for line, s in enumerate(range(len(risiko.sannsynlighet), 0, -1), start=row + 2):
        layout.values[f"B{line}"] = f"S{s}"
        for k in range(1, len(risiko.konsekvens) + 1):
            level = risiko.cell_level(s, k)
            at = _at(line, k + 2)
            layout.values[at] = f"{s * k} {level_label(level)}"
            layout.fills[at] = BAND_FILLS[band(config, level)]


def _per_dimension(konsekvens: int | dict[str, int]) -> str | None:
    if isinstance(konsekvens, int):
        return None
    return "; ".join(f"{name}={value}" for name, value in konsekvens.items())


def _tiltak_line(tiltak: Any) -> str:
    if isinstance(tiltak, SammeSom):
        return f"{tiltak.id}: {SAME_AS}{tiltak.samme_som}"
    kind = f" ({tiltak.type})" if tiltak.type else ""
    return f"{tiltak.id}{kind}: {tiltak.beskrivelse}"


def _owner_line(tiltak: Any, org: Organisasjon | None) -> str:
    line = f"{_who(tiltak.ansvarlig, org)}, {day(tiltak.frist)}, {word(tiltak.status)}"
    return f"{line} {day(tiltak.fullfort)}" if tiltak.fullfort else line
