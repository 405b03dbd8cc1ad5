"""The index: a file is read again only when it changed, never trusted when broken."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from ims_cli.indexed import load_repository
from ims_cli.store import files, load
from ims_cli.store import index as cache_module
from tests.conftest import MakeRepo, findings

BROKEN = "id: AVV-2026-0001\ntype: avvik\n"


def age(root: Path) -> None:
    """Make every file a minute old, so none is too fresh to cache."""
    past = time.time() - 60
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = load.read_file

    def counting(path: str, raw: bytes, *people: Any, **vocabulary: Any) -> load.FileResult:
        seen.append(path)
        return real(path, raw, *people, **vocabulary)

    monkeypatch.setattr(load, "read_file", counting)
    return seen


def test_a_second_load_reads_nothing_and_gives_the_same(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"records/AVV-2026-0001.yaml": BROKEN})
    age(root)
    first = load_repository(root)
    seen = reads(monkeypatch)
    second = load_repository(root)
    assert seen == []
    assert [(r.path, r.record, r.body) for r in second.records] == [
        (r.path, r.record, r.body) for r in first.records
    ]
    assert second.findings == first.findings and second.ids == first.ids
    assert findings(root) == findings(root) != []


def test_a_changed_file_is_read_again(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo()
    age(root)
    load_repository(root)
    avvik = root / "records" / "avvik" / "AVV-2026-0100.yaml"
    avvik.write_text(avvik.read_text("utf-8").replace("status: meldt", "status: ferdig"), "utf-8")
    seen = reads(monkeypatch)
    assert [f.code for f in load_repository(root).findings] == ["S003"]
    assert seen == ["records/avvik/AVV-2026-0100.yaml"]


def test_fresh_files_are_trusted_by_their_bytes_only(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed within the racy window may change again with the same mtime and size."""
    root = make_repo()
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path)  # changed just now: within the racy window
    load_repository(root)
    avvik = root / "records" / "avvik" / "AVV-2026-0100.yaml"
    before = avvik.stat()
    avvik.write_text(avvik.read_text("utf-8").replace("status: meldt", "status: ferdi"), "utf-8")
    os.utime(avvik, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    seen = reads(monkeypatch)
    assert [f.code for f in load_repository(root).findings] == ["S003"]
    assert seen == ["records/avvik/AVV-2026-0100.yaml"]


def test_files_touched_but_unchanged_are_not_parsed_again(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh clone in CI with the cache of the last run restored: new mtimes, same bytes."""
    root = make_repo({"records/AVV-2026-0001.yaml": BROKEN})
    age(root)
    first = load_repository(root)
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (time.time() - 30, time.time() - 30))
    seen = reads(monkeypatch)
    second = load_repository(root)
    assert seen == []
    assert second.findings == first.findings
    assert [r.record for r in second.records] == [r.record for r in first.records]


def test_a_new_ims_or_a_broken_cache_starts_over(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, private_cache: Path
) -> None:
    root = make_repo()
    age(root)
    load_repository(root)
    (cached,) = private_cache.glob("*.index.sqlite")
    monkeypatch.setattr(cache_module, "_code_stamps", lambda files: [("ims", 1, 1)])
    monkeypatch.setattr(cache_module, "_code_fingerprint", lambda files: "another ims")
    seen = reads(monkeypatch)
    load_repository(root)
    assert len(seen) == 6
    cached.write_bytes(b"\x00not marshal")
    assert load_repository(root).findings == []


def test_the_same_ims_installed_anew_keeps_the_cache(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pip writes the same modules with new mtimes: their content says ims is the same."""
    root = make_repo()
    age(root)
    load_repository(root)
    monkeypatch.setattr(cache_module, "_code_stamps", lambda files: [("ims", 2, 2)])
    seen = reads(monkeypatch)
    load_repository(root)
    assert seen == []


def test_no_cache_when_asked(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, private_cache: Path
) -> None:
    monkeypatch.setenv("IMS_NO_CACHE", "1")
    root = make_repo()
    age(root)
    load_repository(root)
    assert list(private_cache.iterdir()) == []


def test_the_config_is_cached_with_its_findings_and_read_again_when_changed(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"ims.yaml": "frister:\n  avvik_behandling_dager: mange\n"})
    age(root)
    first = load_repository(root)
    parsed: list[bytes] = []
    real = load.config_data
    monkeypatch.setattr(
        load, "config_data", lambda raw, validator: parsed.append(raw) or real(raw, validator)
    )
    second = load_repository(root)
    assert parsed == []
    assert second.config == first.config
    assert [(f.code, f.line, f.column) for f in second.findings] == [("S003", 2, 27)]
    (root / "ims.yaml").write_text("frister:\n  avvik_behandling_dager: 3\n", "utf-8")
    age(root)
    third = load_repository(root)
    assert len(parsed) == 1
    assert third.findings == [] and third.config.frister.avvik_behandling_dager == 3
    assert load_repository(root).config == third.config and len(parsed) == 1
    os.utime(root / "ims.yaml", (time.time() - 30, time.time() - 30))  # touched, not changed
    assert load_repository(root).config == third.config and len(parsed) == 1


def test_a_file_that_could_not_be_read_is_tried_again(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo()
    age(root)
    real = files.read

    def refused(folder: str, path: str) -> bytes:
        if path.endswith("AVV-2026-0100.yaml"):
            raise files.unreadable(PermissionError(13, "Permission denied"))
        return real(folder, path)

    with monkeypatch.context() as patched:
        patched.setattr(files, "read", refused)
        assert [f.code for f in load_repository(root).findings] == ["Y009"]
    assert load_repository(root).findings == []  # the permission was fixed
