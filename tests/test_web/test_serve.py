"""`ims serve` at the protocol level, through Starlette's TestClient (httpx): the forms, the
receipt and the status page, and the guards — CSRF, size, rate, honeypot, bad input, escaping,
which proxy is believed. Every report is read back as ims reads records, and from git."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from git import Repo
from starlette.testclient import TestClient

from ims_cli.indexed import load_repository
from ims_cli.models.avvik import Avvik
from ims_cli.store.index import Select
from ims_cli.store.load import read_record
from ims_cli.web.app import Service, application
from tests.conftest import MakeRepo, findings
from tests.gitrepo import History
from tests.national_ids import number

TODAY = date(2026, 11, 20)
EMPLOYEE = {
    "type": "avvik",
    "enhet": "OPP-SOL",
    "kategori": "tjenestekvalitet",
    "tittel": "Signaturliste ikke fylt ut",
    "beskrivelse": "Listen for legemidler var tom på natt.\nTo doser mangler signatur.",
    "hendt_dato": "19.11.2026",
    "hendt_tid": "22:40",
    "sted": "Avdeling 2",
    "strakstiltak": "Ringte vakthavende lege.",
    "alvorlighet": "3",
}
CITIZEN = {"type": "avvik", "enhet": "OPP-SOL", "beskrivelse": "Porten stod åpen. Barn gikk ut."}


def repository(make_repo: MakeRepo, innmelding: str = "") -> Path:
    root = make_repo()
    if innmelding:
        config = root / "ims.yaml"
        config.write_text(config.read_text("utf-8") + innmelding, encoding="utf-8")
    History(root)
    return root


def client(root: Path, peer: str = "192.0.2.10") -> TestClient:
    service = Service(
        root,
        lambda where: load_repository(where, select=Select(frozenset())),
        today=lambda: TODAY,
    )
    return TestClient(application(service), client=(peer, 40000), follow_redirects=False)


def token(page: str) -> str:
    found = re.search(r'name="skjema" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def send(web: TestClient, path: str, form: dict[str, str], **headers: str) -> tuple[int, str]:
    page = web.get(path, headers=headers)
    assert page.status_code == 200
    reply = web.post(path, data={**form, "skjema": token(page.text)}, headers=headers)
    return reply.status_code, reply.text


def code_in(page: str) -> str:
    found = re.search(r'id="sporingskode">([^<]+)<', page)
    assert found, page
    return found.group(1)


def avvik(root: Path, record_id: str) -> Avvik:
    stored = read_record(root, f"records/avvik/2026/{record_id}.yaml")
    assert stored is not None and isinstance(stored.record, Avvik)
    return stored.record


def test_an_employee_report_becomes_one_valid_committed_avvik(make_repo: MakeRepo) -> None:
    root = repository(make_repo)
    web = client(root)
    status, page = send(web, "/meld", EMPLOYEE)
    assert status == 200 and "Takk, meldingen er mottatt" in page
    code = code_in(page)
    assert re.fullmatch(r"2026-0101-[0-9A-HJKMNP-TV-Z]{8}", code)
    record = avvik(root, "AVV-2026-0101")
    assert (record.status, record.kilde, record.meldt_av, record.enhet) == (
        "meldt", "ansatt", "anonym", "OPP-SOL",
    )  # fmt: skip
    assert record.hendt is not None and record.hendt.isoformat() == "2026-11-19T22:40:00"
    assert record.beskrivelse == EMPLOYEE["beskrivelse"] + "\n"
    assert (record.strakstiltak, record.alvorlighet, record.gradering) == (
        "Ringte vakthavende lege.", 3, "intern",
    )  # fmt: skip
    assert record.sporing == code.rsplit("-", 1)[1]
    assert findings(root) == []
    head = Repo(root).head.commit
    assert head.author.name == "ims serve" and head.message.startswith("AVV-2026-0101:")
    assert list(head.stats.files) == ["records/avvik/2026/AVV-2026-0101.yaml"]
    assert Repo(root).is_dirty(untracked_files=True) is False

    status_page = web.get(f"/status/{code.lower()}")
    assert status_page.status_code == 200
    assert "Meldt – ikke behandlet ennå" in status_page.text
    assert "Signaturliste" not in status_page.text and "legemidler" not in status_page.text

