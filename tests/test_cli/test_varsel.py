"""`ims varsel`: one message per person, sent to a real SMTP server on the loopback (aiosmtpd)
and read back, holding exactly what the person owns that is late."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.exchange import mail
from tests.conftest import PROJECT, MakeRepo

runner = CliRunner()
DAY = "2026-11-22"
SENDER = "kvalitet@kommune.example"


class Inbox:
    """What the server received: the envelope's recipients and the message."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.senders: list[str] = []  # MAIL FROM of each message

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        content = envelope.content  # type: ignore[attr-defined]
        message = message_from_bytes(content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))  # type: ignore[attr-defined]
        self.senders.append(envelope.mail_from)  # type: ignore[attr-defined]
        return "250 OK"


class Logins:
    """Every AUTH the server was sent, by mechanism; each is accepted."""

    def __init__(self) -> None:
        self.tried: list[str] = []

    def __call__(
        self, server: object, session: object, envelope: object, mechanism: str, data: object
    ) -> AuthResult:
        self.tried.append(mechanism)
        return AuthResult(success=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[str, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield f"127.0.0.1:{controller.port}", inbox
    finally:
        controller.stop()


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def _late(body: str) -> set[str]:
    """The references listed under «Over fristen» in a message."""
    found, inside = set(), False
    for line in body.splitlines():
        if not line.startswith("- "):
            inside = line.startswith("Over fristen (")
        elif inside:
            found.add(line[2:].split(":")[0])
    return found


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def test_one_message_per_person_with_exactly_their_overdue_tiltak(
    smtp: tuple[str, Inbox],
) -> None:
    address, inbox = smtp
    code, output = ims(PROJECT, "varsel", "--as-of", DAY, "--smtp", address, "--fra", SENDER)
    assert code == 0, output
    listed = json.loads(ims(PROJECT, "tiltak", "list", "--forfalt", "--json", "--as-of", DAY)[1])
    owners: dict[str, set[str]] = {}
    for item in listed["tiltak"]:
        owners.setdefault(item["ansvarlig"], set()).add(item["ref"])
    # Hilde Ro and Anders Myhre have no address: their tiltak go to their unit's leader.
    owners.setdefault("per.lie", set()).update(owners.pop("hilde.ro"))
    owners.setdefault("marius.eide", set()).update(owners.pop("anders.myhre"))
    received = {rcpt[0]: message for rcpt, message in inbox.received}
    assert len(received) == len(inbox.received)  # one message per person
    assert f"Sendte {len(inbox.received)} meldinger gjennom {address}" in output
    for person, refs in owners.items():
        message = received.pop(f"{person}@kommune.example")
        body = _body(message)
        assert {ref for ref in _late(body) if "/T" in ref} == refs, person
        assert message["From"] == SENDER
        assert message["Subject"].startswith("Fristene dine per 22.11.2026: ")
        html = message.get_body(preferencelist=("html",))
        assert html is not None and all(ref in html.get_content() for ref in refs)
    # The others own a late ROS evaluation, process revision or lederdialog, and no tiltak.
    for message in received.values():
        assert not any("/T" in ref for ref in _late(_body(message)))


def test_a_leader_is_told_whose_it_is(smtp: tuple[str, Inbox]) -> None:
    address, inbox = smtp
    ims(PROJECT, "varsel", "--as-of", DAY, "--smtp", address, "--fra", SENDER)
    (per,) = [m for rcpt, m in inbox.received if rcpt == ["per.lie@kommune.example"]]
    line = next(x for x in _body(per).splitlines() if x.startswith("- AVV-2026-0007/T2"))
    assert line.endswith("(ansvarlig: Hilde Ro, som ikke har e-postadresse).")
    assert "30.09.2026, 53 dager over fristen" in line


GRADED = """id: AVV-2026-0101
type: avvik
tittel: Hemmelig hendelse
meldt: 2026-03-01
enhet: OPP-SOL
kategori: hms
gradering: fortrolig
status: under_behandling
tiltak:
  - id: T1
    beskrivelse: Ukjent tekst som ikke skal ut
    ansvarlig: liv.berg
    frist: 2026-04-01
    status: pagar
"""
ORG_WITH_ADDRESS = PROJECT / "tests/fixtures/base/records/organisasjon.yaml"


def test_graded_text_never_leaves_in_a_message(
    make_repo: MakeRepo, smtp: tuple[str, Inbox], tmp_path: Path
) -> None:
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": GRADED})
    org = root / "records/organisasjon.yaml"
    org.write_text(org.read_text().replace("id: liv.berg,", "id: liv.berg, epost: liv@x.example,"))
    address, inbox = smtp
    _, output = ims(root, "varsel", "--as-of", DAY, "--smtp", address, "--fra", SENDER)
    sent = [m for rcpt, m in inbox.received if rcpt == ["liv@x.example"]]
    assert len(sent) == 1, output
    raw = sent[0].as_string()
    assert "AVV-2026-0101/T1" in _body(sent[0]) and "(gradert)" in _body(sent[0])
    assert "Ukjent tekst" not in raw and "Hemmelig" not in raw
    ims(root, "varsel", "--as-of", DAY, "--ut", str(tmp_path / "ut"))
    for written in (tmp_path / "ut").iterdir():
        assert "Ukjent tekst" not in written.read_text("utf-8")


def test_dry_run_and_folder_and_usage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = ims(PROJECT, "varsel", "--as-of", DAY)
    assert code == 0 and output.endswith("14 meldinger; ingenting er sendt\n")
    assert "Per Lie <per.lie@kommune.example>: 7 (" in output
    code, output = ims(PROJECT, "varsel", "--as-of", DAY, "--ut", str(tmp_path))
    assert code == 0 and sorted(p.name for p in tmp_path.iterdir())[:2] == [
        "ahmed.ali.eml",
        "ahmed.ali.md",
    ]
    assert ims(PROJECT, "varsel", "--smtp", "localhost:25")[1].startswith(
        "ims: --smtp trenger --fra"
    )
    code, output = ims(PROJECT, "varsel", "--smtp", "localhost", "--fra", SENDER)
    assert code == 2 and "skriv VERT:PORT" in output
    code, output = ims(PROJECT, "varsel", "--smtp", f"127.0.0.1:{_free_port()}", "--fra", SENDER)
    assert code == 2 and "(tjeneren avviste tilkoblingen); sjekk adressen i --smtp" in output

    def unknown(*_: object) -> None:  # as a resolver says it, without asking the network
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    code, output = ims(PROJECT, "varsel", "--smtp", "ukjent.invalid:25", "--fra", SENDER)
    assert output == (
        "ims: kan ikke koble til SMTP-tjeneren ukjent.invalid:25 (finner ikke vertsnavnet); "
        "sjekk adressen i --smtp og at tjeneren tar imot\n"
    )


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, made for the test by openssl."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "tjener.pem", folder / "tjener.key"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@contextmanager
def _server(logins: Logins, **tls: object) -> Iterator[tuple[str, Inbox]]:
    """A server that takes a login even without TLS (as a badly set up one would)."""
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=logins,
        auth_require_tls=False,
        **tls,  # type: ignore[arg-type]
    )
    controller.start()
    try:
        yield f"127.0.0.1:{controller.port}", inbox
    finally:
        controller.stop()


def _context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def login(monkeypatch: pytest.MonkeyPatch) -> Logins:
    monkeypatch.setenv("IMS_SMTP_BRUKER", "kvalitet")
    monkeypatch.setenv("IMS_SMTP_PASSORD", "hemmelig-passord")
    return Logins()


def test_no_password_over_a_connection_without_tls(login: Logins) -> None:
    with _server(login) as (address, inbox):
        code, output = ims(PROJECT, "varsel", "--as-of", DAY, "--smtp", address, "--fra", SENDER)
    assert code == 2
    assert output == (
        f"ims: SMTP-tjeneren {address} tilbyr ikke kryptert forbindelse (STARTTLS), og ims "
        "sender aldri passordet uten; ingenting er sendt. Bruk en tjener med STARTTLS, eller "
        "port 465 med TLS\n"
    )
    assert login.tried == [] and inbox.received == []


def test_a_certificate_that_cannot_be_trusted_is_told(
    login: Logins, certificate: tuple[Path, Path]
) -> None:
    with _server(login, tls_context=_context(certificate)) as (address, inbox):
        code, output = ims(PROJECT, "varsel", "--as-of", DAY, "--smtp", address, "--fra", SENDER)
    assert code == 2
    assert output == (
        f"ims: SMTP-tjeneren {address} har et sertifikat ims ikke kan stole på (sertifikatet "
        "er selvsignert); ingenting er sendt. Bruker tjeneren et sertifikat fra kommunens egen "
        "CA, gi CA-sertifikatet med --smtp-ca FIL\n"
    )
    assert login.tried == [] and inbox.received == []


def test_the_ca_given_is_trusted_with_starttls(
    login: Logins, certificate: tuple[Path, Path]
) -> None:
    with _server(login, tls_context=_context(certificate)) as (address, inbox):
        code, output = ims(
            PROJECT, "varsel", "--as-of", DAY, "--smtp", address, "--fra", SENDER,
            "--smtp-ca", str(certificate[0]),
        )  # fmt: skip
    assert code == 0, output
    assert f"Sendte {len(inbox.received)} meldinger gjennom {address}" in output
    assert len(inbox.received) == 14 and len(login.tried) == 1


def test_the_ca_given_is_trusted_with_implicit_tls(
    login: Logins, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    with _server(login, ssl_context=_context(certificate)) as (address, inbox):
        monkeypatch.setattr(mail, "IMPLICIT_TLS", {int(address.rpartition(":")[2])})
        code, output = ims(
            PROJECT, "varsel", "--as-of", DAY, "--smtp", address, "--fra", SENDER,
            "--smtp-ca", str(certificate[0]),
        )  # fmt: skip
    assert code == 0, output
    assert len(inbox.received) == 14 and len(login.tried) == 1


def test_a_ca_file_that_cannot_be_read_is_told(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("ikke et sertifikat\n", "utf-8")
    for given in (tmp_path / "finnes-ikke.pem", tmp_path / "ca.pem"):
        code, output = ims(
            PROJECT, "varsel", "--smtp", "127.0.0.1:25", "--fra", SENDER, "--smtp-ca", str(given)
        )
        assert code == 2
        assert output == (
            f"ims: --smtp-ca {given}: kan ikke leses som et CA-sertifikat (PEM); gi filen med "
            "sertifikatet til den som har utstedt tjenerens sertifikat\n"
        )


def test_a_sender_with_a_name_is_written_as_an_address(smtp: tuple[str, Inbox]) -> None:
    address, inbox = smtp
    sender = "Kvalitet, Ås kommune <kvalitet@as.kommune.no>"
    code, output = ims(PROJECT, "varsel", "--as-of", DAY, "--smtp", address, "--fra", sender)
    assert code == 0, output
    assert set(inbox.senders) == {"kvalitet@as.kommune.no"}
    for _, message in inbox.received:
        [written] = message["From"].addresses
        assert (written.display_name, written.addr_spec) == (
            "Kvalitet, Ås kommune",
            "kvalitet@as.kommune.no",
        )
        assert message["Message-ID"].endswith("@as.kommune.no>")


@pytest.mark.parametrize("sender", ["Kvalitet", "a@b.no, c@d.no", "Kvalitet <kvalitet>"])
def test_a_sender_that_is_no_address_is_refused(sender: str) -> None:
    code, output = ims(PROJECT, "varsel", "--smtp", "127.0.0.1:25", "--fra", sender)
    assert code == 2
    assert output == (
        f"ims: --fra «{sender}» er ikke én e-postadresse; skriv for eksempel "
        "«kvalitet@kommune.no» eller «Kvalitet, Ås kommune <kvalitet@kommune.no>»\n"
    )


def test_the_html_part_has_a_title(smtp: tuple[str, Inbox]) -> None:
    address, inbox = smtp
    ims(PROJECT, "varsel", "--as-of", DAY, "--smtp", address, "--fra", SENDER)
    for _, message in inbox.received:
        html = message.get_body(preferencelist=("html",))
        assert html is not None
        assert f"<title>{message['Subject']}</title>" in html.get_content()


def _with_addresses(root: Path, *people: str) -> None:
    org = root / "records/organisasjon.yaml"
    text = org.read_text("utf-8")
    for person in people:
        text = text.replace(f"id: {person},", f"id: {person}, epost: {person}@x.example,")
    org.write_text(text, "utf-8")


def test_an_avvik_left_meldt_reminds_the_leader_of_its_unit(
    make_repo: MakeRepo, smtp: tuple[str, Inbox]
) -> None:
    root = make_repo()
    _with_addresses(root, "liv.berg", "ola.hansen")
    address, inbox = smtp
    code, output = ims(root, "varsel", "--as-of", DAY, "--smtp", address, "--fra", SENDER)
    assert code == 0, output
    [message] = [m for to, m in inbox.received if to == ["liv.berg@x.example"]]
    line = next(x for x in _body(message).splitlines() if x.startswith("- AVV-2026-0100"))
    assert line == (
        "- AVV-2026-0100: Avviket «Hentebeskjed ikke gitt videre» er fortsatt meldt, ikke "
        "behandlet; frist 15.03.2026, 252 dager over fristen."
    )


def test_an_avvik_left_meldt_goes_up_when_the_leader_has_no_address(
    make_repo: MakeRepo, smtp: tuple[str, Inbox]
) -> None:
    root = make_repo()
    _with_addresses(root, "ola.hansen")
    address, inbox = smtp
    ims(root, "varsel", "--as-of", DAY, "--smtp", address, "--fra", SENDER)
    [message] = [m for to, m in inbox.received if to == ["ola.hansen@x.example"]]
    line = next(x for x in _body(message).splitlines() if x.startswith("- AVV-2026-0100"))
    assert line.endswith("(ansvarlig: Liv Berg, som ikke har e-postadresse).")


@pytest.mark.parametrize(
    ("epost", "shown", "problem"),
    [
        (
            "liv@x.example, spy@evil.example",
            "liv@x.example, spy@evil.example",
            "er mer enn én adresse",
        ),
        # made every message fail with a traceback (exit 3): a line separator in a header
        ("liv\\u2028@x.example", "liv<U+2028>@x.example", "har et usynlig tegn (U+2028)"),
        (
            "Liv Berg <liv@x.example>",
            "Liv Berg <liv@x.example>",
            "er ikke bare adressen (et navn, en kommentar eller <…> rundt den)",
        ),
    ],
)
def test_an_address_that_is_not_one_address_is_never_sent_to(
    make_repo: MakeRepo, smtp: tuple[str, Inbox], epost: str, shown: str, problem: str
) -> None:
    """The reminder goes as if the person had no address (to the leader above), and says why."""
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": GRADED})
    org = root / "records/organisasjon.yaml"
    text = org.read_text("utf-8").replace("id: liv.berg,", f'id: liv.berg, epost: "{epost}",')
    org.write_text(text.replace("id: ola.hansen,", "id: ola.hansen, epost: ola@x.example,"))
    address, inbox = smtp
    args = ["--repo", str(root), "varsel", "--as-of", DAY, "--smtp", address, "--fra", SENDER]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout) == (0, f"Sendte 1 melding gjennom {address}\n")
    assert [rcpt for rcpt, _ in inbox.received] == [["ola@x.example"]]
    assert result.stderr == (
        f"Merk: Liv Berg (liv.berg) har en e-postadresse ims ikke kan bruke: «{shown}» {problem}. "
        "Påminnelsen går som om personen ikke hadde adresse; rett «epost» i "
        "records/organisasjon.yaml («ims validate» viser hvor).\n"
    )
