"""What ims writes is readable as the umask says (not mkstemp's 0600), and a file it replaces
keeps its permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ims_cli.store.database import write_database
from ims_cli.store.workbook import Column, Table, write_table
from ims_cli.store.write import write_new, write_output

TABLE = Table("Avvik", (Column("Id"),), (("AVV-2026-0001",),), (False,))


@pytest.fixture(params=[0o027, 0o022])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_get_the_umasks_permissions(tmp_path: Path, umask: int) -> None:
    write_output(tmp_path / "varsel.md", "tekst\n")
    write_new(tmp_path / "AVV-2026-0001.yaml", "id: AVV-2026-0001\n")
    write_table(tmp_path / "avvik.xlsx", TABLE)
    write_database(tmp_path / "ims.db", [], [])
    for name in ("varsel.md", "AVV-2026-0001.yaml", "avvik.xlsx", "ims.db"):
        assert _mode(tmp_path / name) == 0o666 & ~umask, name
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "AVV-2026-0001.yaml",
        "avvik.xlsx",
        "ims.db",
        "varsel.md",
    ]  # no temporary file left behind


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    for path, write in (
        (tmp_path / "liste.md", lambda p: write_output(p, "ny\n")),
        (tmp_path / "avvik.xlsx", lambda p: write_table(p, TABLE)),
    ):
        path.write_bytes(b"gammel")
        path.chmod(0o604)
        write(path)
        assert _mode(path) == 0o604
