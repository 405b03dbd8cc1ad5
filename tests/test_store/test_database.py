"""The SQLite file of `ims export sqlite`: tables with their meanings, an index on every column
that refers to another table, references that point at nothing counted, and errors said."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from ims_cli.errors import UserError
from ims_cli.store.database import Table, write_database

UNITS = Table("enheter", "en enhet", (("id", "TEXT PRIMARY KEY", "enhetens id"),), [("HO",)])
AVVIK = Table(
    "avvik",
    "et avvik",
    (
        ("id", "TEXT PRIMARY KEY", "avvikets id"),
        ("enhet", "TEXT REFERENCES enheter(id)", "enheten det gjelder"),
        ("tittel", "TEXT", "tittelen"),
    ),
    [("AVV-2026-0001", "HO", "Fall"), ("AVV-2026-0002", "OPP", "Glemt")],
)


def test_referring_columns_are_indexed_and_dangling_references_counted(tmp_path: Path) -> None:
    path = tmp_path / "ims.db"
    assert write_database(path, [UNITS, AVVIK], [("per", "2026-11-22")]) == 1  # OPP is no unit
    with sqlite3.connect(path) as db:
        indexes = db.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
        assert [n for (n,) in indexes if not n.startswith("sqlite_autoindex")] == [
            "avvik_enhet",
            "kolonner_tabell",
        ]
        schema = db.execute("SELECT sql FROM sqlite_master WHERE name = 'avvik'").fetchone()[0]
        assert schema.splitlines()[1:] == [
            "  id TEXT PRIMARY KEY, -- avvikets id",
            "  enhet TEXT REFERENCES enheter(id), -- enheten det gjelder",
            "  tittel TEXT -- tittelen",
            ")",
        ]
        assert schema.startswith("CREATE TABLE avvik ( -- én rad er et avvik\n")
        assert db.execute("SELECT * FROM tabeller ORDER BY tabell").fetchall() == [
            ("avvik", "et avvik", 2),
            ("enheter", "en enhet", 1),
        ]
        assert db.execute("SELECT * FROM om_uttrekket").fetchall() == [("per", "2026-11-22")]
    db.close()


def test_no_file_is_left_open(tmp_path: Path) -> None:
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(3):
        write_database(tmp_path / "ims.db", [UNITS], [])
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_file_that_cannot_be_written_is_said_with_why(tmp_path: Path) -> None:
    (tmp_path / "ims.db").mkdir()
    with pytest.raises(UserError, match=r"ims\.db: kan ikke skrive filen \(det er en mappe\)$"):
        write_database(tmp_path / "ims.db", [UNITS], [])
    assert [p.name for p in tmp_path.iterdir()] == ["ims.db"]  # no temporary file left


def test_an_sqlite_error_is_said_as_one(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"kan ikke skrive filen \(SQLite-feil\)$"):
        write_database(tmp_path / "ims.db", [UNITS, UNITS], [])  # the same table twice
    assert list(tmp_path.iterdir()) == []
