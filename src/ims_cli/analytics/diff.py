"""What changed in one record between two revisions, in plain Norwegian, field by field.

Works on the parsed data, not on the models, so a record that became invalid is still compared.
Free text of a record graded fortrolig or strengt_fortrolig is not shown (`hidden`): a pull-request
comment or an e-mail notification reaches further than the file itself.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ims_cli.analytics.risk import level_label
from ims_cli.confidentiality import HIDDEN, shown_value
from ims_cli.config import Config
from ims_cli.findings import Finding
from ims_cli.models.fields import is_code
from ims_cli.words import code, counted, day, whole

if TYPE_CHECKING:
    # gitpython is imported only by what asks git; a log entry only names the commit
    from ims_cli.gitio.revisions import Revision

Data = Mapping[str, Any]
Items = list[dict[str, Any]]

LABELS = {
    "aar": "år",
    "akseptabelt": "akseptabelt",
    "alvorlighet": "alvorlighet",
    "ansvar": "ansvar",
    "ansvarlig": "ansvarlig",
    "arsaksanalyse": "årsaksanalyse",
    "arsverk": "årsverk",
    "aspekt": "aspekt",
    "av": "av",
    "avvik": "avvik",
    "budsjett_nok": "budsjett (kr)",
    "deltakere": "deltakere",
    "eier": "eier",
    "eksisterende_tiltak": "eksisterende tiltak",
    "fokusomrade": "fokusområde",
    "fullfort": "fullført",
    "gjennomfort": "gjennomført",
    "godkjent_av": "godkjent av",
    "indikator": "indikator",
    "kunnskapsstyrke": "kunnskapsstyrke",
    "lovbrudd": "lovbrudd",
    "lukket": "lukket",
    "malverdi": "målverdi",
    "meldt_av": "meldt av",
    "neste_evaluering": "neste evaluering",
    "neste_revisjon": "neste revisjon",
    "niva": "nivå",
    "omfang": "omfang",
    "omrade": "område",
    "prosess": "prosess",
    "risikoer": "risikoer",
    "ros": "ROS-risiko",
    "rotarsak": "rotårsak",
    "signert": "signert",
}
_LONG = 60
GRADED_TEXT = "(gradert, vises ikke)"


@dataclass(frozen=True)
class Detail:
    """One change in a record: what kind of thing, which one, a sentence, and the values."""

    hva: str  # felt | risiko | tiltak | aktivitet | mal | resultat | seksjon | funn | …
    ref: str | None  # the field or item it concerns: "versjon", "R3", "T1", "M1/2026-1"
    tekst: str
    fra: Any = None
    til: Any = None


@dataclass(frozen=True)
class RecordChange:
    """What a comparison of two revisions found of one record."""

    id: str
    endring: str  # ny | endret | slettet | flyttet
    fil: str
    fra_fil: str | None  # where it was, when it moved
    tittel: str | None  # None for a graded record
    details: list[Detail] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    """Every record that differs between two revisions, with the review findings."""

    base: str
    head: str
    changes: list[RecordChange]
    findings: list[Finding]


@dataclass(frozen=True)
class LogEntry:
    """One commit in the history of a record, with what it did to the record."""

    revision: Revision
    change: RecordChange


def label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " "))


class _Writer:
    """Collects details; knows whether free text may be shown, and people's names."""

    def __init__(self, config: Config, hidden: bool, people: Mapping[str, str]) -> None:
        self.config = config
        self.hidden = hidden
        self.people = people
        self.details: list[Detail] = []

    def add(
        self,
        hva: str,
        ref: str | None,
        tekst: str,
        fra: Any = None,
        til: Any = None,
        *,
        key: str = "",
    ) -> None:
        """One detail; `key` names the field `fra` and `til` are values of (a whole item's
        fields are named by its own keys)."""
        tekst = tekst[:1].upper() + tekst[1:]
        self.details.append(Detail(hva, ref, tekst, self.plain(fra, key), self.plain(til, key)))

    def secret(self, value: Any, key: str) -> bool:
        """Whether a value under a field may not be shown: in a graded record, everything that
        is not a code of the schema (models.fields), whatever it looks like."""
        if value is None or isinstance(value, dict | list):
            return False
        return not shown_value(key, value, self.hidden)

    def plain(self, value: Any, key: str) -> Any:
        """The value for JSON: dates as ISO text, graded free text left out."""
        if isinstance(value, dict):
            return {k: self.plain(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.plain(v, key) for v in value]
        if self.secret(value, key):
            return None
        return value.isoformat() if isinstance(value, date) else value

    def show(self, value: Any, key: str) -> str:
        """A value of a field as a reader wants it: 4,8 and 12 500 000, ja/nei, long text
        shortened, a graded record's text not at all."""
        if value is None or value in ([], {}):
            return "(tom)"
        if isinstance(value, list):
            return ", ".join(self.show(v, key) for v in value)
        if isinstance(value, dict):
            return ", ".join(f"{label(str(k))} {self.show(v, str(k))}" for k, v in value.items())
        if self.secret(value, key):
            return GRADED_TEXT
        return self._text(value, key) if isinstance(value, str) else number(value)

    def _text(self, value: str, key: str) -> str:
        if value in self.people:
            return self.people[value]  # a person or unit by name, as everywhere people read
        if is_code(key, value):
            return code(value)  # an id, a date or a code: no quotes
        short = " ".join(value.split())
        return f"«{short[: _LONG - 1]}…»" if len(short) > _LONG else f"«{short}»"

    def long(self, value: Any) -> bool:
        return isinstance(value, str) and ("\n" in value.strip() or len(value) > _LONG)


Compare = Callable[[_Writer, Items, Items], None]


def number(value: Any) -> str:
    """Numbers, dates and yes/no the Norwegian way: 4,8 and 12 500 000, ja/nei."""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return number(int(value))  # 61000000.0 is 61 000 000, not 6,1e+07
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, int):
        return whole(value)
    return day(value) if isinstance(value, date) else str(value)


def _keys(old: Data, new: Data) -> list[str]:
    return [*old, *(k for k in new if k not in old)]


_EMPTY: tuple[Any, ...] = (None, [], {})


def _fields(
    w: _Writer, old: Data, new: Data, skip: Iterable[str] = (), *, ref: str = "", name: str = ""
) -> None:
    """Field by field: nested mappings go one level down, lists of values as added/removed."""
    for key in _keys(old, new):
        a, b = old.get(key), new.get(key)
        if key in skip or a == b or (a in _EMPTY and b in _EMPTY):  # `[]` left out is no change
            continue
        here, what = ref + key, name + label(key)
        if key in _LISTS and (_dicts(a) or _dicts(b)):
            _LISTS[key](w, _dicts(a), _dicts(b))
        elif isinstance(a, dict) and isinstance(b, dict):
            _fields(w, a, b, ref=here + ".", name=what + ", ")
        elif _values(a) and _values(b):
            _members(w, (here, what, key), a or [], b or [])
        else:
            _value(w, ("felt", here, what), key, a, b)


def _value(w: _Writer, where: tuple[str, str, str], key: str, a: Any, b: Any) -> None:
    """A field's value changed; `key` is the field's name, which says whether it is text."""
    hva, ref, what = where
    if a is None:
        w.add(hva, ref, f"{what}: satt til {w.show(b, key)}", a, b, key=key)
    elif b is None:
        w.add(hva, ref, f"{what}: fjernet (var {w.show(a, key)})", a, b, key=key)
    elif HIDDEN in (a, b):  # ims krypter put it in the encrypted part, or took it out
        done = "kryptert" if b == HIDDEN else "dekryptert"
        w.add(hva, ref, f"{what}: teksten er {done}", a, b, key=key)
    elif w.long(a) or w.long(b) or w.secret(a, key) or w.secret(b, key):
        w.add(hva, ref, f"{what}: teksten er endret", a, b, key=key)
    else:
        w.add(hva, ref, f"{what}: {w.show(a, key)} → {w.show(b, key)}", a, b, key=key)


def _values(value: Any) -> bool:
    return value is None or (
        isinstance(value, list) and all(not isinstance(v, dict | list) for v in value)
    )


def _members(w: _Writer, where: tuple[str, str, str], a: list[Any], b: list[Any]) -> None:
    ref, what, key = where
    added = [v for v in b if v not in a]
    gone = [v for v in a if v not in b]
    parts = [f"+ {w.show(v, key)}" for v in added] + [f"− {w.show(v, key)}" for v in gone]
    w.add("felt", ref, f"{what}: {'; '.join(parts) or 'ny rekkefølge'}", a, b, key=key)


def _dicts(value: Any) -> Items:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _keyed(
    old: Items, new: Items, key: str = "id"
) -> tuple[Items, Items, list[tuple[dict[str, Any], dict[str, Any]]]]:
    """Items of two lists matched on a key: (added, removed, both)."""
    before = {str(i.get(key)): i for i in old}
    after = {str(i.get(key)): i for i in new}
    added = [i for k, i in after.items() if k not in before]
    removed = [i for k, i in before.items() if k not in after]
    both = [(before[k], i) for k, i in after.items() if k in before and before[k] != i]
    return added, removed, both


# --- tiltak ------------------------------------------------------------------------------------


def _tiltak(w: _Writer, old: Items, new: Items, risk: str | None = None) -> None:
    """Tiltak opened, closed, cancelled and frister moved; `risk` is the ROS risk they sit under."""
    at = f" ({risk})" if risk else ""
    added, removed, both = _keyed(old, new)
    for t in added:
        tid, status = t.get("id"), t.get("status")
        if "samme_som" in t:
            same = w.show(t.get("samme_som"), "samme_som")
            w.add("tiltak", tid, f"tiltak {tid}{at} lagt til: det samme som {same}", None, t)
            continue
        state = "lagt til som fullført" if status == "fullfort" else "åpnet"
        w.add(
            "tiltak",
            tid,
            f"tiltak {tid}{at} {state}: {w.show(t.get('beskrivelse'), 'beskrivelse')} – "
            f"{w.show(t.get('ansvarlig'), 'ansvarlig')}, frist {w.show(t.get('frist'), 'frist')}",
            None,
            t,
        )
    for t in removed:
        was = w.show(t.get("status"), "status")
        w.add("tiltak", t.get("id"), f"tiltak {t.get('id')}{at} fjernet (var {was})", t)
    for a, b in both:
        _tiltak_changed(w, a, b, at)


def _tiltak_changed(w: _Writer, a: dict[str, Any], b: dict[str, Any], at: str) -> None:
    tid = b.get("id")
    moved_status = a.get("status") != b.get("status")
    if moved_status:
        if b.get("status") == "fullfort":
            w.add(
                "tiltak",
                tid,
                f"tiltak {tid}{at} lukket: fullført {w.show(b.get('fullfort'), 'fullfort')}",
                a.get("status"),
                "fullfort",
                key="status",
            )
        elif b.get("status") == "avbrutt":
            w.add(
                "tiltak", tid, f"tiltak {tid}{at} avbrutt", a.get("status"), "avbrutt", key="status"
            )
        else:
            w.add(
                "tiltak",
                tid,
                f"tiltak {tid}{at}: status {w.show(a.get('status'), 'status')} → "
                f"{w.show(b.get('status'), 'status')}",
                a.get("status"),
                b.get("status"),
                key="status",
            )
    if a.get("frist") != b.get("frist"):
        reason = _reason(a, b)
        why = f" – {w.show(reason, 'begrunnelse')}" if reason else ""
        w.add(
            "tiltak",
            tid,
            f"tiltak {tid}{at}: frist flyttet {w.show(a.get('frist'), 'frist')} → "
            f"{w.show(b.get('frist'), 'frist')}{why}",
            a.get("frist"),
            b.get("frist"),
            key="frist",
        )
    skip = {"id", "status", "frist", "fristendringer"} | ({"fullfort"} if moved_status else set())
    _fields(w, a, b, skip, ref=f"{tid}.", name=f"tiltak {tid}{at}, ")


def _reason(a: dict[str, Any], b: dict[str, Any]) -> Any:
    """The begrunnelse of the frist change `ims tiltak move` recorded with this move."""
    old = _dicts(a.get("fristendringer"))
    new = [c for c in _dicts(b.get("fristendringer")) if c not in old]
    return new[-1].get("begrunnelse") if new else None


# --- ROS risks ---------------------------------------------------------------------------------


def _cell(risk: Data | None, config: Config) -> tuple[int, int, str] | None:
    """(sannsynlighet, konsekvens, level) with the highest dimension; None when not scored."""
    if not isinstance(risk, Mapping):
        return None
    s, k = risk.get("sannsynlighet"), risk.get("konsekvens")
    if isinstance(k, dict):
        k = max((v for v in k.values() if isinstance(v, int)), default=None)
    if not isinstance(s, int) or not isinstance(k, int):
        return None
    try:
        return s, k, config.risiko.cell_level(s, k)
    except IndexError:
        return s, k, "?"


def cell_text(cell: tuple[int, int, str] | None) -> str:
    if cell is None:
        return "ikke vurdert"
    return f"{cell[0]}×{cell[1]} ({level_label(cell[2])})"


def _cell_json(cell: tuple[int, int, str] | None) -> dict[str, Any] | None:
    return (
        None if cell is None else {"sannsynlighet": cell[0], "konsekvens": cell[1], "niva": cell[2]}
    )


def _risks(w: _Writer, old: Items, new: Items) -> None:
    added, removed, both = _keyed(old, new)
    for r in added:
        cell = _cell(r, w.config)
        w.add(
            "risiko",
            r.get("id"),
            f"ny risiko {r.get('id')}: {w.show(r.get('trussel'), 'trussel')} – {cell_text(cell)}",
            None,
            _cell_json(cell),
        )
        _tiltak(w, [], _dicts(r.get("tiltak")), r.get("id"))
    for r in removed:
        cell = _cell(r, w.config)
        w.add(
            "risiko",
            r.get("id"),
            f"risiko {r.get('id')} fjernet (var {cell_text(cell)})",
            _cell_json(cell),
        )
    for a, b in both:
        _risk_changed(w, a, b)


def _risk_changed(w: _Writer, a: dict[str, Any], b: dict[str, Any]) -> None:
    rid, config = b.get("id"), w.config
    before, after = _cell(a, config), _cell(b, config)
    if before != after:
        w.add(
            "risiko",
            rid,
            f"{rid}: {cell_text(before)} → {cell_text(after)}",
            _cell_json(before),
            _cell_json(after),
        )
    rest_a, rest_b = _cell(a.get("restrisiko"), config), _cell(b.get("restrisiko"), config)
    if rest_a != rest_b:
        w.add(
            "risiko",
            f"{rid}.restrisiko",
            f"{rid} restrisiko: {cell_text(rest_a)} → {cell_text(rest_b)}",
            _cell_json(rest_a),
            _cell_json(rest_b),
        )
    _tiltak(w, _dicts(a.get("tiltak")), _dicts(b.get("tiltak")), rid)
    skip = {"id", "sannsynlighet", "restrisiko", "tiltak"} | (
        {"konsekvens"} if before != after else set()
    )
    _fields(w, a, b, skip, ref=f"{rid}.", name=f"risiko {rid}, ")


# --- the other lists: activities, goals and results, dialogues, change log, audit findings ----


def _items(
    hva: str, name: tuple[str, str], key: str, summary: Callable[[_Writer, dict[str, Any]], str]
) -> Compare:
    """Compare a list of items with an identifying key; changed items field by field.

    `name` is the noun with its word for new, as gender wants it: ("nytt", "mål").
    """
    new_word, noun = name

    def compare(w: _Writer, old: Items, new: Items) -> None:
        added, removed, both = _keyed(old, new, key)
        for i in added:
            text = f"{new_word} {noun} {i.get(key)}: {summary(w, i)}"
            w.add(hva, str(i.get(key)), text, None, i)
        for i in removed:
            w.add(hva, str(i.get(key)), f"{noun} {i.get(key)} fjernet: {summary(w, i)}", i)
        for a, b in both:
            ref = str(b.get(key))
            if hva == "mal":
                _results(w, ref, _dicts(a.get("resultater")), _dicts(b.get("resultater")))
            _fields(w, a, b, {key, "resultater"}, ref=f"{ref}.", name=f"{noun} {ref}, ")

    return compare


def _results(w: _Writer, goal: str, old: Items, new: Items) -> None:
    added, removed, both = _keyed(old, new, "periode")
    for r in added:
        w.add(
            "resultat",
            f"{goal}/{r.get('periode')}",
            f"mål {goal}: nytt resultat for {r.get('periode')}: {w.show(r.get('verdi'), 'verdi')}",
            None,
            r.get("verdi"),
            key="verdi",
        )
    for r in removed:
        w.add(
            "resultat",
            f"{goal}/{r.get('periode')}",
            f"mål {goal}: resultatet for {r.get('periode')} er fjernet",
            r.get("verdi"),
            key="verdi",
        )
    for a, b in both:
        period = b.get("periode")
        where = ("resultat", f"{goal}/{period}", f"mål {goal}, resultat for {period}")
        _value(w, where, "verdi", a.get("verdi"), b.get("verdi"))


def _said(*keys: str) -> Callable[[_Writer, dict[str, Any]], str]:
    def summary(w: _Writer, item: dict[str, Any]) -> str:
        return " – ".join(w.show(item[k], k) for k in keys if item.get(k) is not None) or "(tom)"

    return summary


# Lists of items compared item by item, by the key that names them (when the list holds items).
_LISTS: dict[str, Compare] = {
    "tiltak": _tiltak,
    "risikoer": _risks,
    "beslutninger": _tiltak,
    "aktiviteter": _items("aktivitet", ("ny", "aktivitet"), "id", _said("navn", "ansvar")),
    "endringslogg": _items(
        "endringslogg",
        ("nytt", "innslag i endringsloggen for versjon"),
        "versjon",
        _said("beskrivelse", "dato", "av"),
    ),
    "mal": _items("mal", ("nytt", "mål"), "id", _said("beskrivelse", "malverdi")),
    "lederdialog": _items("lederdialog", ("ny", "lederdialog"), "dato", _said("referat")),
    "funn": _items("funn", ("nytt", "funn"), "id", _said("type", "beskrivelse")),
    "enheter": _items("enhet", ("ny", "enhet"), "id", _said("navn", "niva")),
    "personer": _items("person", ("ny", "person"), "id", _said("navn", "rolle")),
    "lovkrav": _items("lovkrav", ("nytt", "lovkrav"), "id", _said("tittel")),
    "risikobank": _items("risikobank", ("ny", "risiko i risikobanken"), "id", _said("navn")),
}


# --- the Markdown body of a process description ------------------------------------------------


def _sections(body: str | None) -> dict[str, list[str]]:
    """The body's text by heading; what comes before the first heading is the introduction."""
    sections: dict[str, list[str]] = {}
    current = "(innledning)"
    for line in (body or "").splitlines():
        if line.startswith("#"):
            current = line.lstrip("#").strip() or current
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return {k: v for k, v in sections.items() if k != "(innledning)" or any(x.strip() for x in v)}


def _body(w: _Writer, old: str | None, new: str | None) -> None:
    if HIDDEN in ((old or "").strip(), (new or "").strip()):
        done = "kryptert" if (new or "").strip() == HIDDEN else "dekryptert"
        w.add("seksjon", None, f"teksten er {done}")
        return
    if w.hidden:  # a graded record's headings are its text too
        plus, minus = _counts((old or "").splitlines(), (new or "").splitlines())
        w.add("seksjon", None, f"teksten er endret (+{plus} −{minus} linjer)")
        return
    before, after = _sections(old), _sections(new)
    for heading in after.keys() - before.keys():
        lines = counted(_lines(after[heading]), "linje", "linjer")
        w.add("seksjon", heading, f"ny seksjon «{heading}» ({lines})")
    for heading in before.keys() - after.keys():
        w.add("seksjon", heading, f"seksjonen «{heading}» er fjernet")
    for heading in after:
        if heading in before and before[heading] != after[heading]:
            plus, minus = _counts(before[heading], after[heading])
            w.add("seksjon", heading, f"seksjonen «{heading}» er endret (+{plus} −{minus} linjer)")


def _lines(lines: list[str]) -> int:
    return sum(1 for x in lines if x.strip())


def _counts(a: list[str], b: list[str]) -> tuple[int, int]:
    plus = minus = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            minus += i2 - i1
            plus += j2 - j1
    return plus, minus


# --- one record --------------------------------------------------------------------------------

_SUMMARY = ("tittel", "type", "enhet", "status", "versjon", "aar", "leder", "niva", "dato")


def changed(
    old: Data,
    new: Data,
    config: Config,
    hidden: bool,
    bodies: tuple[str | None, str | None] = (None, None),
    *,
    people: Mapping[str, str] = MappingProxyType({}),
) -> list[Detail]:
    """Every change from `old` to `new` of one record (or register), in reading order; `people`
    names the person ids (from organisasjon.yaml)."""
    w = _Writer(config, hidden, people)
    _fields(w, old, new)
    if bodies[0] != bodies[1]:
        _body(w, *bodies)
    return w.details


def summary(
    new: Data, config: Config, hidden: bool, people: Mapping[str, str] = MappingProxyType({})
) -> list[Detail]:
    """What a new record is, in a few lines: title, unit, status, and how many risks and tiltak."""
    w = _Writer(config, hidden, people)
    for key in _SUMMARY:
        if new.get(key) is not None:
            w.add("felt", key, f"{label(key)}: {w.show(new[key], key)}", None, new[key], key=key)
    risks = _dicts(new.get("risikoer"))
    if risks:
        worst = max(
            (c for r in risks if (c := _cell(r, config))), key=lambda c: c[0] * c[1], default=None
        )
        many = counted(len(risks), "risiko", "risikoer")
        w.add("risiko", None, f"{many}, høyeste {cell_text(worst)}")
    return w.details
