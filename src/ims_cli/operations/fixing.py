"""`ims validate --fix`: the repairs findings carry (Finding.fix), applied through the round trip.

A fix is made where a finding is made (rules/schema.py), only when exactly one answer fits; here
each file with such findings is read again, its fixes turned into edits, and the edited text
checked by the round trip before anything is written.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ims_cli.analytics.units import person_names
from ims_cli.confidentiality import HIDDEN, grade_in, graded, mask
from ims_cli.errors import UserError
from ims_cli.findings import Finding, Fix
from ims_cli.models.registers import Organisasjon
from ims_cli.store import files as store_files
from ims_cli.store import lock, roundtrip
from ims_cli.store.load import read_file
from ims_cli.store.write import editable, write_atomically
from ims_cli.store.yamlfile import decode
from ims_cli.words import word

FIXABLE = frozenset({"S002", "S003", "S004"})  # the codes whose findings may carry a fix
ORGANISATION = "records/organisasjon.yaml"


@dataclass(frozen=True)
class Fixed:
    """One repair, as it is shown: where, and the old and the new text."""

    line: int | None
    old: str
    new: str
    key: bool


@dataclass(frozen=True)
class FileFix:
    """A file's repairs and its text before and after them."""

    file: str
    raw: bytes
    after: str
    fixes: tuple[Fixed, ...]
    grade: str | None = None  # the file's gradering, when its text is graded

    def diff(self) -> str:
        """The unified diff; of a graded file, whose lines may hold its text, only the repairs
        (`described`), its old values hidden."""
        if self.grade is not None:
            told = "\n".join(described(self))
            why = f"{self.file} er gradert {word(self.grade)}: linjene vises ikke, bare rettelsene"
            return f"{why}\n{told}\n"
        before = decode(self.raw)
        lines = difflib.unified_diff(
            before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            f"a/{self.file}",
            f"b/{self.file}",
        )
        return mask("".join(lines))  # a diff may reach a CI log too


@dataclass(frozen=True)
class Plan:
    files: tuple[FileFix, ...]
    refused: tuple[tuple[str, str], ...]  # (file, why) for files whose fixes were not safe


def _people(root: Path) -> dict[str, str]:
    """Person names by id from organisasjon.yaml, when it is valid."""
    try:
        raw = store_files.read(str(root), ORGANISATION)
    except store_files.Unreadable:  # missing, or no file ims reads (validate says so)
        return {}
    model = read_file(ORGANISATION, raw).model
    return person_names(model) if isinstance(model, Organisasjon) else {}


def _edit(finding: Finding) -> roundtrip.Change:
    assert finding.fix is not None and finding.path is not None
    if finding.fix.key:  # the path names the key itself: (…, key, KEY)
        return roundtrip.Rename(finding.path[:-2], finding.fix.old, str(finding.fix.new))
    return roundtrip.SetValue(finding.path[:-1], finding.path[-1], finding.fix.new)


def _shown(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else value


def _fixed(line: int | None, fix: Fix, hidden: bool) -> Fixed:
    """A repair as it is told: of a graded record, the value it replaces (which the schema
    refused, so no code of it) is «(gradert)»; what replaces it is a code, and a key is a key."""
    old = HIDDEN if hidden and not fix.key else fix.old
    return Fixed(line, old, _shown(fix.new), fix.key)


def plan(root: Path, findings: list[Finding]) -> Plan:
    """The fixes of every file that has a finding which may carry one."""
    people = _people(root)
    files, refused = [], []
    for file in sorted({f.file for f in findings if f.code in FIXABLE}):
        try:
            raw = store_files.read(str(root), file)
        except store_files.Unreadable as problem:
            refused.append((file, problem.message))
            continue
        result = read_file(file, raw, people)
        fixable = [f for f in result.findings if f.fix and f.path]
        if not fixable:
            continue
        grade = grade_in(result.data or {})
        hidden = graded(grade)
        try:
            after, _ = roundtrip.apply(
                decode(raw), [_edit(f) for f in fixable], file.endswith(".md")
            )
        except UserError as problem:
            refused.append((file, str(problem)))
            continue
        fixes = tuple(
            sorted(
                (_fixed(f.line, f.fix, hidden) for f in fixable if f.fix),
                key=lambda fixed: fixed.line or 0,
            )
        )
        files.append(FileFix(file, raw, after, fixes, str(grade) if hidden else None))
    return Plan(tuple(files), tuple(refused))


def write(root: Path, fix: FileFix) -> None:
    """Under the folder's lock, and only if nobody changed the file since it was read."""
    path = editable(root, fix.file)
    with lock.folder_locked(path.parent):
        write_atomically(path, fix.after, fix.raw.startswith(b"\xef\xbb\xbf"), expected=fix.raw)


def described(fix: FileFix) -> list[str]:
    """'fil:linje: gammel → ny' for each repair, national ids masked (it may reach a CI log)."""
    return [
        mask(f"{fix.file}:{f.line or '?'}: {f.old} → {f.new}" + (" (feltnavn)" if f.key else ""))
        for f in fix.fixes
    ]
