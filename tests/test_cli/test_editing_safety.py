"""Nothing lost: what an edit refuses, what it keeps, and two edits of one file at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.errors import UserError
from ims_cli.store import files, write
from tests.conftest import MakeRepo, summary

runner = CliRunner()
AVVIK = "records/avvik/AVV-2026-0100.yaml"
TWO_TILTAK = """id: AVV-2026-0100
type: avvik
tittel: Hentebeskjed ikke gitt videre
meldt: 2026-03-01
enhet: OPP-SOL
kategori: tjenestekvalitet
status: under_behandling
tiltak:
  - id: T1
    beskrivelse: Ny rutine for beskjeder
    ansvarlig: liv.berg
    frist: 2026-06-01
    status: pagar
  - id: T2
    beskrivelse: Opplæring av vikarer
    ansvarlig: liv.berg
    frist: 2026-06-01
    status: fullfort
    fullfort: 2026-04-02
"""
FNR = "01019000083"  # a fictional number that passes the mod-11 check


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def test_a_completed_tiltak_keeps_its_date_and_gets_its_evaluation(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: TWO_TILTAK})
    code, output = ims(root, "tiltak", "done", "AVV-2026-0100/T2", "--evaluering", "Virket")
    assert (code, output) == (
        0,
        f"{AVVIK}: AVV-2026-0100/T2: evaluering lagt til (fullført 02.04.2026)\n",
    )
    text = (root / AVVIK).read_text("utf-8")
    assert text == TWO_TILTAK + "    evaluering: Virket\n"


def test_a_completed_tiltak_is_not_completed_again(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: TWO_TILTAK})
    code, output = ims(root, "tiltak", "done", "AVV-2026-0100/T2")
    assert code == 2
    assert "allerede fullført 02.04.2026; gi --evaluering" in output
    code, output = ims(root, "tiltak", "done", "AVV-2026-0100/T2", "--dato", "2026-05-01")
    assert code == 2 and "ble fullført 02.04.2026; ims endrer ikke en fullført-dato" in output
    assert (root / AVVIK).read_text("utf-8") == TWO_TILTAK


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("tiltak", "done", "AVV-2026-0100/T1", "--evaluering", f"Gjaldt {FNR}"), "evaluering"),
        (
            ("tiltak", "move", "AVV-2026-0100/T1", "--frist", "2026-09-01", "--begrunnelse", FNR),
            "begrunnelse",
        ),
        (("avvik", "status", "AVV-2026-0100", "tiltak_iverksatt", "--rotarsak", FNR), "rotarsak"),
    ],
)
def test_no_edit_writes_a_national_id_into_a_record_that_is_not_confidential(
    make_repo: MakeRepo, args: tuple[str, ...], field: str
) -> None:
    root = make_repo({AVVIK: TWO_TILTAK})
    code, output = ims(root, *args)
    assert code == 2, output
    assert "P001" in output and "ble ikke skrevet" in output
    assert FNR not in output
    assert (root / AVVIK).read_text("utf-8") == TWO_TILTAK


def test_a_confidential_record_may_hold_a_national_id(make_repo: MakeRepo) -> None:
    graded = TWO_TILTAK.replace("status: under", "gradering: fortrolig\nstatus: under")
    root = make_repo({AVVIK: graded})
    code, _ = ims(root, "tiltak", "done", "AVV-2026-0100/T1", "--evaluering", f"Gjaldt {FNR}")
    assert code == 0
    assert FNR in (root / AVVIK).read_text("utf-8")


def test_a_read_only_record_is_not_edited(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: TWO_TILTAK})
    (root / AVVIK).chmod(0o444)
    code, output = ims(root, "tiltak", "done", "AVV-2026-0100/T1")
    assert (code, output) == (
        2,
        f"ims: {AVVIK} er skrivebeskyttet; gi skrivetilgang (chmod u+w) hvis den skal endres\n",
    )
    assert (root / AVVIK).read_text("utf-8") == TWO_TILTAK


def test_a_linked_record_is_edited_where_it_lives_and_stays_a_link(make_repo: MakeRepo) -> None:
    root = make_repo()
    target = root / "records" / "arkiv" / "AVV-2026-0100.yaml"
    target.parent.mkdir()
    target.write_text(TWO_TILTAK, "utf-8")
    (root / AVVIK).unlink()
    (root / AVVIK).symlink_to(Path("..") / "arkiv" / "AVV-2026-0100.yaml")
    # The link and its target are the same record twice (I002); the edit still goes through.
    code, output = ims(root, "tiltak", "done", "AVV-2026-0100/T1", "--dato", "2026-05-01")
    assert code in (0, 2), output
    assert (root / AVVIK).is_symlink()


def test_a_link_out_of_the_repository_is_not_edited(make_repo: MakeRepo, tmp_path: Path) -> None:
    outside = tmp_path / "utenfor.yaml"
    outside.write_text(TWO_TILTAK, "utf-8")
    root = make_repo()
    (root / AVVIK).unlink()
    (root / AVVIK).symlink_to(outside)
    with pytest.raises(UserError, match="lenke til en fil utenfor postarkivet"):
        write.editable(root, AVVIK)
    assert outside.read_text("utf-8") == TWO_TILTAK


@pytest.mark.parametrize(
    ("ending", "final"),
    [("\n", True), ("\n", False), ("\r\n", True), ("\r\n", False), ("\r", True), ("\r", False)],
)
def test_line_endings_and_a_missing_final_newline_are_kept(
    make_repo: MakeRepo, ending: str, final: bool
) -> None:
    lines = TWO_TILTAK.splitlines()
    original = ending.join(lines) + (ending if final else "")
    root = make_repo({AVVIK: original.encode()})
    # (Not lukket: its two tiltak are open, and a closed avvik may have none, B014.)
    code, output = ims(root, "avvik", "status", "AVV-2026-0100", "tiltak_iverksatt")
    assert code == 0, output
    changed = [line.replace("under_behandling", "tiltak_iverksatt") for line in lines]
    expected = ending.join(changed) + (ending if final else "")
    assert (root / AVVIK).read_bytes() == expected.encode()
    assert summary(root) == []


def test_a_change_made_meanwhile_by_another_program_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "AVV-2026-0100.yaml"
    path.write_text("id: AVV-2026-0100\n", "utf-8")
    with pytest.raises(UserError, match="ble endret av et annet program"):
        write.write_atomically(path, "id: AVV-2026-0101\n", bom=False, expected=b"id: annet\n")
    assert path.read_text("utf-8") == "id: AVV-2026-0100\n"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def _done(root: Path, ref: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ims_cli", "--repo", str(root), "tiltak", "done", ref],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_two_edits_of_one_file_at_once_both_land(make_repo: MakeRepo) -> None:
    """Real processes, started together: the folder lock serialises read, edit and rename."""
    record = TWO_TILTAK.replace("status: fullfort\n    fullfort: 2026-04-02", "status: planlagt")
    root = make_repo({AVVIK: record})
    env = {**os.environ, "IMS_NO_CACHE": "1"}
    for _ in range(8):
        (root / AVVIK).write_text(record, "utf-8")
        first, second = _done(root, "AVV-2026-0100/T1", env), _done(root, "AVV-2026-0100/T2", env)
        outputs = [p.communicate()[0].decode() for p in (first, second)]
        assert [first.returncode, second.returncode] == [0, 0], outputs
        text = (root / AVVIK).read_text("utf-8")
        assert text.count("status: fullfort") == 2, text


def test_a_folder_that_cannot_be_written_is_a_message(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As for a user without write access to the folder (the tests run as root, who has it)."""
    root = make_repo({AVVIK: TWO_TILTAK})

    def refused(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")  # the words are the system's

    monkeypatch.setattr(files.tempfile, "mkstemp", refused)
    code, output = ims(root, "tiltak", "done", "AVV-2026-0100/T1")
    assert code == 2
    assert output == f"ims: {root / 'records/avvik'}: kan ikke skrive i mappen (ingen tilgang)\n"
    assert (root / AVVIK).read_text("utf-8") == TWO_TILTAK
