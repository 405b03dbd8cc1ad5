"""What the law attaches to some avvik: a personal data breach reported to Datatilsynet within
72 hours, counted in hours (F009 while they run, F006 after), documented (B019, B021) and told to
the persons concerned (B022); a serious injury notified the same day (F007), confirmed in writing
(B023) and recorded (B020); an alvorlig hendelse reported to Statens helsetilsyn (F010); and the
rules for closing (B014–B016)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo, findings

runner = CliRunner()
BREACH = """id: AVV-2026-0101
type: uonsket_hendelse
tittel: Brev til feil adresse
meldt: 2026-11-20
enhet: OPP-SOL
kategori: personvern
status: under_behandling
personvern:
  brudd: {brudd}
  oppdaget: {oppdaget}
  risiko: {risiko}
{reported}"""


def breach(
    brudd: str = "ja",
    risiko: str = "risiko",
    reported: str = "",
    oppdaget: str = "2026-11-19T09:15",
) -> str:
    return BREACH.format(brudd=brudd, risiko=risiko, reported=reported, oppdaget=oppdaget)


CODES = ("F006", "F007", "F009", "F010")


def _deadlines(root: Path, day: str) -> list[tuple[str, int | None, str]]:
    result = runner.invoke(app, ["--repo", str(root), "check", "--as-of", day, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return [
        (f["kode"], f["linje"], f["melding"])
        for f in json.loads(result.output)["funn"]
        if f["kode"] in CODES
    ]


@pytest.mark.parametrize(
    ("oppdaget", "day", "code"),
    [
        ("2026-11-19T09:15", "2026-11-18", None),  # before it was found
        ("2026-11-19T09:15", "2026-11-19", "F009"),  # the 72 hours run: a warning
        ("2026-11-19T09:15", "2026-11-22", "F009"),  # they run out at 09:15 on the 22nd
        ("2026-11-19T09:15", "2026-11-23", "F006"),  # the day after: late
        ("2026-11-19", "2026-11-21", "F009"),  # a date alone counts from 00:00 …
        ("2026-11-19", "2026-11-22", "F006"),  # … so its 72 hours end as the 22nd begins
    ],
)
def test_a_breach_is_warned_of_while_its_72_hours_run_and_late_after(
    make_repo: MakeRepo, oppdaget: str, day: str, code: str | None
) -> None:
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": breach(oppdaget=oppdaget)})
    found = _deadlines(root, day)
    assert [c for c, _, _ in found] == ([code] if code else [])
    if code:
        ((_, line, message),) = found
        assert line == 9
        found_at = "19.11.2026 kl. 09:15" if "T" in oppdaget else "19.11.2026"
        ends = "22.11.2026 kl. 09:15" if "T" in oppdaget else "22.11.2026 kl. 00:00"
        assert f"oppdaget {found_at}, er ikke meldt til Datatilsynet" in message
        assert ends in message and "art. 33" in message
        assert "lav" not in message  # never an invitation to downgrade the risk


def test_the_warning_is_a_warning_and_the_late_breach_an_error(make_repo: MakeRepo) -> None:
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": breach()})
    args = ["--repo", str(root), "check", "--format", "json", "--as-of"]

    def breaches(day: str) -> list[tuple[str, str, int]]:
        found = json.loads(runner.invoke(app, [*args, day]).output)["funn"]
        return [(f["alvor"], f["frist"], f["dager_forfalt"]) for f in found if f["kode"] in CODES]

    assert breaches("2026-11-21") == [("advarsel", "2026-11-22", -1)]
    assert breaches("2026-11-23") == [("feil", "2026-11-22", 1)]


@pytest.mark.parametrize(
    ("brudd", "risiko", "reported"),
    [
        ("ja", "risiko", "  meldt_datatilsynet: 2026-11-22T09:00\n"),  # day 3, within 72 hours
        ("ja", "risiko", "  meldt_datatilsynet: 2026-11-25\n"),  # late, but done: check is quiet
        ("ja", "lav", "  begrunnelse: Kryptert og slettet av mottakeren\n"),  # no duty to report
        ("nei", "risiko", "  begrunnelse: Brevet kom aldri ut av huset\n"),  # not a breach
    ],
)
def test_no_deadline_when_reported_or_not_a_reportable_breach(
    make_repo: MakeRepo, brudd: str, risiko: str, reported: str
) -> None:
    text = breach(brudd=brudd, risiko=risiko, reported=reported)
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": text})
    assert _deadlines(root, "2026-12-01") == []


def test_an_unsettled_breach_with_unknown_risk_counts(make_repo: MakeRepo) -> None:
    text = breach(brudd="uavklart").replace("  risiko: risiko\n", "")
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": text})
    assert [code for code, _, _ in _deadlines(root, "2026-11-23")] == ["F006"]


def _rules(root: Path, *codes: str) -> list[tuple[str, str, tuple | None]]:
    return [(f.code, f.severity, f.path) for f in findings(root) if f.code in codes]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("", [("B019", "feil", ("kategori",))]),
        ("personvern:\n  brudd: nei\n", [("B021", "feil", ("personvern", "brudd"))]),
        ("personvern:\n  brudd: nei\n  begrunnelse: Ingen opplysninger kom på avveie\n", []),
        (
            "personvern:\n  brudd: ja\n  oppdaget: 2026-11-19T09:15\n  risiko: lav\n",
            [("B021", "feil", ("personvern", "risiko"))],
        ),
        (
            "personvern:\n  brudd: ja\n  oppdaget: 2026-11-19T09:15\n  risiko: hoy_risiko\n"
            "  meldt_datatilsynet: 2026-11-19T15:00\n",
            [("B022", "advarsel", ("personvern", "risiko"))],
        ),
        (
            "personvern:\n  brudd: ja\n  oppdaget: 2026-11-19T09:15\n  risiko: hoy_risiko\n"
            "  meldt_datatilsynet: 2026-11-19T15:00\n  registrerte_informert: 2026-11-21\n",
            [],
        ),
    ],
)
def test_a_personvern_avvik_documents_its_assessment(
    make_repo: MakeRepo, block: str, expected: list[tuple[str, str, tuple]]
) -> None:
    text = (
        "id: AVV-2026-0101\ntype: avvik\ntittel: Brev til feil adresse\nmeldt: 2026-11-20\n"
        f"enhet: OPP-SOL\nkategori: personvern\nstatus: under_behandling\n{block}"
    )
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": text})
    assert _rules(root, "B019", "B021", "B022") == expected


def test_the_block_rules_are_told_in_norwegian_with_the_provision(make_repo: MakeRepo) -> None:
    text = breach(risiko="lav")
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": text})
    (found,) = [f for f in findings(root) if f.code == "B021"]
    assert found.message.startswith("«risiko: lav» trenger «begrunnelse»")
    assert "art. 33 nr. 1 og nr. 5" in found.message and (found.line, found.column) == (11, 11)


INJURY = """id: AVV-2026-0102
type: uonsket_hendelse
tittel: Fall fra stige
meldt: 2026-03-03
hendt: 2026-03-02T22:10
enhet: OPP-SOL
kategori: hms
status: under_behandling
hms:
  personskade: {skade}
{notified}"""


@pytest.mark.parametrize(
    ("skade", "notified", "on_the_3rd"),
    [
        ("alvorlig", "", ["Arbeidstilsynet", "politiet"]),
        ("dodsfall", "  varslet_arbeidstilsynet: 2026-03-02\n", ["politiet"]),
        ("alvorlig", "  varslet_arbeidstilsynet: 2026-03-02\n  varslet_politi: 2026-03-03\n", []),
        ("lettere", "", []),
    ],
)
def test_a_serious_injury_is_notified_straks_the_same_day(
    make_repo: MakeRepo, skade: str, notified: str, on_the_3rd: list[str]
) -> None:
    """It happened late on the 2nd and was reported on the 3rd: the clock started at the
    injury, so the 3rd is already too late («straks», never «senest dagen etter»)."""
    root = make_repo(
        {"records/avvik/AVV-2026-0102.yaml": INJURY.format(skade=skade, notified=notified)}
    )
    assert _deadlines(root, "2026-03-02") == []  # the same day is in time
    found = _deadlines(root, "2026-03-03")
    assert [m.split(" er ikke varslet til ")[1].split(";")[0] for _, _, m in found] == on_the_3rd
    assert all(code == "F007" and line == 10 for code, line, _ in found)
    what = "dødsfallet" if skade == "dodsfall" else "den alvorlige personskaden"
    for _, _, message in found:
        assert message.startswith(f"{what} i «Fall fra stige», 02.03.2026 kl. 22:10, er ikke")
        assert "straks, samme dag (arbeidsmiljøloven § 5-2)" in message
        assert "dagen etter" not in message


@pytest.mark.parametrize(
    ("hms", "expected"),
    [
        ("", [("B020", "feil", ("kategori",))]),
        ("hms:\n  personskade: ingen\n  vold_og_trusler: true\n", []),
        (
            "hms:\n  personskade: alvorlig\n  varslet_arbeidstilsynet: 2026-03-02\n"
            "  varslet_politi: 2026-03-02\n",
            [("B023", "advarsel", ("hms", "varslet_arbeidstilsynet"))],
        ),
        (
            "hms:\n  personskade: alvorlig\n  varslet_arbeidstilsynet: 2026-03-02\n"
            "  varslet_politi: 2026-03-02\n  skriftlig_melding_arbeidstilsynet: 2026-03-04\n",
            [],
        ),
    ],
)
def test_an_hms_incident_says_who_was_hurt_and_confirms_a_notice_in_writing(
    make_repo: MakeRepo, hms: str, expected: list[tuple[str, str, tuple]]
) -> None:
    text = INJURY.split("hms:\n", maxsplit=1)[0] + hms
    root = make_repo({"records/avvik/AVV-2026-0102.yaml": text})
    assert _rules(root, "B020", "B023") == expected


def test_a_condition_in_hms_needs_no_injury_block(make_repo: MakeRepo) -> None:
    text = INJURY.split("hms:\n", maxsplit=1)[0].replace("type: uonsket_hendelse", "type: avvik")
    root = make_repo({"records/avvik/AVV-2026-0102.yaml": text})
    assert _rules(root, "B020") == []


EVENT = """id: AVV-2026-0104
type: uonsket_hendelse
tittel: Feil medisin gitt
meldt: 2026-05-11
hendt: 2026-05-10T19:40
enhet: OPP-SOL
kategori: tjenestekvalitet
status: under_behandling
pasientsikkerhet:
  alvorlig_hendelse: {what}
{reported}"""


@pytest.mark.parametrize(
    ("what", "reported", "late_on_the_11th"),
    [
        ("svaert_alvorlig_skade", "", True),
        ("dodsfall", "", True),
        ("dodsfall", "  varslet_helsetilsynet: 2026-05-10T21:00\n", False),
        ("nei", "  begrunnelse: Ingen skade på pasienten\n", False),
    ],
)
def test_an_alvorlig_hendelse_is_reported_to_helsetilsynet_the_same_day(
    make_repo: MakeRepo, what: str, reported: str, late_on_the_11th: bool
) -> None:
    root = make_repo(
        {"records/avvik/AVV-2026-0104.yaml": EVENT.format(what=what, reported=reported)}
    )
    assert _deadlines(root, "2026-05-10") == []
    found = _deadlines(root, "2026-05-11")
    assert bool(found) is late_on_the_11th
    if late_on_the_11th:
        ((code, line, message),) = found
        assert (code, line) == ("F010", 10)
        assert message.startswith(
            "den alvorlige hendelsen i «Feil medisin gitt», 10.05.2026 kl. 19:40, er ikke varslet "
            "til Statens helsetilsyn; varselet skal gis straks, samme dag (helse- og "
            "omsorgstjenesteloven § 12-3 a)"
        )


@pytest.mark.parametrize(
    ("hendt", "oppdaget", "expected"),
    [
        ("2026-11-21", "2026-11-21T08:00", ["hendt 21.11.2026 er etter meldt 20.11.2026"]),
        (
            "2026-11-19T10:00",
            "2026-11-19T09:15",
            ["oppdaget 19.11.2026 kl. 09:15 er før hendt 19.11.2026 kl. 10:00"],
        ),
        ("2026-11-19T09:00", "2026-11-21T08:00", []),  # found after it was reported: allowed
    ],
)
def test_what_happened_comes_before_it_was_found_and_reported(
    make_repo: MakeRepo, hendt: str, oppdaget: str, expected: list[str]
) -> None:
    text = breach(reported="  begrunnelse: x\n", oppdaget=oppdaget)
    text = text.replace("meldt: 2026-11-20\n", f"meldt: 2026-11-20\nhendt: {hendt}\n")
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": text})
    found = [f.message for f in findings(root) if f.code == "B009"]
    assert found == [f"{message}; rett en av datoene" for message in expected]
