"""Small records repositories built in tmp_path, and helpers to validate them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from ims_cli.findings import Finding
from ims_cli.indexed import load_facts, load_repository, open_index
from ims_cli.rules.run import repository_findings, validate
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store.load import discover, read_record

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent

MakeRepo = Callable[..., Path]

YEAR = date.today().year
"""The year `ims new`, `ims serve` and the imports number a new record in: today's. A test of
what they write expects this, never the year it was written in (the suite runs on any day)."""


def new_id(prefix: str, nth: int = 1) -> str:
    """The id of the nth record of a kind that ims numbers today in a copy of the base fixture:
    after the fixture's own of this year (AVV-2026-0100 and ROS-2026-0001 in 2026), from 0001 in
    any other year."""
    own = (FIXTURES / "base" / "records").rglob(f"{prefix}-{YEAR}-*.yaml")
    last = max((int(path.stem.rsplit("-", 1)[1]) for path in own), default=0)
    return f"{prefix}-{YEAR}-{last + nth:04d}"


def only_file(root: Path, pattern: str) -> str:
    """The one file under root that matches the glob, as ims named it. `ims init --eksempel`
    dates its records from the day it runs, and names them by their year: a test finds them
    («records/avvik/*/AVV-*.yaml»), never names them by the year it was written in."""
    (path,) = root.glob(pattern)
    return path.relative_to(root).as_posix()


def findings(root: Path) -> list[Finding]:
    """Every finding of `validate`, from the whole repository loaded; the facts `ims validate`
    and `ims check` work from (read fresh, then from the cache) must give exactly the same."""
    whole = validate(load_repository(root))
    for _ in ("fresh", "cached"):
        catalogue, facts = load_facts(open_index(root, discover(root)))
        reread = partial(
            read_record, root, validator=VALIDATOR, vocabulary=catalogue.config.vocabulary()
        )
        assert repository_findings(catalogue, facts, reread) == whole
    return whole


def summary(root: Path) -> list[tuple[str, str, int | None, int | None]]:
    """(code, file, line, column) of every finding: easy to compare exactly."""
    return [(f.code, f.file, f.line, f.column) for f in findings(root)]


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own cache folder, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("IMS_CACHE_DIR", str(folder))
    monkeypatch.delenv("IMS_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """A copy of the valid base repository, with files added or replaced.

    Text is written as UTF-8; bytes are written as they are.
    """

    def make(files: dict[str, str | bytes] | None = None) -> Path:
        root = tmp_path / "repo"
        shutil.copytree(FIXTURES / "base", root)
        for name, content in (files or {}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make
