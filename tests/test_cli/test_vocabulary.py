"""A kommune's own words (ims.yaml `verdier:`): a repository from `ims init --eksempel` with its
own categories and sub-categories, statuses, funn types, fokusområder and a `stabilitet`
dimension validates, reports and exports with them; under ims's own lists the same records give
one finding per value those lists do not have."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli import new as new_command
from ims_cli.cli.app import app
from tests.conftest import only_file

runner = CliRunner()
OWN = """organisasjon: Eksempel kommune
verdier:
  avvik_kategori: [tjenestekvalitet, hms, pasientsikkerhet]
  avvik_underkategori:
    tjenestekvalitet: [fall, legemiddel, trykksar]
  avvik_status: [meldt, under_behandling, tiltak_iverksatt, til_uttalelse, lukket, avvist,
    videresendt]
  funn_type: [avvik, lovbrudd, palegg, merknad]
  fokusomrade: [brukere, medarbeidere, innbyggerdialog]
  konsekvens: [liv_og_helse, okonomi, stabilitet]
  skala:
    konsekvens:
      stabilitet: [Under ett døgn, 1–3 døgn, 3–7 døgn, 1–4 uker, Over fire uker]
"""
DEFAULT = "organisasjon: Eksempel kommune\n"
# The example records of `ims init --eksempel`, named by the year it dates them in.
AUDIT = "records/revisjoner/REV-*.yaml"
AGREEMENT = "records/lederavtaler/*/LA-*.yaml"
ROS = "records/ros/OPP/ROS-*.yaml"


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def _new_avvik(root: Path, kategori: str) -> Path:
    code, output = ims(
        root, "new", "avvik", "--enhet", "OPP-SOLSTRAND", "--tittel", "Hendelse",
        "--kategori", kategori, "--anonym",
    )  # fmt: skip
    assert code == 0, output
    path = root / output.split()[1]
    text = path.read_text("utf-8").replace("<fyll inn> ", "")
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def own(tmp_path: Path) -> Path:
    """The example repository with its own words, and records that use them, written by ims."""
    root = tmp_path / "kommune"
    assert runner.invoke(app, ["init", str(root), "--eksempel"]).exit_code == 0
    (root / "ims.yaml").write_text(OWN, "utf-8")
    fall = _new_avvik(root, "tjenestekvalitet")
    text = fall.read_text("utf-8").replace(
        "kategori: tjenestekvalitet", "kategori: tjenestekvalitet\nunderkategori: trykksar"
    )
    fall.write_text(text, "utf-8")
    _new_avvik(root, "pasientsikkerhet")
    for status in ("avvist", "videresendt", "til_uttalelse"):
        record_id = _new_avvik(root, "hms").stem
        assert ims(root, "avvik", "status", record_id, status)[0] == 0
    audit_file, agreement = only_file(root, AUDIT), only_file(root, AGREEMENT)
    done = date.today() - timedelta(days=30)  # within the last 12 months `ims stats` counts
    audit = (
        (root / audit_file)
        .read_text("utf-8")
        .replace(
            "gjennomfort: null",
            f"gjennomfort: {done}",
        )
        .replace(
            "funn: []",
            "funn:\n  - {id: F1, type: lovbrudd, beskrivelse: Hentelisten mangler}\n"
            "  - {id: F2, type: palegg, beskrivelse: Rutinen må skriftliggjøres,\n"
            f"     frist: {done + timedelta(days=24)}}}",
        )
    )
    (root / audit_file).write_text(audit, "utf-8")
    code, output = ims(
        root, "revisjon", "avvik", f"{Path(audit_file).stem}/F1", "--kategori", "hms"
    )
    assert code == 0, output
    goal = (root / agreement).read_text("utf-8").replace("brukere", "innbyggerdialog")
    (root / agreement).write_text(goal, "utf-8")
    risk = f"{Path(only_file(root, ROS)).stem}/R1"
    vurdert = (risk, "--konsekvens", "stabilitet=4,liv_og_helse=2")
    assert ims(root, "ros", "vurder", *vurdert)[0] == 0
    return root


def test_own_words_validate(own: Path) -> None:
    code, output = ims(own, "validate")
    assert code == 0, output
    assert output.endswith("0 feil, 0 advarsler.\n")


def test_statistics_and_report_count_with_own_words(own: Path) -> None:
    code, output = ims(own, "stats", "--json")
    assert code == 0, output
    stats = json.loads(output)
    assert stats["per_kategori"] == {"hms": 4, "tjenestekvalitet": 2, "pasientsikkerhet": 1}
    # avvist and videresendt are settled, neither open nor closed here
    assert stats["avsluttet_uten_behandling"] == {"avvist": 1, "videresendt": 1}
    assert (stats["apne"], stats["lukket"]) == (5, 0)
    code, output = ims(own, "stats", "--kategori", "pasientsikkerhet", "--json")
    assert code == 0 and json.loads(output)["antall"] == 1
    code, output = ims(own, "stats", "--kategori", "miljo")
    assert code == 2
    assert "--kategori «miljo» finnes ikke; bruk tjenestekvalitet, hms, pasientsikkerhet" in output
    code, output = ims(own, "report", "lg", "--enhet", "KD", "--ut", "-")
    assert code == 0, output
    assert "5 er åpne og 0 lukket, 1 avvist, 1 videresendt;" in output
    assert "Pasientsikkerhet" in output


def test_the_risk_matrix_places_by_the_own_dimension(own: Path) -> None:
    code, output = ims(own, "risk", "matrix", "--dimensjon", "stabilitet", "--json")
    assert code == 0, output
    cells = json.loads(output)["celler"]
    risk = f"{Path(only_file(own, ROS)).stem}/R1"
    assert [(c["sannsynlighet"], c["konsekvens"], c["risikoer"]) for c in cells] == [(3, 4, [risk])]
    code, output = ims(own, "risk", "matrix", "--dimensjon", "stabilitet")
    assert "Konsekvens for stabilitet: 1 Svært liten: Under ett døgn; 2 Liten: 1–3 døgn" in output
    code, output = ims(own, "risk", "matrix", "--dimensjon", "omdomme")
    assert code == 2
    assert "--dimensjon «omdomme» finnes ikke; bruk liv_og_helse, okonomi, stabilitet" in output


def test_exports_carry_the_own_words(own: Path, tmp_path: Path) -> None:
    risk = f"{Path(only_file(own, ROS)).stem}/R1"
    database = tmp_path / "ims.db"
    assert ims(own, "export", "sqlite", str(database))[0] == 0
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT underkategori, COUNT(*) FROM avvik GROUP BY 1 ORDER BY 1")
        assert rows.fetchall() == [(None, 6), ("trykksar", 1)]
        meaning = db.execute(
            "SELECT betydning FROM kolonner WHERE tabell = 'avvik' AND kolonne = 'kategori'"
        ).fetchone()
        assert meaning == ("tjenestekvalitet, hms eller pasientsikkerhet",)
        dimensions = db.execute("SELECT risiko, dimensjon, konsekvens FROM konsekvenser")
        assert sorted(dimensions) == [
            (risk, "liv_og_helse", 2),
            (risk, "stabilitet", 4),
        ]
        found = db.execute("SELECT type FROM funn ORDER BY ref").fetchall()
        assert found == [("lovbrudd",), ("palegg",)]
    code, output = ims(own, "export", "avvik", "--csv", "-")
    assert code == 0, output
    header, *rows = csv.reader(io.StringIO(output.lstrip("\ufeff")), delimiter=";")
    column = header.index("Underkategori")
    assert header[column - 1] == "Kategori"
    shown = {(row[column - 1], row[column]) for row in rows if row[0].startswith("AVV-")}
    assert ("tjenestekvalitet", "trykksår") in shown and ("pasientsikkerhet", "") in shown
    assert ims(own, "export", "avvik", "--csv", "-", "--status", "avvist")[0] == 0
    code, output = ims(own, "export", "avvik", "--csv", "-", "--status", "ferdig")
    assert code == 2 and "--status «ferdig» finnes ikke" in output


def test_schemas_and_help_follow_ims_yaml(own: Path) -> None:
    code, output = ims(own, "schema", "--ut", "-")
    assert code == 0, output
    schemas = json.loads(output)
    avvik = schemas["avvik.schema.json"]["properties"]
    assert avvik["kategori"]["enum"] == ["tjenestekvalitet", "hms", "pasientsikkerhet"]
    assert avvik["underkategori"]["anyOf"][0]["enum"] == ["fall", "legemiddel", "trykksar"]
    assert "x-ims-verdier" not in output
    code, output = ims(own, "stats", "--help")
    assert "pasientsikkerhet" in output and "beredskap" not in output  # ims's own list is not


def test_under_ims_own_lists_each_unknown_value_is_one_finding(own: Path) -> None:
    (own / "ims.yaml").write_text(DEFAULT, "utf-8")
    code, output = ims(own, "validate")
    assert code == 1, output
    said = output.splitlines()
    assert said[-1] == "12 poster sjekket: 5 feil, 0 advarsler."
    assert [line.split(": ", 1)[1].split(" ", 2)[:2] for line in said[:-1]] == [
        ["feil", "S003"]
    ] * 4 + [["feil", "B007"]]
    assert (
        "«pasientsikkerhet» er ikke en av kategoriene i ims.yaml: hms, informasjonssikkerhet, "
        "personvern, tjenestekvalitet, miljo, etikk, okonomi, beredskap; bruk en av dem, eller "
        "legg verdien til under verdier.avvik_kategori"
    ) in output
    assert "«trykksar»: kategorien tjenestekvalitet har ingen underkategorier i ims.yaml" in output
    assert "«til_uttalelse» er ikke en av statusene for avvik i ims.yaml" in output
    assert "«innbyggerdialog» er ikke en av fokusområdene i ims.yaml" in output
    assert "«stabilitet» er ikke en av konsekvensdimensjonene i ims.yaml" in output
    code, output = ims(own, "stats", "--json")  # the rest still counts; nothing crashes
    assert code == 0 and json.loads(output)["antall"] == 4


def test_a_value_taken_out_of_ims_yaml_is_one_finding_per_record(own: Path) -> None:
    config = OWN.replace(", pasientsikkerhet]", "]")
    (own / "ims.yaml").write_text(config, "utf-8")
    code, output = ims(own, "validate")
    assert code == 1
    assert output.count("«pasientsikkerhet» er ikke en av kategoriene") == 1
    assert output.endswith("1 feil, 0 advarsler.\n")


def test_the_prompt_of_ims_new_offers_the_own_categories(
    own: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_command, "interactive", lambda: True)
    given = "OPP-SOLSTRAND\nFeil dose\npasientsikkerhet\nanonym\n"
    result = CliRunner().invoke(app, ["--repo", str(own), "new", "avvik"], input=given)
    assert result.exit_code == 0, result.output
    assert "kategori: tjenestekvalitet, hms, pasientsikkerhet" in result.output
