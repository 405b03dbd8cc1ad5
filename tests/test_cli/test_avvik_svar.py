"""`ims avvik svar`: the answer written into an avvik that `ims serve` wrote, shown on the status
page, and e-mailed to the reporter under the TLS rules of `ims varsel` (a real SMTP server)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo, findings
from tests.test_cli.test_varsel import Logins, _context, _server, certificate, login
from tests.test_web.test_serve import CITIZEN, EMPLOYEE, avvik, client, code_in, repository, send

__all__ = ["certificate", "login"]  # fixtures, used by name
SENDER = "kvalitet@kommune.example"
ANSWER = "Takk! Porten har fått ny lås.\n\nVi har også gått gjennom rutinen."


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def test_the_answer_is_written_shown_and_mailed_over_tls(
    make_repo: MakeRepo, login: Logins, certificate: tuple[Path, Path]
) -> None:
    root = repository(make_repo)
    web = client(root)
    form = {**CITIZEN, "navn": "Åse Li", "epost": "ase@example.no", "svar": "ja"}
    code = code_in(send(web, "/meld/innbygger", form)[1])
    with _server(login, tls_context=_context(certificate)) as (address, inbox):
        result = ims(
            root, "avvik", "svar", "AVV-2026-0101", "--tekst", ANSWER,
            "--smtp", address, "--fra", SENDER, "--smtp-ca", str(certificate[0]),
        )  # fmt: skip
    assert result == (
        0,
        "records/avvik/2026/AVV-2026-0101.yaml: AVV-2026-0101 har fått svar\n"
        f"Sendte svaret til ase@example.no gjennom {address}\n",
    )
    assert avvik(root, "AVV-2026-0101").svar == ANSWER
    assert findings(root) == []
    [(to, message)] = inbox.received
    assert to == ["ase@example.no"] and len(login.tried) == 1
    body = message.get_content().replace("\r\n", "\n")
    assert ANSWER in body and f"Sporingskoden din er {code}." in body
    page = web.get(f"/status/{code}").text
    assert "<p>Takk! Porten har fått ny lås.</p><p>Vi har også gått gjennom rutinen.</p>" in page


def test_no_password_without_tls_and_no_mail_for_a_graded_avvik(
    make_repo: MakeRepo, login: Logins
) -> None:
    root = repository(make_repo)
    web = client(root)
    send(web, "/meld/innbygger", {**CITIZEN, "epost": "ase@example.no", "svar": "ja"})
    graded = {**EMPLOYEE, "kategori": "personvern", "epost": "liv@example.no", "svar": "ja"}
    send(web, "/meld", graded)
    with _server(login) as (address, inbox):
        code, output = ims(
            root, "avvik", "svar", "AVV-2026-0101", "--tekst", "Fikset.",
            "--smtp", address, "--fra", SENDER,
        )  # fmt: skip
        assert code == 2 and "tilbyr ikke kryptert forbindelse (STARTTLS)" in output
        code, output = ims(
            root, "avvik", "svar", "AVV-2026-0102", "--tekst", "Vi ringer deg.",
            "--smtp", address, "--fra", SENDER,
        )  # fmt: skip
    assert code == 0 and output.endswith(
        "Avviket er gradert: svaret sendes ikke på e-post; gi det til melderen på annen måte\n"
    )
    assert login.tried == [] and inbox.received == []
    assert avvik(root, "AVV-2026-0102").svar == "Vi ringer deg."


def test_an_empty_answer_and_an_unknown_avvik_are_refused(make_repo: MakeRepo) -> None:
    root = repository(make_repo)
    assert ims(root, "avvik", "svar", "AVV-2026-0100", "--tekst", "  ") == (
        2,
        "ims: --tekst er tom; skriv svaret til den som meldte\n",
    )
    code, output = ims(root, "avvik", "svar", "AVV-2026-0999", "--tekst", "Svar")
    assert code == 2 and "fant ingen gyldig post AVV-2026-0999 (avvik)" in output
