"""The index's own bookkeeping, on a repository of plain files: which files a run reads, what it
keeps of them, when a run counts as a change (`generation`), and when ims itself has changed.
(tests/test_index.py checks that every command says the same from the index as from the files.)
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ims_cli.store import cache, files, index
from ims_cli.store.index import Index, Select

MINUTE_AGO = time.time_ns() - 60 * 10**9  # an mtime too old to be racy
ROW_WIDTH = len(index.COLUMNS)


class Reader:
    """Stands for reading files: makes a row (its path as the record id) and remembers what it
    was asked to read."""

    def __init__(self, root: Path, unreadable: frozenset[str] = frozenset()) -> None:
        self.root, self.unreadable = root, unreadable
        self.asked: list[list[str]] = []

    def __call__(self, stale: list[str]) -> Iterator[tuple[bytes, index.Row]]:
        if stale:  # the index also passes none (only stamps to keep)
            self.asked.append(list(stale))
        for path in stale:
            raw = b"" if path in self.unreadable else (self.root / path).read_bytes()
            yield (cache.digest(raw) if raw else b""), (path, *(None,) * (ROW_WIDTH - 1))


def write(root: Path, path: str, text: str) -> index.Stamp:
    (root / path).write_text(text, "utf-8")
    return (MINUTE_AGO, len(text.encode()))


def kept(idx: Index, table: str = "files") -> list[tuple[str, ...]]:
    return idx.db.execute(f"SELECT * FROM {table} ORDER BY path").fetchall()


@pytest.fixture
def root(tmp_path: Path, private_cache: Path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    return folder


def test_only_what_changed_is_read_and_each_change_is_one_generation(root: Path) -> None:
    known = {p: write(root, p, f"id: {p}\n") for p in ("a.yaml", "b.yaml", "c.yaml")}
    paths = sorted(known)
    idx, read, done = Index(root), Reader(root), list[int]()
    idx.refresh(paths, known, read, advance=done.append)
    assert (read.asked, done, idx.generation) == ([paths], [0], 1)  # reading advances the rest
    assert [row[:2] for row in kept(idx)] == [(p, p) for p in paths]

    idx.refresh(paths, dict(known), read, advance=done.append)  # nothing changed
    assert (len(read.asked), done[-1], idx.generation) == (1, 3, 1)

    known["b.yaml"] = write(root, "b.yaml", "id: b.yaml\nendret: ja\n")
    idx.refresh(paths, dict(known), read, advance=done.append)
    assert (read.asked[-1], done[-1], idx.generation) == (["b.yaml"], 2, 2)

    # the same bytes under a new stamp (a fresh clone): not read, the new stamp kept
    known["c.yaml"] = (MINUTE_AGO + 10**9, known["c.yaml"][1])
    idx.refresh(paths, dict(known), read, advance=done.append)
    assert (len(read.asked), done[-1], idx.generation) == (2, 3, 2)
    assert ("c.yaml", MINUTE_AGO + 10**9) in [row[:2] for row in kept(idx, "stamps")]

    idx.refresh(["b.yaml", "c.yaml"], dict(known), read, advance=done.append)  # a.yaml deleted
    left = ["b.yaml", "c.yaml"]
    assert [row[0] for row in kept(idx)] == [row[0] for row in kept(idx, "stamps")] == left
    assert (len(read.asked), idx.generation) == (2, 3)
    idx.close()
    again = Index(root)
    again.refresh(["b.yaml", "c.yaml"], dict(known), read)
    assert (len(read.asked), again.generation) == (2, 3)  # the generation is kept between runs


def test_a_file_with_a_new_stamp_that_cannot_be_read_now_is_read_again(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = {"a.yaml": write(root, "a.yaml", "id: a\n")}
    idx, read = Index(root), Reader(root)
    idx.refresh(["a.yaml"], known, read)

    def refused(folder: str, path: str) -> bytes:
        raise files.unreadable(PermissionError(13, "Permission denied"))

    monkeypatch.setattr(files, "read", refused)
    idx.refresh(["a.yaml"], {"a.yaml": (MINUTE_AGO + 1, known["a.yaml"][1])}, read)
    assert read.asked == [["a.yaml"], ["a.yaml"]]


def test_a_file_that_was_not_read_is_read_next_time(root: Path) -> None:
    known = {p: write(root, p, "id: x\n") for p in ("a.yaml", "b.yaml")}
    idx, read = Index(root), Reader(root, unreadable=frozenset({"b.yaml"}))
    idx.refresh(sorted(known), known, read)
    idx.refresh(sorted(known), dict(known), read)
    assert read.asked == [["a.yaml", "b.yaml"], ["b.yaml"]]


def test_many_files_are_all_kept_whatever_the_batches(root: Path) -> None:
    paths = [f"{n:05d}.yaml" for n in range(2500)]
    (root / "x.yaml").write_text("id: x\n", "utf-8")
    idx = Index(root)

    def read(stale: list[str]) -> Iterator[tuple[bytes, index.Row]]:
        return ((b"d" * 20, (p, *(None,) * (ROW_WIDTH - 1))) for p in stale)

    idx.refresh(paths, dict.fromkeys(paths, (MINUTE_AGO, 6)), read)
    assert [row[0] for row in kept(idx)] == paths
    assert len(kept(idx, "stamps")) == 2500


@pytest.mark.parametrize(("count", "asked"), [(cache.ASK_GIT_FROM - 1, 0), (cache.ASK_GIT_FROM, 1)])
def test_git_is_asked_from_so_many_restamped_files(
    root: Path, monkeypatch: pytest.MonkeyPatch, count: int, asked: int
) -> None:
    known = {f"{n:03d}.yaml": write(root, f"{n:03d}.yaml", f"id: {n}\n") for n in range(count)}
    idx, read = Index(root), Reader(root)
    idx.refresh(sorted(known), known, read)
    vouched = {p: cache.digest((root / p).read_bytes()) for p in known}
    questions: list[int] = []
    restamped = {p: (stamp[0] + 1, stamp[1]) for p, stamp in known.items()}
    idx.refresh(sorted(known), restamped, read, lambda: questions.append(1) or vouched)
    assert (len(questions), len(read.asked)) == (asked, 1)


def test_the_index_file_is_written_ahead_and_trusts_no_schema(root: Path) -> None:
    idx = Index(root)
    pragmas = [
        idx.db.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "trusted_schema")
    ]
    assert pragmas == ["wal", 1, 0]  # synchronous NORMAL
    memory = Index(root, in_memory=True)
    assert memory.db.execute("PRAGMA journal_mode").fetchone()[0] == "memory"
    assert (idx.persistent, memory.persistent) == (True, False)


def test_the_cache_folder_is_made_when_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache" / "ims" / "deeper"
    monkeypatch.setenv("IMS_CACHE_DIR", str(folder))
    monkeypatch.delenv("IMS_NO_CACHE", raising=False)
    idx = Index(tmp_path)
    assert idx.persistent and idx.path is not None and idx.path.parent == folder
    assert idx.path.exists()


def test_an_index_that_cannot_be_made_is_kept_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("IMS_CACHE_DIR", str(blocker / "ims"))
    monkeypatch.delenv("IMS_NO_CACHE", raising=False)
    idx = Index(tmp_path)
    assert (idx.path, idx.persistent) == (None, False)


def test_discarded_with_its_journal_files(root: Path) -> None:
    idx = Index(root)
    idx.refresh(["a.yaml"], {"a.yaml": write(root, "a.yaml", "id: a\n")}, Reader(root))
    idx.close()
    assert idx.path is not None and idx.path.exists()
    index.discard(root)
    assert list(idx.path.parent.glob(f"{idx.path.name}*")) == []


def test_a_changed_config_forgets_every_file_and_what_was_made_from_them(root: Path) -> None:
    known = {"a.yaml": write(root, "a.yaml", "id: a\n")}
    idx, read = Index(root), Reader(root)
    idx.keyed("first")
    idx.put("config", "kept")
    idx.refresh(["a.yaml"], known, read)
    idx.put("facts", [1, 2])
    idx.keyed("first")  # the same: kept
    assert (len(kept(idx)), idx.get("facts")) == (1, [1, 2])
    idx.keyed("second")
    assert kept(idx) == kept(idx, "stamps") == []
    assert (idx.get("facts"), idx.get("generation"), idx.get("config")) == (None, None, "kept")
    assert idx.get("key") == "second"


def test_a_config_change_while_another_ims_writes_is_left_to_the_next_run(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "BUSY_SECONDS", 0.05)
    idx = Index(root)
    assert idx.path is not None
    other = sqlite3.connect(idx.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(index.Unavailable):
            Index(root).keyed("another")
    finally:
        other.execute("ROLLBACK")
        other.close()


class CodeFiles:
    """ims's own modules, as files of the test's, and how often their content was read."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        folder.mkdir()
        self.module = folder / "rules.py"
        self.module.write_text("LIMIT = 14\n", "utf-8")
        self.fingerprints = 0
        real = index._code_fingerprint

        def counted(code: list[Path]) -> str:
            self.fingerprints += 1
            return real(code)

        monkeypatch.setattr(index, "_code_files", lambda: [self.module])
        monkeypatch.setattr(index, "_code_fingerprint", counted)

    def touch(self) -> None:
        later = time.time() + 5 + self.fingerprints
        os.utime(self.module, (later, later))


def test_ims_changed_is_told_by_its_modules_content_not_their_mtimes(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = CodeFiles(tmp_path / "ims_cli", monkeypatch)
    known = {"a.yaml": write(root, "a.yaml", "id: a\n")}

    def opened() -> Index:
        idx = Index(root)
        idx.keyed("config")
        idx.refresh(["a.yaml"], dict(known), Reader(root))
        return idx

    opened().close()
    assert code.fingerprints == 1
    Index(root).close()
    assert code.fingerprints == 1  # the same stamps: nothing hashed
    code.touch()  # installed anew, the same content
    idx = Index(root)
    assert (code.fingerprints, len(kept(idx)), idx.get("key")) == (2, 1, "config")
    idx.close()
    Index(root).close()
    assert code.fingerprints == 2  # the new stamps were kept

    code.module.write_text("LIMIT = 15\n", "utf-8")  # ims changed
    idx = Index(root)
    assert (kept(idx), kept(idx, "stamps"), idx.get("key")) == ([], [], None)
    idx.close()
    opened().close()
    code.touch()
    idx = Index(root)
    assert len(kept(idx)) == 1  # the changed ims's fingerprint was kept


def test_a_broken_index_made_anew_is_kept_as_this_ims_s(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = CodeFiles(tmp_path / "ims_cli", monkeypatch)
    idx = Index(root)
    assert idx.path is not None
    idx.close()
    idx.path.write_bytes(b"SQLite format 3\0" + b"\xff" * 5000)
    notes: list[str] = []
    Index(root, notes.append).close()
    assert notes == [f"Merk: indeksen {idx.path} kunne ikke leses og bygges på nytt."]
    before = code.fingerprints
    Index(root).close()
    assert code.fingerprints == before


def test_only_records_of_a_unit_when_asked(root: Path) -> None:
    idx = Index(root, in_memory=True)

    def read(stale: list[str]) -> Iterator[tuple[bytes, index.Row]]:
        for path in stale:
            row = dict.fromkeys(index.COLUMNS)
            row.update(record_id=path, sort="prosess", enhet=None if "0" in path else "HO")
            yield b"d" * 20, tuple(row.values())

    idx.refresh(["p0", "p1"], {"p0": (MINUTE_AGO, 1), "p1": (MINUTE_AGO, 1)}, read)
    assert idx.rows("record_id", Select(of_a_unit=True)) == [("p1",)]
    assert idx.rows("record_id", Select()) == [("p0",), ("p1",)]


def test_an_index_adopted_from_another_checkout_is_checked_against_this_ims(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = CodeFiles(tmp_path / "ims_cli", monkeypatch)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    known = {"a.yaml": write(first, "a.yaml", "id: a\n")}
    made = Index(first, identity=lambda: "the same history")
    made.refresh(["a.yaml"], known, Reader(first))
    made.close()
    adopted = Index(second, identity=lambda: "the same history")
    assert len(kept(adopted)) == 1  # the other checkout's files, to be vouched for
    adopted.close()
    code.module.write_text("LIMIT = 15\n", "utf-8")  # then ims changed
    third = tmp_path / "third"
    third.mkdir()
    assert kept(Index(third, identity=lambda: "the same history")) == []


def test_what_is_made_is_kept_only_while_the_index_is_made_under_the_same_config(
    root: Path,
) -> None:
    """An export that read the rows before another ims changed ims.yaml keeps nothing: its rows
    were made under the old one. Else it keeps them, for the file's bytes as they were."""
    known = {"a.yaml": write(root, "a.yaml", "id: a\n")}
    idx = Index(root)
    idx.keyed("ims.yaml før")
    idx.refresh(["a.yaml"], known, Reader(root))
    under = idx.made_under()
    other = Index(root)  # another ims, with ims.yaml changed
    other.keyed("ims.yaml etter")
    idx.keep_made("sqlite:intern", [("a.yaml", b"d", b"rows")], under)
    assert kept(idx, "made") == []
    idx.keep_made("sqlite:intern", [("a.yaml", b"d", b"rows")], idx.made_under())
    assert kept(idx, "made") == [("a.yaml", "sqlite:intern", b"d", b"rows")]
    other.keyed("ims.yaml igjen")  # forgetting every file forgets what was made of them
    assert kept(idx, "made") == []
