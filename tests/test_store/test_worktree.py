"""A fresh clone (CI with its cache restored) has new mtimes on every file: git's index vouches
for the files it holds unchanged, so none of them is read again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from git import Repo

from ims_cli.gitio.worktree import unchanged_blobs
from ims_cli.indexed import load_checked, load_repository
from ims_cli.store import index
from ims_cli.store.cache import digest
from ims_cli.store.load import discover
from tests.gitrepo import History
from tests.test_store.test_index_files import age, reads

AVVIK = "records/avvik/AVV-2026-0100.yaml"


@pytest.fixture
def clone(make_repo: object, tmp_path: Path) -> tuple[Path, Path]:
    """A records repository under git, and where CI clones it (always the same folder)."""
    source = make_repo()  # type: ignore[operator]
    History(source)
    return source, tmp_path / "ci"


def _fresh_clone(source: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    Repo.clone_from(source, target)
    age(target)  # not too fresh to cache; git must now look at each file again itself


def _bytes_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = index.Index._same_bytes

    def counting(self: index.Index, path: str, kept: bytes) -> bool:
        seen.append(path)
        return real(self, path, kept)

    monkeypatch.setattr(index.Index, "_same_bytes", counting)
    return seen


def test_git_names_blobs_as_the_cache_digests_bytes(clone: tuple[Path, Path]) -> None:
    source, _ = clone
    blobs = unchanged_blobs(source)
    assert set(blobs) == {
        "ims.yaml",
        *(str(p.relative_to(source)) for p in source.rglob("records/**/*.*")),
    }
    assert blobs[AVVIK] == digest((source / AVVIK).read_bytes())


def test_a_fresh_clone_reads_no_file_git_vouches_for(
    clone: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    source, ci = clone
    _fresh_clone(source, ci)
    first = load_repository(ci, blobs=unchanged_blobs)
    _fresh_clone(source, ci)
    monkeypatch.setattr(index, "ASK_GIT_FROM", 1)
    parsed, opened = reads(monkeypatch), _bytes_read(monkeypatch)
    second = load_repository(ci, blobs=unchanged_blobs)
    assert (parsed, opened) == ([], [])
    assert second.findings == first.findings
    assert [s.record for s in second.records] == [s.record for s in first.records]


@pytest.mark.parametrize("how", ["edited", "assume-unchanged"])
def test_a_file_git_cannot_vouch_for_is_read(
    how: str, clone: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    source, ci = clone
    _fresh_clone(source, ci)
    load_repository(ci, blobs=unchanged_blobs)
    _fresh_clone(source, ci)
    avvik = ci / AVVIK
    avvik.write_text(avvik.read_text("utf-8").replace("status: meldt", "status: ferdig"), "utf-8")
    if how == "assume-unchanged":  # git is told not to look: it would call the file unchanged
        Repo(ci).git.update_index("--assume-unchanged", AVVIK)
    age(ci)
    monkeypatch.setattr(index, "ASK_GIT_FROM", 1)
    opened = _bytes_read(monkeypatch)
    found = load_repository(ci, blobs=unchanged_blobs).findings
    assert opened == [AVVIK]
    assert [f.code for f in found] == ["S003"]


def test_outside_git_nothing_is_vouched_for(make_repo: object) -> None:
    assert unchanged_blobs(make_repo()) == {}  # type: ignore[operator]


def _refuse(*_: object, **__: object) -> None:
    raise AssertionError("a fresh clone of a checked repository must not be worked out again")


def test_a_fresh_clone_is_checked_from_what_was_kept(
    clone: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    source, ci = clone
    _fresh_clone(source, ci)
    first = load_checked(ci, discover(ci), blobs=unchanged_blobs)
    _fresh_clone(source, ci)
    monkeypatch.setattr(index, "ASK_GIT_FROM", 1)
    monkeypatch.setattr("ims_cli.indexed.load_facts", _refuse)
    second = load_checked(ci, discover(ci), blobs=unchanged_blobs)
    assert second == first
    assert second.deadlines and second.organisasjon


def test_a_fresh_clone_with_an_edit_is_worked_out_again(
    clone: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    source, ci = clone
    _fresh_clone(source, ci)
    load_checked(ci, discover(ci), blobs=unchanged_blobs)
    _fresh_clone(source, ci)
    avvik = ci / AVVIK
    avvik.write_text(avvik.read_text("utf-8").replace("status: meldt", "status: ferdig"), "utf-8")
    age(ci)
    monkeypatch.setattr(index, "ASK_GIT_FROM", 1)
    codes = [f.code for f in load_checked(ci, discover(ci), blobs=unchanged_blobs).findings]
    assert codes == ["S003"]


def test_a_clone_at_another_path_starts_from_the_index_kept_for_the_first(
    clone: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, private_cache: Path
) -> None:
    """A cache restored into a checkout somewhere else: the same repository, by its history."""
    source, ci = clone
    _fresh_clone(source, ci)
    first = load_checked(ci, discover(ci), blobs=unchanged_blobs)
    elsewhere = ci.parent / "elsewhere"
    _fresh_clone(source, elsewhere)
    monkeypatch.setattr(index, "ASK_GIT_FROM", 1)
    monkeypatch.setattr("ims_cli.indexed.load_facts", _refuse)
    assert load_checked(elsewhere, discover(elsewhere), blobs=unchanged_blobs) == first
    assert len(list(private_cache.glob("*.index.sqlite"))) == 2  # each clone keeps its own
