"""Reports from people without git (`ims serve`'s forms, `ims import epost`): each one avvik,
written as `ims new` writes one, with the next free id under the repository's lock, checked
before it is written, and committed on its own.

A form is read here into a `Report`, or into the Norwegian messages that say which field is
wrong; nothing is written for a report with a problem. A fødselsnummer typed into the free
text is masked (the confidentiality policy's own mask) before anything is stored.
"""

from __future__ import annotations

import hmac
import re
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ims_cli.confidentiality import HIDDEN, graded, mask, text_for
from ims_cli.errors import UserError
from ims_cli.gitio.commit import commit_new, current_branch, uncommitted
from ims_cli.gitio.ids import next_free_id
from ims_cli.kinds import by_name
from ims_cli.models.avvik import Avvik
from ims_cli.models.registers import address_problem
from ims_cli.models.vocabulary import Vocabulary
from ims_cli.operations.creating import check_new, choices, from_data, place
from ims_cli.operations.encrypting import wanted_keys
from ims_cli.operations.sealed import sealing
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store import lock, roundtrip
from ims_cli.store.load import Repository, StoredRecord, listing, read_file, read_record
from ims_cli.store.write import remove, remove_orphans, write_new

AUTHOR = "ims serve"
# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper comes out right.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE = re.compile(r"^(\d{4})-(\d{4,6})-([0-9A-Z]{8})$")
# The grade a category's text gets when nobody has graded it yet.
CATEGORY_GRADES = {"personvern": "fortrolig"}
REPORT_TYPES = ("avvik", "uonsket_hendelse", "forbedringsforslag", "positiv_tilbakemelding")
MAX_TEXT = 10_000  # characters of one free-text field
MAX_LINE = 200  # characters of a one-line field (a title, a place, a name)
_writer = threading.Lock()  # the threads of one server take turns before the repository's lock


@dataclass(frozen=True)
class Report:
    """One report as a form or an e-mail gives it."""

    kilde: str  # ansatt | innbygger
    enhet: str
    kategori: str
    type: str
    tittel: str
    beskrivelse: str
    meldt_av: str  # a person id, anonym or innbygger
    hendt: date | datetime | None = None
    sted: str | None = None
    strakstiltak: str | None = None
    alvorlighet: int | None = None
    navn: str | None = None
    epost: str | None = None
    personskade: str | None = None  # hms: was anyone injured (ingen, lettere, alvorlig, dodsfall)
    vold: bool = False  # hms: violence or threats
    melding_id: str | None = None
    vedlegg: tuple[str, ...] = ()


class NotValid(UserError):
    """A report the record's rules refuse (as `ims validate` would): the reporter is told why."""


INJURIES = ("ingen", "lettere", "alvorlig", "dodsfall")


@dataclass(frozen=True)
class Receipt:
    """What the reporter is told: the record's id, the tracking code, whether text was masked."""

    record_id: str
    code: str
    path: str
    masked: bool


@dataclass
class Problems:
    """Why a form cannot be taken, field by field, in Norwegian."""

    fields: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, message)


def read_code(text: str) -> tuple[str, str] | None:
    """The record id and sporing a tracking code names, read as people type it (lower case,
    spaces, O for 0, I or L for 1); None when it is no code."""
    cleaned = re.sub(r"\s+", "", text).upper()
    head, _, tail = cleaned.rpartition("-")
    tail = tail.translate(str.maketrans("OIL", "011"))
    match = CODE.match(f"{head}-{tail}")
    if match is None:
        return None
    return f"AVV-{match.group(1)}-{match.group(2)}", match.group(3)


def _text(form: Mapping[str, str], name: str) -> str:
    return " ".join(form.get(name, "").split()) if name else ""


def _long(form: Mapping[str, str], name: str) -> str:
    """A multi-line field: line breaks kept, the ends of lines and the whole trimmed."""
    lines = form.get(name, "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _when(form: Mapping[str, str], today: date, problems: Problems) -> date | datetime | None:
    """hendt from the form's date (ÅÅÅÅ-MM-DD, or dd.mm.åååå) and optional time (TT:MM)."""
    day_text, time_text = _text(form, "hendt_dato"), _text(form, "hendt_tid")
    if not day_text:
        if time_text:
            problems.add("hendt_dato", "Skriv datoen når du har skrevet et klokkeslett.")
        return None
    day = _day(day_text)
    why = _day_problem(day, today)
    if why or day is None:
        problems.add("hendt_dato", why or "")
        return None
    if not time_text:
        return day
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", time_text)
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        problems.add("hendt_tid", "Skriv klokkeslettet som TT:MM, for eksempel 22:40.")
        return day
    return datetime.combine(day, time(int(match.group(1)), int(match.group(2))))


def _day_problem(day: date | None, today: date) -> str | None:
    if day is None:
        return "Skriv datoen som dd.mm.åååå, for eksempel 14.03.2026."
    if day > today:
        return "Datoen kan ikke være etter i dag."
    if day.year < today.year - 10:
        return "Datoen er mer enn ti år tilbake; sjekk årstallet."
    return None


def _day(text: str) -> date | None:
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    norwegian = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if norwegian:
            return date(int(norwegian.group(3)), int(norwegian.group(2)), int(norwegian.group(1)))
    except ValueError:
        return None
    return None


def _checked_text(
    form: Mapping[str, str], name: str, problems: Problems, *, required: str | None, limit: int
) -> str:
    value = _long(form, name) if limit == MAX_TEXT else _text(form, name)
    if not value and required:
        problems.add(name, required)
    elif len(value) > limit:
        problems.add(name, f"Teksten er for lang ({len(value)} tegn); kort den ned til {limit}.")
    return value


def _contact(form: Mapping[str, str], problems: Problems) -> tuple[str | None, str | None]:
    """Name and e-mail address, when the reporter wants an answer (svar=ja) or gives them."""
    navn = _checked_text(form, "navn", problems, required=None, limit=MAX_LINE) or None
    epost = _text(form, "epost") or None
    if form.get("svar") == "ja" and not epost:
        problems.add("epost", "Skriv e-postadressen svaret skal sendes til.")
    if epost:
        why = address_problem(epost)
        if why:
            problems.add("epost", f"E-postadressen {why}. Skriv den som navn@domene.no.")
    return navn, epost


def _choice(
    form: Mapping[str, str], name: str, allowed: list[str], problems: Problems, message: str
) -> str:
    value = form.get(name, "").strip()
    if value not in allowed:
        problems.add(name, message)
    return value


def units(repo: Repository) -> list[str]:
    """The units a report may be for: every unit of organisasjon.yaml."""
    return choices(repo, "avvik", "enhet")


def categories(repo: Repository) -> list[str]:
    """The kategorier an avvik may have (ims.yaml's own words where it has them)."""
    return choices(repo, "avvik", "kategori")


def employee_report(
    repo: Repository, form: Mapping[str, str], person: str | None, today: date
) -> Report | Problems:
    """/meld: an employee's report. `person` is who the reverse proxy says is logged in (a person
    id of organisasjon.yaml), None when nobody is; «anonym» in the form keeps the name out."""
    problems = Problems()
    # in the form's order: the summary at the top lists the problems as the fields come
    kind = _choice(form, "type", list(REPORT_TYPES), problems, "Velg hva slags melding det er.")
    enhet = _choice(form, "enhet", units(repo), problems, "Velg enheten det gjelder.")
    kategori = _choice(form, "kategori", categories(repo), problems, "Velg en kategori.")
    tittel = _checked_text(
        form, "tittel", problems, required="Skriv en kort overskrift.", limit=MAX_LINE
    )
    beskrivelse = _checked_text(
        form, "beskrivelse", problems, required="Beskriv hva som skjedde.", limit=MAX_TEXT
    )
    hendt = _when(form, today, problems)
    sted = _checked_text(form, "sted", problems, required=None, limit=MAX_LINE) or None
    strakstiltak = _checked_text(form, "strakstiltak", problems, required=None, limit=MAX_TEXT)
    alvorlighet = None
    if form.get("alvorlighet", ""):
        level = _choice(form, "alvorlighet", list("12345"), problems, "Velg fra 1 til 5.")
        alvorlighet = int(level) if level in "12345" else None
    navn, epost = _contact(form, problems)
    personskade = form.get("personskade", "") or None
    if personskade is not None and personskade not in INJURIES:
        problems.add("personskade", "Velg et av svarene.")
    if kategori == "hms" and kind == "uonsket_hendelse" and personskade is None:
        problems.add("personskade", "Svar på om noen ble skadet (arbeidsmiljøloven § 5-2).")
    if problems.fields:
        return problems
    anonymous = form.get("anonym") == "ja" or person is None
    return Report(
        "ansatt",
        enhet,
        kategori,
        kind,
        tittel,
        beskrivelse,
        "anonym" if anonymous else str(person),
        hendt=hendt,
        sted=sted,
        strakstiltak=strakstiltak or None,
        alvorlighet=alvorlighet,
        navn=None if anonymous and person is not None else navn,
        epost=epost,
        personskade=personskade,
        vold=form.get("vold") == "ja",
    )


def citizen_report(repo: Repository, form: Mapping[str, str], today: date) -> Report | Problems:
    """/meld/innbygger: a report from an innbygger: which service, what happened, and a name and
    an address only when they want an answer."""
    problems = Problems()
    kind = _choice(form, "type", list(REPORT_TYPES), problems, "Velg hva det gjelder.")
    enhet = _choice(form, "enhet", units(repo), problems, "Velg tjenesten det gjelder.")
    beskrivelse = _checked_text(
        form, "beskrivelse", problems, required="Skriv hva som skjedde.", limit=MAX_TEXT
    )
    hendt = _when(form, today, problems)
    navn, epost = _contact(form, problems)
    if problems.fields:
        return problems
    return Report(
        "innbygger",
        enhet,
        "tjenestekvalitet" if "tjenestekvalitet" in categories(repo) else categories(repo)[0],
        kind,
        title_of(beskrivelse),
        beskrivelse,
        "innbygger",
        hendt=hendt,
        navn=navn,
        epost=epost,
    )


def title_of(text: str) -> str:
    """A title from a text: its first sentence, at most 80 characters."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0]
    first = " ".join(first.split()) or "Melding uten tekst"
    return first if len(first) <= 80 else first[:79].rstrip() + "…"


def _masked(report: Report) -> tuple[dict[str, Any], bool]:
    """The report's free text with every fødselsnummer masked, and whether one was."""
    texts = {
        "tittel": report.tittel,
        "beskrivelse": report.beskrivelse,
        "sted": report.sted,
        "strakstiltak": report.strakstiltak,
    }
    masked = {k: mask(v) if v else v for k, v in texts.items()}
    return masked, masked != texts


def _moment(when: date | datetime | None) -> date | str | None:
    """A date as it is; a date with a time as the records write it (2026-03-13T22:40)."""
    return f"{when:%Y-%m-%dT%H:%M}" if isinstance(when, datetime) else when


def _data(report: Report, record_id: str, sporing: str, today: date) -> tuple[dict[str, Any], bool]:
    texts, was_masked = _masked(report)
    contact = {"navn": report.navn, "epost": report.epost}
    data: dict[str, Any] = {
        "id": record_id,
        "type": report.type,
        "tittel": texts["tittel"],
        "beskrivelse": texts["beskrivelse"] + "\n",
        "meldt": today,
        "hendt": _moment(report.hendt),
        "sted": texts["sted"],
        "meldt_av": report.meldt_av,
        "kilde": report.kilde,
        "enhet": report.enhet,
        "kategori": report.kategori,
        "alvorlighet": report.alvorlighet,
        "gradering": CATEGORY_GRADES.get(report.kategori, "intern"),
        "status": "meldt",
        "strakstiltak": texts["strakstiltak"],
        "kontakt": {k: v for k, v in contact.items() if v} or None,
        "sporing": sporing,
        "melding_id": report.melding_id,
        "vedlegg": list(report.vedlegg),
    }
    if report.personskade is not None:
        data["hms"] = {"personskade": report.personskade, "vold_og_trusler": report.vold}
    if report.kategori == "personvern":  # required of the category; the adviser assesses it
        data["personvern"] = {"brudd": "uavklart", "oppdaget": _moment(report.hendt) or today}
    return {k: v for k, v in data.items() if v not in (None, [])}, was_masked


def sealed(repo: Repository, path: str, text: str) -> str:
    """A new graded report's text encrypted to its readers' public keys when ims.yaml says
    `kryptering: {pa: true}` (as `ims krypter` does it); the writer needs no private key."""
    if not repo.config.kryptering.pa:
        return text
    result = read_file(path, text.encode("utf-8"), VALIDATOR, vocabulary=repo.config.vocabulary())
    record = result.model
    if result.kind is None or not isinstance(record, Avvik) or not graded(record.gradering):
        return text
    stored = StoredRecord(path, result.kind, record)
    changes = sealing(stored, wanted_keys(repo, record), None)
    return roundtrip.apply(text, changes, False)[0]


def check_branch(root: Path, branch: str | None) -> None:
    """Refuse to take reports when the work tree is not on the branch ims.yaml names."""
    here = current_branch(root)
    if here is None:
        raise UserError(
            f"{root} er ikke en git-arbeidskopi med en gren sjekket ut; ims serve lagrer hver "
            "melding som en commit. Kjør «git init» eller «git switch GREN» først"
        )
    if branch and here != branch:
        raise UserError(
            f"ims.yaml sier innmelding.gren: {branch}, men arbeidskopien står på {here}; kjør "
            f"«git switch {branch}» i {root}, eller rett innmelding.gren"
        )


def file_report(
    root: Path, report: Report, today: date, load: Any, note: str = "Meldt i ims serve"
) -> Receipt:
    """Write and commit one report as a new avvik: the next free id and the file written under
    the repository's lock, checked first; a file git would not take is taken back."""
    with _writer, lock.repository_locked(root):
        repo: Repository = load(root)
        kind = by_name("avvik")
        record_id = next_free_id(repo, kind.prefix, today.year)
        sporing = "".join(secrets.choice(ALPHABET) for _ in range(8))
        path = place(repo, kind, {"dato": today, "enhet": report.enhet}, record_id)
        data, was_masked = _data(report, record_id, sporing, today)
        text = sealed(repo, path, from_data(repo, kind, path, data, note))
        try:
            check_new(repo, path, text)
        except UserError as error:
            raise NotValid(str(error)) from None
        write_new(root / path, text)
        try:
            commit_new(root, path, f"{record_id}: {note.lower()} ({report.kilde})", AUTHOR)
        except BaseException:
            remove(root / path)
            raise
    return Receipt(record_id, f"{record_id.removeprefix('AVV-')}-{sporing}", path, was_masked)


def recover(root: Path, vocabulary: Vocabulary) -> list[str]:
    """Commit the reports that were written but not committed when the server stopped (killed
    between the two); their reporters got no receipt, but the report is whole (written
    atomically) and kept. A temporary file of a report killed while it was written goes. The
    ids committed."""
    done = []
    with _writer, lock.repository_locked(root):
        remove_orphans(root / "records" / "avvik")
        for path in uncommitted(root, "records/avvik"):
            stored = read_record(root, path, VALIDATOR, vocabulary=vocabulary)
            record = stored.record if stored else None
            if (
                isinstance(record, Avvik)
                and record.sporing
                and record.kilde in ("ansatt", "innbygger")
            ):
                commit_new(root, path, f"{record.id}: meldt i ims serve ({record.kilde})", AUTHOR)
                done.append(record.id)
    return done


@dataclass(frozen=True)
class Standing:
    """What the status page may show of a report: its status and the answer, by the policy."""

    record_id: str
    code: str
    status: str
    svar: str | None
    meldt: date
    svar_graded: bool  # there is an answer, but the record is graded: not shown here


def standing(root: Path, code: str, vocabulary: Vocabulary) -> Standing | None:
    """The report a tracking code names, when the code is right; None otherwise (a wrong code
    and a missing report look the same to whoever asks)."""
    found = read_code(code)
    if found is None:
        return None
    record_id, sporing = found
    name = f"/{record_id}.yaml"
    path = next((p for p in listing(root, stamped=False) if p.endswith(name)), None)
    stored = read_record(root, path, VALIDATOR, vocabulary=vocabulary) if path else None
    record = stored.record if stored else None
    if not isinstance(record, Avvik) or record.sporing is None:
        return None
    if not hmac.compare_digest(record.sporing.encode(), sporing.encode()):
        return None
    # The answer as an output for the reporter may show it: never a graded record's text.
    svar = text_for(record.svar, record.gradering, "intern")
    graded = svar == HIDDEN
    shown = None if graded else svar
    return Standing(
        record.id, record.tracking_code() or code, record.status, shown, record.meldt, graded
    )
