"""`ims diff` on real git repositories: the semantic summary, the review rules, every format."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo
from tests.gitrepo import History

runner = CliRunner()
PRO = "records/prosesser/1.1-opptak.md"
ROS = "records/ros/ROS-2026-0001.yaml"
AVV = "records/avvik/AVV-2026-0100.yaml"


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def diff_json(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code, output = ims(root, "diff", *args, "--format", "json")
    return code, json.loads(output)


def texts(change: dict[str, Any]) -> list[str]:
    return [d["tekst"] for d in change["detaljer"]]


@pytest.fixture
def history(make_repo: MakeRepo) -> History:
    return History(make_repo())


def process(versjon: int, godkjent: str, log: str = "", body: str = "# Formål\n") -> str:
    return (
        f"---\nid: PRO-1.1\ntittel: Opptak\ntype: hovedprosess\neier: ola.hansen\n"
        f"versjon: {versjon}\ngodkjent: {godkjent}\n{log}---\n{body}"
    )


def test_a_process_changed_without_a_new_version_is_reported(history: History) -> None:
    history.commit({PRO: process(1, "2026-01-01", body="# Formål\nNy setning.\n")}, "Endret")
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert code == 1
    [change] = result["endringer"]
    assert (change["id"], change["endring"], change["fil"]) == ("PRO-1.1", "endret", PRO)
    assert texts(change) == ["Seksjonen «Formål» er endret (+1 −0 linjer)"]
    found = [(f["kode"], f["fil"], f["linje"], f["kolonne"]) for f in result["funn"]]
    # all three in one round: the version, its change log entry, the approval date
    assert found == [("D001", PRO, 6, 10), ("D002", PRO, 6, 10), ("D003", PRO, 7, 11)]
    assert [f["melding"] for f in result["funn"]][1] == (
        "endringsloggen mangler innslaget for versjon 2; legg til "
        "«- {versjon: 2, dato: …, av: …, beskrivelse: …}»"
    )


def test_a_correct_process_change_passes(history: History) -> None:
    log = "endringslogg:\n  - {versjon: 2, dato: 2026-11-01, av: ola.hansen, beskrivelse: Ny}\n"
    history.commit({PRO: process(2, "2026-11-01", log)}, "Ny versjon")
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert (code, result["funn"]) == (0, [])
    assert texts(result["endringer"][0]) == [
        "Versjon: 1 → 2",
        "Godkjent: 01.01.2026 → 01.11.2026",
        "Nytt innslag i endringsloggen for versjon 2: «Ny» – 01.11.2026 – Ola Hansen",
    ]


def test_a_version_without_its_change_log_entry(history: History) -> None:
    history.commit({PRO: process(2, "2026-11-01")}, "Glemte loggen")
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert code == 1 and [f["kode"] for f in result["funn"]] == ["D002"]


def test_a_process_approved_today_can_be_revised_again_today(history: History) -> None:
    today = date.today().isoformat()
    entry = "  - {{versjon: {0}, dato: {1}, av: ola.hansen, beskrivelse: Ny}}\n"
    first = "endringslogg:\n" + entry.format(2, today)
    history.commit({PRO: process(2, today, first)}, "Godkjent i dag")
    second = first + entry.format(3, today)
    history.commit({PRO: process(3, today, second, body="# Formål\nEn gang til.\n")}, "Igjen")
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert (code, result["funn"]) == (0, [])


def test_an_approval_date_after_today_is_an_error(history: History) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    log = f"endringslogg:\n  - {{versjon: 2, dato: {tomorrow}, av: ola.hansen, beskrivelse: Ny}}\n"
    history.commit({PRO: process(2, tomorrow, log)}, "Godkjent i morgen")
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert code == 1
    assert [
        (f["kode"], f["fil"], f["linje"], f["kolonne"], f["melding"]) for f in result["funn"]
    ] == [
        (
            "D003",
            PRO,
            7,
            11,
            f"godkjent er {tomorrow}, fram i tid; sett datoen den nye versjonen ble godkjent "
            "(i dag eller før)",
        )
    ]


def rescored(sannsynlighet: int, dato: str) -> str:
    return (
        f"id: ROS-2026-0001\ntittel: Tjenesteleveranse i Solstrand barnehage\n"
        f"omrade: tjenesteleveranse\nenhet: OPP-SOL\nansvarlig: liv.berg\ndato: {dato}\n"
        f"risikoer:\n  - id: R1\n    trussel: Barn hentes av feil person\n"
        f"    sannsynlighet: {sannsynlighet}\n    konsekvens: 4\n"
        f"  - id: R2\n    trussel: Opplysninger om barn kommer på avveie\n"
        f"    risikobank: personvern\n    sannsynlighet: 3\n"
        f"    konsekvens: {{informasjonssikkerhet: 4, omdomme: 3}}\n    tiltak:\n"
        f"      - {{id: T1, beskrivelse: Opplæring, ansvarlig: liv.berg, frist: 2026-06-01, "
        f"status: pagar}}\n"
    )


def test_a_rescored_risk_shows_its_old_and_new_cell(history: History) -> None:
    history.commit({ROS: rescored(3, "2026-11-01")}, "Ny vurdering")
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert (code, result["funn"]) == (0, [])
    [dato, risk] = result["endringer"][0]["detaljer"]
    assert dato["tekst"] == "Dato: 01.02.2026 → 01.11.2026"
    assert risk == {
        "hva": "risiko",
        "ref": "R1",
        "tekst": "R1: 2×4 (middels) → 3×4 (høy)",
        "fra": {"sannsynlighet": 2, "konsekvens": 4, "niva": "middels"},
        "til": {"sannsynlighet": 3, "konsekvens": 4, "niva": "hoy"},
    }


def test_a_changed_ros_must_get_a_new_date(history: History) -> None:
    history.commit({ROS: rescored(1, "2026-02-01")}, "Ny vurdering")
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert code == 1
    assert [(f["kode"], f["linje"], f["kolonne"]) for f in result["funn"]] == [("D004", 6, 7)]


def test_tiltak_worked_with_ims_are_described(history: History) -> None:
    root = history.root
    move = ["--frist", "2026-12-01", "--begrunnelse", "Venter på kurs"]
    assert ims(root, "tiltak", "move", "ROS-2026-0001/T1", *move)[0] == 0
    history.commit({}, "Ny frist")
    assert ims(root, "tiltak", "done", "ROS-2026-0001/T1", "--dato", "2026-11-20")[0] == 0
    code, result = diff_json(root, "HEAD")
    assert code == 0  # following up a tiltak is not a new assessment: no new dato (D004)
    assert texts(result["endringer"][0]) == ["Tiltak T1 (R2) lukket: fullført 20.11.2026"]
    code, result = diff_json(root, "HEAD~1..HEAD")
    assert texts(result["endringer"][0]) == [
        "Tiltak T1 (R2): frist flyttet 01.06.2026 → 01.12.2026 – «Venter på kurs»"
    ]


def test_a_moved_record_is_moved_not_deleted(history: History) -> None:
    text = history.read(AVV)
    history.commit({AVV: None, "records/avvik/2026/AVV-2026-0100.yaml": text}, "Mappe per år")
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert (code, result["funn"]) == (0, [])
    [change] = result["endringer"]
    assert (change["endring"], change["fra_fil"]) == ("flyttet", AVV)
    assert texts(change) == [f"Flyttet fra {AVV}"]


def test_an_id_must_not_change(history: History) -> None:
    text = history.read(AVV).replace("AVV-2026-0100", "AVV-2026-0101")
    history.commit({AVV: None, "records/avvik/AVV-2026-0101.yaml": text}, "Ny id")
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert code == 1
    assert [(f["kode"], f["fil"], f["linje"]) for f in result["funn"]] == [
        ("D005", "records/avvik/AVV-2026-0101.yaml", 1)
    ]
    assert "Id: AVV-2026-0100 → AVV-2026-0101" in texts(result["endringer"][0])


@pytest.mark.parametrize(
    ("status", "message", "expected"),
    [
        ("meldt", "Rydder", ["D006"]),
        ("meldt", "Rydder\n\nSlettet: AVV-2026-0100 – registrert to ganger", []),
        ("meldt", "Slettet: AVV-2026-0100", ["D006"]),  # a reason is required
        ("lukket", "Rydder", []),
    ],
)
def test_deleting_a_record(
    history: History, status: str, message: str, expected: list[str]
) -> None:
    closed = history.read(AVV).replace("status: meldt", f"status: {status}")
    if status == "lukket":
        closed += "lukket: 2026-04-01\n"
        history.commit({AVV: closed}, "Lukket")
    history.commit({AVV: None}, message)
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert [f["kode"] for f in result["funn"]] == expected and code == (1 if expected else 0)
    assert result["endringer"][0]["endring"] == "slettet"


def test_by_default_the_branch_and_working_tree_are_compared_with_main(history: History) -> None:
    history.git.create_head("endring").checkout()
    history.commit({ROS: rescored(3, "2026-11-01")}, "Ny vurdering")
    new = "records/avvik/AVV-2026-0101.yaml"
    history.write({new: history.read(AVV).replace("0100", "0101")})  # not committed, not added
    code, result = diff_json(history.root)
    assert code == 0
    assert result["til"] == "arbeidskopien"
    assert [(c["id"], c["endring"]) for c in result["endringer"]] == [
        ("AVV-2026-0101", "ny"),
        ("ROS-2026-0001", "endret"),
    ]


def test_a_records_repository_inside_a_larger_git_repository(make_repo: MakeRepo) -> None:
    root = make_repo()
    history = History(root, top=root.parent)
    history.commit({ROS: rescored(3, "2026-11-01")}, "Ny vurdering")
    code, result = diff_json(root, "HEAD~1..HEAD")
    assert code == 0 and [c["fil"] for c in result["endringer"]] == [ROS]


def test_markdown_for_a_pull_request_escapes_what_records_say(history: History) -> None:
    avvik = history.read(AVV).replace("Hentebeskjed ikke gitt videre", "<script>x()</script>")
    history.commit({AVV: avvik}, "Ny tittel")
    code, output = ims(history.root, "diff", "HEAD~1..HEAD", "--format", "md")
    assert code == 0
    assert "<script>" not in output
    assert "| ✏️ | AVV-2026-0100 | &lt;script&gt;x()&lt;/script&gt; | endret |" in output
    assert "<details><summary><b>AVV-2026-0100</b>" in output
    assert "Ingen funn ved gjennomgangen av endringene." in output


def test_text_and_github_formats(history: History) -> None:
    history.commit({PRO: process(1, "2026-01-01", body="# Formål\nNy.\n")}, "Endret")
    code, output = ims(history.root, "diff", "HEAD~1..HEAD")
    assert code == 1
    assert output.startswith("Endringer fra ")
    assert f"{PRO}:6:10: feil D001 " in output
    code, output = ims(history.root, "diff", "HEAD~1..HEAD", "--format", "github")
    assert code == 1
    assert output.startswith(f"::error file={PRO},line=6,col=10,title=D001 ")


def test_graded_text_stays_out_of_the_summary(history: History) -> None:
    history.commit({AVV: history.read(AVV) + "gradering: fortrolig\n"}, "Gradert")
    secret = history.read(AVV).replace("Hentebeskjed ikke gitt videre", "Ola (12) ble hentet")
    history.commit({AVV: secret}, "Ny tittel")
    code, output = ims(history.root, "diff", "HEAD~1..HEAD", "--format", "json")
    assert code == 0 and "Ola" not in output and "Hentebeskjed" not in output
    assert "Tittel: teksten er endret" in output


def test_a_file_that_no_longer_parses_is_one_line_and_a_finding(history: History) -> None:
    history.commit({AVV: "id: AVV-2026-0100\ntittel: [uavsluttet\n"}, "Ødelagt")
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert code == 1
    assert texts(result["endringer"][0]) == ["Filen kan ikke leses i den nye versjonen; se funnene"]
    assert [(f["kode"], f["linje"]) for f in result["funn"]] == [
        ("Y002", 2)
    ]  # where the list opens, a line the file has


def test_no_changes(history: History) -> None:
    assert ims(history.root, "diff", "HEAD..HEAD") == (
        0,
        f"Ingen endringer i postene fra {history.git.head.commit.hexsha[:10]} til "
        f"{history.git.head.commit.hexsha[:10]}.\n",
    )


def test_usage_errors(history: History, make_repo: MakeRepo, tmp_path: Path) -> None:
    code, output = ims(history.root, "diff", "finnesikke..HEAD")
    assert code == 2 and "ukjent revisjon «finnesikke»" in output
    code, output = ims(history.root, "diff", "--format", "pdf")
    assert code == 2 and "--format «pdf» finnes ikke" in output
    plain = tmp_path / "uten-git"
    plain.mkdir()
    (plain / "ims.yaml").write_text("organisasjon: X\n", encoding="utf-8")
    code, output = ims(plain, "diff")
    assert code == 2 and "er ikke i et git-arkiv" in output


def test_a_shallow_clone_says_what_history_it_lacks(history: History, tmp_path: Path) -> None:
    history.commit({AVV: history.read(AVV) + "alvorlighet: 2\n"}, "Alvorlighet")
    clone = tmp_path / "grunn"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{history.root}", str(clone)], check=True
    )
    code, output = ims(clone, "diff", "HEAD~1..HEAD")
    assert code == 2
    assert "«HEAD~1» finnes ikke i denne klonen" in output and "git fetch --unshallow" in output


def test_following_up_ros_tiltak_needs_no_new_date(history: History) -> None:
    root = history.root
    move = ["--frist", "2026-12-01", "--begrunnelse", "Venter på kurs"]
    assert ims(root, "tiltak", "move", "ROS-2026-0001/T1", *move)[0] == 0
    assert ims(root, "tiltak", "done", "ROS-2026-0001/T1", "--evaluering", "Alle har kurs")[0] == 0
    history.commit({}, "Tiltak fulgt opp")
    code, result = diff_json(root, "HEAD~1..HEAD")
    assert (code, result["funn"]) == (0, [])


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("trussel: Barn hentes av feil person", "trussel: Barn hentes av en som ikke har lov"),
        ("    sannsynlighet: 2\n", "    sannsynlighet: 3\n"),
        ("omrade: tjenesteleveranse", "omrade: hms"),
        (
            "      - {id: T1, beskrivelse: Opplæring,",
            "      - {id: T1, beskrivelse: Kurs for alle,",
        ),
    ],
)
def test_a_changed_assessment_needs_a_new_date(history: History, old: str, new: str) -> None:
    text = history.read(ROS)
    assert old in text
    history.commit({ROS: text.replace(old, new, 1)}, "Endret vurdering")
    code, result = diff_json(history.root, "HEAD~1..HEAD")
    assert code == 1
    assert [f["kode"] for f in result["funn"]] == ["D004"]
