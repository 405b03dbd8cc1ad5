"""Reading a file of the repository: as much as a record may hold and not a byte more, also from
a file that grows while it is read; and why a file could not be written."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from ims_cli.store import files
from ims_cli.store.files import MAX_BYTES, Unreadable, unreadable, write_reason


def test_a_file_of_exactly_the_largest_size_is_read_and_one_byte_more_is_not(
    tmp_path: Path,
) -> None:
    (tmp_path / "stor.yaml").write_bytes(b"a" * MAX_BYTES)
    assert len(files.read(str(tmp_path), "stor.yaml")) == MAX_BYTES
    (tmp_path / "for-stor.yaml").write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(Unreadable) as raised:
        files.read(str(tmp_path), "for-stor.yaml")
    assert raised.value.code == "Y005"
    assert raised.value.message.startswith("filen er 2048 KiB; en post kan være høyst 2048 KiB.")


def test_a_file_that_grows_while_read_in_pieces_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file said it was small when opened; the reads, a megabyte at a time, find more."""
    (tmp_path / "voksende.yaml").write_bytes(b"a" * (MAX_BYTES + 1))
    real_fstat, real_read = os.fstat, os.read

    def small(handle: int) -> object:
        found = real_fstat(handle)
        return SimpleNamespace(st_mode=found.st_mode, st_size=10)

    monkeypatch.setattr(files.os, "fstat", small)
    monkeypatch.setattr(files.os, "read", lambda h, n: real_read(h, min(n, MAX_BYTES // 2)))
    with pytest.raises(Unreadable) as raised:
        files.read(str(tmp_path), "voksende.yaml")
    assert raised.value.code == "Y005"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EACCES, "ingen tilgang"),
        (errno.ENOSPC, "disken er full"),
        (errno.EIO, "Input/output error"),  # no Norwegian words for it: the system's own
    ],
)
def test_why_a_file_could_not_be_written(code: int, reason: str) -> None:
    assert write_reason(OSError(code, os.strerror(code))) == reason


def test_an_error_without_a_number_keeps_its_own_words() -> None:
    assert write_reason(OSError()) == "ukjent feil"
    said = "filen kan ikke leses (ukjent feil); sjekk rettigheter og lenker"
    assert unreadable(OSError("rar feil")).message == said
    refused = unreadable(OSError(errno.ELOOP, "Too many levels of symbolic links"))
    assert str(refused) == refused.message
    assert refused.message == "filen kan ikke leses (lenker i ring); sjekk rettigheter og lenker"
