"""`ims validate` through typer's runner: exit codes, text and JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo

runner = CliRunner()
BROKEN = {
    "records/avvik/AVV-2026-0001.yaml": (
        "id: AVV-2026-0001\ntype: avvik\ntittel: x\nmeldt: 2026-03-01\nenhet: OPP-SOL\n"
        "kategori: hms\nstatus: ferdig\n"
    )
}
WARNING_ONLY = {
    "records/avvik/AVV-2026-0001.yaml": (
        "id: AVV-2026-0001\ntype: avvik\ntittel: x\nmeldt: 2026-03-01\nenhet: OPP-SOL\n"
        "kategori: hms\nstatus: lukket\nlukket: 2026-03-02\n"
    )
}


def test_clean_repository_exits_0(make_repo: MakeRepo) -> None:
    result = runner.invoke(app, ["--repo", str(make_repo()), "validate"])
    assert result.exit_code == 0
    assert result.output == "3 poster sjekket: 0 feil, 0 advarsler.\n"


def test_errors_exit_1_with_file_line_column(make_repo: MakeRepo) -> None:
    result = runner.invoke(app, ["--repo", str(make_repo(BROKEN)), "validate"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "records/avvik/AVV-2026-0001.yaml:7:9: feil S003 «ferdig» er ikke en av statusene for "
        "avvik i ims.yaml: meldt, under_behandling, tiltak_iverksatt, lukket, avvist, "
        "videresendt; bruk en av dem, eller legg verdien til under verdier.avvik_status "
        "[AVV-2026-0001]",
        "4 poster sjekket: 1 feil, 0 advarsler.",
    ]


def test_warnings_exit_0_unless_strict(make_repo: MakeRepo) -> None:
    root = str(make_repo(WARNING_ONLY))
    assert runner.invoke(app, ["--repo", root, "validate"]).exit_code == 0
    assert runner.invoke(app, ["--repo", root, "validate", "--strict"]).exit_code == 1


def test_json_is_one_object_in_the_documented_shape(make_repo: MakeRepo) -> None:
    result = runner.invoke(app, ["--repo", str(make_repo(BROKEN)), "validate", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "antall_poster": 4,
        "funn": [
            {
                "kode": "S003",
                "alvor": "feil",
                "fil": "records/avvik/AVV-2026-0001.yaml",
                "linje": 7,
                "kolonne": 9,
                "ref": "AVV-2026-0001",
                "melding": "«ferdig» er ikke en av statusene for avvik i ims.yaml: meldt, "
                "under_behandling, tiltak_iverksatt, lukket, avvist, videresendt; bruk en av dem, "
                "eller legg verdien til under verdier.avvik_status",
            }
        ],
    }


def test_repo_from_environment(make_repo: MakeRepo) -> None:
    result = runner.invoke(app, ["validate"], env={"IMS_REPO": str(make_repo(BROKEN))})
    assert result.exit_code == 1


def test_repository_found_from_a_subfolder(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo()
    monkeypatch.chdir(root / "records" / "avvik")
    assert runner.invoke(app, ["validate"], env={"IMS_REPO": None}).exit_code == 0


def test_no_repository_exits_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate"], env={"IMS_REPO": None})
    assert result.exit_code == 2
    assert result.output.startswith("ims: fant ingen ims.yaml")
    assert "Traceback" not in result.output


def test_unknown_option_exits_2_in_norwegian() -> None:
    result = runner.invoke(app, ["validate", "--jsn"])
    assert result.exit_code == 2
    assert "ukjent valg: --jsn" in result.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["validate", "records/x.yaml"], "uventet argument: records/x.yaml"),
        (["risk", "top", "-n", "mange"], "ugyldig verdi for '-n' / '--antall': skriv et heltall"),
        (["risk", "top", "-n", "0"], "ugyldig verdi for '-n' / '--antall': må være minst 1"),
        (["check", "--format"], "valget --format trenger en verdi"),
    ],
)
def test_usage_errors_are_told_in_norwegian(args: list[str], said: str) -> None:
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert said in result.output
    assert "Input should" not in result.output and "Got unexpected" not in result.output


def test_a_bug_exits_3_with_an_apology(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("ims_cli.api.load_checked", broken)
    result = runner.invoke(app, ["--repo", str(make_repo()), "validate"])
    assert result.exit_code == 3
    assert "beklager, dette er en feil i ims" in result.output
    assert "RuntimeError: boom" in result.output


def test_no_colour_when_not_a_terminal(make_repo: MakeRepo) -> None:
    result = runner.invoke(app, ["--repo", str(make_repo(BROKEN)), "validate"])
    assert "\x1b[" not in result.output


def test_colour_on_a_terminal_but_never_under_no_color(make_repo: MakeRepo) -> None:
    root = str(make_repo(BROKEN))
    forced = runner.invoke(app, ["--repo", root, "validate"], env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.output
    both = runner.invoke(
        app, ["--repo", root, "validate"], env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    assert "\x1b[" not in both.output


CARRIAGE_RETURN = {
    "records/avvik/AVV-2026-0001.yaml": (
        "id: AVV-2026-0001\ntype: avvik\ntittel: x\nmeldt: 2026-03-01\nenhet: OPP-SOL\n"
        'kategori: hms\nstatus: meldt\nmeldt_av: "liv.berg\\rFALSK"\n'
    )
}


@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1"}])
def test_a_carriage_return_in_a_value_never_reaches_the_terminal(
    make_repo: MakeRepo, env: dict[str, str]
) -> None:
    """A line break is text in a value, but a carriage return would let the rest of the line
    print over the finding (here «FALSK» over its start)."""
    result = runner.invoke(app, ["--repo", str(make_repo(CARRIAGE_RETURN)), "validate"], env=env)
    assert result.exit_code == 1
    assert "\r" not in result.output
    assert "personen «liv.berg?FALSK» finnes ikke" in result.output


def _many_wrong_tiltak(wrong: int, valid: list[str]) -> dict[str, str]:
    lines = [
        "id: AVV-2026-0001",
        "type: avvik",
        "tittel: x",
        "meldt: 2026-03-01",
        "enhet: OPP-SOL",
        "kategori: hms",
        "status: meldt",
        "tiltak:",
    ]
    lines += [
        f"  - {{id: T{n}, beskrivelse: a, ansvarlig: liv.berg, frist: 2026-05-01, status: feil}}"
        for n in range(1, wrong + 1)
    ]
    lines += valid
    return {"records/avvik/AVV-2026-0001.yaml": "\n".join(lines) + "\n"}


def test_many_findings_in_one_file_are_capped_with_the_rest_counted(make_repo: MakeRepo) -> None:
    """A list of 2 500 wrong items: the first findings, then one line that counts the rest."""
    root = make_repo(_many_wrong_tiltak(2_500, []))
    result = runner.invoke(app, ["--repo", str(root), "validate", "--json"])
    assert result.exit_code == 1
    found = json.loads(result.output)["funn"]
    assert len(found) == 101
    assert {f["kode"] for f in found[:100]} == {"S003"}
    assert [f["ref"] for f in found[:2]] == ["AVV-2026-0001/T1", "AVV-2026-0001/T2"]
    assert found[100] == {  # at the first finding not shown: T101's status
        "kode": "Y011",
        "alvor": "feil",
        "fil": "records/avvik/AVV-2026-0001.yaml",
        "linje": 109,
        "kolonne": 80,
        "ref": "AVV-2026-0001",
        "melding": "… og 2400 feil til i denne filen, den neste her; rett de som vises, så vises "
        "resten",
    }
    text = runner.invoke(app, ["--repo", str(root), "validate"]).output.splitlines()
    assert text[-2:] == [
        "records/avvik/AVV-2026-0001.yaml:109:80: feil Y011 … og 2400 feil til i denne filen, "
        "den neste her; rett de som vises, så vises resten [AVV-2026-0001]",
        "4 poster sjekket: 2500 feil, 0 advarsler.",
    ]


def test_the_valid_items_after_wrong_ones_are_still_checked(make_repo: MakeRepo) -> None:
    """Each wrong item left out, not the valid one after it: its unknown person is found."""
    valid = (
        "  - {id: T9, beskrivelse: a, ansvarlig: ukjent.person, frist: 2026-05-01, status: pagar}"
    )
    root = make_repo(_many_wrong_tiltak(2, [valid]))
    result = runner.invoke(app, ["--repo", str(root), "validate", "--json"])
    assert [(f["kode"], f["ref"]) for f in json.loads(result.output)["funn"]] == [
        ("S003", "AVV-2026-0001/T1"),
        ("S003", "AVV-2026-0001/T2"),
        ("R002", "AVV-2026-0001/T9"),
    ]


@pytest.mark.parametrize("file", ["ims.yaml", "records/avvik/AVV-2026-0100.yaml"])
def test_a_number_of_5000_digits_is_a_finding_not_a_crash(make_repo: MakeRepo, file: str) -> None:
    root = make_repo()
    path = root / file
    path.write_text(path.read_text() + f"alvorlighet: {'9' * 5000}\n")
    result = runner.invoke(app, ["--repo", str(root), "validate"])
    assert result.exit_code == 1
    line = len(path.read_text().splitlines())
    assert result.output.splitlines()[0] == (
        f"{file}:{line}:14: feil Y002 tallet er for langt (over 4300 sifre); et tall i en post "
        "har noen få sifre. Sett verdien i anførselstegn om den er tekst"
    )


@pytest.mark.parametrize("kind", ["fifo", "device", "dangling", "folder"])
@pytest.mark.parametrize("explicit", [False, True])
def test_an_ims_yaml_that_is_no_regular_file_is_an_error_not_a_reason_to_look_above(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, kind: str, explicit: bool
) -> None:
    """The repository above must not be checked in its place, and a FIFO must not hang."""
    inner = make_repo() / "records" / "indre"
    (inner / "records").mkdir(parents=True)
    config = inner / "ims.yaml"
    said = {
        "fifo": "filen er en spesialfil (en FIFO), ikke en vanlig fil",
        "device": "filen er en spesialfil (en enhet, som /dev/zero), ikke en vanlig fil",
        "dangling": "filen er en lenke som peker til noe som ikke finnes",
        "folder": "filen er en mappe, ikke en vanlig fil",
    }[kind]
    if kind == "fifo":
        os.mkfifo(config)
    elif kind == "device":
        config.symlink_to("/dev/zero")
    elif kind == "dangling":
        config.symlink_to(inner / "borte.yaml")
    else:
        config.mkdir()
    monkeypatch.chdir(inner)
    args = ["--repo", str(inner), "validate"] if explicit else ["validate"]
    result = runner.invoke(app, args, env={"IMS_REPO": None})
    assert (result.exit_code, result.output) == (
        2,
        f"ims: {config}: {said}; ims.yaml skal være en vanlig fil med innstillingene (se "
        "«ims init»)\n",
    )
