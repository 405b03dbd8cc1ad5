"""A ROS sheet read back onto the ROS it was exported from (`ims import ros` of a sheet whose id
is a ROS of the repository): the record updated through the round trip, so its comments and
layout stay, and only what the sheet changed is written."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ims_cli.confidentiality import mask
from ims_cli.exchange.ros_records import sheet_record, updated
from ims_cli.exchange.ros_sheet import Imported
from ims_cli.models.ros import Ros
from ims_cli.operations.changes import Build, commit, preview
from ims_cli.store import roundtrip
from ims_cli.store.load import Repository, StoredRecord


@dataclass(frozen=True)
class Planned:
    """The ROS's file and its text before and after the sheet."""

    path: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            f"a/{self.path}",
            f"b/{self.path}",
        )
        return mask("".join(lines))  # a diff may reach a CI log too


def _build(repo: Repository, imported: Imported, record_id: str) -> Build:
    sheet = sheet_record(repo, imported, record_id)

    def changes(current: StoredRecord) -> list[roundtrip.Change]:
        assert isinstance(current.record, Ros)  # the id is a ROS's
        return [roundtrip.Sync((), None, updated(current.record, sheet))]

    return changes


def plan(repo: Repository, imported: Imported, record_id: str, path: str) -> Planned:
    """What the sheet would change in the ROS, checked as every edit is; nothing written."""
    before, after = preview(repo, path, _build(repo, imported, record_id))
    return Planned(path, before, after)


def update(repo: Repository, imported: Imported, record_id: str, path: str) -> tuple[str, ...]:
    """Write what the sheet changes in the ROS (under the folder's lock, atomically); the
    warnings the record now has."""
    return commit(repo, path, _build(repo, imported, record_id))
