"""A finding moved to its place keeps everything else it says."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

from ims_cli.findings import Finding
from ims_cli.render.findings import summary


def test_at_changes_line_and_column_only() -> None:
    values = {f.name: f"{f.name}-value" for f in fields(Finding)}
    values.update(due=date(2026, 1, 1), days_overdue=3, path=("tiltak", 0, "frist"))
    finding = Finding(**values)
    moved = finding.at(7, 9)
    assert moved == replace(finding, line=7, column=9)
    assert {f.name: getattr(moved, f.name) for f in fields(Finding)} == {
        **values,
        "line": 7,
        "column": 9,
    }


def _found(severity: str, due: date | None = None) -> Finding:
    return Finding("B001", severity, "records/a.yaml", "tekst", due=due)


def test_the_summary_counts_in_the_singular_and_the_plural() -> None:
    assert summary([_found("advarsel")], 1) == "1 post sjekket: 0 feil, 1 advarsel."
    assert summary([_found("feil"), _found("advarsel"), _found("advarsel")], 84) == (
        "84 poster sjekket: 1 feil, 2 advarsler."
    )
    late = [_found("feil", date(2026, 1, 1))]
    assert summary(late, 2) == "2 poster sjekket: 1 forfalt frist, 0 feil og 0 advarsler i postene."


def test_the_summary_of_a_check_per_day_always_counts_the_deadlines() -> None:
    day = date(2026, 11, 22)
    assert summary([], 1, day) == (
        "1 post sjekket per 22.11.2026: 0 forfalte frister, 0 feil og 0 advarsler i postene."
    )
    found = [_found("feil", date(2026, 1, 1)), _found("advarsel")]
    assert summary(found, 5, day) == (
        "5 poster sjekket per 22.11.2026: 1 forfalt frist, 0 feil og 1 advarsel i postene."
    )


def test_a_deadline_told_ahead_is_a_warning_not_a_passed_deadline() -> None:
    """F009 while a breach's 72 hours run: it has a frist, but it has not passed."""
    day = date(2026, 11, 22)
    running = replace(_found("advarsel", date(2026, 11, 23)), code="F009", days_overdue=-1)
    assert not running.late
    assert summary([running], 5, day) == (
        "5 poster sjekket per 22.11.2026: 0 forfalte frister, 0 feil og 1 advarsel i postene."
    )
