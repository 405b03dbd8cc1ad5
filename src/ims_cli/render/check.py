"""`ims check` findings for people (grouped by unit and owner), GitHub Actions and JUnit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from ims_cli.codes import CODES
from ims_cli.confidentiality import shareable
from ims_cli.findings import Finding
from ims_cli.render import findings as render
from ims_cli.render.findings import line, location, summary
from ims_cli.render.plain import printable
from ims_cli.render.registry import CHECK, VALIDATE
from ims_cli.render.results import Findings
from ims_cli.words import counted
from ims_cli.words import day as shown

# The checks of `ims check`, each with the rule codes it reports (JUnit test suites).
CHECKS = {
    "validering": None,
    "tiltak": {"F001"},
    "ros-evaluering": {"F002"},
    "prosessrevisjon": {"F003"},
    "lederdialog": {"F004"},
    "avviksbehandling": {"F005"},
}


def check_of(finding: Finding) -> str:
    return next((c for c, codes in CHECKS.items() if codes and finding.code in codes), "validering")


def text(
    found: Sequence[Finding],
    records: int,
    day: date,
    units: Mapping[str, str],
    people: Mapping[str, str],
) -> str:
    """Late deadlines grouped by unit and owner, then the validation findings, then a summary."""
    found = [shareable(f) for f in found]  # a withheld record's deadline has no unit or owner
    late = [f for f in found if f.late]
    rest = [f for f in found if not f.late]
    lines: list[str] = []
    if late:
        lines.append(f"Forfalte frister per {shown(day)} ({len(late)}):")
        by_unit: dict[str, list[Finding]] = {}
        for finding in late:
            by_unit.setdefault(finding.unit or "", []).append(finding)
        for unit in sorted(by_unit):
            lines.append(f"  {units.get(unit, unit)} ({unit})" if unit else "  (uten enhet)")
            by_owner: dict[str, list[Finding]] = {}
            for finding in by_unit[unit]:
                by_owner.setdefault(finding.owner or "", []).append(finding)
            for owner in sorted(by_owner):
                who = f"{people.get(owner, owner)} ({owner})" if owner else "uten ansvarlig"
                lines.append(f"    {who}:")
                for finding in sorted(by_owner[owner], key=lambda f: -(f.days_overdue or 0)):
                    lines.append(f"      {line(finding)}")
    if rest:
        lines.append(f"Funn i postene ({len(rest)}):")
        lines += [f"  {line(f)}" for f in rest]
    lines.append(summary(found, records, day))
    return printable("\n".join(lines))  # unit and people's names come from the registers


def _escape(value: str, property_value: bool = False) -> str:
    """GitHub's escaping for workflow command data and properties."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(found: Sequence[Finding]) -> str:
    """::error / ::warning workflow commands, so findings show on the pull request's files."""
    out = []
    for f in map(shareable, found):
        kind = "error" if f.severity == "feil" else "warning"
        props = [f"file={_escape(f.file, True)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        if f.column is not None:
            props.append(f"col={f.column}")
        title = f"{f.code} {CODES[f.code][1]}"
        props.append(f"title={_escape(title, True)}")
        ref = f" [{f.ref}]" if f.ref else ""
        out.append(f"::{kind} {','.join(props)}::{_escape(f.message + ref)}")
    return "\n".join(out)


def junit(found: Sequence[Finding], records: int, day: date) -> str:
    """One test suite per check; each finding is a failing test case, a clean check one passing.

    Valid against the JUnit schema Jenkins (xUnit) and GitLab read: a test case has no file or
    line attributes there, so the place leads its name (file:line:column CODE).
    """
    from xml.etree import ElementTree  # only this format needs it

    root = ElementTree.Element(
        "testsuites", name="ims check", tests="0", failures=str(len(found)), errors="0"
    )
    total = 0
    for check in CHECKS:
        mine = [shareable(f) for f in found if check_of(f) == check]
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=check,
            tests=str(max(len(mine), 1)),
            failures=str(len(mine)),
            errors="0",
            timestamp=day.isoformat(),
        )
        if not mine:
            name = f"{counted(records, 'post', 'poster')}: ingen funn"
            ElementTree.SubElement(suite, "testcase", classname=f"ims.{check}", name=name)
        for f in mine:
            where = location(f)
            case = ElementTree.SubElement(
                suite, "testcase", classname=f"ims.{check}", name=f"{where} {f.code}"
            )
            failure = ElementTree.SubElement(case, "failure", type=f.code, message=f.message)
            failure.text = f"{where}: {f.severity} {f.code} {f.message}" + (
                f" [{f.ref}]" if f.ref else ""
            )
        total += max(len(mine), 1)
    root.set("tests", str(total))
    for element in root.iter():  # XML 1.0 cannot hold control characters
        element.attrib = {k: printable(v) for k, v in element.attrib.items()}
        element.text = printable(element.text) if element.text else element.text
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, "unicode")


# The formats for a machine, a CI system or a job summary, the same for both commands.


@CHECK.renderer("json")
@VALIDATE.renderer("json")
def _json(report: Findings) -> str:
    return render.to_json(report.found, report.records)


@CHECK.renderer("github")
@VALIDATE.renderer("github")
def _github(report: Findings) -> str | None:
    return github(report.found) if report.found else None  # no annotation: not a blank line


@CHECK.renderer("junit")
@VALIDATE.renderer("junit")
def _junit(report: Findings) -> str:
    return junit(report.found, report.records, report.day)


@CHECK.renderer("md")
@VALIDATE.renderer("md")
def _markdown(report: Findings) -> str:
    return render.markdown(report.found, report.records, report.title)


@CHECK.renderer("codeclimate")
@VALIDATE.renderer("codeclimate")
def _codeclimate(report: Findings) -> str:
    return render.codeclimate(report.found)


@CHECK.renderer("text")
def _checked(report: Findings) -> str:
    return text(report.found, report.records, report.day, report.units, report.people)


@VALIDATE.renderer("text")
def _validated(report: Findings) -> str | None:
    render.print_text(report.found, report.records)
    return render.fixes_available(report.found)


def append_summary(path: Path | None, found: list[Finding], records: int, title: str) -> None:
    """The Markdown table of every finding, added to a file such as $GITHUB_STEP_SUMMARY, or
    printed (path None: «--sammendrag -»)."""
    from ims_cli.render.findings import markdown

    if path is None:
        print(markdown(found, records, title))
        return
    from ims_cli.store.write import append_text

    append_text(path, markdown(found, records, title) + "\n")
