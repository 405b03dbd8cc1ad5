"""`ims validate --fix`: the repairs findings carry (Finding.fix), applied through the round trip.

A fix is made where a finding is made (rules/schema.py, rules/references.py) and kept with it in
the index, with how sure it is (findings.Applicability): `--fix` applies the safe ones,
`--unsafe-fixes` the close matches too. Only the files with a fix to apply are read, here, and
their edited text checked by the round trip before anything is written; the next run of the
index reads them again, and nothing else.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ims_cli.confidentiality import HIDDEN, grade_in, graded, mask
from ims_cli.errors import UserError
from ims_cli.findings import KEY, Applicability, Finding, Fix
from ims_cli.store import files, lock, roundtrip, yamlfile
from ims_cli.store.write import editable, write_atomically
from ims_cli.store.yamlfile import decode
from ims_cli.words import word

# The values moved by hand since the index read them: the fixes no longer fit the file.
MOVED = "filen er endret siden den ble sjekket; kjør «ims validate» igjen"


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


def available(findings: list[Finding]) -> Counter[Applicability]:
    """How many findings carry a fix, by how sure it is."""
    return Counter(f.fix.applicability for f in findings if f.fix is not None and f.path)


def plan(root: Path, findings: list[Finding], unsafe: bool = False) -> Plan:
    """The safe fixes the findings carry, and with `unsafe` the unsafe ones too, file by file.
    The findings come from the index, fixes and all: only the files with a fix are read."""
    wanted = {"safe", "unsafe"} if unsafe else {"safe"}
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        if f.fix is not None and f.path is not None and f.fix.applicability in wanted:
            by_file.setdefault(f.file, []).append(f)
    made, refused = [], []
    for file in sorted(by_file):
        try:
            made.append(_file_fix(root, file, by_file[file]))
        except files.Unreadable as problem:
            refused.append((file, problem.message))
        except (UserError, yamlfile.FileProblem) as problem:
            refused.append((file, str(problem)))
    return Plan(tuple(made), tuple(refused))


def _file_fix(root: Path, file: str, fixable: list[Finding]) -> FileFix:
    """The file's text with its fixes made, checked by the round trip."""
    raw = files.read(str(root), file)
    text = decode(raw)
    data = yamlfile.parse(yamlfile.document_of(file, text))
    if not all(_still(data, f) for f in fixable):
        raise UserError(MOVED)
    after, _ = roundtrip.apply(text, [_edit(f) for f in fixable], file.endswith(".md"))
    grade = grade_in(data)
    hidden = graded(grade) or any(f.graded for f in fixable)
    fixes = tuple(
        sorted(
            (_fixed(f.line, f.fix, hidden) for f in fixable if f.fix),
            key=lambda fixed: fixed.line or 0,
        )
    )
    return FileFix(file, raw, after, fixes, str(grade) if hidden else None)


def _still(data: Any, finding: Finding) -> bool:
    """Whether the file still has what the fix replaces, where the finding says."""
    assert finding.fix is not None and finding.path is not None
    if finding.path[-1] == KEY:
        mapping = _at(data, finding.path[:-2])
        return isinstance(mapping, dict) and finding.fix.old in mapping
    return bool(_at(data, finding.path) == finding.fix.old)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    current = data
    for step in path:
        try:
            current = current[step]
        except (KeyError, IndexError, TypeError):
            return None
    return current


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
