"""Finding the repository, discovering files and loading them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ims_cli.errors import UserError
from ims_cli.indexed import load_repository
from ims_cli.models.vocabulary import DEFAULT
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store.load import discover, listing, load_config, read_file, register_name
from ims_cli.store.root import find_root
from tests.conftest import PROJECT, MakeRepo


def test_root_is_found_upward(make_repo: MakeRepo) -> None:
    root = make_repo()
    assert find_root(root / "records" / "avvik") == root


def test_explicit_repo_wins(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    assert find_root(tmp_path, str(root)) == root


def test_an_explicit_repo_needs_ims_yaml_or_records_not_both(tmp_path: Path) -> None:
    (tmp_path / "bare-poster" / "records").mkdir(parents=True)
    (tmp_path / "bare-oppsett").mkdir()
    (tmp_path / "bare-oppsett" / "ims.yaml").write_text("{}\n", "utf-8")
    for name in ("bare-poster", "bare-oppsett"):
        assert find_root(tmp_path, str(tmp_path / name)) == tmp_path / name


def test_no_repository_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"fant ingen ims\.yaml"):
        find_root(tmp_path)
    with pytest.raises(UserError, match="ikke et postarkiv"):
        find_root(tmp_path, str(tmp_path))


def test_discover_skips_hidden_folders_readme_and_other_files(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/.utkast/AVV-2026-0009.yaml": "id: x\n",
            "records/README.md": "# Om postene\n",
            "records/vedlegg/bilde.png": b"\x89PNG",
            "records/avvik/AVV-2026-0002.yml": "id: x\n",
        }
    )
    found = discover(root)
    assert "records/avvik/AVV-2026-0002.yml" in found
    assert not [p for p in found if ".utkast" in p or "README" in p or p.endswith(".png")]
    assert found == sorted(found)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("records/organisasjon.yaml", "organisasjon"),
        ("records/lovkrav.yml", "lovkrav"),
        ("records/avvik/organisasjon.yaml", None),
        ("records/AVV-2026-0001.yaml", None),
    ],
)
def test_registers_live_at_the_top_of_records(path: str, name: str | None) -> None:
    assert register_name(path) == name


def test_kind_comes_from_the_id_not_the_folder() -> None:
    raw = (
        b"id: AVV-2026-0001\ntype: avvik\ntittel: x\nmeldt: 2026-03-01\nenhet: KD\n"
        b"kategori: hms\nstatus: meldt\n"
    )
    result = read_file(
        "records/ros/feil-mappe/AVV-2026-0001.yaml", raw, VALIDATOR, vocabulary=DEFAULT
    )
    assert result.kind is not None and result.kind.name == "avvik"
    assert result.findings == []


def test_loaded_repository_keeps_markdown_body(make_repo: MakeRepo) -> None:
    repo = load_repository(make_repo())
    (prosess,) = [r for r in repo.records if r.kind.name == "prosess"]
    assert prosess.body == "# Formål\n"
    assert repo.record_files == 3
    assert "ROS-2026-0001/R2" in repo.risk_refs


def test_loading_on_all_cores_gives_the_same_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = load_repository(PROJECT)
    monkeypatch.setattr("ims_cli.store.load.PARALLEL_FROM", 1)
    monkeypatch.setattr("ims_cli.store.load.CHUNK", 7)
    parallel = load_repository(PROJECT)
    assert [(r.path, r.record, r.body) for r in parallel.records] == [
        (r.path, r.record, r.body) for r in serial.records
    ]
    assert (parallel.ids, parallel.risk_refs) == (serial.ids, serial.risk_refs)
    assert parallel.organisasjon == serial.organisasjon


def test_findings_survive_the_trip_from_a_worker(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"records/AVV-2026-0001.yaml": "id: AVV-2026-0001\ntype: x\n"})
    serial = load_repository(root).findings
    monkeypatch.setattr("ims_cli.store.load.PARALLEL_FROM", 1)
    assert load_repository(root).findings == serial != []


def test_files_are_stamped_the_same_on_threads_as_in_one(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"records/avvik/2026/.lenke": "", "records/vedlegg/x.png": b""})
    (root / "records/avvik/2026/link.yaml").symlink_to(root / "records/avvik")  # not walked
    (root / "records/avvik/2026/borte.yaml").symlink_to(root / "ingenting")  # no stamp
    alone = listing(root)
    monkeypatch.setattr("ims_cli.store.load.STAT_CHUNK", 2)
    assert listing(root) == alone
    assert alone["records/avvik/2026/borte.yaml"] is None
    stamp = (root / "records/organisasjon.yaml").stat()
    assert alone["records/organisasjon.yaml"] == (stamp.st_mtime_ns, stamp.st_size)
    assert sorted(alone) == discover(root) and len(alone) == 8


def test_discover_gives_the_same_paths_from_a_relative_root(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"records/avvik/2026/AVV-2026-0002.yaml": "id: x\n"})
    absolute = discover(root)
    monkeypatch.chdir(root)
    assert discover(Path(".")) == absolute
    assert "records/avvik/2026/AVV-2026-0002.yaml" in absolute


AVVIK = (
    "id: AVV-2026-0100\ntype: avvik\ntittel: {tittel}\nmeldt: 2026-03-01\nenhet: OPP-SOL\n"
    "kategori: hms\nstatus: {status}\n"
)


def test_a_file_read_gives_its_findings_their_line_and_column() -> None:
    text = AVVIK.format(tittel="x", status="ferdig")
    result = read_file("records/AVV-2026-0100.yaml", text.encode(), VALIDATOR, vocabulary=DEFAULT)
    assert [(f.code, f.line, f.column) for f in result.findings] == [("S003", 7, 9)]
    assert result.parsed


def test_a_file_that_does_not_parse_is_not_taken_as_parsed() -> None:
    result = read_file(
        "records/AVV-2026-0100.yaml", b"id: [AVV-2026-0100\n", VALIDATOR, vocabulary=DEFAULT
    )
    assert (result.parsed, [f.code for f in result.findings]) == (False, ["Y002"])


def test_a_placeholder_is_found_where_it_stands_but_not_in_a_comment() -> None:
    text = "# <fyll inn> er en plassholder\n" + AVVIK.format(tittel="<fyll inn>", status="meldt")
    result = read_file("records/AVV-2026-0100.yaml", text.encode(), VALIDATOR, vocabulary=DEFAULT)
    assert [(f.code, f.ref, f.line, f.column) for f in result.findings] == [
        ("S005", "AVV-2026-0100", 4, 9)
    ]


def test_an_ims_yaml_that_cannot_be_read_is_reported_and_the_defaults_used(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo()
    outside = tmp_path / "utenfor.yaml"
    outside.write_text("organisasjon: Et annet sted\n", "utf-8")
    (root / "ims.yaml").unlink(missing_ok=True)
    (root / "ims.yaml").symlink_to(outside)
    config, found = load_config(root, VALIDATOR)
    assert config.organisasjon == "Eksempel kommune"
    assert [(f.code, f.file) for f in found] == [("Y009", "ims.yaml")]
    assert "lenke til noe utenfor postarkivet" in found[0].message
