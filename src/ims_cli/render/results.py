"""What a command hands its view (render.registry) to print: the result and what its formats
say besides. Imported only by the command that runs and the renderers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ims_cli.analytics.diff import LogEntry
    from ims_cli.analytics.puff import UnitPuff
    from ims_cli.analytics.reminders import Reminder
    from ims_cli.analytics.risk import Cell, RiskPoint
    from ims_cli.analytics.stats import AvvikStats
    from ims_cli.analytics.tiltak import TiltakItem
    from ims_cli.config import Config
    from ims_cli.findings import Finding
    from ims_cli.models.registers import Organisasjon
    from ims_cli.store.load import StoredRecord


@dataclass(frozen=True)
class Findings:
    """The findings of `ims validate` or `ims check`, with what their formats say besides."""

    found: list[Finding]
    records: int  # record files checked
    day: date
    title: str  # of a Markdown table and a JUnit report
    units: Mapping[str, str] = field(default_factory=dict)  # names by id, for ims check
    people: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Shown:
    """One record for `ims show`, with what names its people and units and dates its tiltak."""

    stored: StoredRecord
    config: Config
    day: date
    names: Mapping[str, str]


@dataclass(frozen=True)
class TiltakList:
    items: Sequence[TiltakItem]
    day: date
    organisasjon: Organisasjon | None


@dataclass(frozen=True)
class Puff:
    units: Sequence[UnitPuff]
    day: date
    one_unit: bool  # --enhet: that unit with every reason, not the tree


@dataclass(frozen=True)
class Stats:
    result: AvvikStats
    title: str
    names: dict[str, str]
    limit: int  # causes and processes shown


@dataclass(frozen=True)
class Matrix:
    """The risk matrix before and after tiltak; `shown` says which: for, etter or begge."""

    title: str
    before: Sequence[Cell]
    after: Sequence[Cell]
    points: Sequence[RiskPoint]
    config: Config
    shown: str


@dataclass(frozen=True)
class Top:
    points: Sequence[RiskPoint]
    config: Config


@dataclass(frozen=True)
class History:
    record_id: str
    path: str
    entries: Sequence[LogEntry]


@dataclass(frozen=True)
class Reminders:
    """Who would get what (`ims varsel` without sending or writing)."""

    found: Sequence[Reminder]
    day: date
    due_by: date


@dataclass(frozen=True)
class Owners:
    """Whether CODEOWNERS is as the process owners make it (`ims codeowners --check`)."""

    file: str
    state: str  # a_jour, ikke_a_jour or mangler
