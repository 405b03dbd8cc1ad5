"""Where the cache lives, and which files are too fresh to trust by their stamp."""

from __future__ import annotations

from pathlib import Path

import pytest

from ims_cli.store import cache


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"IMS_NO_CACHE": "1", "IMS_CACHE_DIR": "/srv/ims"}, None),
        ({"IMS_CACHE_DIR": "/srv/ims", "XDG_CACHE_HOME": "/x"}, Path("/srv/ims")),
        ({"XDG_CACHE_HOME": "/x"}, Path("/x/ims")),
        ({}, Path("/home/liv/.cache/ims")),
    ],
)
def test_the_cache_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: Path | None
) -> None:
    for name in ("IMS_NO_CACHE", "IMS_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", "/home/liv")
    assert cache.folder() == expected


def test_a_file_is_racy_until_its_mtime_is_two_seconds_old(monkeypatch: pytest.MonkeyPatch) -> None:
    now = 1_800_000_000 * 10**9
    monkeypatch.setattr(cache.time, "time_ns", lambda: now)
    assert cache.racy((now - 1_999_999_999, 10))
    assert not cache.racy((now - 2 * 10**9, 10))
    assert not cache.racy((now - 60 * 10**9, 10))


def test_the_templates_folder_is_made_with_its_parents_and_found_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("IMS_NO_CACHE", raising=False)
    monkeypatch.setenv("IMS_CACHE_DIR", str(tmp_path / "a" / "b"))
    assert cache.templates_folder() == tmp_path / "a" / "b" / "templates"
    assert cache.templates_folder() == tmp_path / "a" / "b" / "templates"  # already there
    assert (tmp_path / "a" / "b" / "templates").is_dir()
    monkeypatch.setenv("IMS_NO_CACHE", "1")
    assert cache.templates_folder() is None
