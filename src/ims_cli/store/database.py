"""Write a SQLite database of tables (`ims export sqlite`): each table with its columns' meanings
in its schema and in the table `kolonner`, foreign keys declared and indexed, the file written
beside the target and renamed over it."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ims_cli.errors import UserError
from ims_cli.store.files import temporary_beside, write_reason

Column = tuple[str, str, str]  # name, SQL type and constraints, what it means


@dataclass(frozen=True)
class Table:
    name: str
    about: str  # what one row is
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]


_ABOUT = Table(
    "tabeller",
    "en tabell i databasen",
    (
        ("tabell", "TEXT PRIMARY KEY", "tabellens navn"),
        ("en_rad_er", "TEXT", "hva én rad er"),
        ("rader", "INTEGER", "antall rader"),
    ),
    [],
)
_COLUMNS = Table(
    "kolonner",
    "en kolonne i en tabell",
    (
        ("tabell", "TEXT REFERENCES tabeller(tabell)", "tabellen"),
        ("kolonne", "TEXT", "kolonnens navn"),
        ("betydning", "TEXT", "hva den betyr"),
    ),
    [],
)


def _create(table: Table) -> str:
    """CREATE TABLE with each column's meaning as a comment, which SQLite keeps in the schema."""
    last = len(table.columns) - 1
    lines = [
        f"  {name} {kind}{'' if at == last else ','} -- {meaning}"
        for at, (name, kind, meaning) in enumerate(table.columns)
    ]
    return f"CREATE TABLE {table.name} ( -- én rad er {table.about}\n" + "\n".join(lines) + "\n)"


def _indexes(table: Table) -> list[str]:
    return [
        f"CREATE INDEX {table.name}_{name} ON {table.name} ({name})"
        for name, kind, _ in table.columns
        if "REFERENCES" in kind
    ]


def write_database(path: Path, tables: list[Table], notes: list[tuple[str, str]]) -> int:
    """A new SQLite file with the tables, a table of tables and one of columns, and the notes
    (key, value) in `om_uttrekket`. Gives the number of references that point at no row."""
    described = [
        Table(
            _ABOUT.name,
            _ABOUT.about,
            _ABOUT.columns,
            [(t.name, t.about, len(t.rows)) for t in tables],
        ),
        Table(
            _COLUMNS.name,
            _COLUMNS.about,
            _COLUMNS.columns,
            [(t.name, name, meaning) for t in tables for name, _, meaning in t.columns],
        ),
        Table(
            "om_uttrekket",
            "et faktum om uttrekket",
            (("nokkel", "TEXT PRIMARY KEY", "hva"), ("verdi", "TEXT", "verdien")),
            notes,
        ),
    ]
    try:
        handle, temporary = temporary_beside(path, path.resolve().parent)
    except OSError as error:
        raise UserError(f"{path}: kan ikke skrive filen ({write_reason(error)})") from None
    os.close(handle)
    try:
        with sqlite3.connect(temporary) as db:
            for table in [*tables, *described]:
                db.execute(_create(table))
                marks = ", ".join("?" * len(table.columns))
                db.executemany(f"INSERT INTO {table.name} VALUES ({marks})", table.rows)
                for index in _indexes(table):
                    db.execute(index)
            dangling = len(db.execute("PRAGMA foreign_key_check").fetchall())
        db.close()
        os.replace(temporary, path)
    except (OSError, sqlite3.Error) as error:
        reason = write_reason(error) if isinstance(error, OSError) else "SQLite-feil"
        raise UserError(f"{path}: kan ikke skrive filen ({reason})") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return dangling
