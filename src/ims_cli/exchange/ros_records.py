"""Turning a read sheet into a ROS record of the repository, checked like `ims validate` would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from pydantic import ValidationError

from ims_cli.analytics.units import ancestor_at
from ims_cli.confidentiality import mask
from ims_cli.exchange.ros_sheet import Imported, SheetProblems
from ims_cli.gitio.ids import next_free_id
from ims_cli.kinds import by_name
from ims_cli.models.common import Model, SammeSom, Tiltak
from ims_cli.models.ros import Risiko, Ros
from ims_cli.rules.run import record_findings
from ims_cli.rules.schema import schema_findings
from ims_cli.store.load import Repository, StoredRecord


@dataclass(frozen=True)
class Prepared:
    path: str  # relative to the repository root
    record: Ros
    text_data: dict[str, Any]


def prepare(repo: Repository, imported: Imported, wanted_id: str | None) -> Prepared:
    """Give the sheet's data an id and a place, and check it; SheetProblems says what is wrong."""
    data = dict(imported.data)
    sheet_id = data.pop("id", None)
    dated = data.get("dato")
    day = dated if isinstance(dated, date) else date.today()
    record_id = wanted_id or (sheet_id if sheet_id and sheet_id not in repo.ids else None)
    kind = by_name("ros")
    record_id = record_id or next_free_id(repo, kind.prefix, day.year)
    if record_id in repo.ids:
        raise SheetProblems([f"id {record_id} er allerede brukt i {repo.ids[record_id][0]}"])
    data = {"id": record_id, **{k: v for k, v in data.items() if v is not None}}
    try:
        record = Ros.model_validate(data)
    except ValidationError as error:
        found = schema_findings(error, Ros, data, "arket")
        raise SheetProblems([f"{f.ref or record_id}: {f.message}" for f in found]) from None
    area = ancestor_at(repo.organisasjon, record.enhet, "tjenesteomrade") or record.enhet
    path = kind.path(record_id, record.dato.year, area)
    checks = record_findings(StoredRecord(path, kind, record), repo)
    errors = [f"{f.ref}: {f.message}" for f in checks if f.severity == "feil"]
    if errors:
        raise SheetProblems(errors)
    dumped = record.model_dump(mode="python", exclude_defaults=True)
    dumped.setdefault("gradering", record.gradering)
    return Prepared(path, record, dumped)


# ---------------------------------------------------------------- a sheet back onto its ROS

# What the sheet does not carry, kept as the record has it: the ROS's description, group and
# next evaluation, and a tiltak's moved deadlines and cancellation.
ROS_KEPT = frozenset({"id", "beskrivelse", "risikogruppe", "neste_evaluering"})
TILTAK_KEPT = frozenset({"fristendringer", "avbrutt"})
_MISSING = object()


def _defaults(model: type[Model]) -> dict[str, Any]:
    return {
        name: field.get_default(call_default_factory=True)
        for name, field in model.model_fields.items()
        if not field.is_required()
    }


def _equal(was: Any, now: Any) -> bool:
    """Equal as the sheet can show it: text trimmed, and a national id shown masked."""
    if isinstance(was, str) and isinstance(now, str):
        return now.strip() in (was.strip(), mask(was).strip())
    return bool(was == now)


def _mapping(
    old: dict[str, Any],
    new: dict[str, Any],
    model: type[Model],
    kept: frozenset[str],
    lists: dict[str, Callable[[Any, Any], Any]],
) -> dict[str, Any]:
    """`old` as written, with what the sheet says changed: a key the sheet leaves at its
    default goes, one it adds comes last, what it shows equal stays as written."""
    defaults = _defaults(model)
    result: dict[str, Any] = {}
    for key, was in old.items():
        now = new.get(key, defaults.get(key, _MISSING))
        if key in kept or now is _MISSING or _equal(was, now):
            result[key] = was
        elif key in lists and isinstance(was, list) and isinstance(now, list):
            result[key] = lists[key](was, now)
        elif key in new:
            result[key] = now
    for key, now in new.items():
        if key not in old and now != defaults.get(key, _MISSING):
            result[key] = now
    return result


def _items(
    old: list[Any], new: list[Any], merge: Callable[[dict[str, Any], dict[str, Any]], Any]
) -> list[Any]:
    """Items by id: one the record has is merged, a new one comes as the sheet has it."""
    by_id = {o["id"]: o for o in old if isinstance(o, dict) and "id" in o}
    return [merge(by_id[n["id"]], n) if n.get("id") in by_id else n for n in new]


def _tiltak(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    model: type[Model] = SammeSom if "samme_som" in new else Tiltak
    return _mapping(old, new, model, TILTAK_KEPT, {})


def _risk(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return _mapping(old, new, Risiko, frozenset(), {"tiltak": partial(_items, merge=_tiltak)})


def updated(old: Ros, new: Ros) -> dict[str, Any]:
    """The ROS's data after its sheet was read back: what the sheet carries from the sheet,
    the rest as the record has it, keys in the record's order (new ones last)."""
    written = old.model_dump(mode="python", exclude_unset=True)
    sheet = new.model_dump(mode="python", exclude_defaults=True)
    risks = partial(_items, merge=_risk)
    return _mapping(written, sheet, Ros, ROS_KEPT, {"risikoer": risks})


def sheet_record(repo: Repository, imported: Imported, record_id: str) -> Ros:
    """The sheet as a ROS with the id of the record it updates; SheetProblems says what is
    wrong with it."""
    data = {k: v for k, v in imported.data.items() if v is not None}
    data["id"] = record_id
    try:
        return Ros.model_validate(data)
    except ValidationError as error:
        found = schema_findings(error, Ros, data, "arket")
        raise SheetProblems([f"{f.ref or record_id}: {f.message}" for f in found]) from None
