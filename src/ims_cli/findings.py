"""A finding is one problem in one place; every output format renders the same list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Severity = Literal["feil", "advarsel"]
# How sure a fix is, as ruff has it: `safe` is certain and `ims validate --fix` applies it;
# `unsafe` is a close match («mente du …?») applied only with --unsafe-fixes; `display` is
# said and never applied (it would clash with what the file already has).
Applicability = Literal["safe", "unsafe", "display"]
APPLICABILITY_WORDS: dict[Applicability, str] = {
    "safe": "sikker",
    "unsafe": "usikker",
    "display": "bare_visning",
}
Path = tuple[str | int, ...]
# Appended to a path, it names the key itself rather than its value: (…, "tittel", KEY).
KEY = "\0key"


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that repairs a finding, at the finding's path: the value (or, with `key`, the
    key) written `old` becomes `new`. Safe only when exactly one answer fits."""

    old: str
    new: str | date
    key: bool = False
    applicability: Applicability = "safe"

    def to_wire(self) -> tuple[Any, ...]:
        """Plain values for the index (marshal has no dates)."""
        new = self.new.isoformat() if isinstance(self.new, date) else self.new
        return (self.old, new, isinstance(self.new, date), self.key, self.applicability)

    @classmethod
    def from_wire(cls, wire: tuple[Any, ...]) -> Fix:
        old, new, is_date, key, applicability = wire
        return cls(old, date.fromisoformat(new) if is_date else new, key, applicability)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: rule code, severity, where it is and how to fix it."""

    code: str
    severity: Severity
    file: str
    message: str
    ref: str | None = None
    line: int | None = None
    column: int | None = None
    # Where in the record's data the problem sits; the store turns it into line and column.
    path: Path | None = field(default=None, compare=False)
    # For a deadline that has passed: the deadline, how late, and whose it is.
    due: date | None = None
    days_overdue: int | None = None
    unit: str | None = None
    owner: str | None = None
    # About a record graded fortrolig or strengt_fortrolig: confidentiality.shareable hides the
    # record's text quoted in the message before it is shown beyond the file.
    graded: bool = False
    fix: Fix | None = field(default=None, compare=False)  # `ims validate --fix` applies it
    # How many findings this one stands for: the line that counts the rest of a file's findings
    # (rules.run.capped) stands for all of them.
    counts: int = 1

    @property
    def late(self) -> bool:
        """A deadline that has passed (one told ahead, while it runs, has not)."""
        return self.due is not None and (self.days_overdue is None or self.days_overdue > 0)

    def at(self, line: int | None, column: int | None) -> Finding:
        # Not dataclasses.replace: at 100 000 records this runs for every deadline (5x faster).
        return Finding(
            self.code,
            self.severity,
            self.file,
            self.message,
            self.ref,
            line,
            column,
            self.path,
            self.due,
            self.days_overdue,
            self.unit,
            self.owner,
            self.graded,
            self.fix,
            self.counts,
        )

    def to_json(self) -> dict[str, object]:
        found: dict[str, object] = {
            "kode": self.code,
            "alvor": self.severity,
            "fil": self.file,
            "linje": self.line,
            "kolonne": self.column,
            "ref": self.ref,
            "melding": self.message,
        }
        if self.fix is not None:
            new = self.fix.new
            found["rettelse"] = {
                "fra": self.fix.old,
                "til": str(new),
                "sikkerhet": APPLICABILITY_WORDS[self.fix.applicability],
            }
        if self.due is not None:
            found.update(
                frist=self.due.isoformat(),
                dager_forfalt=self.days_overdue,
                enhet=self.unit,
                ansvarlig=self.owner,
            )
        return found


def sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.file, finding.line or 0, finding.column or 0, finding.code)


def count(findings: list[Finding], severity: Severity) -> int:
    return sum(f.counts for f in findings if f.severity == severity)
