"""New records from templates, with the next free id, checked before they are written."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from ims_cli.analytics.dates import add_months
from ims_cli.analytics.units import ancestor_at, by_id
from ims_cli.errors import UserError
from ims_cli.findings import Finding
from ims_cli.gitio.ids import next_free_id
from ims_cli.kinds import Kind, by_name
from ims_cli.kinds.avvik import UNNAMED_REPORTERS
from ims_cli.models.vocabulary import Listed
from ims_cli.render.templates import environment, render
from ims_cli.rules.run import record_findings
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store import files, lock, roundtrip, yamlfile
from ims_cli.store.load import PLACEHOLDER_CODE, Repository, StoredRecord, read_file
from ims_cli.store.write import write_new


@dataclass(frozen=True)
class Created:
    path: str
    text: str


def _slug(title: str) -> str:
    folded = title.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:50]


def _record_id(repo: Repository, kind: Kind, values: dict[str, Any], year: int) -> str:
    if kind.numbered:
        return next_free_id(repo, kind.prefix, year)
    number = str(values["id"])  # chosen by hand, as a process's number in the process map
    record_id = number if number.startswith(f"{kind.prefix}-") else f"{kind.prefix}-{number}"
    if record_id in repo.ids:
        raise UserError(f"{record_id} finnes allerede i {repo.ids[record_id][0]}")
    return record_id


def _template_values(repo: Repository, kind: Kind, values: dict[str, Any]) -> dict[str, Any]:
    """What the templates may use besides the user's own values."""
    risiko, frister = repo.config.risiko, repo.config.frister
    unit = by_id(repo.organisasjon).get(values.get("enhet", ""))
    months = getattr(frister, kind.interval)
    return {
        "niva": values.get("niva") or (unit.niva if unit else "virksomhet"),
        "neste": add_months(values["dato"], months),
        "fra": add_months(values["dato"], -12),
        "grense": risiko.tiltak_kreves_over,
        "rader": len(risiko.sannsynlighet),
        "kolonner": len(risiko.konsekvens),
        "revisor": values.get("revisor") or "",
        "meldt_av": values.get("meldt_av"),
        "enhetsleder": unit.leder if unit else None,
        "ik": repo.config.internkontroll,
        "verdier": repo.config.vocabulary(),  # ims.yaml's lists, for the comments
    }


def missing(kind: str, given: dict[str, Any]) -> list[str]:
    """The fields a kind needs that were not given (and have no default)."""
    spec = by_name(kind)
    values = {**spec.defaults, **{k: v for k, v in given.items() if v is not None}}
    return [name for name in spec.required if name not in values]


def choices(repo: Repository, kind: str, field: str) -> list[str]:
    """What a field may be: the units or people of organisasjon.yaml, or the values the kind's
    model allows; empty for free text (a title) or a date."""
    org = repo.organisasjon
    if field == "enhet":
        return [u.id for u in org.enheter] if org else []
    if field in ("ansvarlig", "eier", "leder", "overordnet"):
        return [p.id for p in org.personer] if org else []
    if field == "meldt_av":
        return [*sorted(UNNAMED_REPORTERS), *(p.id for p in org.personer)] if org else []
    info = by_name(kind).model.model_fields.get(field)
    if info is None:
        return []
    listed = next((m for m in info.metadata if isinstance(m, Listed)), None)
    if listed is not None:  # ims.yaml's own words (verdier:)
        return list(getattr(repo.config.vocabulary(), listed.name))
    return _literal(info.annotation)


def _literal(annotation: Any) -> list[str]:
    """The values a Literal allows, also inside Optional or Annotated; none for another type."""
    if get_origin(annotation) is Literal:
        return [str(v) for v in get_args(annotation)]
    if get_origin(annotation) in (Annotated, Union, UnionType):
        return next((found for a in get_args(annotation) if (found := _literal(a))), [])
    return []


def prepare(repo: Repository, kind: str, given: dict[str, Any], day: date) -> Created:
    """Render the template for a kind; refuse with the reasons when the record would be wrong."""
    spec = by_name(kind)
    values = {**spec.defaults, **{k: v for k, v in given.items() if v is not None}}
    missing = [f"--{name.replace('_', '-')}" for name in spec.required if name not in values]
    if missing:
        anonymous = " (eller --anonym)" if "--meldt-av" in missing else ""
        raise UserError(f"ims new {kind} trenger også {', '.join(missing)}{anonymous}")
    values.setdefault("dato", day)
    if "enhet" in values and values["enhet"] not in by_id(repo.organisasjon):
        raise UserError(f"enheten «{values['enhet']}» finnes ikke i records/organisasjon.yaml")
    year = values.get("aar") or (values.get("planlagt") or values["dato"]).year
    record_id = _record_id(repo, spec, values, year)
    values.update(id=record_id, aar=year)
    name = record_id
    if not spec.numbered:  # a number chosen by hand says little: the title follows it
        name = f"{record_id.removeprefix(f'{spec.prefix}-')}-{_slug(values['tittel'])}"
    path = place(repo, spec, values, name)
    text = produce(repo, spec, path, values)
    check_new(repo, path, text)
    return Created(path, text)


def place(repo: Repository, kind: Kind, values: dict[str, Any], name: str) -> str:
    """Where a new record of a kind goes (Kind.folder), its file named `name`."""
    year = values.get("aar") or (values.get("planlagt") or values["dato"]).year
    unit = values.get("enhet", "")
    area = ancestor_at(repo.organisasjon, unit, "tjenesteomrade")
    return kind.path(name, year, area or unit)


def produce(
    repo: Repository,
    kind: Kind,
    path: str,
    values: dict[str, Any],
    *,
    data: dict[str, Any] | None = None,
    note: str | None = None,
) -> str:
    """A new record's text, the same whichever command makes it: the kind's template (the
    repository's own first) rendered with the values; when the command has the record's data
    whole (an import, an audit's finding made an avvik), that data laid onto it through the round
    trip — the template's order, comments and layout kept for what stays, what it lacks added
    as every edit adds it. `note` is a first comment line (where the record came from)."""
    values = {**values, **_template_values(repo, kind, values)}
    values["utfylt"] = data is not None  # nothing left for the user to fill in
    schema = repo.root / "schemas" / kind.schema
    # For editors with yaml-language-server: completion and checking while the record is filled in.
    values["schema"] = (
        Path(os.path.relpath(schema, (repo.root / path).parent)).as_posix()
        if not kind.markdown and schema.is_file()
        else None
    )
    own = repo.root / "templates" / "new"
    text = render(environment("new", repo.root), kind.template, own, **values)
    if data is not None:
        text, _ = roundtrip.apply(text, [roundtrip.Sync((), None, data)], kind.markdown)
    return f"# {note}\n{text}" if note else text


def from_data(repo: Repository, kind: Kind, path: str, data: dict[str, Any], note: str) -> str:
    """A new record whose data a command has whole (`ims import ros`, `ims revisjon avvik`),
    written as `ims new` writes one of its kind (produce)."""
    dated = next((v for v in data.values() if isinstance(v, date)), None)
    values = {"dato": dated or date.min, **data}  # the template's own dates are replaced
    return produce(repo, kind, path, values, data=data, note=note)


def created(repo: Repository, make: Callable[[], Created]) -> Created:
    """Make a new record and write it, under the repository's lock: its id is the next free one
    also when other ims commands create records at the same time."""
    with lock.repository_locked(repo.root):
        made = make()
        write_new(repo.root / made.path, made.text)
    return made


def create(repo: Repository, kind: str, given: dict[str, Any], day: date) -> Created:
    """`ims new`: the record from its template, checked, written with the next free id."""
    return created(repo, lambda: prepare(repo, kind, given, day))


def findings_of(repo: Repository, path: str) -> list[Finding]:
    """A record file's findings, as «ims validate» gives them (its own and the rules')."""
    try:
        raw = files.read(str(repo.root), path)
    except files.Unreadable as problem:
        raise UserError(f"{path}: {problem.message}") from None
    result = read_file(path, raw, VALIDATOR, vocabulary=repo.config.vocabulary())
    found = list(result.findings)
    if result.model is not None and result.kind is not None:
        stored = StoredRecord(path, result.kind, result.model)  # type: ignore[arg-type]
        found += record_findings(stored, repo)
    return found


# What a new record may still have, as the user is meant to deal with it next: the placeholders
# to fill in (S005), and a graded record's text in clear with kryptering on (K001; a varsel is
# strengt fortrolig from its first line), to encrypt with `ims krypter` once it is written. Both
# keep the record failing validation until then.
LATER = frozenset({PLACEHOLDER_CODE, "K001"})


def check_new(repo: Repository, path: str, text: str) -> None:
    """As `ims validate` would check it, except for what the user is meant to do next (LATER)."""
    result = read_file(path, text.encode("utf-8"), VALIDATOR, vocabulary=repo.config.vocabulary())
    found = [f for f in result.findings if f.severity == "feil" and f.code not in LATER]
    problems = [f"{f.code} {f.message}" for f in found]
    if result.model is not None and result.kind is not None:
        stored = StoredRecord(path, result.kind, result.model)  # type: ignore[arg-type]
        checks = record_findings(stored, repo)
        problems += [
            f"{f.code} {f.message}" for f in checks if f.severity == "feil" and f.code not in LATER
        ]
    if problems:
        raise UserError("posten ble ikke laget: " + "; ".join(problems))


REPORT_BLOCK = "# ims: ledelsens gjennomgang"


def from_report(repo: Repository, report: Path) -> Created:
    """A ledelsens gjennomgang record from the filled-in block of an `ims report lg` Markdown file:
    the block as written (comments kept), with the next free id put first."""
    advice = "pek på Markdown-filen fra «ims report lg»"
    try:
        text = yamlfile.decode(files.read_given(report, files.MAX_BYTES, advice))
    except files.Unreadable as problem:
        raise UserError(f"{report}: {problem.message}") from None
    except yamlfile.FileProblem as problem:  # not UTF-8
        raise UserError(f"{report}:{problem.line}:{problem.column}: {problem.message}") from None
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == REPORT_BLOCK), None)
    if start is None:
        raise UserError(
            f"{report}: fant ikke blokken som begynner med «{REPORT_BLOCK}»; bruk Markdown-filen "
            "fra «ims report lg»"
        )
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("```")), len(lines))
    block = "\n".join(lines[start + 1 : end]) + "\n"
    unfilled = [start + 2 + i for i, line in enumerate(lines[start + 1 : end]) if "…" in line]
    if unfilled:
        raise UserError(
            f"{report}:{unfilled[0]}: blokken er ikke fylt ut (står fortsatt «…»); skriv "
            "konklusjonen og beslutningene, eller fjern beslutninger dere ikke trenger"
        )
    dato = re.search(r"^dato:\s*(\d{4}-\d{2}-\d{2})", block, re.MULTILINE)
    if dato is None:
        raise UserError(f"{report}:{start + 2}: blokken mangler «dato: ÅÅÅÅ-MM-DD» (møtedatoen)")
    kind = by_name("lg")
    record_id = next_free_id(repo, kind.prefix, int(dato.group(1)[:4]))
    path = f"{kind.folder}/{record_id}{kind.suffix}"
    body = f"# Ledelsens gjennomgang, fra {report.name}\nid: {record_id}\n{block}"
    check_new(repo, path, body)
    return Created(path, body)
