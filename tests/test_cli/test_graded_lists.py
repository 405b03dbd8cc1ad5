"""What the everyday commands print goes through the one policy too: `ims list`, `ims tiltak
list`, `ims risk top` and `ims risk dekning` leave out a graded record's text and mask national id
numbers; `ims show` of one record shows its text to the person at the terminal, numbers masked;
`ims validate --diff` and `--fix` (made for CI logs) print no line of a graded file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo

runner = CliRunner()
FNR = "01019000083"  # fictional, passes the mod-11 check
SECRET = "politianmeldelse"
GRADED_AVVIK = f"""id: AVV-2026-0101
type: avvik
tittel: {SECRET}
meldt: 2026-03-01
enhet: OPP-SOL
kategori: hms
gradering: fortrolig
status: meldt
tiltak:
  - id: T1
    beskrivelse: HIV
    ansvarlig: liv.berg
    frist: 2026-04-01
    status: pagar
"""
GRADED_ROS = f"""id: ROS-2026-0002
tittel: {SECRET} i barnehagen
omrade: hms
enhet: OPP-SOL
ansvarlig: liv.berg
dato: 2025-01-01
gradering: strengt_fortrolig
risikoer:
  - id: R1
    trussel: HIV
    sannsynlighet: 5
    konsekvens: 5
    tiltak:
      - {{id: T1, beskrivelse: Hemmelig tiltak, ansvarlig: liv.berg, frist: 2026-06-01,
          status: pagar}}
"""
# A record that is fortrolig may hold a national id: in its file, not in a list on a screen.
FNR_AVVIK = f"""id: AVV-2026-0102
type: avvik
tittel: Feil journal for {FNR}
meldt: 2026-03-01
enhet: OPP-SOL
kategori: personvern
gradering: fortrolig
status: meldt
personvern: {{brudd: nei, begrunnelse: Rettet straks}}
"""


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    return make_repo(
        {
            "records/avvik/AVV-2026-0101.yaml": GRADED_AVVIK,
            "records/avvik/AVV-2026-0102.yaml": FNR_AVVIK,
            "records/ros/ROS-2026-0002.yaml": GRADED_ROS,
        }
    )


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--json"),
        ("list", "avvik", "--json"),
        ("tiltak", "list", "--as-of", "2026-11-22"),
        ("tiltak", "list", "--json", "--as-of", "2026-11-22"),
        ("risk", "top"),
        ("risk", "top", "--json"),
        ("risk", "dekning", "--as-of", "2026-11-22"),
        ("risk", "dekning", "--json", "--as-of", "2026-11-22"),
        ("risk", "matrix", "ROS-2026-0002"),
    ],
)
def test_lists_leave_out_graded_text(repo: Path, args: tuple[str, ...]) -> None:
    code, output = ims(repo, *args)
    assert code == 0, output
    assert SECRET not in output and "HIV" not in output and "Hemmelig" not in output
    assert FNR not in output


def test_list_still_lists_graded_records_by_id(repo: Path) -> None:
    _, output = ims(repo, "list", "avvik", "--json")
    assert '"id": "AVV-2026-0101"' in output and '"tittel": "(gradert)"' in output
    _, output = ims(repo, "risk", "top")
    assert "ROS-2026-0002/R1: (gradert)" in output


def test_list_does_not_find_a_graded_record_by_its_text(repo: Path) -> None:
    """A search in what is hidden would tell what it is."""
    code, output = ims(repo, "list", "--tekst", SECRET, "--json")
    assert code == 0
    assert "AVV-2026-0101" not in output and "ROS-2026-0002" not in output


def test_show_of_one_record_shows_its_text_with_numbers_masked(repo: Path) -> None:
    for args in ((), ("--json",)):
        code, output = ims(repo, "show", "AVV-2026-0102", *args)
        assert code == 0, output
        assert "Feil journal for 010190*****" in output and FNR not in output
    _, output = ims(repo, "show", "AVV-2026-0101")
    assert SECRET in output  # the person at the terminal may read the record itself


BROKEN_GRADED = f"""id: AVV-2026-0103
type: avvik
tittel: {SECRET}
meldt: 14.02.2026
enhet: OPP-SOL
kategori: Hms
gradering: fortrolig
status: meldt
beskrivelse: HIV
"""


def test_validate_diff_and_fix_print_no_line_of_a_graded_file(make_repo: MakeRepo) -> None:
    root = make_repo({"records/avvik/AVV-2026-0103.yaml": BROKEN_GRADED})
    code, output = ims(root, "validate", "--diff")
    assert code == 1
    assert SECRET not in output and "HIV" not in output
    assert output.startswith(
        "records/avvik/AVV-2026-0103.yaml er gradert fortrolig: linjene vises ikke, bare "
        "rettelsene\n"
        "records/avvik/AVV-2026-0103.yaml:4: (gradert) → 2026-02-14\n"
        "records/avvik/AVV-2026-0103.yaml:6: (gradert) → hms\n"
    )
    code, output = ims(root, "validate", "--fix")
    assert code == 0
    assert SECRET not in output and "HIV" not in output
    assert "records/avvik/AVV-2026-0103.yaml:4: (gradert) → 2026-02-14" in output
    assert "meldt: 2026-02-14" in (root / "records/avvik/AVV-2026-0103.yaml").read_text()
