"""`ims log`: the audit trail of one record from real git history, following renames."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from git import Actor
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo
from tests.gitrepo import OLA, History

runner = CliRunner()
AVV = "records/avvik/AVV-2026-0100.yaml"
MOVED = "records/avvik/2026/AVV-2026-0100.yaml"


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture
def history(make_repo: MakeRepo) -> History:
    history = History(make_repo())
    text = history.read(AVV)
    history.commit(
        {AVV: text.replace("status: meldt", "status: under_behandling")},
        "Avviket behandles",
        author=OLA,
    )
    history.commit({AVV: None, MOVED: history.read(AVV)}, "Mappe per år")
    history.commit({MOVED: history.read(MOVED) + "alvorlighet: 3\n"}, "Alvorlighet satt")
    return history


def test_every_commit_newest_first_following_the_move(history: History) -> None:
    code, output = ims(history.root, "log", "AVV-2026-0100", "--json")
    assert code == 0
    document = json.loads(output)
    assert (document["id"], document["fil"]) == ("AVV-2026-0100", MOVED)
    entries = [
        (e["melding"], e["forfatter"], e["endring"], e["fil"], [d["tekst"] for d in e["detaljer"]])
        for e in document["historikk"]
    ]
    assert entries == [
        ("Alvorlighet satt", "Liv Berg", "endret", MOVED, ["Alvorlighet: satt til 3"]),
        ("Mappe per år", "Liv Berg", "flyttet", MOVED, [f"Flyttet fra {AVV}"]),
        ("Avviket behandles", "Ola Hansen", "endret", AVV, ["Status: meldt → under behandling"]),
        (
            "Postene slik de var",
            "Liv Berg",
            "ny",
            AVV,
            [
                "Tittel: «Hentebeskjed ikke gitt videre»",
                "Type: avvik",
                "Enhet: Solstrand barnehage",
                "Status: meldt",
            ],
        ),
    ]
    head = history.git.head.commit
    assert document["historikk"][0]["commit"] == head.hexsha
    assert document["historikk"][0]["epost"] == "liv.berg@example.invalid"


def test_text_names_who_when_and_what(history: History) -> None:
    code, output = ims(history.root, "log", "AVV-2026-0100")
    assert code == 0
    lines = output.splitlines()
    assert lines[0] == f"Historikk for AVV-2026-0100 ({MOVED}), nyeste først:"
    assert "Ola Hansen <ola.hansen@example.invalid>  Avviket behandles" in output
    assert "    Status: meldt → under behandling" in lines
    assert lines[-3:] == [
        "    opprettet",
        "    Tittel: «Hentebeskjed ikke gitt videre»",
        "    … og 3 endringer til (ims log --json viser alle)",
    ]


def test_a_deleted_record_still_has_its_history(history: History) -> None:
    history.commit({MOVED: None}, "Slettet: AVV-2026-0100 – registrert to ganger")
    code, output = ims(history.root, "log", "AVV-2026-0100", "--json")
    assert code == 0
    entries = json.loads(output)["historikk"]
    assert [e["endring"] for e in entries] == ["slettet", "endret", "flyttet", "endret", "ny"]


def test_an_unknown_record(history: History) -> None:
    code, output = ims(history.root, "log", "AVV-2026-0999")
    assert code == 2
    assert "fant ingen post AVV-2026-0999, verken i arbeidskopien eller i git-historikken" in output


@pytest.mark.parametrize("name", ["AVV-2026-010", "AVV", "*", "AVV-2026-0100*"])
def test_only_a_whole_id_names_a_record(history: History, name: str) -> None:
    code, output = ims(history.root, "log", name)
    assert code == 2
    assert f"«{name}» er ikke en post-id" in output


def test_a_deleted_record_is_found_by_its_whole_id_not_a_longer_one(history: History) -> None:
    other = "records/avvik/AVV-2026-01001.yaml"
    history.commit({other: history.read(MOVED).replace("0100", "01001")}, "Nytt")
    history.commit({other: None}, "Slettet: AVV-2026-01001 – feil")
    code, output = ims(history.root, "log", "AVV-2026-0100", "--json")
    assert code == 0
    assert json.loads(output)["fil"] == MOVED


def test_the_history_goes_on_past_a_move_that_rewrote_the_record(history: History) -> None:
    """Moved and rewritten in one commit: too changed for git to see a rename, the same id."""
    rewritten = (
        "id: AVV-2026-0100\ntype: uonsket_hendelse\ntittel: Beskjed om henting nådde ikke fram\n"
        "beskrivelse: |\n  Foresatte ga beskjed i porten om at bestemor skulle hente.\n"
        "  Beskjeden ble ikke skrevet i hentelisten, og barnet ble holdt igjen.\n"
        "meldt: 2026-03-01\nenhet: OPP-SOL\nkategori: tjenestekvalitet\nalvorlighet: 2\n"
        "status: tiltak_iverksatt\n"
    )
    elsewhere = "records/hendelser/AVV-2026-0100.yaml"
    history.commit({MOVED: None, elsewhere: rewritten}, "Omskrevet og flyttet")
    code, output = ims(history.root, "log", "AVV-2026-0100", "--json")
    assert code == 0
    trail = json.loads(output)["historikk"]
    assert [e["melding"] for e in trail] == [
        "Omskrevet og flyttet",
        "Alvorlighet satt",
        "Mappe per år",
        "Avviket behandles",
        "Postene slik de var",
    ]
    assert (trail[0]["endring"], trail[0]["fra_fil"]) == ("endret", MOVED)


def test_a_commit_whose_message_holds_any_character_is_listed(history: History) -> None:
    """git cannot put NUL in a message, but \\x01 (the old separator) and the like it can."""
    odd = Actor("Liv\x01 Berg", "liv.berg@example.invalid")
    message = "Alvorlighet\x01 økt\n\n:100644 100644 ser ut\x1f som git sin rå utskrift"
    history.commit(
        {MOVED: history.read(MOVED).replace("alvorlighet: 3", "alvorlighet: 4")},
        message,
        author=odd,
    )
    history.commit({MOVED: history.read(MOVED) + "prosess: PRO-1.1\n"}, "Prosess\x01")
    code, output = ims(history.root, "log", "AVV-2026-0100", "--json")
    assert code == 0
    entries = [(e["melding"], e["forfatter"]) for e in json.loads(output)["historikk"]]
    assert entries[:3] == [
        ("Prosess\x01", "Liv Berg"),
        (
            "Alvorlighet\x01 økt\n\n:100644 100644 ser ut\x1f som git sin rå utskrift",
            "Liv\x01 Berg",
        ),
        ("Alvorlighet satt", "Liv Berg"),
    ]
    assert len(entries) == 6
    code, text = ims(history.root, "log", "AVV-2026-0100")
    assert "\x01" not in text and "Alvorlighet? økt" in text
