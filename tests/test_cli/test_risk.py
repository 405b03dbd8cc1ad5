"""`ims risk` on the example records: the JSON shapes and every risk in its cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import PROJECT, MakeRepo

runner = CliRunner()
ROS_FILES = sorted((PROJECT / "records" / "ros").rglob("ROS-*.yaml"))


def ims(*args: str) -> str:
    result = runner.invoke(app, ["--repo", str(PROJECT), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _cell(s: int, k: object) -> tuple[int, int]:
    return s, (max(k.values()) if isinstance(k, dict) else int(k))  # type: ignore[arg-type]


@pytest.mark.parametrize("path", ROS_FILES, ids=lambda p: p.stem)
def test_every_risk_sits_in_the_cell_its_grades_give(path: Path) -> None:
    raw = yaml.safe_load(path.read_text("utf-8"))  # read independently of ims
    expected_before, expected_after = {}, {}
    for risk in raw["risikoer"]:
        ref = f"{raw['id']}/{risk['id']}"
        expected_before[ref] = _cell(risk["sannsynlighet"], risk["konsekvens"])
        rest = risk.get("restrisiko") or risk
        expected_after[ref] = _cell(rest["sannsynlighet"], rest["konsekvens"])
    for flag, expected in (("", expected_before), ("--etter", expected_after)):
        document = json.loads(ims("risk", "matrix", raw["id"], "--json", *([flag] if flag else [])))
        assert document["matrise"] == ("etter" if flag else "for")
        placed = {
            ref: (c["sannsynlighet"], c["konsekvens"])
            for c in document["celler"]
            for ref in c["risikoer"]
        }
        assert placed == expected
        for c in document["celler"]:
            assert c["score"] == c["sannsynlighet"] * c["konsekvens"]
            assert c["niva"] == (
                "lav" if c["score"] <= 4 else "middels" if c["score"] <= 10 else "hoy"
            )


def test_unit_matrix_includes_sub_units() -> None:
    document = json.loads(ims("risk", "matrix", "--enhet", "HO", "--json"))
    refs = {r for c in document["celler"] for r in c["risikoer"]}
    assert {r.split("/")[0] for r in refs} == {"ROS-2026-0001", "ROS-2026-0002"}


def test_both_matrices_in_one_json_object() -> None:
    document = json.loads(ims("risk", "matrix", "--begge", "--json", "--omrade", "hms"))
    assert document["matrise"] == "begge"
    assert sum(len(c["risikoer"]) for c in document["for"]) == sum(
        len(c["risikoer"]) for c in document["etter"]
    )


def test_terminal_grid_fits_100_columns() -> None:
    result = runner.invoke(
        app, ["--repo", str(PROJECT), "risk", "matrix", "--begge"], env={"COLUMNS": "100"}
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "5 Svært sannsynlig" in result.output and "Svært alvorlig" in result.output
    assert "L = lav, M = middels 5–10, H = høy 11–25" in result.output.replace(" 1–4", "")


def test_png_and_svg_are_written(tmp_path: Path) -> None:
    png, svg = tmp_path / "m.png", tmp_path / "m.svg"
    ims("risk", "matrix", "ROS-2026-0001", "--begge", "--png", str(png), "--svg", str(svg))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert svg.read_text("utf-8").lstrip().startswith("<?xml")


def test_unknown_ros_or_unit_is_a_usage_error() -> None:
    for args in (["risk", "matrix", "ROS-2099-0001"], ["risk", "top", "--enhet", "NOPE"]):
        result = runner.invoke(app, ["--repo", str(PROJECT), *args])
        assert result.exit_code == 2
        assert result.output.startswith("ims: ")


def test_top_json() -> None:
    document = json.loads(ims("risk", "top", "-n", "3", "--json"))
    scores = [r["score"] for r in document["risikoer"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 3
    first = document["risikoer"][0]
    assert set(first) >= {"ref", "enhet", "omrade", "score", "niva", "tiltak", "restrisiko"}


def test_dekning_json_shows_the_overdue_water_ros() -> None:
    document = json.loads(ims("risk", "dekning", "--as-of", "2026-11-22", "--json"))
    assert [f["ros"] for f in document["forfalt"]] == ["ROS-2025-0001"]
    units = {u["enhet"]: u["omrader"] for u in document["enheter"]}
    assert {a["status"] for a in units["OPP-SOLSTRAND"].values()} == {"ok"}
    assert units["TEK-VA"]["beredskap"]["status"] == "forfalt"
    assert "legemidler" in document["risikobank"]["HO"]


def test_bad_as_of_is_a_usage_error() -> None:
    result = runner.invoke(app, ["--repo", str(PROJECT), "risk", "dekning", "--as-of", "1.1.2026"])
    assert result.exit_code == 2
    assert "ÅÅÅÅ-MM-DD" in result.output


def test_levels_follow_a_four_by_four_configuration(make_repo: MakeRepo) -> None:
    config = (
        "risiko:\n"
        "  sannsynlighet: [Lav, Middels, Høy, Svært høy]\n"
        "  konsekvens: [Liten, Middels, Stor, Kritisk]\n"
        "  nivaer: [{navn: gronn, maks: 3}, {navn: gul, maks: 8}, {navn: rod, maks: 16}]\n"
        "  tiltak_kreves_over: 8\n"
    )
    root = make_repo({"ims.yaml": config})
    result = runner.invoke(app, ["--repo", str(root), "risk", "matrix", "--json"])
    assert result.exit_code == 0, result.output
    cells = {(c["sannsynlighet"], c["konsekvens"]): c for c in json.loads(result.output)["celler"]}
    assert cells[(2, 4)]["niva"] == "gul" and cells[(2, 4)]["risikoer"] == ["ROS-2026-0001/R1"]
    assert cells[(3, 4)]["niva"] == "rod" and cells[(3, 4)]["risikoer"] == ["ROS-2026-0001/R2"]
    grid = runner.invoke(app, ["--repo", str(root), "risk", "matrix"]).output
    assert "4 Svært høy" in grid and "Kritisk" in grid and "5" not in grid.splitlines()[2]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["top", "--omrade", "hsm"], "--omrade «hsm» finnes ikke; bruk tjenesteleveranse, hms"),
        (["matrix", "--risikobank", "legemiddel"], "--risikobank «legemiddel» finnes ikke"),
    ],
)
def test_a_filter_that_matches_nothing_is_a_usage_error(args: list[str], said: str) -> None:
    result = runner.invoke(app, ["--repo", str(PROJECT), "risk", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert said in result.output


def test_a_refused_dimension_keeps_nothing_the_next_view_reads(make_repo: MakeRepo) -> None:
    """`--dimensjon` is checked before the index keeps anything under its name: an empty or
    unknown one never stands for «the highest» in what `risk top` reads afterwards."""
    root = make_repo()
    path = next((root / "records" / "ros").rglob("ROS-*.yaml"))
    text = path.read_text("utf-8")
    graded = text.replace("    konsekvens: 4\n", "    konsekvens: {liv_og_helse: 5}\n", 1)
    assert graded != text
    path.write_text(graded, "utf-8")
    for dimension in ("", "stabilitet"):
        result = runner.invoke(
            app, ["--repo", str(root), "risk", "matrix", "--dimensjon", dimension]
        )
        assert result.exit_code == 2 and "--dimensjon «" in result.output
    risks = json.loads(runner.invoke(app, ["--repo", str(root), "risk", "top", "--json"]).output)
    fresh = runner.invoke(
        app, ["--repo", str(root), "risk", "top", "--json"], env={"IMS_NO_CACHE": "1"}
    )
    assert risks == json.loads(fresh.output) and risks["risikoer"]
