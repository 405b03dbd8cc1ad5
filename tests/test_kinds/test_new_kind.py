"""A kind added in one place: registered here, with its model and its template, it is made,
listed, shown, validated, checked for deadlines, exported, numbered past other branches and
put on the site, with no other module of ims touched."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import Field
from typer.testing import CliRunner

from ims_cli import kinds
from ims_cli.cli.app import app
from ims_cli.codes import CODES
from ims_cli.config import Config
from ims_cli.kinds import Due, Kind, Ref
from ims_cli.models.common import (
    Gradering,
    HoldsTiltak,
    IsoDate,
    Model,
    PersonId,
    Text,
    TiltakEntry,
    TiltakLists,
    UnitId,
)
from tests.conftest import MakeRepo
from tests.gitrepo import History

runner = CliRunner()


# ---------------------------------------------------------------- the kind, as its module has it


class Brannovelse(HoldsTiltak, Model):
    """BO: a brannøvelse, evaluated within 60 days."""

    id: Annotated[str, Field(pattern=r"^BO-[0-9]{4}-[0-9]{4,}$")]
    tittel: Text
    enhet: UnitId
    dato: IsoDate
    gradering: Gradering = "intern"
    deltakere: list[PersonId] = Field(default_factory=list)
    evaluering: str | None = None
    tiltak: list[TiltakEntry] = Field(default_factory=list)

    def tiltak_lists(self) -> TiltakLists:
        yield ("tiltak",), self.tiltak


def _status(record: Brannovelse) -> str:
    return "evaluert" if record.evaluering else "ikke_evaluert"


def _refs(record: Brannovelse) -> Iterator[Ref]:
    for i, person in enumerate(record.deltakere):
        yield "person", ("deltakere", i), person


def _deadlines(record: Brannovelse, config: Config) -> Iterator[Due]:
    if record.evaluering is None:
        yield Due("F901", ("dato",), record.dato + timedelta(days=60), "øvelsen er ikke evaluert")


BRANNOVELSE = Kind(
    "BO",
    "brannovelse",
    Brannovelse,
    "records/brannovelser/{year}",
    required=("enhet", "tittel"),
    status=_status,
    statuses=("evaluert", "ikke_evaluert"),
    refs=_refs,
    deadlines=_deadlines,
    codes={"F901": ("feil", "Øvelse ikke evaluert innen 60 dager")},
    page="post.html.j2",
)
TEMPLATE = """{% if schema %}# yaml-language-server: $schema={{ schema }}
{% endif %}# Brannøvelse {{ dato }}. Evaluer den innen 60 dager.
id: {{ id }}
tittel: {{ tittel | yaml }}
enhet: {{ enhet }}
dato: {{ dato }}
gradering: intern
deltakere: []
evaluering: null
tiltak: []
"""

# ------------------------------------------------------------------------------------ the tests


@pytest.fixture
def brannovelse() -> Iterator[Kind]:
    kinds.register(BRANNOVELSE)
    try:
        yield BRANNOVELSE
    finally:
        kinds.unregister(BRANNOVELSE)


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture
def root(make_repo: MakeRepo, brannovelse: Kind) -> Path:
    root = make_repo({"templates/new/brannovelse.yaml.j2": TEMPLATE})
    history = History(root)
    history.git.create_head("annen").checkout()
    history.commit({"records/brannovelser/BO-2026-0007.yaml": "id: BO-2026-0007\n"}, "Annen gren")
    history.git.heads["main"].checkout()
    return root


def test_ims_new_makes_it_from_its_template_past_the_ids_on_other_branches(root: Path) -> None:
    code, output = ims(
        root,
        "new",
        "brannovelse",
        "--enhet",
        "OPP-SOL",
        "--tittel",
        "Strømbrudd",
        "--dato",
        "2026-03-01",
    )
    assert (code, output) == (
        0,
        "Skrev records/brannovelser/2026/BO-2026-0008.yaml\n",
    )  # 0007: «annen»
    assert (root / "records/brannovelser/2026/BO-2026-0008.yaml").read_text("utf-8") == (
        "# Brannøvelse 2026-03-01. Evaluer den innen 60 dager.\n"
        "id: BO-2026-0008\n"
        "tittel: Strømbrudd\n"
        "enhet: OPP-SOL\n"
        "dato: 2026-03-01\n"
        "gradering: intern\n"
        "deltakere: []\n"
        "evaluering: null\n"
        "tiltak: []\n"
    )
    assert ims(root, "validate")[0] == 0


RECORD = """id: BO-2026-0001
tittel: Langvarig strømbrudd
enhet: OPP-SOL
dato: 2026-03-01
deltakere: [liv.berg, per.lie]
tiltak:
  - id: T1
    beskrivelse: Skaffe aggregat
    ansvarlig: liv.berg
    frist: 2026-04-01
    status: planlagt
"""


def test_list_show_validate_check_export_and_site(root: Path, tmp_path: Path) -> None:
    record = root / "records/brannovelser/BO-2026-0001.yaml"
    record.parent.mkdir(parents=True)
    record.write_text(RECORD, encoding="utf-8")
    listed = ims(root, "list", "brannovelse", "--status", "ikke_evaluert", "--json")[1]
    assert json.loads(listed)["poster"] == [
        {
            "id": "BO-2026-0001",
            "sort": "brannovelse",
            "tittel": "Langvarig strømbrudd",
            "enhet": "OPP-SOL",
            "dato": "2026-03-01",
            "status": "ikke_evaluert",
            "fil": "records/brannovelser/BO-2026-0001.yaml",
            "gradering": "intern",
        }
    ]
    code, shown = ims(root, "show", "BO-2026-0001", "--as-of", "2026-05-01")
    assert code == 0 and "BO-2026-0001 Langvarig strømbrudd" in shown
    assert "T1 planlagt, frist 01.04.2026 (30 dager over), Liv Berg: Skaffe aggregat" in shown

    code, output = ims(root, "validate")
    assert code == 1
    assert "records/brannovelser/BO-2026-0001.yaml:5:" in output and "R002" in output  # per.lie
    record.write_text(RECORD.replace(", per.lie", ""), encoding="utf-8")
    assert ims(root, "validate")[0] == 0

    code, output = ims(root, "check", "--as-of", "2026-05-01", "--format", "json")
    assert code == 1
    assert '"F001"' in output and '"F901"' in output
    assert "BO-2026-0001" not in ims(root, "check", "--as-of", "2026-03-20")[1]  # not late yet

    database = tmp_path / "ims.db"
    assert ims(root, "export", "sqlite", str(database))[0] == 0
    with sqlite3.connect(database) as db:
        rows: list[Any] = db.execute(
            "SELECT id, tittel, enhet, dato, fil FROM brannovelse"
        ).fetchall()
        tiltak = db.execute("SELECT ref, kilde FROM tiltak WHERE post LIKE 'BO-%'").fetchall()
    assert rows == [
        (
            "BO-2026-0001",
            "Langvarig strømbrudd",
            "OPP-SOL",
            "2026-03-01",
            "records/brannovelser/BO-2026-0001.yaml",
        )
    ]
    assert tiltak == [("BO-2026-0001/T1", "brannovelse")]

    site = tmp_path / "nettsted"
    assert ims(root, "site", "--ut", str(site), "--as-of", "2026-05-01")[0] == 0
    page = (site / "brannovelse" / "BO-2026-0001.html").read_text("utf-8")
    assert "<h1>BO-2026-0001 Langvarig strømbrudd</h1>" in page and "Skaffe aggregat" in page
    assert 'href="brannovelse/BO-2026-0001.html"' in (site / "brannovelse.html").read_text("utf-8")
    assert 'href="brannovelse.html"' in (site / "index.html").read_text("utf-8")


def test_the_kind_is_gone_again_after_the_test() -> None:
    assert kinds.kind_of("BO-2026-0001") is None
    assert "F901" not in CODES
