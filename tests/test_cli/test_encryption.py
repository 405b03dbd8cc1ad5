"""Graded records encrypted at rest (issue 33), on a repository `ims init --eksempel` makes, with
keys `ims nokkel ny` makes for three people: liv.berg reads by unit (the leader of
OPP-SOLSTRAND), eva.ask by `kryptering.alltid`, per.lie is no reader. Each sees exactly what the
issue says; Debian's `age` decrypts what ims wrote with a reader's key and not with another."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ims_cli.cli.app import app

runner = CliRunner()
TITLE = "Beboer falt på badet"
TEXT = "Fant beboeren på gulvet kl. 03"
TILTAK = "Sklimatte på badet"
PEOPLE = ("liv", "eva", "per")


class Repo:
    def __init__(self, root: Path, keys: Path) -> None:
        self.root, self.keys = root, keys
        self.file = ""  # the avvik the fixture makes, as `ims new avvik` named it

    @property
    def avvik(self) -> str:
        return Path(self.file).stem

    def ims(self, *args: str, who: str | None = None) -> tuple[int, str]:
        """`ims` as one of the people (their key in IMS_NOKKEL), or as someone with no key."""
        env = {"IMS_NOKKEL": str(self.keys / f"{who}.txt") if who else None}
        result = runner.invoke(app, ["--repo", str(self.root), *args], env=env)
        return result.exit_code, result.output

    @property
    def text(self) -> str:
        return (self.root / self.file).read_text(encoding="utf-8")

    def armor(self) -> str:
        return str(yaml.safe_load(self.text)["kryptert"]["tekst"])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # never the user's own key
    monkeypatch.delenv("IMS_NOKKEL", raising=False)
    root, keys = tmp_path / "kommune", tmp_path / "keys"
    keys.mkdir()
    assert runner.invoke(app, ["init", "--eksempel", str(root)]).exit_code == 0
    made = Repo(root, keys)
    public = {}
    for who in PEOPLE:
        result = runner.invoke(app, ["nokkel", "ny"], env={"IMS_NOKKEL": str(keys / f"{who}.txt")})
        assert result.exit_code == 0, result.output
        public[who] = result.stdout.strip()
        assert stat.S_IMODE((keys / f"{who}.txt").stat().st_mode) == 0o600
    org = root / "records/organisasjon.yaml"
    text = org.read_text(encoding="utf-8")
    text = text.replace("rolle: Styrer}", f"rolle: Styrer, nokkel: {public['liv']}}}")
    text = text.replace(
        "rolle: Pedagogisk leder}",
        f"rolle: Pedagogisk leder, nokkel: {public['per']}}}\n"
        f"  - {{id: eva.ask, navn: Eva Ask, rolle: Kvalitetsrådgiver, nokkel: {public['eva']}}}",
    )
    org.write_text(text, encoding="utf-8")
    config = root / "ims.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  pa: false\n  alltid: []" in text  # as ims init writes it: turned on here
    text = text.replace("  pa: false\n  alltid: []", "  pa: true\n  alltid: [eva.ask]")
    config.write_text(text, encoding="utf-8")
    code, output = made.ims(
        *("new", "avvik", "--enhet", "OPP-SOLSTRAND", "--tittel", TITLE),
        *("--kategori", "tjenestekvalitet", "--anonym"),
    )
    assert code == 0, output
    written = output.splitlines()[0]  # the id is numbered from today's date
    assert written.startswith("Skrev records/avvik/"), output
    made.file = written.removeprefix("Skrev ")
    path = root / made.file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [
        f"  {TEXT}\n"
        if "<fyll inn>" in line
        else "gradering: fortrolig\n"
        if line.startswith("gradering:")
        else line
        for line in lines
    ]
    path.write_text("".join(lines), encoding="utf-8")
    code, output = made.ims(
        *("tiltak", "add", made.avvik, "--beskrivelse", TILTAK),
        *("--ansvarlig", "liv.berg", "--frist", "2027-01-10"),
    )
    assert code == 0, output
    return made


def test_a_graded_record_in_clear_is_k001_until_ims_krypter(repo: Repo) -> None:
    code, output = repo.ims("validate")
    assert code == 1
    assert f"feil K001 {repo.avvik} er gradert fortrolig, men teksten står i klartekst" in output
    assert f"kjør «ims krypter {repo.avvik}»" in output
    # the pre-commit hook ims init writes runs this command: it refuses the commit
    hook = yaml.safe_load((repo.root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entry = hook["repos"][0]["hooks"][0]["entry"].split()
    assert entry[0] == "ims"
    assert repo.ims(*entry[1:])[0] == 1

    code, output = repo.ims("krypter", repo.avvik, who="liv")
    assert code == 0, output
    assert f"{repo.avvik}: kryptert" in output
    assert TITLE not in repo.text and TEXT not in repo.text and TILTAK not in repo.text
    assert "tittel: (gradert)\n" in repo.text
    assert "    ansvarlig: liv.berg\n" in repo.text and "frist: 2027-01-10" in repo.text
    lesere = yaml.safe_load(repo.text)["kryptert"]["lesere"]
    assert sorted(lesere) == ["eva.ask", "liv.berg"]  # ola and kari have no key: K003
    code, output = repo.ims("validate")
    assert code == 0, output
    assert "advarsel K003 ola.hansen skal kunne lese 1 gradert post" in output
    assert "K001" not in output and "K002" not in output
    # nothing left to do: a second run writes nothing
    before = repo.text
    assert repo.ims("krypter", "--alle", who="eva")[0] == 0
    assert repo.text == before


def test_each_person_sees_what_the_issue_says(repo: Repo, private_cache: Path) -> None:
    assert repo.ims("krypter", "--alle", who="liv")[0] == 0
    for reader in ("liv", "eva"):
        code, output = repo.ims("show", repo.avvik, who=reader)
        assert code == 0, output
        assert TITLE in output and TEXT in output and TILTAK in output
        assert "kryptert     til Liv Berg, Eva Ask\n" in output
        assert "BEGIN AGE" not in output
    code, output = repo.ims("show", repo.avvik, who="per")
    assert code == 0
    assert TITLE not in output and TILTAK not in output
    assert "tittel       (gradert)" in output
    assert "Teksten er kryptert, og du er ikke blant leserne." in output
    code, output = repo.ims("show", repo.avvik)
    assert code == 0 and TITLE not in output and "du har ingen nøkkel" in output
    # outputs that reach further show «(gradert)» as for any graded record, key or not
    for args in (("list", "avvik"), ("tiltak", "list"), ("check", "--format", "json")):
        code, output = repo.ims(*args, who="liv")
        assert TITLE not in output and TILTAK not in output, args
    code, output = repo.ims("list", "avvik", "--json", who="liv")
    rows = {row["id"]: row for row in json.loads(output)["poster"]}
    assert rows[repo.avvik]["tittel"] == "(gradert)"
    # nothing decrypted is kept at rest: not in the index in the cache folder
    for cached in private_cache.rglob("*"):
        if cached.is_file():
            assert TITLE.encode() not in cached.read_bytes(), cached


def test_age_decrypts_what_ims_wrote_with_a_readers_key_only(repo: Repo, tmp_path: Path) -> None:
    age = shutil.which("age")
    assert age is not None, "Debian's age is missing: python3 dev.py test installs it"
    assert repo.ims("krypter", repo.avvik, who="liv")[0] == 0
    armored = tmp_path / "tekst.age"
    armored.write_text(repo.armor(), encoding="ascii")
    for reader in ("liv", "eva"):
        done = subprocess.run(
            [age, "-d", "-i", str(repo.keys / f"{reader}.txt"), str(armored)],
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        payload = json.loads(done.stdout)
        assert payload["id"] == repo.avvik
        assert [["tittel"], TITLE] in payload["tekst"]
        assert [["tiltak", {"id": "T1"}, "beskrivelse"], TILTAK] in payload["tekst"]
    refused = subprocess.run(
        [age, "-d", "-i", str(repo.keys / "per.txt"), str(armored)],
        capture_output=True,
        check=False,
    )
    assert refused.returncode != 0 and refused.stdout == b""
    assert b"no identity matched" in refused.stderr


def test_new_readers_are_k002_and_krypter_mends_them(repo: Repo) -> None:
    assert repo.ims("krypter", repo.avvik, who="liv")[0] == 0
    path = repo.root / repo.file
    path.write_text(
        repo.text.replace("gradering: fortrolig\n", "gradering: fortrolig\ntilgang: [per.lie]\n"),
        encoding="utf-8",
    )
    code, output = repo.ims("validate")
    assert code == 1
    assert (
        f"feil K002 {repo.avvik} mangler leseren per.lie; kjør «ims krypter {repo.avvik}»" in output
    )
    # per.lie is not a reader yet: he cannot encrypt it again to himself
    code, output = repo.ims("krypter", repo.avvik, who="per")
    assert code == 1
    assert f"{repo.avvik} er ikke kryptert til nøkkelen din; du er ikke blant leserne" in output
    assert repo.ims("krypter", repo.avvik, who="eva")[0] == 0
    assert repo.ims("validate")[0] == 0
    code, output = repo.ims("show", repo.avvik, who="per")
    assert TITLE in output and TILTAK in output
    # and taken away again: he is named until it is encrypted without him
    path.write_text(repo.text.replace("tilgang: [per.lie]\n", ""), encoding="utf-8")
    code, output = repo.ims("validate")
    assert f"{repo.avvik} er kryptert til per.lie, som ikke er leser nå" in output
    assert repo.ims("krypter", "--alle", who="liv")[0] == 0
    assert TITLE not in repo.ims("show", repo.avvik, who="per")[1]


def test_edits_of_clear_fields_need_no_key_and_text_needs_one(repo: Repo) -> None:
    assert repo.ims("krypter", repo.avvik, who="liv")[0] == 0
    code, output = repo.ims("tiltak", "done", f"{repo.avvik}/T1")
    assert code == 0, output
    assert "    status: fullfort\n" in repo.text
    code, output = repo.ims("avvik", "status", repo.avvik, "under_behandling")
    assert code == 0, output
    before = repo.text
    code, output = repo.ims("tiltak", "evaluer", f"{repo.avvik}/T1", "--evaluering", "Virket godt")
    assert code == 2
    needs = "er kryptert, og endringen skriver tekst i den: det krever nøkkelen din"
    assert f"{repo.avvik} {needs}" in output
    assert "Traceback" not in output and repo.text == before
    code, output = repo.ims(
        "tiltak", "evaluer", f"{repo.avvik}/T1", "--evaluering", "Virket godt", who="eva"
    )
    assert code == 0, output
    assert "Virket godt" not in repo.text and "    evaluering: (gradert)\n" in repo.text
    assert repo.ims("validate")[0] == 0
    code, output = repo.ims("show", repo.avvik, "--json", who="liv")
    tiltak = json.loads(output)["post"]["tiltak"][0]
    assert tiltak["evaluering"] == "Virket godt" and tiltak["beskrivelse"] == TILTAK


def test_a_damaged_message_a_loose_key_and_a_second_key(repo: Repo) -> None:
    assert repo.ims("krypter", repo.avvik, who="liv")[0] == 0
    path = repo.root / repo.file
    armor = repo.armor()
    lines = armor.splitlines()
    cut = "\n    ".join(lines[:3])  # truncated: the END line and most of the body gone
    path.write_text(repo.text.replace("\n    ".join(armor.rstrip().splitlines()), cut), "utf-8")
    code, output = repo.ims("show", repo.avvik, who="liv")
    assert code == 2
    assert output.strip() == (
        f"ims: {repo.file}: den krypterte teksten i {repo.avvik} (kryptert.tekst) er skadet eller "
        "avkortet; hent filen på nytt fra git («git checkout -- FIL»)"
    )
    key = repo.keys / "liv.txt"
    key.chmod(0o644)
    code, output = repo.ims("show", repo.avvik, who="liv")
    assert code == 2
    assert f"{key} kan leses av andre (modus 0644)" in output and f"chmod 600 {key}" in output
    code, output = runner.invoke(app, ["nokkel", "ny"], env={"IMS_NOKKEL": str(key)}).exit_code, ""
    assert code == 2  # an existing key is never overwritten


def test_fnr_in_clear_is_p001_in_every_record_once_kryptering_is_on(repo: Repo) -> None:
    fnr = "15038510190"
    path = repo.root / repo.file
    path.write_text(repo.text.replace(TEXT, f"{TEXT}, pasient {fnr}"), encoding="utf-8")
    code, output = repo.ims("validate")
    assert "feil P001 teksten inneholder et gyldig fødselsnummer eller D-nummer i klartekst" in (
        output
    )
    assert fnr not in output
    assert repo.ims("krypter", repo.avvik, who="liv")[0] == 0
    code, output = repo.ims("validate")
    assert code == 0 and "P001" not in output and fnr not in repo.text


def test_strengt_fortrolig_names_who_handles_it_and_leaves_out_alltid(repo: Repo) -> None:
    path = repo.root / repo.file
    path.write_text(
        repo.text.replace("gradering: fortrolig\n", "gradering: strengt_fortrolig\n"), "utf-8"
    )
    code, output = repo.ims("validate")
    assert code == 1
    assert f"feil K004 {repo.avvik} er strengt fortrolig uten «tilgang»" in output
    path.write_text(
        repo.text.replace("gradering: strengt_fortrolig\n", "gradering: strengt_fortrolig\n"
                          "tilgang: [per.lie]\n"),
        "utf-8",
    )  # fmt: skip
    assert repo.ims("krypter", repo.avvik, who="liv")[0] == 0
    assert sorted(yaml.safe_load(repo.text)["kryptert"]["lesere"]) == ["liv.berg", "per.lie"]
    assert TITLE not in repo.ims("show", repo.avvik, who="eva")[1]  # alltid, but not for this grade
    assert repo.ims("validate")[0] == 0


def test_a_graded_process_body_is_encrypted_with_its_front_matter(repo: Repo) -> None:
    """A process's Markdown body is its text: K001 in clear, «(gradert)» in the file once
    encrypted, read back by a reader, and a body written again in clear is K001 until `ims
    krypter` folds it in."""
    path = repo.root / "records/prosesser/1-henting-og-bringing.md"
    body = "Barnet leveres bare til en som står på listen."
    path.write_text(
        path.read_text("utf-8").replace("gradering: apen\n", "gradering: fortrolig\n"), "utf-8"
    )
    assert repo.ims("krypter", repo.avvik, who="liv")[0] == 0  # the process alone is in clear
    code, output = repo.ims("validate")
    assert code == 1 and "feil K001 PRO-1 er gradert fortrolig" in output
    code, output = repo.ims("krypter", "PRO-1", who="liv")
    assert code == 0, output
    text = path.read_text("utf-8")
    assert text.endswith("\n---\n(gradert)\n") and body not in text
    assert "tittel: (gradert)\n" in text
    assert repo.ims("validate")[0] == 0
    code, output = repo.ims("show", "PRO-1", who="liv")
    assert code == 0 and body in output and "Henting og bringing" in output
    code, output = repo.ims("show", "PRO-1", who="per")
    assert code == 0 and body not in output and "(gradert)" in output
    armor = yaml.safe_load(text.split("---\n")[1])["kryptert"]["tekst"]
    assert body not in armor

    path.write_text(text.replace("---\n(gradert)\n", "---\n# Nytt avsnitt\n\nNy tekst.\n"), "utf-8")
    code, output = repo.ims("validate")
    assert code == 1 and "feil K001 PRO-1" in output
    assert repo.ims("krypter", "PRO-1", who="per")[0] == 1  # a non-reader cannot fold it in
    assert repo.ims("krypter", "PRO-1", who="liv")[0] == 0
    assert path.read_text("utf-8").endswith("\n---\n(gradert)\n")
    code, output = repo.ims("show", "PRO-1", who="eva")
    assert "Ny tekst." in output and "Henting og bringing" in output


def test_a_record_no_longer_graded_is_decrypted_for_good_with_a_readers_key(repo: Repo) -> None:
    assert repo.ims("krypter", repo.avvik, who="liv")[0] == 0
    encrypted = repo.text
    code, output = repo.ims("krypter", "--dekrypter", repo.avvik, who="liv")
    assert code == 2 and "kryptering er på i ims.yaml: en gradert post skal være kryptert" in (
        output
    )
    path = repo.root / repo.file
    path.write_text(encrypted.replace("gradering: fortrolig\n", "gradering: intern\n"), "utf-8")
    code, output = repo.ims("validate")
    assert code == 1
    assert (
        f"feil K002 {repo.avvik} er gradert «intern», men teksten er fortsatt kryptert; kjør «ims "
        f"krypter --dekrypter {repo.avvik}», eller sett graderingen tilbake"
    ) in output
    code, output = repo.ims("krypter", "--dekrypter", repo.avvik, who="per")  # no reader
    assert (
        code == 1
        and "du er ikke blant leserne" in output
        and repo.text.endswith(encrypted.split("gradering: fortrolig\n")[1])
    )
    code, output = repo.ims("krypter", "--dekrypter", "--alle", who="liv")
    assert code == 0, output
    assert f"{repo.avvik}: dekryptert" in output
    assert "kryptert:" not in repo.text and "(gradert)" not in repo.text
    assert f"tittel: {TITLE}\n" in repo.text and TEXT in repo.text and TILTAK in repo.text
    assert repo.ims("validate")[0] == 0
    assert "1 var ikke kryptert" in repo.ims("krypter", "--dekrypter", repo.avvik, who="liv")[1]


def test_a_process_is_decrypted_with_its_body_once_kryptering_is_off(repo: Repo) -> None:
    path = repo.root / "records/prosesser/1-henting-og-bringing.md"
    clear = path.read_text("utf-8").replace("gradering: apen\n", "gradering: fortrolig\n")
    path.write_text(clear, "utf-8")
    assert repo.ims("krypter", "PRO-1", who="liv")[0] == 0
    assert path.read_text("utf-8").endswith("---\n(gradert)\n")
    config = repo.root / "ims.yaml"
    config.write_text(config.read_text("utf-8").replace("  pa: true\n", "  pa: false\n"), "utf-8")
    code, output = repo.ims("krypter", "--dekrypter", "--alle", who="eva")
    assert code == 0, output
    assert "PRO-1: dekryptert" in output
    assert path.read_text("utf-8") == clear  # byte for byte as before it was encrypted


def test_decrypting_keeps_what_was_written_since_and_the_file_as_it_was(repo: Repo) -> None:
    """The example avvik of `ims init --eksempel` encrypted and decrypted is the file it was,
    comments, block text and quoting and all; a text written in clear since, over a
    «(gradert)», stays as written; a record whose encrypted part is gone is K005."""
    example = next((repo.root / "records/avvik").rglob("*-0001.yaml"))
    clear = example.read_text("utf-8").replace("gradering: intern\n", "gradering: fortrolig\n")
    example.write_text(clear, "utf-8")
    record = example.stem
    assert repo.ims("krypter", record, who="liv")[0] == 0
    lowered = example.read_text("utf-8").replace("gradering: fortrolig\n", "gradering: intern\n")
    assert repo.ims("krypter", "--dekrypter", record, who="eva")[0] == 2  # still graded
    example.write_text(lowered, "utf-8")
    assert repo.ims("krypter", "--dekrypter", record, who="eva")[0] == 0
    assert example.read_text("utf-8") == clear.replace(
        "gradering: fortrolig\n", "gradering: intern\n"
    )

    example.write_text(clear, "utf-8")
    assert repo.ims("krypter", record, who="liv")[0] == 0
    sealed = example.read_text("utf-8").replace("gradering: fortrolig\n", "gradering: intern\n")
    newer = sealed.replace("tittel: (gradert)\n", "tittel: Skrevet etter nedgraderingen\n", 1)
    example.write_text(newer, "utf-8")
    assert repo.ims("krypter", "--dekrypter", record, who="liv")[0] == 0
    assert "tittel: Skrevet etter nedgraderingen\n" in example.read_text("utf-8")

    lost = sealed.split("kryptert:\n")[0] + "\n".join(
        line for line in sealed.split("kryptert:\n")[1].splitlines() if line.startswith("#")
    )
    example.write_text(lost + "\n", "utf-8")
    code, output = repo.ims("validate")
    assert code == 1
    assert (
        f"feil K005 {record} har tekst som står som «(gradert)», men den krypterte delen "
        "(kryptert:) mangler"
    ) in output


def test_text_added_around_an_encrypted_body_is_added_to_it(repo: Repo) -> None:
    path = repo.root / "records/prosesser/1-henting-og-bringing.md"
    clear = path.read_text("utf-8").replace("gradering: apen\n", "gradering: fortrolig\n")
    path.write_text(clear.replace("\n", "\r\n"), "utf-8")  # as an editor on Windows saves it
    assert repo.ims("krypter", "PRO-1", who="liv")[0] == 0
    sealed = path.read_bytes().decode("utf-8")  # carriage returns as they are
    assert sealed.endswith("---\r\n(gradert)\r\n")
    path.write_text(sealed + "\r\n# Nytt avsnitt\r\n", "utf-8")
    assert repo.ims("krypter", "PRO-1", who="liv")[0] == 0
    output = repo.ims("show", "PRO-1", who="eva")[1]
    assert "Barnet leveres bare til en som står på listen." in output and "Nytt avsnitt" in output
    config = repo.root / "ims.yaml"
    config.write_text(config.read_text("utf-8").replace("  pa: true\n", "  pa: false\n"), "utf-8")
    assert repo.ims("krypter", "--dekrypter", "PRO-1", who="liv")[0] == 0
    body = path.read_bytes().decode("utf-8").split("---\r\n")[2]
    original = clear.split("---\n")[2].replace("\n", "\r\n")
    assert body == original + "\r\n# Nytt avsnitt\r\n"  # one carriage return a line, as written


def test_a_decrypt_refused_names_the_file_and_writes_nothing(repo: Repo) -> None:
    fnr = "15038510190"
    path = repo.root / repo.file
    path.write_text(repo.text.replace(TEXT, f"{TEXT}, pasient {fnr}"), encoding="utf-8")
    assert repo.ims("krypter", repo.avvik, who="liv")[0] == 0
    lowered = repo.text.replace("gradering: fortrolig\n", "gradering: intern\n")
    path.write_text(lowered, "utf-8")
    code, output = repo.ims("krypter", "--dekrypter", "--alle", who="liv")
    assert code == 1
    assert f"ims: {repo.file}: endringen ble ikke skrevet: P001" in output and fnr not in output
    assert repo.text == lowered
