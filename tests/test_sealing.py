"""sealing.py: a graded record's text as one age message, and back (issue 33)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ims_cli.errors import UserError
from ims_cli.kinds import by_name
from ims_cli.models.avvik import Avvik
from ims_cli.operations.sealed import unsealing
from ims_cli.sealing import (
    NotReader,
    clear_text,
    identities_in,
    merged,
    message,
    new_identity,
    opened,
    seal,
    segments,
)
from ims_cli.store.load import StoredRecord

DATA = {
    "id": "AVV-2026-0001",
    "type": "avvik",
    "tittel": "Feil medisin",
    "meldt": "2026-03-01",
    "meldt_av": "(gradert)",  # encrypted already: not in clear
    "enhet": "OPP",
    "kategori": "tjenestekvalitet",
    "gradering": "fortrolig",
    "status": "meldt",
    "arsaksanalyse": {"rotarsak": "Travel natt", "metode": "fem_hvorfor"},
    "tiltak": [
        {"id": "T1", "beskrivelse": "Rutine", "ansvarlig": "liv", "frist": "2026-05-01",
         "status": "planlagt"},
        {"id": "T2", "samme_som": "ROS-2026-0001/T1"},
    ],
}  # fmt: skip


def test_the_text_in_clear_is_read_from_the_models_types() -> None:
    found = clear_text(Avvik, DATA)
    # metode is free text too; ids, codes, dates and the owner are not
    assert found == [
        (("tittel",), "Feil medisin"),
        (("arsaksanalyse", "rotarsak"), "Travel natt"),
        (("arsaksanalyse", "metode"), "fem_hvorfor"),
        (("tiltak", 0, "beskrivelse"), "Rutine"),
    ]
    assert segments(DATA, ("tiltak", 0, "beskrivelse")) == ["tiltak", {"id": "T1"}, "beskrivelse"]


def test_a_tiltak_keeps_its_text_when_the_list_is_reordered() -> None:
    entries = [(segments(DATA, path), value) for path, value in clear_text(Avvik, DATA)]
    reordered = {**DATA, "tiltak": [DATA["tiltak"][1], {**DATA["tiltak"][0], "beskrivelse": "x"}]}
    assert merged(reordered, entries)["tiltak"][1]["beskrivelse"] == "Rutine"


def test_an_ssh_ed25519_key_is_a_recipient_and_its_private_key_an_identity(
    tmp_path: Path,
) -> None:
    keygen = shutil.which("ssh-keygen")
    assert keygen is not None
    key = tmp_path / "id_ed25519"
    subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    armor = seal(message("AVV-2026-0001", [(["tittel"], "hei")]), {
        "liv": key.with_suffix(".pub").read_text().strip()
    })  # fmt: skip
    mine = identities_in(key.read_text(), str(key))
    assert opened("AVV-2026-0001", armor, mine, "f") == [(["tittel"], "hei")]


def test_another_key_another_records_message_and_a_non_key_are_said_plainly() -> None:
    text, public = new_identity()
    other, _ = new_identity()
    armor = seal(message("AVV-2026-0001", [(["tittel"], "hei")]), {"liv": public})
    with pytest.raises(NotReader, match="er ikke kryptert til nøkkelen din"):
        opened("AVV-2026-0001", armor, identities_in(other, "k"), "f")
    with pytest.raises(UserError, match="tilhører AVV-2026-0001, ikke AVV-2026-0002"):
        opened("AVV-2026-0002", armor, identities_in(text, "k"), "f")
    with pytest.raises(UserError, match="k er ikke en nøkkel ims kan bruke"):
        identities_in("AGE-SECRET-KEY-1ABC\n", "k")


def test_a_record_no_longer_encrypted_has_nothing_to_decrypt() -> None:
    """Another ims may have decrypted the record between the choice and the write: nothing to
    do then, and no key asked for."""
    record = Avvik.model_validate({**DATA, "meldt_av": None, "gradering": "intern"})
    assert unsealing(StoredRecord("a.yaml", by_name("avvik"), record), None) == []
