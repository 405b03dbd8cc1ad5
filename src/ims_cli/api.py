"""ims as a library: a records repository opened once, asked what the commands ask.

    import ims_cli

    repo = ims_cli.open()  # ims.yaml here or in a folder above, as the ims command finds it
    for avvik in repo.records("avvik"):
        ...

Each method is a thin call of the core functions the commands call, and the commands open the
repository through this class (`ims validate`, `check`, `list` and `puff`), so the library and
the command line cannot drift apart. Keyword arguments have the names of the commands' options
(`enhet`, `publikum`, `fra`, `til`). Each call reads the repository as it is then, through the
same index as the commands: a warm call builds only what it returns.

What a method returns is one of two things, and each says which:

- *as it is*, for the person who may read the files: `records` gives the records themselves,
  every word of them. Before any of it goes further (a mail, a page, a report), pass it through
  ims_cli.confidentiality with the audience it is for.
- *for sharing*, through the one confidentiality policy, as every output of ims: `validate` and
  `check` (findings quote no graded text, national ids masked), `listed` and `export` for the
  audience `publikum` (`intern` or `apen`), and `puff`, `risk_matrix` and `stats`, which hold
  only ids, codes, counts and ims's own words.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ims_cli.analytics.records import RecordFilter, chosen
from ims_cli.analytics.units import MISSING, require_unit, subtree
from ims_cli.confidentiality import AUDIENCES, shareable
from ims_cli.errors import UserError
from ims_cli.gitio.worktree import unchanged_blobs
from ims_cli.indexed import (
    load_checked,
    load_listed,
    load_made,
    load_reported,
    load_repository,
    load_standings,
)
from ims_cli.kinds import KINDS, Kind
from ims_cli.models import Record
from ims_cli.models.common import Model
from ims_cli.rules.check import Checked, check
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store.index import Select
from ims_cli.store.load import listing, load_config
from ims_cli.store.root import find_root

if TYPE_CHECKING:
    from ims_cli.analytics.puff import UnitPuff
    from ims_cli.analytics.records import Listed
    from ims_cli.analytics.risk import Cell
    from ims_cli.analytics.stats import AvvikStats
    from ims_cli.config import Config
    from ims_cli.exchange.database import Export
    from ims_cli.findings import Finding

T = TypeVar("T")
M = TypeVar("M", bound=Model)

# Given the number of files to read, a context that is told of each file read (a progress bar).
Progress = Callable[[int], AbstractContextManager[Callable[[int], None]]]


def open(path: str | os.PathLike[str] | None = None) -> Repository:
    """The records repository at `path` (the folder with ims.yaml); without it, the one IMS_REPO
    names, else the nearest folder upward from here with ims.yaml, as the ims command finds it.
    A folder that is none is a UserError that says so."""
    explicit = os.fspath(path) if path is not None else os.environ.get("IMS_REPO") or None
    return Repository(find_root(Path.cwd(), explicit))


class Repository:
    """A records repository, asked what the commands ask; see the module's docstring."""

    def __init__(self, root: Path, *, progress: Progress | None = None) -> None:
        self.root = root
        self._progress = progress

    def __repr__(self) -> str:
        return f"ims_cli.open({str(self.root)!r})"

    def load(self, loader: Callable[..., T]) -> T:
        """What a loader of indexed.py gives (`loader(root, paths, advance, known, blobs=…)`):
        every file listed and stamped once, the index brought up to date, a bar when asked."""
        known = listing(self.root)
        paths = sorted(known)
        if self._progress is None:
            return loader(self.root, paths, lambda _: None, known, blobs=unchanged_blobs)
        with self._progress(len(paths)) as advance:
            return loader(self.root, paths, advance, known, blobs=unchanged_blobs)

    @property
    def config(self) -> Config:
        """ims.yaml as a typed config; the defaults where it says nothing or cannot be read
        (`validate` says why)."""
        return load_config(self.root, VALIDATOR)[0]

    @overload
    def records(self, kind: type[M]) -> Iterator[M]: ...
    @overload
    def records(self, kind: str) -> Iterator[Record]: ...
    def records(self, kind: str | type[Model]) -> Iterator[Any]:
        """Every valid record of a kind (`"avvik"`, or its model `Avvik`), by id, as it is: the
        typed model with every word of it. A record with errors is left out (`validate`)."""
        chosen = _kind(kind)
        select = Select(frozenset({chosen.name}), every_id=False)
        repo = self.load(partial(load_repository, select=select))
        yield from sorted((stored.record for stored in repo.records), key=lambda r: r.id)

    def checked(self) -> Checked:
        """What `validate` and `check` read, in one go (rules.check.Checked): every finding
        as the rules made it, every deadline, the organisation and how many record files."""
        return self.load(load_checked)

    def validate(self) -> list[Finding]:
        """Every finding of `ims validate`, for sharing (confidentiality.shareable)."""
        return [shareable(f) for f in self.checked().findings]

    def check(
        self, day: date, *, enhet: str | None = None, files: set[str] | None = None
    ) -> list[Finding]:
        """Every finding of `ims check` on the day, for sharing: `validate`'s and every deadline
        passed. With `enhet`, only its records and those below it; with `files` (paths from the
        repository root), only the deadlines of those files."""
        checked = self.checked()
        require_unit(checked.organisasjon, enhet)
        return [shareable(f) for f in check(checked, day, enhet, files)]

    def listed(
        self,
        kind: str | None = None,
        *,
        enhet: str | None = None,
        status: str | None = None,
        tekst: str | None = None,
        fra: date | None = None,
        til: date | None = None,
        publikum: str = "intern",
    ) -> list[Listed]:
        """The records `ims list` lists (every kind without `kind`), by id, each as one line for
        the audience `publikum`: a title it may not read is «(gradert)», and `tekst` is looked
        for only in what it may read."""
        if kind is not None:
            _kind(kind)
        _audience(publikum)
        repo, every = self.load(load_listed)
        require_unit(repo.organisasjon, enhet)
        units = subtree(repo.organisasjon, enhet) if enhet else None
        return chosen(every, RecordFilter(kind, units, status, tekst, fra, til), publikum)

    def puff(self, day: date, enhet: str | None = None) -> list[UnitPuff]:
        """The PUFF status of every unit on the day (of `enhet` alone when given), with the
        reasons; for sharing (ids and ims's own words)."""
        from ims_cli.analytics import puff as puffs  # each analysis imported when asked for

        repo, standings = self.load(partial(load_standings, select=puffs.needs(day, enhet)))
        require_unit(repo.organisasjon, enhet)
        if repo.organisasjon is None:
            raise UserError(MISSING)
        units = puffs.puff(standings, repo.config, repo.organisasjon, day)
        if enhet is None:
            return units
        found = [u for u in units if u.enhet == enhet]
        if not found:
            raise UserError(f"{enhet} er en avdeling; PUFF vises for virksomheten over den")
        return found

    def risk_matrix(
        self,
        *,
        ros: str | None = None,
        enhet: str | None = None,
        omrade: str | None = None,
        risikobank: str | None = None,
        etter: bool = False,
    ) -> list[Cell]:
        """Every cell of the risk matrix, highest sannsynlighet first, with the risks placed in
        it: of one ROS, a unit and those below it, or the kommune; before tiltak, or with
        `etter` the residual risk. For sharing (risk ids, scores and levels)."""
        from ims_cli.analytics import risk

        made = load_made(risk.assessing(None), "risiko")
        repo, wires = self.load(partial(made, select=Select(frozenset({"ros"}), every_id=False)))
        require_unit(repo.organisasjon, enhet)
        analyses = [risk.Assessed.from_wire(wire) for wire in wires]
        if ros is not None and ros not in {r.id for r in analyses}:
            raise UserError(f"fant ingen gyldig ROS med id «{ros}»; se «ims validate»")
        selection = risk.Selection(ros, enhet, omrade, risikobank)
        analysed = risk.select(analyses, selection, repo.organisasjon)
        points = risk.filter_points([p for a in analysed for p in a.points], selection)
        return risk.matrix(points, repo.config, after=etter)

    def stats(
        self,
        periode: str | None = None,
        *,
        enhet: str | None = None,
        fra: date | None = None,
        til: date | None = None,
        day: date | None = None,
    ) -> AvvikStats:
        """The avvik statistics of `ims stats` for a period (`"2026"`, `"2026-1"`, `"2026-T2"`,
        `"2026-03"`, or `fra`/`til`; the twelve months up to `day` without), for a unit and
        those below it; for sharing (codes and counts)."""
        from ims_cli.analytics import stats

        span = stats.period(periode, fra, til, day or date.today())
        reports = self.load(partial(load_reported, select=stats.needs(span)))
        repo = reports.repo
        require_unit(repo.organisasjon, enhet)
        chosen = stats.Selection(enhet)
        return stats.stats(reports.avvik, chosen, span, repo.organisasjon, repo.config)

    def export(self, path: str | os.PathLike[str], *, publikum: str = "intern") -> Export:
        """Every record to one SQLite database at `path`, as `ims export sqlite` writes it, for
        the audience `publikum`: text it may not read left out, national ids masked."""
        # the export's tables are built only when asked for
        from ims_cli.exchange.database import export, kept_as, rows_of
        from ims_cli.store.database import write_database

        _audience(publikum)
        repo, each = self.load(load_made(rows_of(publikum), kept_as(publikum)))
        made = export(each, repo.organisasjon, repo.lovkrav, repo.config)
        notes = [("publikum", publikum), ("poster med tekst utelatt", str(made.hidden))]
        write_database(Path(path), made.tables, notes)
        return made


def _kind(kind: str | type[Model]) -> Kind:
    for known in KINDS:
        if kind in (known.name, known.model):
            return known
    names = ", ".join(k.name for k in KINDS)
    raise UserError(f"sorten «{getattr(kind, '__name__', kind)}» finnes ikke; bruk {names}")


def _audience(publikum: str) -> None:
    if publikum not in AUDIENCES:
        raise UserError(f"publikum «{publikum}» finnes ikke; bruk {', '.join(AUDIENCES)}")
