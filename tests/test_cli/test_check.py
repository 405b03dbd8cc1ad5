"""`ims check`: exactly the overdue deadlines, in every format, with the documented exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest
import xmlschema
from junitparser import JUnitXml
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import FIXTURES, PROJECT, MakeRepo
from tests.gitrepo import History

runner = CliRunner()
LATE = {
    # one overdue tiltak in each of the four kinds that carry tiltak (the base ROS has T1 too)
    "records/avvik/AVV-2026-0100.yaml": (
        "id: AVV-2026-0100\ntype: avvik\ntittel: x\nmeldt: 2026-03-01\nenhet: OPP-SOL\n"
        "kategori: hms\nstatus: tiltak_iverksatt\ntiltak:\n"
        "  - {id: T1, beskrivelse: a, ansvarlig: liv.berg, frist: 2026-05-01, status: pagar}\n"
        "  - {id: T2, beskrivelse: b, ansvarlig: liv.berg, frist: 2026-05-01, status: fullfort,"
        " fullfort: 2026-04-30}\n"
    ),
    "records/LA-2026-0001.yaml": (
        "id: LA-2026-0001\naar: 2026\nenhet: OPP-SOL\nleder: liv.berg\noverordnet: ola.hansen\n"
        "tiltak:\n  - {id: T1, beskrivelse: c, ansvarlig: liv.berg, frist: 2026-05-31, "
        "status: planlagt}\n"
    ),
    "records/LG-2026-0001.yaml": (
        "id: LG-2026-0001\nniva: virksomhet\nenhet: OPP-SOL\ndato: 2026-01-15\nbeslutninger:\n"
        "  - {id: T1, beskrivelse: d, ansvarlig: ola.hansen, frist: 2026-04-01, status: pagar}\n"
    ),
}


def run(root: object, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), "check", *args])
    return result.exit_code, result.output


def test_json_reports_exactly_the_overdue_tiltak(make_repo: MakeRepo) -> None:
    code, output = run(make_repo(LATE), "--as-of", "2026-06-02", "--format", "json")
    assert code == 1
    document = json.loads(output)
    late = {(f["ref"], f["frist"], f["dager_forfalt"]) for f in document["funn"]}
    assert late == {
        ("AVV-2026-0100/T1", "2026-05-01", 32),
        ("ROS-2026-0001/T1", "2026-06-01", 1),
        ("LA-2026-0001/T1", "2026-05-31", 2),
        ("LG-2026-0001/T1", "2026-04-01", 62),
    }
    assert {f["kode"] for f in document["funn"]} == {"F001"}
    assert document["antall_poster"] == 5


def test_nothing_late_exits_0(make_repo: MakeRepo) -> None:
    code, output = run(make_repo(LATE), "--as-of", "2026-03-31", "--format", "json")
    assert (code, json.loads(output)["funn"]) == (0, [])


@pytest.mark.parametrize(("fail_on", "expected"), [("feil", 1), ("advarsel", 1), ("ingen", 0)])
def test_fail_on(fail_on: str, expected: int, make_repo: MakeRepo) -> None:
    assert run(make_repo(LATE), "--as-of", "2026-06-02", "--fail-on", fail_on)[0] == expected


def test_text_groups_by_unit_and_owner(make_repo: MakeRepo) -> None:
    _, output = run(make_repo(LATE), "--as-of", "2026-06-02")
    lines = output.splitlines()
    assert lines[0] == "Forfalte frister per 02.06.2026 (4):"
    assert lines[1] == "  Solstrand barnehage (OPP-SOL)"
    assert lines[2] == "    Liv Berg (liv.berg):"
    assert (
        lines[-1]
        == "5 poster sjekket per 02.06.2026: 4 forfalte frister, 0 feil og 0 advarsler i postene."
    )


def test_github_workflow_commands(make_repo: MakeRepo) -> None:
    _, output = run(make_repo(LATE), "--as-of", "2026-06-02", "--format", "github")
    lines = output.splitlines()
    assert len(lines) == 4 and all(line.startswith("::error file=records/") for line in lines)
    (avvik,) = [line for line in lines if "[AVV-2026-0100/T1]" in line]
    assert avvik.startswith(
        "::error file=records/avvik/AVV-2026-0100.yaml,line=9,col=58,"
        "title=F001 Tiltak over fristen::"
    )
    assert avvik.endswith("(32 dager over fristen 01.05.2026) [AVV-2026-0100/T1]")


def test_junit_parses_and_counts(make_repo: MakeRepo) -> None:
    _, output = run(make_repo(LATE), "--as-of", "2026-06-02", "--format", "junit")
    root = ElementTree.fromstring(output.split("\n", 1)[1])
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {
        "validering",
        "tiltak",
        "ros-evaluering",
        "prosessrevisjon",
        "lederdialog",
        "avviksbehandling",
    }
    assert suites["tiltak"].get("failures") == "4"
    assert len(list(suites["tiltak"].iter("failure"))) == 4
    assert suites["validering"].get("failures") == "0"
    assert root.get("failures") == "4"


def test_junit_is_valid_against_the_junit_schema(make_repo: MakeRepo) -> None:
    """The schema Jenkins' xUnit plugin validates against (tests/schemas/junit.xsd)."""
    schema = xmlschema.XMLSchema(PROJECT / "tests" / "schemas" / "junit.xsd")
    broken = {"records/AVV-2026-0001.yaml": "id: AVV-2026-0001\ntype: avvik\n", **LATE}
    _, output = run(make_repo(broken), "--as-of", "2026-06-02", "--format", "junit")
    schema.validate(output)  # raises with the reason when it is not
    root = ElementTree.fromstring(output.split("\n", 1)[1])
    names = [case.get("name") for case in root.iter("testcase")]
    assert "records/AVV-2026-0001.yaml:1:1 S001" in names


def test_validation_errors_are_part_of_check(make_repo: MakeRepo) -> None:
    broken = {"records/AVV-2026-0001.yaml": "id: AVV-2026-0001\ntype: avvik\n"}
    code, output = run(make_repo(broken), "--as-of", "2026-01-02", "--format", "json")
    assert code == 1
    assert {f["kode"] for f in json.loads(output)["funn"]} == {"S001"}


def test_restricted_to_a_unit() -> None:
    _, output = run(PROJECT, "--as-of", "2026-11-22", "--format", "json", "--enhet", "TEK-VA")
    refs = {f["ref"] for f in json.loads(output)["funn"]}
    assert refs == {
        "AVV-2026-0017/T1",
        "PRO-2.3.1",
        "ROS-2025-0001",
        "ROS-2025-0001/T2",
        "ROS-2025-0001/T3",
    }


def test_bad_format_is_a_usage_error(make_repo: MakeRepo) -> None:
    code, output = run(make_repo(), "--format", "xml")
    assert code == 2 and "bruk text, json, github, junit" in output


def test_md_is_a_table_of_every_finding_and_summary_appends_it(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("Før\n", "utf-8")
    root = make_repo(LATE)
    code, output = run(
        root, "--as-of", "2026-06-02", "--format", "github", "--sammendrag", str(summary)
    )
    assert code == 1 and output.count("::error ") == 4
    table = summary.read_text("utf-8")
    assert table.startswith("Før\n### ims check per 02.06.2026\n")
    assert "| Sted | Alvor | Kode | Melding | Post |" in table
    assert table.count("| feil | F001 |") == 4
    assert "| records/LA-2026-0001.yaml:7:58 | feil | F001 |" in table
    _, md = run(root, "--as-of", "2026-06-02", "--format", "md")
    assert md.strip() in table


def codeclimate(root: Path, day: str = "2026-06-02") -> list[dict[str, Any]]:
    """The code quality report, valid against GitLab's format (tests/schemas/)."""
    _, output = run(root, "--as-of", day, "--format", "codeclimate")
    issues: list[dict[str, Any]] = json.loads(output)
    schema = json.loads((PROJECT / "tests/schemas/gitlab-codequality.schema.json").read_text())
    jsonschema.validate(issues, schema)
    return issues


def test_codeclimate_is_what_gitlab_reads(make_repo: MakeRepo) -> None:
    issues = codeclimate(make_repo(LATE))
    assert len(issues) == 4 and len({i["fingerprint"] for i in issues}) == 4
    first = issues[0]
    assert set(first) == {
        "type", "check_name", "description", "categories", "severity", "fingerprint", "location"
    }  # fmt: skip
    assert (first["check_name"], first["severity"]) == ("F001", "major")
    assert first["location"] == {
        "path": "records/LA-2026-0001.yaml",
        "lines": {"begin": 7, "end": 7},
    }


def test_codeclimate_fingerprints_stay_from_one_day_to_the_next(make_repo: MakeRepo) -> None:
    """GitLab compares fingerprints between pipelines: a deadline one day later is the same
    issue, not one fixed and one new (the days over the frist are in its description)."""
    root = make_repo(LATE)
    today, tomorrow = codeclimate(root, "2026-06-02"), codeclimate(root, "2026-06-03")
    assert [i["description"] for i in today] != [i["description"] for i in tomorrow]
    assert [i["fingerprint"] for i in today] == [i["fingerprint"] for i in tomorrow]


def test_codeclimate_fingerprints_are_unique_for_the_same_finding_twice(
    make_repo: MakeRepo,
) -> None:
    """The same unknown person twice in one list: two findings alike but for their place."""
    ros = (FIXTURES / "base" / "records" / "ros" / "ROS-2026-0001.yaml").read_text()
    twice = ros.replace(
        "ansvarlig: liv.berg\n", "ansvarlig: liv.berg\ndeltakere: [ukjent, ukjent]\n"
    )
    issues = codeclimate(make_repo({"records/ros/ROS-2026-0001.yaml": twice}), "2026-01-02")
    r002 = [i for i in issues if i["check_name"] == "R002"]
    assert len(r002) == 2 and r002[0]["description"] == r002[1]["description"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_endret_keeps_only_the_deadlines_of_the_records_a_change_touches(
    make_repo: MakeRepo,
) -> None:
    history = History(make_repo(LATE))
    avvik = "records/avvik/AVV-2026-0100.yaml"
    history.commit({avvik: history.read(avvik) + "alvorlighet: 2\n"}, "Alvorlighet")
    code, output = run(
        history.root, "--as-of", "2026-06-02", "--format", "json", "--endret", "HEAD~1..HEAD"
    )
    assert code == 1
    assert [(f["kode"], f["ref"]) for f in json.loads(output)["funn"]] == [
        ("F001", "AVV-2026-0100/T1")
    ]


@pytest.mark.parametrize("escape", ["\\uFFFE", "\\uFFFF", "\\x9b"])
def test_junit_with_a_forbidden_character_in_a_record_is_read_by_junitparser(
    make_repo: MakeRepo, escape: str
) -> None:
    """XML 1.0 cannot hold U+FFFE: the record is Y010 and the report stays well-formed for
    junitparser (as for GitLab's and Jenkins' readers, which are as strict)."""
    late = dict(LATE)
    late["records/avvik/AVV-2026-0100.yaml"] = late["records/avvik/AVV-2026-0100.yaml"].replace(
        "beskrivelse: a,", f'beskrivelse: "eva{escape}x",'
    )
    _, output = run(make_repo(late), "--as-of", "2026-06-02", "--format", "junit")
    parsed = JUnitXml.fromstring(output.encode())  # expat underneath: refuses what is not XML
    cases = [case for suite in parsed for case in suite]
    names = [case.name for case in cases]
    assert "records/avvik/AVV-2026-0100.yaml:9:27 Y010" in names
    (y010,) = [case for case in cases if case.name.endswith("Y010")]
    assert y010.result[0].message.startswith("teksten har ")
    xmlschema.XMLSchema(PROJECT / "tests" / "schemas" / "junit.xsd").validate(output)


def test_junit_with_a_forbidden_character_in_a_file_name_is_well_formed(
    make_repo: MakeRepo,
) -> None:
    root = make_repo(LATE)
    (root / "records" / "avvik" / "AVV-2026-0100\ufffe.yaml").write_text("id: X\n")
    _, output = run(root, "--as-of", "2026-06-02", "--format", "junit")
    names = [case.name for suite in JUnitXml.fromstring(output.encode()) for case in suite]
    assert "records/avvik/AVV-2026-0100?.yaml Y009" in names


def test_text_shows_a_carriage_return_in_a_unit_name_as_a_mark(make_repo: MakeRepo) -> None:
    root = make_repo(LATE)
    register = root / "records" / "organisasjon.yaml"
    register.write_text(
        register.read_text().replace("navn: Solstrand barnehage", 'navn: "Solstrand\\rX"')
    )
    _, output = run(root, "--as-of", "2026-06-02")
    assert output.splitlines()[1] == "  Solstrand?X (OPP-SOL)"
