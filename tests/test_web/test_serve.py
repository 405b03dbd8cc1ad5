"""`ims serve` at the protocol level, through Starlette's TestClient (httpx): the forms, the
receipt and the status page, and the guards — CSRF, size, rate, honeypot, bad input, escaping,
which proxy is believed. Every report is read back as ims reads records, and from git."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from git import Repo
from starlette.testclient import TestClient

from ims_cli.indexed import load_repository
from ims_cli.models.avvik import Avvik
from ims_cli.models.vocabulary import DEFAULT
from ims_cli.operations.reporting import recover
from ims_cli.rules.schema import VALIDATOR
from ims_cli.sealing import identities_in, new_identity, opened
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
GIT_AUTHOR = {
    "GIT_AUTHOR_NAME": "Liv Berg",
    "GIT_AUTHOR_EMAIL": "liv@example.invalid",
    "GIT_COMMITTER_NAME": "Liv Berg",
    "GIT_COMMITTER_EMAIL": "liv@example.invalid",
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
    year = record_id.split("-")[1]  # the folder of the year it is numbered in
    stored = read_record(
        root, f"records/avvik/{year}/{record_id}.yaml", VALIDATOR, vocabulary=DEFAULT
    )
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


def written(root: Path) -> list[str]:
    folder = root / "records" / "avvik" / "2026"
    return sorted(p.name for p in folder.glob("*")) if folder.exists() else []


def test_a_citizen_report_keeps_the_contact_and_the_status_page_shows_no_text(
    make_repo: MakeRepo,
) -> None:
    root = repository(make_repo)
    web = client(root)
    form = {**CITIZEN, "navn": "Åse Li", "epost": "ase@example.no", "svar": "ja"}
    status, page = send(web, "/meld/innbygger", form)
    assert status == 200 and "Svaret sendes også til e-postadressen du oppga." in page
    record = avvik(root, "AVV-2026-0101")
    assert (record.kilde, record.meldt_av, record.tittel) == (
        "innbygger", "innbygger", "Porten stod åpen.",
    )  # fmt: skip
    assert record.kontakt is not None and record.kontakt.epost == "ase@example.no"
    assert findings(root) == []
    shown = web.get(f"/status/{code_in(page)}").text
    assert "Ikke noe svar ennå" in shown and "Porten" not in shown and "Åse" not in shown


def test_a_form_without_its_token_or_from_another_browser_writes_nothing(
    make_repo: MakeRepo,
) -> None:
    root = repository(make_repo)
    web, other = client(root), client(root)
    assert web.post("/meld", data=EMPLOYEE).status_code == 403
    stolen = token(other.get("/meld").text)  # another browser's token: its cookie differs
    reply = web.post("/meld", data={**EMPLOYEE, "skjema": stolen})
    assert reply.status_code == 403 and "Skjemaet var for gammelt" in reply.text
    assert 'value="Signaturliste ikke fylt ut"' in reply.text  # the text comes back
    assert written(root) == []


def test_a_body_over_the_limit_is_refused_before_the_app(make_repo: MakeRepo) -> None:
    root = repository(make_repo)
    web = client(root)
    form = token(web.get("/meld").text)
    reply = web.post("/meld", data={**EMPLOYEE, "skjema": form, "beskrivelse": "x" * 70_000})
    assert reply.status_code == 413 and "større enn 64 kB" in reply.text

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it comes
        for _ in range(80):
            yield b"beskrivelse=" + b"y" * 1000 + b"&"

    reply = web.post("/meld", content=chunks(), headers={"Content-Type": FORM_TYPE})
    assert reply.status_code == 413
    assert written(root) == []


FORM_TYPE = "application/x-www-form-urlencoded"


def test_one_address_is_limited_per_hour_and_another_is_not(make_repo: MakeRepo) -> None:
    root = repository(make_repo, "innmelding:\n  per_time: 2\n")
    web = client(root, peer="192.0.2.10")
    assert send(web, "/meld", EMPLOYEE)[0] == 200
    assert send(web, "/meld/innbygger", CITIZEN)[0] == 200
    page = web.get("/meld")
    reply = web.post("/meld", data={**EMPLOYEE, "skjema": token(page.text)})
    assert reply.status_code == 429 and int(reply.headers["Retry-After"]) > 3000
    assert "Prøv igjen om 60 minutter" in reply.text
    assert send(client(root, peer="192.0.2.11"), "/meld", EMPLOYEE)[0] == 200
    assert written(root) == ["AVV-2026-0101.yaml", "AVV-2026-0102.yaml", "AVV-2026-0103.yaml"]


def test_the_honeypot_filled_in_writes_nothing(make_repo: MakeRepo) -> None:
    root = repository(make_repo)
    status, page = send(client(root), "/meld", {**EMPLOYEE, "nettsted": "http://spam.example"})
    assert status == 400 and "«La dette feltet stå tomt» var fylt ut" in page
    assert written(root) == []


def test_bad_input_comes_back_with_messages_beside_the_fields(make_repo: MakeRepo) -> None:
    root = repository(make_repo)
    form = {
        **EMPLOYEE,
        "tittel": "",
        "enhet": "FINNES-IKKE",
        "hendt_dato": "31.02.2026",
        "hendt_tid": "25:00",
        "svar": "ja",
        "epost": "ikke en adresse",
        "beskrivelse": "<script>alert(1)</script> & mer",
    }
    status, page = send(client(root), "/meld", form)
    assert status == 400
    assert "Meldingen er ikke sendt. Rett disse 4 feltene:" in page
    for field, message in [
        ("tittel", "Skriv en kort overskrift."),
        ("enhet", "Velg enheten det gjelder."),
        ("hendt_dato", "Skriv datoen som dd.mm.åååå, for eksempel 14.03.2026."),
        ("epost", "E-postadressen har mellomrom. Skriv den som navn@domene.no."),
    ]:
        shown = f'<p class="feilmelding" id="{field}-feil"><span class="skjult">Feil: </span>'
        assert f"{shown}{message}</p>" in page
        assert re.search(
            rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-feil"[^>]*aria-invalid="true"', page
        )
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mer</textarea>" in page
    assert "<script>" not in page
    assert written(root) == []


def test_fields_the_form_does_not_have_are_ignored(make_repo: MakeRepo) -> None:
    root = repository(make_repo)
    extra = {"gradering": "apen", "status": "lukket", "meldt_av": "kari.nordmann", "id": "X"}
    assert send(client(root), "/meld", {**EMPLOYEE, **extra})[0] == 200
    record = avvik(root, "AVV-2026-0101")
    assert (record.gradering, record.status, record.meldt_av) == ("intern", "meldt", "anonym")


@pytest.mark.parametrize(
    ("peer", "anonymous", "reporter"),
    [
        ("10.1.2.3", "", "liv.berg"),  # the proxy's address: its Remote-User is believed
        ("10.1.2.3", "ja", "anonym"),  # the employee chose to be anonymous
        ("192.0.2.10", "", "anonym"),  # anyone else can send the header: never believed
    ],
)
def test_remote_user_is_believed_only_from_the_proxy(
    make_repo: MakeRepo, peer: str, anonymous: str, reporter: str
) -> None:
    root = repository(make_repo, "innmelding:\n  proxy: [10.1.0.0/16]\n")
    web = client(root, peer=peer)
    page = web.get("/meld", headers={"Remote-User": "LIVBERG"}).text
    assert ("Du er logget inn som <strong>Liv Berg</strong>" in page) == (peer == "10.1.2.3")
    form = {**EMPLOYEE, "anonym": anonymous}
    assert send(web, "/meld", form, **{"Remote-User": "livberg"})[0] == 200
    assert avvik(root, "AVV-2026-0101").meldt_av == reporter


def test_a_national_id_is_masked_before_it_is_stored_and_the_reporter_told(
    make_repo: MakeRepo,
) -> None:
    root = repository(make_repo)
    fnr = number("150385")
    form = {**EMPLOYEE, "beskrivelse": f"Gjelder beboer {fnr} på rom 4."}
    status, page = send(client(root), "/meld", form)
    assert status == 200 and "skjult de fem siste sifrene" in page
    text = (root / "records/avvik/2026/AVV-2026-0101.yaml").read_text("utf-8")
    assert fnr not in text and f"Gjelder beboer {fnr[:6]}***** på rom 4." in text


def test_a_personvern_report_is_graded_and_its_answer_stays_off_the_status_page(
    make_repo: MakeRepo,
) -> None:
    root = repository(make_repo)
    web = client(root)
    status, page = send(web, "/meld", {**EMPLOYEE, "kategori": "personvern"})
    assert status == 200
    record = avvik(root, "AVV-2026-0101")
    assert record.gradering == "fortrolig" and record.personvern is not None
    assert findings(root) == []
    path = root / "records/avvik/2026/AVV-2026-0101.yaml"
    path.write_text(path.read_text("utf-8") + "svar: Vi har ringt deg.\n", encoding="utf-8")
    shown = web.get(f"/status/{code_in(page)}").text
    assert "Saken er gradert, så svaret vises ikke her." in shown and "ringt" not in shown


def test_a_form_sent_twice_gets_the_first_receipt_and_one_record(make_repo: MakeRepo) -> None:
    root = repository(make_repo)
    web = client(root)
    form = {**EMPLOYEE, "skjema": token(web.get("/meld").text)}
    first, second = web.post("/meld", data=form), web.post("/meld", data=form)
    assert second.status_code == 200 and code_in(second.text) == code_in(first.text)
    assert written(root) == ["AVV-2026-0101.yaml"]


@pytest.mark.parametrize("code", ["2026-0101-AAAAAAAA", "2026-0999-AAAAAAAA", "tull", "x" * 80])
def test_a_wrong_code_shows_nothing(make_repo: MakeRepo, code: str) -> None:
    root = repository(make_repo)
    send(client(root), "/meld", EMPLOYEE)
    reply = client(root).get(f"/status/{code}")
    assert reply.status_code == 404 and "Fant ingen melding med koden" in reply.text


def test_the_status_form_and_the_headers(make_repo: MakeRepo) -> None:
    root = repository(make_repo)
    web = client(root)
    _, page = send(web, "/meld", EMPLOYEE)
    code = code_in(page)
    moved = web.get("/status", params={"kode": f" {code.lower()} "})
    assert moved.status_code == 303 and moved.headers["location"] == f"/status/{code.lower()}"
    reply = web.get(moved.headers["location"])
    assert reply.status_code == 200
    assert reply.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]
    assert "ims_nettleser" in web.get("/meld").request.headers.get("cookie", "")


def test_health_says_when_reports_cannot_be_taken(make_repo: MakeRepo) -> None:
    root = repository(make_repo, "innmelding:\n  gren: meldinger\n")
    reply = client(root).get("/helse")
    assert reply.status_code == 503
    assert reply.json()["melding"].startswith("ims.yaml sier innmelding.gren: meldinger, men")
    Repo(root).git.switch("-c", "meldinger")
    assert client(root).get("/helse").json() == {"status": "ok"}


def test_a_report_written_but_not_committed_is_committed_at_the_next_start(
    make_repo: MakeRepo,
) -> None:
    """As after a SIGKILL between the write and the commit, or in the middle of the write."""
    root = repository(make_repo)
    send(client(root), "/meld", EMPLOYEE)
    git = Repo(root).git
    git.reset("--soft", "HEAD~1")
    git.rm("--cached", "-q", "records/avvik/2026/AVV-2026-0101.yaml")
    folder = root / "records/avvik/2026"
    (folder / ".AVV-2026-0102.yaml.k3j9_x.tmp").write_text("id: AVV-2026-01", encoding="utf-8")
    (folder / ".AVV-2026-0101.yaml.ab12.tmp").write_text("an edit's", encoding="utf-8")
    assert recover(root, DEFAULT) == ["AVV-2026-0101"]
    assert Repo(root).head.commit.author.name == "ims serve"
    assert sorted(p.name for p in folder.iterdir()) == [
        ".AVV-2026-0101.yaml.ab12.tmp",  # the record exists: an edit in flight is left alone
        "AVV-2026-0101.yaml",
    ]
    assert recover(root, DEFAULT) == []


def test_with_encryption_on_a_graded_report_is_sealed_to_its_readers(make_repo: MakeRepo) -> None:
    """The server encrypts with the readers' public keys; it holds no private key."""
    root = repository(make_repo, "kryptering:\n  pa: true\n")
    organisasjon = root / "records/organisasjon.yaml"
    text, secrets = organisasjon.read_text("utf-8"), {}
    for person in ("kari.nordmann", "ola.hansen", "liv.berg"):
        secrets[person], public = new_identity()
        text = text.replace(f"{{id: {person}, ", f"{{id: {person}, nokkel: {public}, ")
    organisasjon.write_text(text, encoding="utf-8")
    Repo(root).git.commit("-qam", "Nøkler", env=GIT_AUTHOR)
    status, _ = send(client(root), "/meld", {**EMPLOYEE, "kategori": "personvern"})
    assert status == 200
    written = (root / "records/avvik/2026/AVV-2026-0101.yaml").read_text("utf-8")
    assert "legemidler" not in written and "Signaturliste" not in written
    record = avvik(root, "AVV-2026-0101")
    assert record.kryptert is not None and set(record.kryptert.lesere) == set(secrets)
    mine = identities_in(secrets["liv.berg"], "liv")
    entries = opened(record.id, record.kryptert.tekst, mine, "AVV-2026-0101.yaml")
    assert EMPLOYEE["beskrivelse"] + "\n" in [value for _, value in entries]
    assert findings(root) == []
