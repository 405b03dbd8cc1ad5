"""One policy for what leaves the repository: graded text hidden, national ids masked, in every
format of `ims check`, `ims validate` and `ims diff`, and in the report's own templates."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.confidentiality import (
    HIDDEN,
    field_for,
    graded,
    mark,
    mask,
    masked_data,
    masked_record,
    may_hold_national_id,
    quote,
    shareable,
    shared,
    visible,
)
from ims_cli.findings import Finding, Fix
from ims_cli.models.avvik import Avvik
from ims_cli.models.vocabulary import DEFAULT
from tests.conftest import MakeRepo
from tests.gitrepo import History

runner = CliRunner()
FNR = "01019000083"  # fictional, passes the mod-11 check
SECRET = "Hemmelig Pasient Olsen"
AVVIK = "records/avvik/AVV-2026-0101.yaml"
GRADED_AVVIK = f"""id: AVV-2026-0101
type: uonsket_hendelse
tittel: {SECRET} falt
beskrivelse: {SECRET} ble funnet på gulvet
meldt: 2026-03-01
enhet: OPP-SOL
kategori: tjenestekvalitet
alvorlighet: 3
gradering: fortrolig
status: under_behandling
prosess: PRO-9.9
tiltak:
  - {{id: T1, beskrivelse: {SECRET} får sensormatte, ansvarlig: liv.berg, frist: 2026-04-01,
     status: pagar}}
"""
GRADED_MELDT = f"""id: AVV-2026-0102
type: avvik
tittel: {SECRET} meldt
meldt: 2026-03-01
enhet: OPP-SOL
kategori: tjenestekvalitet
gradering: strengt_fortrolig
status: meldt
"""
GRADED_INVALID = f"""id: AVV-2026-0104
type: avvik
tittel: Tittel
meldt: 2026-03-01
enhet: OPP-SOL
kategori: tjenestekvalitet
alvorlighet: {SECRET}
gradering: fortrolig
status: meldt
"""
INTERN_WITH_FNR = f"""id: AVV-2026-0103
type: avvik
tittel: Feil i journal
beskrivelse: Gjaldt {FNR}
meldt: 2026-03-01
enhet: OPP-SOL
kategori: personvern
status: under_behandling
"""


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def test_mask_hides_the_personal_part_of_every_national_id() -> None:
    assert mask(f"fnr {FNR}, og 010190 00083.") == "fnr 010190*****, og 010190 *****."
    assert mask("ordrenummer 01019000084 og 123") == "ordrenummer 01019000084 og 123"


@pytest.mark.parametrize(
    ("gradering", "is_graded"),
    [
        ("fortrolig", True),
        ("strengt_fortrolig", True),
        ("Fortrolig", True),
        ("intern", False),
        ("Intern", False),
        ("apen", False),
        (None, False),  # no grade: intern, the default
        # an unknown grade is the most restrictive, never the least
        ("fortrolg", True),
        ("strengt-fortrolig", True),
        ("hemmelig", True),
        ("", True),
        (3, True),
        (["fortrolig"], True),
    ],
)
def test_a_misspelt_or_unknown_grade_is_graded(gradering: object, is_graded: bool) -> None:
    assert graded(gradering) is is_graded


def test_visible_per_audience() -> None:
    assert [visible(g) for g in ("apen", "intern", "fortrolig")] == [True, True, False]
    assert [visible(g, "apen") for g in ("apen", "intern", "fortrolig")] == [True, False, False]


def test_a_rule_quotes_a_graded_records_text_hidden_whatever_it_looks_like() -> None:
    for word in ("HIV", "politianmeldelse", "T1", "ABC-123", "pagar", "2026-01-01"):
        assert quote(word, "fortrolig") == f"«{HIDDEN}»"
        assert quote(word, "fortrolg") == f"«{HIDDEN}»"
        assert quote(word, "intern") == f"«{word}»"


def test_shareable_masks_and_guesses_nothing() -> None:
    finding = Finding("R003", "feil", "a", f"prosessen «PRO-1.1» finnes ikke ({FNR})", graded=True)
    assert shareable(finding).message == "prosessen «PRO-1.1» finnes ikke (010190*****)"


@pytest.fixture
def leaky(make_repo: MakeRepo) -> Path:
    return make_repo(
        {
            AVVIK: GRADED_AVVIK,
            "records/avvik/AVV-2026-0102.yaml": GRADED_MELDT,
            "records/avvik/AVV-2026-0103.yaml": INTERN_WITH_FNR,
            "records/avvik/AVV-2026-0104.yaml": GRADED_INVALID,
        }
    )


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--as-of", "2026-11-22"),
        ("check", "--as-of", "2026-11-22", "--format", "json"),
        ("check", "--as-of", "2026-11-22", "--format", "github"),
        ("check", "--as-of", "2026-11-22", "--format", "junit"),
        ("validate",),
        ("validate", "--json"),
    ],
)
def test_check_and_validate_show_no_graded_text_and_no_national_id(
    leaky: Path, args: tuple[str, ...]
) -> None:
    code, output = ims(leaky, *args)
    assert code == 1
    # Each graded record is still reported, by id: what is wrong, where, whose.
    assert "AVV-2026-0101" in output and "R003" in output and "P001" in output
    assert "AVV-2026-0104" in output and "S003" in output
    if args[0] == "check":
        assert "AVV-2026-0101/T1" in output and "AVV-2026-0102" in output
    assert SECRET not in output and "Hemmelig" not in output
    assert FNR not in output


@pytest.mark.parametrize("output_format", ["text", "md", "json", "github"])
def test_diff_shows_no_graded_text_and_no_national_id(
    make_repo: MakeRepo, output_format: str
) -> None:
    history = History(make_repo())
    intern = "records/avvik/AVV-2026-0103.yaml"
    history.commit({intern: INTERN_WITH_FNR.replace(FNR, "journalen")}, "Nytt avvik")
    history.commit({AVVIK: GRADED_AVVIK, intern: INTERN_WITH_FNR}, "Nytt avvik, og et endret")
    code, output = ims(history.root, "diff", "HEAD~1..HEAD", "--format", output_format)
    assert code == 1  # P001 in the intern record
    assert SECRET not in output and FNR not in output
    if output_format != "github":
        assert "010190*****" in output  # the change is shown, the number masked


def test_a_repository_template_runs_in_the_sandbox(make_repo: MakeRepo, tmp_path: Path) -> None:
    marker = tmp_path / "utfort"
    template = "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}\n"
    root = make_repo({"templates/report/lg.md.j2": template})
    code, output = ims(root, "report", "lg", "--periode", "2026", "--ut", str(tmp_path / "ut"))
    assert code == 2
    assert "malen lg.md.j2 prøver å bruke noe den ikke har tilgang til" in output
    assert not marker.exists()


def test_a_broken_repository_template_names_its_line(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo({"templates/report/lg.md.j2": "# Rapport\n{% if %}\n"})
    code, output = ims(root, "report", "lg", "--periode", "2026", "--ut", str(tmp_path / "ut"))
    assert code == 2
    assert "lg.md.j2:2: malen har en syntaksfeil" in output
    assert "Traceback" not in output


# The policy's functions one by one, on the forms values take in the records' data.
def test_masked_data_masks_a_number_however_deep_it_stands() -> None:
    data = {"a": FNR, "b": {"c": [f"nr {FNR}", ("x", FNR)]}, "n": 3, "none": None}
    hidden = "010190*****"
    assert masked_data(data) == {
        "a": hidden,
        "b": {"c": [f"nr {hidden}", ["x", hidden]]},
        "n": 3,
        "none": None,
    }
    assert masked_data([FNR]) == [hidden] and masked_data(FNR) == hidden


def test_a_number_alone_of_eleven_digits_is_masked_and_a_shorter_text_kept() -> None:
    assert mask(FNR) == "010190*****"
    assert mask("0101900008") == "0101900008"


def test_a_list_of_free_text_is_hidden_item_by_item_and_codes_kept() -> None:
    class Notes(BaseModel):
        punkter: list[str]
        antall: int

    notes = Notes(punkter=[SECRET, f"nr {FNR}"], antall=2)
    assert field_for(notes, "punkter", "fortrolig", "intern") == [HIDDEN, HIDDEN]
    assert field_for(notes, "punkter", "intern", "intern") == [SECRET, "nr 010190*****"]
    assert field_for(notes, "antall", "fortrolig", "intern") == 2


def test_masked_record_masks_a_number_in_its_text_and_leaves_a_clean_record_as_it_is() -> None:
    data = {
        "id": "AVV-2026-0101",
        "type": "avvik",
        "tittel": f"Brev til {FNR}",
        "meldt": "2026-03-01",
        "enhet": "OPP-SOL",
        "kategori": "tjenestekvalitet",
        "status": "meldt",
    }
    record = Avvik.model_validate(data, context=DEFAULT)
    assert masked_record(record, DEFAULT).tittel == "Brev til 010190*****"
    clean = Avvik.model_validate({**data, "tittel": "Brev"}, context=DEFAULT)
    assert masked_record(clean, DEFAULT) is clean


def test_findings_of_a_graded_record_are_marked_and_others_left() -> None:
    finding = Finding("records/x.yaml", 1, 1, "feil", "B001", "melding")
    assert [f.graded for f in mark([finding], "fortrolig")] == [True]
    assert [f.graded for f in mark([finding], "intern")] == [False]


def test_shared_leaves_out_a_varsel_s_tiltak_by_their_ref() -> None:
    class Item:
        def __init__(self, ref: object) -> None:
            self.ref = ref

    items = [Item("VAR-2026-0001/T1"), Item("AVV-2026-0001/T1"), Item(None)]
    assert [i.ref for i in shared(items)] == ["AVV-2026-0001/T1", None]


@pytest.mark.parametrize(
    ("gradering", "encrypted", "may"),
    [("fortrolig", False, True), ("fortrolig", True, False), ("intern", False, False)],
)
def test_a_number_may_stand_in_clear_only_in_a_graded_record_not_encrypted_at_rest(
    gradering: str, encrypted: bool, may: bool
) -> None:
    assert may_hold_national_id(gradering, encrypted) is may


def test_the_value_a_fix_replaces_in_a_graded_record_is_hidden_and_a_key_shown() -> None:
    value = Finding("records/x.yaml", 1, 1, "feil", "S004", "ugyldig", fix=Fix(SECRET, "x"))
    key = Finding(
        "records/x.yaml", 1, 1, "feil", "S001", "ukjent", fix=Fix("titel", "tittel", True)
    )
    assert shareable(replace(value, graded=True)).fix == Fix(HIDDEN, "x")
    assert shareable(value).fix == Fix(SECRET, "x")
    assert shareable(replace(key, graded=True)).fix == Fix("titel", "tittel", True)
