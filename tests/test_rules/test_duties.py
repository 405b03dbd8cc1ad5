"""What the law attaches to some avvik: a personal data breach reported to Datatilsynet within
72 hours (F006), a serious injury notified at once (F007), and the rules for closing (B014–B016)."""

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
  oppdaget: 2026-11-19
  risiko: {risiko}
{reported}"""


def _deadlines(root: Path, day: str) -> list[tuple[str, int | None, str]]:
    result = runner.invoke(app, ["--repo", str(root), "check", "--as-of", day, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return [
        (f["kode"], f["linje"], f["melding"])
        for f in json.loads(result.output)["funn"]
        if f["kode"] in ("F006", "F007")
    ]


@pytest.mark.parametrize(
    ("day", "late"),
    [("2026-11-21", False), ("2026-11-22", True), ("2026-12-31", True)],
)
def test_a_breach_not_reported_within_72_hours_is_late(
    make_repo: MakeRepo, day: str, late: bool
) -> None:
    """Discovered on the 19th: the 72 hours have run out on the 22nd."""
    root = make_repo(
        {
            "records/avvik/AVV-2026-0101.yaml": BREACH.format(
                brudd="ja", risiko="risiko", reported=""
            )
        }
    )
    found = _deadlines(root, day)
    assert bool(found) is late
    if late:
        ((code, line, message),) = found
        assert (code, line) == ("F006", 9)
        assert "oppdaget 19.11.2026, er ikke meldt til Datatilsynet" in message


@pytest.mark.parametrize(
    ("brudd", "risiko", "reported"),
    [
        ("ja", "risiko", "  meldt_datatilsynet: 2026-11-21\n"),  # in time
        (
            "ja",
            "risiko",
            "  meldt_datatilsynet: 2026-11-25\n",
        ),  # late, but done: check says no more
        ("ja", "lav", ""),  # low risk: no duty to report
        ("nei", "risiko", ""),  # not a breach
    ],
)
def test_no_finding_when_reported_or_not_a_reportable_breach(
    make_repo: MakeRepo, brudd: str, risiko: str, reported: str
) -> None:
    text = BREACH.format(brudd=brudd, risiko=risiko, reported=reported)
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": text})
    assert _deadlines(root, "2026-12-01") == []


def test_an_unsettled_breach_with_unknown_risk_counts(make_repo: MakeRepo) -> None:
    text = BREACH.format(brudd="uavklart", risiko="risiko", reported="").replace(
        "  risiko: risiko\n", ""
    )
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": text})
    assert [code for code, _, _ in _deadlines(root, "2026-11-22")] == ["F006"]


INJURY = """id: AVV-2026-0102
type: uonsket_hendelse
tittel: Fall fra stige
meldt: 2026-03-02
enhet: OPP-SOL
kategori: hms
status: under_behandling
hms:
  personskade: {skade}
{notified}"""


@pytest.mark.parametrize(
    ("skade", "notified", "on_the_4th"),
    [
        ("alvorlig", "", ["Arbeidstilsynet", "politiet"]),
        ("dodsfall", "  varslet_arbeidstilsynet: 2026-03-02\n", ["politiet"]),
        ("alvorlig", "  varslet_arbeidstilsynet: 2026-03-02\n  varslet_politi: 2026-03-03\n", []),
        ("lettere", "", []),
    ],
)
def test_a_serious_injury_is_notified_by_the_next_day(
    make_repo: MakeRepo, skade: str, notified: str, on_the_4th: list[str]
) -> None:
    root = make_repo(
        {"records/avvik/AVV-2026-0102.yaml": INJURY.format(skade=skade, notified=notified)}
    )
    assert _deadlines(root, "2026-03-03") == []  # the next day is still in time
    found = _deadlines(root, "2026-03-04")
    assert [m.split(" er ikke varslet til ")[1].split(" ")[0] for _, _, m in found] == on_the_4th
    assert all(code == "F007" and line == 9 for code, line, _ in found)
    what = "dødsfallet" if skade == "dodsfall" else "den alvorlige personskaden"
    assert all(m.startswith(f"{what} i «Fall fra stige» er ikke varslet til") for _, _, m in found)


CLOSED = """id: AVV-2026-0103
type: avvik
tittel: Lukket for tidlig
meldt: 2026-03-02
kilde: {kilde}
enhet: OPP-SOL
kategori: tjenestekvalitet
status: lukket
lukket: 2026-04-01
arsaksanalyse: {{rotarsak: Rutinen var ukjent}}
tiltak:
  - {{id: T1, beskrivelse: a, ansvarlig: liv.berg, frist: 2026-05-01, status: {status}}}
  - {{id: T2, beskrivelse: b, ansvarlig: liv.berg, frist: 2026-03-20, status: fullfort,
      fullfort: 2026-03-19{evaluering}}}
"""


@pytest.mark.parametrize(
    ("kilde", "status", "evaluering", "expected"),
    [
        ("ansatt", "pagar", ", evaluering: Virket", [("B014", "feil", ("tiltak", 0, "status"))]),
        ("ansatt", "planlagt", ", evaluering: Virket", [("B014", "feil", ("tiltak", 0, "status"))]),
        ("ansatt", "avbrutt", "", [("B015", "advarsel", ("tiltak", 1, "status"))]),
        ("tilsyn", "avbrutt", ", evaluering: Virket", [("B016", "advarsel", ("status",))]),
        ("ansatt", "avbrutt", ", evaluering: Virket", []),
    ],
)
def test_closing_an_avvik(
    make_repo: MakeRepo,
    kilde: str,
    status: str,
    evaluering: str,
    expected: list[tuple[str, str, tuple]],
) -> None:
    text = CLOSED.format(kilde=kilde, status=status, evaluering=evaluering)
    root = make_repo({"records/avvik/AVV-2026-0103.yaml": text})
    found = [
        (f.code, f.severity, f.path) for f in findings(root) if f.code in ("B014", "B015", "B016")
    ]
    assert found == expected


def test_an_open_avvik_is_not_held_to_the_closing_rules(make_repo: MakeRepo) -> None:
    text = CLOSED.format(kilde="tilsyn", status="pagar", evaluering="")
    text = text.replace("status: lukket\nlukket: 2026-04-01\n", "status: tiltak_iverksatt\n")
    root = make_repo({"records/avvik/AVV-2026-0103.yaml": text})
    assert not [f for f in findings(root) if f.code in ("B014", "B015", "B016")]
