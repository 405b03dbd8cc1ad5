"""A finding moved to its place keeps everything else it says."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

from ims_cli.findings import Finding


def test_at_changes_line_and_column_only() -> None:
    values = {f.name: f"{f.name}-value" for f in fields(Finding)}
    values.update(due=date(2026, 1, 1), days_overdue=3, path=("tiltak", 0, "frist"))
    finding = Finding(**values)  # type: ignore[arg-type]
    moved = finding.at(7, 9)
    assert moved == replace(finding, line=7, column=9)
    assert {f.name: getattr(moved, f.name) for f in fields(Finding)} == {
        **values,
        "line": 7,
        "column": 9,
    }
