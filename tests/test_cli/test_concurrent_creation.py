"""New records made by several ims processes at once (real processes, started together): each gets
its own id, and one audit finding never becomes two avvik."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import MakeRepo, summary

AUDIT = "records/revisjoner/REV-2026-0001.yaml"
REVISJON = """# Internrevisjon av legemiddelhåndteringen
id: REV-2026-0001
type: intern_revisjon
tittel: Legemidler
enhet: OPP-SOL
planlagt: 2026-04-01
gjennomfort: 2026-04-03
funn:
  - {id: F1, type: avvik, beskrivelse: Listen var ikke signert}
  - {id: F2, type: merknad, beskrivelse: Godt samarbeid}
"""


def started(root: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ims_cli", "--repo", str(root), *args],
        env={**os.environ, "IMS_NO_CACHE": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def finished(processes: list[subprocess.Popen[bytes]]) -> list[tuple[int, str]]:
    outputs = [p.communicate(timeout=120)[0].decode() for p in processes]
    return [(p.returncode, output) for p, output in zip(processes, outputs, strict=True)]


def test_eight_new_avvik_at_once_get_eight_ids(make_repo: MakeRepo) -> None:
    root = make_repo()
    processes = [
        started(
            root,
            *("new", "avvik", "--enhet", "OPP-SOL", "--tittel", f"Hendelse {n}"),
            *("--kategori", "hms", "--anonym", "--dato", "2026-05-04"),
        )
        for n in range(8)
    ]
    results = finished(processes)
    assert [code for code, _ in results] == [0] * 8, results
    written = {output.splitlines()[0].removeprefix("Skrev ") for _, output in results}
    assert written == {f"records/avvik/2026/AVV-2026-{n:04d}.yaml" for n in range(101, 109)}
    for path in written:
        text = (root / path).read_text("utf-8")
        (root / path).write_text(text.replace("<fyll inn> ", ""), "utf-8")
    assert summary(root) == []  # every one valid, and no id twice (I002)


def test_two_new_ros_in_two_folders_at_once_get_two_ids(make_repo: MakeRepo) -> None:
    """ROS files live in their tjenesteområde's folder: the id is the repository's, not the
    folder's."""
    root = make_repo()
    given = ("--omrade", "hms", "--ansvarlig", "liv.berg", "--dato", "2026-05-04")
    results = finished(
        [
            started(root, "new", "ros", "--enhet", unit, "--tittel", "HMS", *given)
            for unit in ("OPP", "KD", "OPP-SOL", "KD")
        ]
    )
    assert [code for code, _ in results] == [0] * 4, results
    ids = sorted(Path(output.splitlines()[0]).stem for _, output in results)
    assert ids == [f"ROS-2026-{n:04d}" for n in range(2, 6)]


def test_one_finding_made_into_an_avvik_twice_at_once_gives_one_avvik(
    make_repo: MakeRepo,
) -> None:
    root = make_repo({AUDIT: REVISJON})
    for _ in range(3):
        (root / AUDIT).write_text(REVISJON, "utf-8")
        for made in (root / "records/avvik/2026").glob("*.yaml"):
            made.unlink()
        results = finished([started(root, "revisjon", "avvik", "REV-2026-0001/F1") for _ in "ab"])
        assert sorted(code for code, _ in results) == [0, 2], results
        (ok,) = [output for code, output in results if code == 0]
        (refused,) = [output for code, output in results if code == 2]
        avvik = [p.stem for p in (root / "records/avvik/2026").glob("*.yaml")]
        assert avvik == ["AVV-2026-0101"], results
        assert ok.startswith("Skrev records/avvik/2026/AVV-2026-0101.yaml: ")
        assert refused == "ims: REV-2026-0001/F1 er allerede ført som AVV-2026-0101\n"
        audit = yaml.safe_load((root / AUDIT).read_text("utf-8"))
        assert audit["funn"][0]["avvik"] == "AVV-2026-0101"
        assert summary(root) == []
