"""What a schema finding says, word for word: the field, what is wrong, and what to write."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from ims_cli.findings import KEY, Finding, Fix
from ims_cli.models.avvik import Avvik
from ims_cli.models.vocabulary import DEFAULT
from ims_cli.rules.schema import VALIDATOR, salvage, schema_findings
from ims_cli.store.load import read_file

BASE = (
    "id: AVV-2026-0100\ntype: avvik\ntittel: Hentebeskjed\nmeldt: 2026-03-01\n"
    "enhet: OPP-SOL\nkategori: tjenestekvalitet\nstatus: meldt\n"
)
TILTAK = (
    "tiltak:\n  - id: T1\n    beskrivelse: Rutine\n    ansvarlig: liv.berg\n    status: pagar\n"
)
SIXTY = "x" * 60


def _found(extra: str, drop: str = "") -> list[tuple[str, str, str | None, object]]:
    text = "".join(line for line in BASE.splitlines(True) if not line.startswith(drop or "\0"))
    result = read_file(
        "records/avvik/AVV-2026-0100.yaml", (text + extra).encode(), VALIDATOR, vocabulary=DEFAULT
    )
    return [(f.code, f.message, f.ref, f.path) for f in result.findings]


@pytest.mark.parametrize(
    ("extra", "drop", "expected"),
    [
        (
            "tittle: x\n",
            "",
            ("S002", "ukjent felt «tittle» – mente du «tittel»?", "AVV-2026-0100"),
        ),
        (
            "årsaksanalyse: {}\n",
            "",
            (
                "S002",
                "ukjent felt «årsaksanalyse»; feltnavn skrives uten æ, ø og å: «arsaksanalyse»",
                "AVV-2026-0100",
            ),
        ),
        ("xyz: 1\n", "", ("S002", "ukjent felt «xyz»", "AVV-2026-0100")),
        (
            "arsaksanalyse:\n  rotårsak: x\n",
            "",
            (
                "S002",
                "ukjent felt «rotårsak»; feltnavn skrives uten æ, ø og å: «rotarsak»",
                "AVV-2026-0100",
            ),
        ),
        (
            TILTAK + "    frist: 2026-05-01\n    ansvarleg: x\n",
            "",
            ("S002", "ukjent felt «ansvarleg» – mente du «ansvarlig»?", "AVV-2026-0100/T1"),
        ),
        (
            TILTAK,
            "",
            ("S001", "påkrevd felt «frist» mangler; legg det til", "AVV-2026-0100/T1"),
        ),
        ("", "tittel", ("S001", "påkrevd felt «tittel» mangler; legg det til", "AVV-2026-0100")),
        ("tittel:\n", "tittel", ("S003", "«tittel» mangler verdi; skriv tekst", "AVV-2026-0100")),
        ('tittel: ""\n', "tittel", ("S003", "«tittel» kan ikke være tom", "AVV-2026-0100")),
        (
            "meldt_av: 123\n",
            "",
            (
                "S003",
                "«meldt_av» må være tekst, ikke «123»; sett verdien i anførselstegn",
                "AVV-2026-0100",
            ),
        ),
        (
            "alvorlighet: høy\n",
            "",
            ("S003", "«alvorlighet» må være et heltall, ikke «høy»", "AVV-2026-0100"),
        ),
        (
            "alvorlighet: true\n",
            "",
            ("S003", "«alvorlighet» må være et heltall, ikke «true»", "AVV-2026-0100"),
        ),
        (
            "alvorlighet: 0\n",
            "",
            ("S003", "«alvorlighet» må være minst 1, ikke 0", "AVV-2026-0100"),
        ),
        (
            "alvorlighet: 6\n",
            "",
            ("S003", "«alvorlighet» kan være høyst 5, ikke 6", "AVV-2026-0100"),
        ),
        (
            f"kilde: {SIXTY}\n",
            "",
            ("S003", f"«{SIXTY}» er ikke gyldig i «kilde»; gyldige verdier: ", "AVV-2026-0100"),
        ),
        (
            f"kilde: {SIXTY}y\n",
            "",
            (
                "S003",
                f"«{SIXTY[:57]}…» er ikke gyldig i «kilde»; gyldige verdier: ",
                "AVV-2026-0100",
            ),
        ),
        (
            "prosess: P-1\n",
            "",
            (
                "S003",
                "«P-1» har feil form for «prosess»; skriv for eksempel PRO-1.1.2",
                "AVV-2026-0100",
            ),
        ),
    ],
)
def test_a_schema_finding_says_what_is_wrong_and_what_to_write(
    extra: str, drop: str, expected: tuple[str, str, str]
) -> None:
    found = _found(extra, drop)
    assert len(found) == 1, found
    code, message, ref, _ = found[0]
    assert (code, message[: len(expected[1])], ref) == expected


class _Alternatives(BaseModel):
    """No record has a field of two shapes without a tag today; the rule holds for one that
    does."""

    model_config = ConfigDict(extra="forbid", strict=True)
    id: str
    verdi: int | list[int]
    status: Literal["ferdig"] | int
    fase: Literal["ferdig"]


def test_a_value_of_neither_alternative_is_one_finding_that_names_both() -> None:
    data = {"id": "X-1", "verdi": "mye", "status": "Ferdig", "fase": "Ferdig"}
    with pytest.raises(ValidationError) as raised:
        _Alternatives.model_validate(data)
    found = schema_findings(raised.value, _Alternatives, data, "x.yaml")
    assert [(f.code, f.path, f.message, f.fix) for f in found] == [
        (
            "S003",
            ("verdi",),
            "«verdi» må være et heltall, ikke «mye» – eller «verdi» må være en liste, ikke «mye»",
            None,
        ),
        (
            "S003",
            ("status",),
            "«Ferdig» er ikke gyldig i «status»; gyldige verdier: ferdig – eller «status» må være "
            "et heltall, ikke «Ferdig»",
            None,  # one alternative's repair is no certain answer
        ),
        (
            "S003",
            ("fase",),
            "«Ferdig» er ikke gyldig i «fase»; gyldige verdier: ferdig – mente du «ferdig»?",
            Fix("Ferdig", "ferdig"),
        ),
    ]


TWO_BAD_TILTAK = {
    "id": "AVV-2026-0100",
    "type": "avvik",
    "tittel": "Hentebeskjed",
    "meldt": "2026-03-01",
    "enhet": "OPP-SOL",
    "kategori": "tjenestekvalitet",
    "status": "meldt",
    "tiltak": [
        {
            "id": "T1",
            "beskrivelse": "A",
            "ansvarlig": "liv.berg",
            "frist": "snart",
            "status": "pagar",
        },
        {
            "id": "T2",
            "beskrivelse": "B",
            "ansvarlig": "liv.berg",
            "frist": "2026-05-01",
            "status": "pagar",
        },
        {
            "id": "T3",
            "beskrivelse": "C",
            "ansvarlig": "liv.berg",
            "frist": "aldri",
            "status": "pagar",
        },
    ],
}


def test_a_record_is_salvaged_without_the_items_that_hold_errors() -> None:
    with pytest.raises(ValidationError) as raised:
        Avvik.model_validate(TWO_BAD_TILTAK)
    saved = salvage(Avvik, TWO_BAD_TILTAK, raised.value)
    assert saved is not None and saved.whole
    assert saved.dropped == (("tiltak", 0), ("tiltak", 2))
    assert [t.id for t in saved.record.tiltak] == ["T2"]  # type: ignore[attr-defined]
    assert saved.in_file(("tiltak", 0, "frist")) == ("tiltak", 1, "frist")

    def about(*path: str | int) -> Finding:
        return Finding("F001", "feil", "x.yaml", "x", path=path)

    # what a rule says about a part left out (or inside it) holds for no record in the file
    assert [
        saved.shown(about(*p)) for p in (("tiltak", 0, "frist"), ("tiltak", 2), ("tiltak",))
    ] == [
        False,
        False,
        False,
    ]
    assert saved.shown(about("tiltak", 1, "frist")) and saved.shown(about("status"))


def test_a_misspelt_key_is_repaired_only_when_the_right_name_is_free() -> None:
    data = {
        **TWO_BAD_TILTAK,
        "tiltak": [
            {
                "id": "T1",
                "beskrivelse": "A",
                "beskrivlese": "B",
                "ansvarlig": "liv.berg",
                "frist": "2026-05-01",
            },
            {"id": "T2", "beskrivlese": "B", "ansvarlig": "liv.berg", "frist": "2026-05-01"},
        ],
    }
    with pytest.raises(ValidationError) as raised:
        Avvik.model_validate(data)
    fixes = {
        f.path: f.fix
        for f in schema_findings(raised.value, Avvik, data, "x.yaml")
        if f.code == "S002"
    }
    assert fixes == {
        # beskrivelse is there already: said, never applied
        ("tiltak", 0, "beskrivlese", KEY): Fix(
            "beskrivlese", "beskrivelse", key=True, applicability="display"
        ),
        ("tiltak", 1, "beskrivlese", KEY): Fix("beskrivlese", "beskrivelse", key=True),
    }
