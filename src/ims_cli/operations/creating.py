"""New records from templates, with the next free id, checked before they are written."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, get_args

from ims_cli.analytics.dates import add_months
from ims_cli.analytics.units import ancestor_at, by_id
from ims_cli.errors import UserError
from ims_cli.findings import Finding
from ims_cli.gitio.ids import next_free_id
from ims_cli.models.avvik import Kategori
from ims_cli.models.revisjon import RevisjonType
from ims_cli.models.ros import Omrade
from ims_cli.render.templates import environment, render
from ims_cli.rules.references import UNNAMED_REPORTERS
from ims_cli.rules.run import record_findings
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store import files, lock, yamlfile
from ims_cli.store.load import PLACEHOLDER_CODE, Repository, StoredRecord, read_file
from ims_cli.store.write import write_new


@dataclass(frozen=True)
class KindSpec:
    prefix: str
    template: str
    folder: str  # may use {year} and {area}
    required: tuple[str, ...]  # options the user must give


KINDS: dict[str, KindSpec] = {
    "avvik": KindSpec(
        "AVV",
        "avvik.yaml.j2",
        "records/avvik/{year}",
        ("enhet", "tittel", "kategori", "meldt_av"),
    ),
    "ros": KindSpec(
        "ROS", "ros.yaml.j2", "records/ros/{area}", ("enhet", "tittel", "omrade", "ansvarlig")
    ),
    "prosess": KindSpec("PRO", "prosess.md.j2", "records/prosesser", ("id", "tittel", "eier")),
    "lederavtale": KindSpec(
        "LA", "lederavtale.yaml.j2", "records/lederavtaler/{year}", ("enhet", "leder", "overordnet")
    ),
    "revisjon": KindSpec(
        "REV", "revisjon.yaml.j2", "records/revisjoner", ("enhet", "tittel", "type", "planlagt")
    ),
    "lg": KindSpec("LG", "lg.yaml.j2", "records/ledelsens-gjennomgang", ("enhet",)),
    "egenvurdering": KindSpec("EV", "egenvurdering.yaml.j2", "records/egenvurderinger", ("enhet",)),
}
# What a value means when the user leaves it out. Who reported an avvik is never assumed: an
# anonymous report is said so (--anonym), not what a forgotten option becomes.
DEFAULTS = {
    "avvik": {"type": "avvik", "kilde": "ansatt"},
    "prosess": {"type": "hovedprosess"},
}


@dataclass(frozen=True)
class Created:
    path: str
    text: str


def _slug(title: str) -> str:
    folded = title.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:50]


def _record_id(repo: Repository, kind: str, values: dict[str, Any], year: int) -> str:
    if kind != "prosess":
        return next_free_id(repo, KINDS[kind].prefix, year)
    number = str(values["id"])
    record_id = number if number.startswith("PRO-") else f"PRO-{number}"
    if record_id in repo.ids:
        raise UserError(f"{record_id} finnes allerede i {repo.ids[record_id][0]}")
    return record_id


def _template_values(repo: Repository, kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """What the templates may use besides the user's own values."""
    risiko, frister = repo.config.risiko, repo.config.frister
    unit = by_id(repo.organisasjon).get(values.get("enhet", ""))
    months = frister.ros_evaluering_maaneder if kind == "ros" else frister.prosess_revisjon_maaneder
    return {
        "niva": values.get("niva") or (unit.niva if unit else "virksomhet"),
        "neste": add_months(values["dato"], months),
        "fra": add_months(values["dato"], -12),
        "grense": risiko.tiltak_kreves_over,
        "rader": len(risiko.sannsynlighet),
        "kolonner": len(risiko.konsekvens),
        "revisor": values.get("revisor") or "",
        "meldt_av": values.get("meldt_av"),
        "ik": repo.config.internkontroll,
    }


def missing(kind: str, given: dict[str, Any]) -> list[str]:
    """The fields a kind needs that were not given (and have no default)."""
    values = {**DEFAULTS.get(kind, {}), **{k: v for k, v in given.items() if v is not None}}
    return [name for name in KINDS[kind].required if name not in values]


def choices(repo: Repository, field: str) -> list[str]:
    """What a field may be: the units or people of organisasjon.yaml, or the allowed values of
    the record formats; empty for free text (a title) or a date."""
    org = repo.organisasjon
    if field == "enhet":
        return [u.id for u in org.enheter] if org else []
    if field in ("ansvarlig", "eier", "leder", "overordnet"):
        return [p.id for p in org.personer] if org else []
    if field == "meldt_av":
        return [*sorted(UNNAMED_REPORTERS), *(p.id for p in org.personer)] if org else []
    fixed: dict[str, Any] = {"kategori": Kategori, "omrade": Omrade, "type": RevisjonType}
    return list(get_args(fixed[field])) if field in fixed else []


def prepare(repo: Repository, kind: str, given: dict[str, Any], day: date) -> Created:
    """Render the template for a kind; refuse with the reasons when the record would be wrong."""
    spec = KINDS[kind]
    values = {**DEFAULTS.get(kind, {}), **{k: v for k, v in given.items() if v is not None}}
    missing = [f"--{name.replace('_', '-')}" for name in spec.required if name not in values]
    if missing:
        anonymous = " (eller --anonym)" if "--meldt-av" in missing else ""
        raise UserError(f"ims new {kind} trenger også {', '.join(missing)}{anonymous}")
    values.setdefault("dato", day)
    if "enhet" in values and values["enhet"] not in by_id(repo.organisasjon):
        raise UserError(f"enheten «{values['enhet']}» finnes ikke i records/organisasjon.yaml")
    year = values.get("aar") or (values.get("planlagt") or values["dato"]).year
    record_id = _record_id(repo, kind, values, year)
    values.update(id=record_id, aar=year, **_template_values(repo, kind, values))
    area = ancestor_at(repo.organisasjon, values.get("enhet", ""), "tjenesteomrade")
    folder = spec.folder.format(year=year, area=area or values.get("enhet", ""))
    name = record_id
    if kind == "prosess":
        name = f"{record_id.removeprefix('PRO-')}-{_slug(values['tittel'])}"
    suffix = ".md" if spec.template.endswith(".md.j2") else ".yaml"
    path = f"{folder}/{name}{suffix}"
    schema = repo.root / "schemas" / f"{kind}.schema.json"
    # For editors with yaml-language-server: completion and checking while the record is filled in.
    values["schema"] = (
        Path(os.path.relpath(schema, (repo.root / path).parent)).as_posix()
        if suffix == ".yaml" and schema.is_file()
        else None
    )
    own = repo.root / "templates" / "new"
    env = environment("new", repo.root)
    text = render(env, spec.template, own, **values)
    check_new(repo, path, text)
    return Created(path, text)


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
    result = read_file(path, raw, VALIDATOR)
    found = list(result.findings)
    if result.model is not None and result.kind is not None:
        stored = StoredRecord(path, result.kind, result.model)  # type: ignore[arg-type]
        found += record_findings(stored, repo)
    return found


def check_new(repo: Repository, path: str, text: str) -> None:
    """As `ims validate` would check it, except for the placeholders (S005) the user is meant
    to fill in next: they keep the record failing validation until then."""
    result = read_file(path, text.encode("utf-8"), VALIDATOR)
    found = [f for f in result.findings if f.severity == "feil" and f.code != PLACEHOLDER_CODE]
    problems = [f"{f.code} {f.message}" for f in found]
    if result.model is not None and result.kind is not None:
        stored = StoredRecord(path, result.kind, result.model)  # type: ignore[arg-type]
        checks = record_findings(stored, repo)
        problems += [f"{f.code} {f.message}" for f in checks if f.severity == "feil"]
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
    record_id = next_free_id(repo, "LG", int(dato.group(1)[:4]))
    path = f"{KINDS['lg'].folder}/{record_id}.yaml"
    body = f"# Ledelsens gjennomgang, fra {report.name}\nid: {record_id}\n{block}"
    check_new(repo, path, body)
    return Created(path, body)
