"""`ims validate --fix` and `--diff`: what is certain is repaired, the rest stays a finding."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.operations.fixing import FileFix, Fixed, described
from tests.conftest import MakeRepo, summary

runner = CliRunner()
AVVIK = "records/avvik/AVV-2026-0101.yaml"
BROKEN = """id: AVV-2026-0101
type: avvik
tittle: Feil dose gitt   # tittel
meldt: 14.02.2026
enhet: OPP-SOL
kategori: Tjenestekvalitet
status: Under behandling
tiltak:
  - id: T1
    beskrivelse: Gå gjennom rutinen
    ansvarlig: Liv Berg
    frist: 01.03.2026
    status: Pågår
"""
FIXED = """id: AVV-2026-0101
type: avvik
tittel: Feil dose gitt   # tittel
meldt: 2026-02-14
enhet: OPP-SOL
kategori: tjenestekvalitet
status: under_behandling
tiltak:
  - id: T1
    beskrivelse: Gå gjennom rutinen
    ansvarlig: liv.berg
    frist: 2026-03-01
    status: pagar
"""


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def test_fix_repairs_what_is_certain_and_a_second_run_finds_nothing(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: BROKEN})
    code, output = ims(root, "validate", "--fix")
    assert code == 0
    assert output == (
        f"{AVVIK}:3: tittle → tittel (feltnavn)\n"
        f"{AVVIK}:4: 14.02.2026 → 2026-02-14\n"
        f"{AVVIK}:6: Tjenestekvalitet → tjenestekvalitet\n"
        f"{AVVIK}:7: Under behandling → under_behandling\n"
        f"{AVVIK}:11: Liv Berg → liv.berg\n"
        f"{AVVIK}:12: 01.03.2026 → 2026-03-01\n"
        f"{AVVIK}:13: Pågår → pagar\n"
        "7 rettelser i 1 fil.\n"
        "\n"
        "4 poster sjekket: 0 feil, 0 advarsler.\n"
    )
    assert (root / AVVIK).read_text("utf-8") == FIXED  # the comment and the layout kept
    code, output = ims(root, "validate", "--fix")
    assert code == 0 and "Ingenting å rette automatisk." in output
    assert summary(root) == []


def test_plain_validate_says_who_a_name_means(make_repo: MakeRepo) -> None:
    """Without --fix too, a person written by name says which id was meant — but only when one
    person has the name."""
    root = make_repo({AVVIK: BROKEN})
    code, output = ims(root, "validate")
    assert code == 1
    assert (
        f"{AVVIK}:11:16: feil S003 «Liv Berg» har feil form for «ansvarlig»; skriv for eksempel "
        "en person-id fra organisasjon.yaml (små bokstaver, uten mellomrom, som "
        "fornavn.etternavn) – mente du «liv.berg»? [AVV-2026-0101/T1]\n"
    ) in output
    org = root / "records/organisasjon.yaml"
    org.write_text(org.read_text("utf-8") + "  - {id: liv.berg2, navn: Liv Berg}\n", "utf-8")
    code, output = ims(root, "validate")
    assert "«Liv Berg» har feil form" in output and "mente du «liv.berg»" not in output


def test_a_name_alone_is_said_too(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: FIXED.replace("ansvarlig: liv.berg", "ansvarlig: Liv Berg")})
    code, output = ims(root, "validate")
    assert code == 1 and output.count("– mente du «liv.berg»?") == 1


def test_diff_shows_the_fixes_and_writes_nothing(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: BROKEN})
    code, output = ims(root, "validate", "--diff")
    assert code == 1
    assert f"--- a/{AVVIK}\n+++ b/{AVVIK}\n" in output
    assert "-    status: Pågår\n" in output and "+    status: pagar\n" in output
    assert (root / AVVIK).read_text("utf-8") == BROKEN


def test_no_fix_guesses_between_two_answers(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: BROKEN})
    org = root / "records/organisasjon.yaml"
    org.write_text(
        org.read_text("utf-8") + "  - {id: liv.berg2, navn: Liv Berg}\n", encoding="utf-8"
    )
    code, output = ims(root, "validate", "--fix")
    assert code == 1
    assert "Liv Berg → " not in output and "6 rettelser i 1 fil." in output
    assert "«Liv Berg» har feil form for «ansvarlig»" in output  # still a finding
    assert "    ansvarlig: Liv Berg\n" in (root / AVVIK).read_text("utf-8")


def test_a_missing_value_with_fixed_choices_lists_them(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: FIXED.replace("status: under_behandling\n", "")})
    code, output = ims(root, "validate")
    assert code == 1
    assert (
        "påkrevd felt «status» mangler; legg det til med en av: meldt, under_behandling, "
        "tiltak_iverksatt, lukket" in output
    )
    code, output = ims(root, "validate", "--diff")  # a missing value is nothing to rename
    assert code == 0 and "Ingenting å rette automatisk." in output


def test_a_misspelt_key_is_not_renamed_onto_one_that_is_there(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: FIXED.replace("tittel: Feil dose gitt", "tittel: A\ntittle: B")})
    code, output = ims(root, "validate", "--diff")
    assert (code, output) == (0, "Ingenting å rette automatisk.\n")  # not even tried
    code, output = ims(root, "validate")
    assert "ukjent felt «tittle» – mente du «tittel»?" in output  # said, not done


def test_with_json_the_repairs_are_told_on_stderr(make_repo: MakeRepo) -> None:
    root = make_repo({AVVIK: BROKEN})
    result = CliRunner().invoke(app, ["--repo", str(root), "validate", "--fix", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["funn"] == []
    assert "7 rettelser i 1 fil." in result.stderr


def test_a_repair_shown_in_a_log_masks_a_national_id() -> None:
    repair = FileFix("records/a.yaml", b"", "", (Fixed(3, "01019000083", "liv.berg", False),))
    assert described(repair) == ["records/a.yaml:3: 010190***** → liv.berg"]


def test_no_name_is_read_through_a_register_linked_out_of_the_repository(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    """organisasjon.yaml as a link to a file elsewhere on the machine: not read, so no name
    from it is used for a repair (validate reports the link, Y009)."""
    root = make_repo({AVVIK: BROKEN})
    register = root / "records" / "organisasjon.yaml"
    outside = tmp_path / "utenfor.yaml"
    outside.write_bytes(register.read_bytes())
    register.unlink()
    register.symlink_to(outside)
    code, output = ims(root, "validate", "--fix")
    assert code == 1 and "Liv Berg → liv.berg" not in output and "6 rettelser i 1 fil." in output
    assert "records/organisasjon.yaml: feil Y009 filen er en lenke til noe utenfor" in output
