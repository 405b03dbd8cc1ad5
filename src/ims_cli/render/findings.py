"""Findings as text for people and as the stable JSON object for machines.

Every finding goes through confidentiality.shareable first: these outputs end up in CI logs.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from datetime import date

from ims_cli.confidentiality import shareable
from ims_cli.findings import Finding, count
from ims_cli.render.markdown_text import md_text
from ims_cli.render.plain import printable
from ims_cli.words import counted, whole
from ims_cli.words import day as shown

_STYLE = {"feil": "bold red", "advarsel": "yellow"}


def location(finding: Finding) -> str:
    parts = [printable(finding.file)]
    if finding.line is not None:
        parts.append(str(finding.line))
        if finding.column is not None:
            parts.append(str(finding.column))
    return ":".join(parts)


def summary(findings: Sequence[Finding], records: int, day: date | None = None) -> str:
    """'84 poster sjekket: 1 feil, 2 advarsler.'; passed deadlines are counted apart, always
    when the check was of a day (ims check: '… sjekket per 22.11.2026: 0 forfalte frister, …')."""
    late = [f for f in findings if f.late]
    rest = [f for f in findings if not f.late]
    errors, warnings = count(rest, "feil"), count(rest, "advarsel")
    checked = counted(records, "post", "poster") + " sjekket"
    warned = counted(warnings, "advarsel", "advarsler")
    if day is not None:
        checked += f" per {shown(day)}"
    elif not late:
        return f"{checked}: {whole(errors)} feil, {warned}."
    deadlines = counted(len(late), "forfalt frist", "forfalte frister")
    return f"{checked}: {deadlines}, {whole(errors)} feil og {warned} i postene."


def line(finding: Finding) -> str:
    """A finding on one line, for a terminal or a log: nothing in it a terminal would obey."""
    finding = shareable(finding)
    ref = f" [{finding.ref}]" if finding.ref else ""
    return printable(
        f"{location(finding)}: {finding.severity} {finding.code} {finding.message}{ref}"
    )


def _colour() -> bool:
    if os.environ.get("NO_COLOR", ""):
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR", ""))


def print_text(findings: list[Finding], records: int) -> None:
    """One line per finding, file:line:column first so editors and CI logs can jump to it.

    Plain print when nothing will be coloured (CI logs, pipes): rich is not even imported.
    """
    if not _colour():
        for finding in findings:
            print(line(finding))
        print(summary(findings, records))
        return
    _print_rich(findings, records)


def _print_rich(findings: list[Finding], records: int) -> None:
    from rich.text import Text

    from ims_cli.render.console import stdout

    console = stdout()
    for finding in map(shareable, findings):
        line = Text()
        line.append(location(finding), style="bold")
        line.append(": ")
        line.append(finding.severity, style=_STYLE[finding.severity])
        line.append(f" {finding.code} ", style="dim")
        line.append(printable(finding.message))
        if finding.ref:
            line.append(printable(f" [{finding.ref}]"), style="cyan")
        console.print(line)
    style = "red" if count(findings, "feil") else ("yellow" if findings else "green")
    console.print(Text(summary(findings, records), style=style))


def fixes_available(findings: Sequence[Finding]) -> str | None:
    """«3 kan rettes med --fix, 2 til med --unsafe-fixes.»: how many findings a fix would
    repair, the safe ones and the close matches; None when none."""
    kinds = [f.fix.applicability for f in findings if f.fix is not None and f.path is not None]
    safe, unsafe = kinds.count("safe"), kinds.count("unsafe")
    if safe and unsafe:
        return f"{safe} kan rettes med --fix, {unsafe} til med --unsafe-fixes."
    if safe:
        return f"{safe} kan rettes med --fix."
    return f"{unsafe} kan rettes med --fix --unsafe-fixes." if unsafe else None


def to_json(findings: list[Finding], records: int) -> str:
    """{"antall_poster": N, "funn": [...]}: the format other tools read; keep it stable.

    One finding to a line: readable, easy to grep in a CI log, and written by json's C encoder
    (with indent, json encodes in Python: 1.3 s rather than 0.3 s for 70 000 findings).
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = ",\n    ".join(encode(shareable(f).to_json()) for f in findings)
    funn = f"[\n    {lines}\n  ]" if findings else "[]"
    return f'{{\n  "antall_poster": {records},\n  "funn": {funn}\n}}'


def markdown(findings: list[Finding], records: int, title: str) -> str:
    """Every finding as a Markdown table, for a CI job's summary ($GITHUB_STEP_SUMMARY): GitHub
    shows only the first ten annotations of a step, the summary shows them all."""
    found = [shareable(f) for f in findings]
    lines = [f"### {title}", "", summary(found, records), ""]
    if not found:
        return "\n".join(lines) + "\n"
    lines += ["| Sted | Alvor | Kode | Melding | Post |", "|---|---|---|---|---|"]
    for f in found:
        cells = [location(f), f.severity, f.code, f.message, f.ref or ""]
        lines.append("| " + " | ".join(md_text(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


_CODE_CLIMATE_SEVERITY = {"feil": "major", "advarsel": "minor"}


def codeclimate(findings: list[Finding]) -> str:
    """The Code Climate JSON GitLab reads as a code-quality report: every finding shows on the
    merge request's changed lines and in its widget, without GitLab's limits on annotations."""
    issues = []
    shared = [shareable(f) for f in findings]  # graded text is not even hashed
    for f, fingerprint in zip(shared, fingerprints(shared), strict=True):
        line = f.line or 1
        issues.append(
            {
                "type": "issue",
                "check_name": f.code,
                "description": f"{f.code} {f.message}" + (f" [{f.ref}]" if f.ref else ""),
                "categories": ["Compatibility"],
                "severity": _CODE_CLIMATE_SEVERITY[f.severity],
                "fingerprint": fingerprint,
                "location": {"path": f.file, "lines": {"begin": line, "end": line}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=1)


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """What GitLab tells issues apart and follows between pipelines by: the same from one day
    to the next and when lines move, and never shared by two findings.

    A deadline is known by its frist, not by its message (which counts the days over it); the
    same finding twice in a file (an unknown person twice in one list) by its turn.
    """
    seen: dict[str, int] = {}
    found = []
    for f in findings:
        what = f"frist {f.due.isoformat()}" if f.due is not None else f.message
        identity = "\0".join([f.code, f.file, f.ref or "", what])
        turn = seen[identity] = seen.get(identity, 0) + 1
        if turn > 1:
            identity += f"\0{turn}"
        found.append(hashlib.md5(identity.encode(), usedforsecurity=False).hexdigest())
    return found
