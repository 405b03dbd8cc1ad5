"""Turning a read sheet into a ROS record of the repository, checked like `ims validate` would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from ims_cli.analytics.units import ancestor_at
from ims_cli.exchange.ros_sheet import Imported, SheetProblems
from ims_cli.gitio.ids import next_free_id
from ims_cli.models import BY_PREFIX
from ims_cli.models.ros import Ros
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
    record_id = record_id or next_free_id(repo, "ROS", day.year)
    if record_id in repo.ids:
        raise SheetProblems([f"id {record_id} er allerede brukt i {repo.ids[record_id][0]}"])
    data = {"id": record_id, **{k: v for k, v in data.items() if v is not None}}
    try:
        record = Ros.model_validate(data)
    except ValidationError as error:
        found = schema_findings(error, Ros, data, "arket")
        raise SheetProblems([f"{f.ref or record_id}: {f.message}" for f in found]) from None
    folder = ancestor_at(repo.organisasjon, record.enhet, "tjenesteomrade") or record.enhet
    path = f"records/ros/{folder}/{record_id}.yaml"
    checks = record_findings(StoredRecord(path, BY_PREFIX["ROS"], record), repo)
    errors = [f"{f.ref}: {f.message}" for f in checks if f.severity == "feil"]
    if errors:
        raise SheetProblems(errors)
    dumped = record.model_dump(mode="python", exclude_defaults=True)
    dumped.setdefault("gradering", record.gradering)
    return Prepared(path, record, dumped)
