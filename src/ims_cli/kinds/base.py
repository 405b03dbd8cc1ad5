"""What ims knows of a record kind, in one object: the `Kind` every module in kinds/ makes.

A kind sits just above its model (models/): it reads the record, and says as data what the
commands do with it. It imports nothing from store, rules, analytics, render or cli; where they
need more of a kind (a table of its own in the SQLite export, a page of its own on the site,
a section of its own in `ims show`) they look it up by the names given here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ims_cli.models.common import HoldsTiltak, Model

if TYPE_CHECKING:
    from ims_cli.config import Config
    from ims_cli.findings import Path, Severity

# A reference a record makes: (what it refers to, where in the record, the id). What it refers
# to is one of enhet, person, prosess, ros, lovkrav, risikobank, avvik, tiltak (rules.references).
Ref = tuple[str, "Path", str]


@dataclass(frozen=True)
class Due:
    """A deadline of a record, as data (analytics.deadlines makes it a finding when it is late):
    late on a day after `due` that lies in the window start <= day < end. The message reaches CI
    logs: it names what is late, never a graded record's free text."""

    code: str
    path: Path
    due: date
    message: str
    owner: str | None = None
    ref: str | None = None  # the record's id when None
    start: date = date.min
    end: date = date.max


def titled(record: Any, people: Mapping[str, str]) -> str:
    """The record's tittel."""
    return str(record.tittel)


def on_dato(record: Any) -> date | None:
    """The record's dato."""
    return getattr(record, "dato", None)


def without_status(record: Any) -> str | None:
    return None


def without_refs(record: Any) -> Iterator[Ref]:
    return iter(())


def without_deadlines(record: Any, config: Config) -> Iterator[Due]:
    return iter(())


@dataclass(frozen=True)
class Kind:
    """A record kind. Only `prefix`, `name`, `model` and `folder` must be given; the rest has
    defaults that fit a kind with tittel, enhet, dato and gradering."""

    prefix: str  # AVV: ids AVV-2026-0042, and a record's kind comes from it
    name: str  # what users type (ims new avvik, ims list avvik), the schema's and template's stem
    model: type[Model]  # the pydantic model (models/), whose id field has the id pattern
    folder: str  # where `ims new` writes one, from the root; may use {year} and {area}
    markdown: bool = False  # YAML front matter and a Markdown body, else YAML
    numbered: bool = True  # ids PREFIX-YYYY-NNNN (the next free number); else given by hand
    example: str = ""  # an id of the kind as messages show one; "": PREFIX-2026-0001
    required: tuple[str, ...] = ("enhet",)  # what `ims new` must be told
    defaults: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    # frister in ims.yaml whose months give the template's `neste` (the next review)
    interval: str = "prosess_revisjon_maaneder"
    title: Callable[[Any, Mapping[str, str]], str] = titled  # with people's names by id
    dated: Callable[[Any], date | None] = on_dato  # what `ims list` dates it by
    status: Callable[[Any], str | None] = without_status
    statuses: tuple[str, ...] = ()  # the values `status` gives, for `ims list --status`
    refs: Callable[[Any], Iterable[Ref]] = without_refs  # besides enhet and tiltak
    deadlines: Callable[[Any, Config], Iterable[Due]] = without_deadlines  # besides its tiltak
    codes: Mapping[str, tuple[Severity, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )  # rule codes the kind brings (its deadlines'), with severity and title
    sections: tuple[str, ...] = ()  # fields `ims show` shows as parts of their own (render)
    tiltak_heading: str = "Tiltak"  # what `ims show` calls its tiltak
    table: str | None = None  # its table in `ims export sqlite`; None: the kind's name
    page: str | None = None  # its page on the site (a template in templates/site/); None: none

    @property
    def id_pattern(self) -> str:
        """The regular expression a whole id of the kind matches, from the model's id field."""
        for meta in self.model.model_fields["id"].metadata:
            pattern = getattr(meta, "pattern", None)
            if isinstance(pattern, str):
                return pattern.removeprefix("^").removesuffix("$")
        raise TypeError(f"{self.model.__name__}.id has no pattern")

    def __post_init__(self) -> None:
        if not self.example:
            object.__setattr__(self, "example", f"{self.prefix}-2026-0001")

    @property
    def template(self) -> str:
        """Its template in templates/new/."""
        return f"{self.name}.md.j2" if self.markdown else f"{self.name}.yaml.j2"

    @property
    def suffix(self) -> str:
        return ".md" if self.markdown else ".yaml"

    def path(self, name: str, year: int, area: str) -> str:
        """Where a new record of the kind goes: its folder (for the year, and the tjenesteområde
        of its unit) and its file, named `name`."""
        return f"{self.folder.format(year=year, area=area)}/{name}{self.suffix}"

    @property
    def schema(self) -> str:
        """Its JSON Schema's file name in schemas/."""
        return f"{self.name}.schema.json"

    @property
    def holds_tiltak(self) -> bool:
        return issubclass(self.model, HoldsTiltak)

    @property
    def table_name(self) -> str:
        return self.table or self.name
