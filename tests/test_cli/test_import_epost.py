"""`ims import epost`: messages in an mbox file or a Maildir become avvik, each once (by
Message-ID), the unit from ims.yaml's address map, attachments listed and not stored."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

from git import Repo
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo, findings, new_id
from tests.national_ids import number
from tests.test_web.test_serve import avvik, repository

CONFIG = "innmelding:\n  adresser: {avvik-oppvekst@kommune.example: OPP}\n  enhet: KD\n"


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def _message(message_id: str, to: str, sender: str, subject: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = message_id
    message.set_content(text)
    return message


def _messages() -> list[EmailMessage]:
    first = _message(
        "<1@example.no>", "Avvik Oppvekst <avvik-oppvekst@kommune.example>",
        "Åse Li <ase@example.no>", "Porten stod åpen", "Porten til barnehagen stod åpen i dag.",
    )  # fmt: skip
    first.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="bilde.pdf")
    second = _message(
        "<2@example.no>", "postmottak@kommune.example", "kari@kommune.example",
        "Feil i vedtak", f"Vedtaket til {number('150385')} hadde feil adresse.",
    )  # fmt: skip
    return [first, second]


def test_an_mbox_becomes_avvik_once(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = repository(make_repo, CONFIG)
    box = mailbox.mbox(tmp_path / "avvik.mbox")
    for message in _messages():
        box.add(message)
    box.close()
    code, output = ims(root, "import", "epost", str(tmp_path / "avvik.mbox"))
    assert (code, output) == (
        0,
        f"{new_id('AVV')}: fra <1@example.no>\n{new_id('AVV', 2)}: fra <2@example.no>\n"
        "2 nye avvik; 0 meldinger var importert fra før\n",
    )
    first, second = avvik(root, new_id("AVV")), avvik(root, new_id("AVV", 2))
    assert (first.tittel, first.enhet, first.kilde, first.meldt_av) == (
        "Porten stod åpen", "OPP", "innbygger", "innbygger",
    )  # fmt: skip
    assert first.kontakt is not None and first.kontakt.navn == "Åse Li"
    assert (first.vedlegg, first.melding_id) == (["bilde.pdf"], "<1@example.no>")
    assert second.enhet == "KD" and second.beskrivelse is not None
    assert number("150385") not in second.beskrivelse and "150385*****" in second.beskrivelse
    assert findings(root) == []
    assert [c.author.name for c in Repo(root).iter_commits(max_count=2)] == ["ims serve"] * 2
    assert ims(root, "import", "epost", str(tmp_path / "avvik.mbox")) == (
        0,
        "0 nye avvik; 2 meldinger var importert fra før\n",
    )


def test_a_maildir_and_what_cannot_be_imported(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = repository(make_repo)  # no innmelding: no unit for a message
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    box.add(_messages()[0])
    code, output = ims(root, "import", "epost", str(tmp_path / "Maildir"))
    assert code == 1
    assert output == (
        "ims: hoppet over <1@example.no>: ingen enhet: legg adressen til under "
        "innmelding.adresser i ims.yaml, eller sett innmelding.enhet\n"
        "0 nye avvik; 0 meldinger var importert fra før\n"
    )
    assert ims(root, "import", "epost", str(tmp_path)) == (
        2,
        f"ims: {tmp_path}: er en mappe, men ikke en Maildir (mappene cur/ og new/ mangler); pek "
        "på Maildir-mappen eller på en mbox-fil\n",
    )
