"""What a pull request can put in a repository that is not a record: special files, links,
odd encodings, far dates. Each is one finding with a Norwegian reason; the rest is still checked,
and no command hangs or crashes on it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo, findings, summary

runner = CliRunner()
AVVIK = "records/avvik/AVV-2026-0200.yaml"
BROKEN_REFERENCE = (
    "id: AVV-2026-0001\ntype: avvik\ntittel: x\nmeldt: 2026-03-01\nenhet: OPP-SOL\n"
    "kategori: hms\nstatus: meldt\n"
)


def y009(root: Path) -> list[str]:
    return [f.message for f in findings(root) if f.code == "Y009"]


def test_a_link_to_a_device_is_not_read(make_repo: MakeRepo) -> None:
    root = make_repo()
    (root / AVVIK).symlink_to("/dev/zero")
    assert summary(root) == [("Y009", AVVIK, None, None)]
    assert "lenke til noe utenfor postarkivet" in y009(root)[0]


def test_a_fifo_does_not_block(make_repo: MakeRepo) -> None:
    root = make_repo()
    os.mkfifo(root / AVVIK)
    assert summary(root) == [("Y009", AVVIK, None, None)]
    assert "spesialfil" in y009(root)[0]


def test_a_link_out_of_the_repository_is_not_followed(make_repo: MakeRepo, tmp_path: Path) -> None:
    secret = tmp_path / "hemmelig.yaml"
    secret.write_text("id: AVV-2026-0200\ntittel: Hemmelig innhold\n", "utf-8")
    root = make_repo()
    (root / AVVIK).symlink_to(secret)
    assert summary(root) == [("Y009", AVVIK, None, None)]
    assert all("Hemmelig" not in f.message for f in findings(root))


def test_links_in_a_loop_are_one_finding_each(make_repo: MakeRepo) -> None:
    root = make_repo()
    first, second = root / AVVIK, root / "records/avvik/AVV-2026-0201.yaml"
    first.symlink_to(second.name)
    second.symlink_to(first.name)
    (root / "records" / "sirkel").symlink_to("..")  # a folder link in a loop is not walked
    assert sorted(summary(root)) == [
        ("Y009", AVVIK, None, None),
        ("Y009", "records/avvik/AVV-2026-0201.yaml", None, None),
        ("Y009", "records/sirkel", None, None),
    ]
    assert "lenker i ring" in y009(root)[0]
    assert y009(root)[2] == (
        "mappen er en lenke til en annen mappe i postarkivet; ims går ikke gjennom lenker til "
        "mapper (de kan gå i ring eller gi de samme postene to ganger). Flytt mappen hit, eller "
        "fjern lenken"
    )


OUT_OF_REPOSITORY = (
    "mappen er en lenke til noe utenfor postarkivet; ims leser bare filer i postarkivet. "
    "Flytt mappen inn i postarkivet, eller fjern lenken"
)


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder outside the repository with a record that would be a finding if it were read."""
    folder = tmp_path / "utenfor"
    (folder / "avvik").mkdir(parents=True)
    (folder / "avvik" / "AVV-2026-0300.yaml").write_text(
        "id: AVV-2026-0300\ntittel: [Hemmelig innhold\n", "utf-8"
    )
    return folder


def test_a_sub_folder_that_links_out_is_not_walked(make_repo: MakeRepo, elsewhere: Path) -> None:
    root = make_repo()
    (root / "records" / "avvik" / "gamle").symlink_to(elsewhere / "avvik")
    assert summary(root) == [("Y009", "records/avvik/gamle", None, None)]
    assert y009(root) == [OUT_OF_REPOSITORY]


def test_records_that_links_out_is_not_walked(make_repo: MakeRepo, elsewhere: Path) -> None:
    root = make_repo()
    shutil.rmtree(root / "records")
    (root / "records").symlink_to(elsewhere)
    found = findings(root)
    assert [(f.code, f.file, f.message) for f in found if f.code == "Y009"] == [
        ("Y009", "records", OUT_OF_REPOSITORY)
    ]
    assert all("0300" not in f"{f.file}{f.message}" for f in found)


def test_records_that_links_out_is_told_by_the_command(
    make_repo: MakeRepo, elsewhere: Path
) -> None:
    root = make_repo()
    shutil.rmtree(root / "records")
    (root / "records").symlink_to(elsewhere)
    result = runner.invoke(app, ["--repo", str(root), "validate"])
    assert result.exit_code == 1
    assert f"records: feil Y009 {OUT_OF_REPOSITORY}" in result.output
    assert "AVV-2026-0300" not in result.output and "Hemmelig" not in result.output


def test_a_link_inside_the_repository_is_read(make_repo: MakeRepo) -> None:
    root = make_repo()
    (root / "records/avvik/AVV-2026-0100-lenke.yaml").symlink_to("AVV-2026-0100.yaml")
    codes = {code for code, *_ in summary(root)}
    assert codes == {"I002"}  # the same record twice


def test_utf16_is_named_as_such(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: "id: AVV-2026-0200\n".encode("utf-16")})
    [found] = findings(root)
    assert (found.code, found.message) == (
        "Y001",
        "filen er lagret som UTF-16; lagre den som UTF-8 i editoren (Lagre som …)",
    )


def test_a_reference_to_an_unreadable_record_says_so(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/avvik/AVV-2026-0002.yaml": "id: AVV-2026-0002\ntittel: [uavsluttet\n",
            "records/revisjoner/REV-2026-0001.yaml": (
                "id: REV-2026-0001\ntype: intern_revisjon\ntittel: x\nenhet: OPP-SOL\n"
                "planlagt: 2026-04-01\nfunn:\n  - {id: F1, type: avvik, beskrivelse: x, "
                "avvik: AVV-2026-0002}\n"
            ),
        }
    )
    [r007] = [f for f in findings(root) if f.code == "R007"]
    assert r007.message == (
        "avviket «AVV-2026-0002» kan ikke leses: records/avvik/AVV-2026-0002.yaml har en feil "
        "(Y002); rett den"
    )


def test_far_out_settings_in_ims_yaml_are_refused(make_repo: MakeRepo) -> None:
    root = make_repo({"ims.yaml": "frister:\n  avvik_behandling_dager: 3000000\n"})
    assert summary(root) == [("S003", "ims.yaml", 2, 27)]


def test_records_that_is_a_file_is_a_usage_error(make_repo: MakeRepo) -> None:
    root = make_repo()
    records = root / "records"
    for path in sorted(records.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    records.rmdir()
    records.write_text("ikke en mappe\n", "utf-8")
    result = runner.invoke(app, ["--repo", str(root), "validate"])
    assert result.exit_code == 2
    assert "er ikke en mappe; postene skal ligge i mappen records/" in result.output


@pytest.fixture
def hostile(make_repo: MakeRepo, tmp_path: Path) -> Path:
    """Every kind of odd file at once, beside valid records."""
    (tmp_path / "utenfor.yaml").write_text("id: AVV-2026-0209\n", "utf-8")
    root = make_repo(
        {
            "records/avvik/AVV-2026-0203.yaml": "id: AVV-2026-0203\n".encode("utf-16"),
            "records/avvik/AVV-2026-0204.yaml": b"id: AVV-2026-0204\ntittel: \xe6\xf8\n",
            "records/avvik/AVV-2026-0205.yaml": BROKEN_REFERENCE.replace(
                "2026-03-01", "9999-12-25"
            ).replace("0001", "0205"),
            "records/avvik/AVV-2026-0206.yaml": 'id: AVV-2026-0206\ntittel: "\\e[2J"\n',
            "records/avvik/AVV-2026-0207\x1b]0;tittel\x07.yaml": BROKEN_REFERENCE,
        }
    )
    (root / AVVIK).symlink_to("/dev/zero")
    os.mkfifo(root / "records/avvik/AVV-2026-0201.yaml")
    (root / "records/avvik/AVV-2026-0202.yaml").symlink_to(tmp_path / "utenfor.yaml")
    return root


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("check", "--as-of", "2026-11-22"),
        ("check", "--format", "junit"),
        ("list",),
        ("show", "AVV-2026-0100"),
        ("puff", "--as-of", "2026-11-22"),
        ("stats", "--periode", "2026"),
        ("risk", "matrix"),
        ("risk", "dekning"),
        ("tiltak", "list"),
        ("tiltak", "done", "ROS-2026-0001/T1"),
    ],
)
def test_every_command_copes_with_a_hostile_repository(
    hostile: Path, args: tuple[str, ...]
) -> None:
    result = runner.invoke(app, ["--repo", str(hostile), *args])
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "\x1b" not in result.output


def test_the_rest_of_a_hostile_repository_is_still_checked(hostile: Path) -> None:
    by_file = {file: code for code, file, *_ in summary(hostile)}
    assert by_file == {
        AVVIK: "Y009",
        "records/avvik/AVV-2026-0201.yaml": "Y009",
        "records/avvik/AVV-2026-0202.yaml": "Y009",
        "records/avvik/AVV-2026-0203.yaml": "Y001",
        "records/avvik/AVV-2026-0204.yaml": "Y001",
        "records/avvik/AVV-2026-0205.yaml": "S004",
        "records/avvik/AVV-2026-0206.yaml": "Y010",
        "records/avvik/AVV-2026-0207\x1b]0;tittel\x07.yaml": "Y009",
    }


def test_junit_of_a_hostile_repository_is_xml(hostile: Path) -> None:
    result = runner.invoke(app, ["--repo", str(hostile), "check", "--format", "junit"])
    root = ElementTree.fromstring(result.output)
    names = {case.get("name") for case in root.iter("testcase")}
    assert "records/avvik/AVV-2026-0207?]0;tittel?.yaml Y009" in names
