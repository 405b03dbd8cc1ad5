"""References: every place a record names a unit, person, process, risk, lovkrav, risikobank
category or avvik is checked, reported where it stands with the id of the part it is in, and
the hierarchy of units holds."""

from __future__ import annotations

import pytest

from tests.conftest import MakeRepo, findings

AVVIK = """id: AVV-2026-0101
type: avvik
tittel: Alt peker feil
meldt: 2026-03-01
meldt_av: ukjent.person
enhet: OPP-SOL
kategori: hms
prosess: PRO-9
ros: ROS-2026-0001/R9
lovkrav: [LOV-UKJENT]
status: under_behandling
tiltak:
  - {id: T1, beskrivelse: a, ansvarlig: ukjent.ansvarlig, frist: 2026-05-01, status: pagar}
"""
PLAIN = AVVIK.split("meldt_av", maxsplit=1)[0] + "enhet: OPP-SOL\nkategori: hms\nstatus: meldt\n"
ROS = """id: ROS-2026-0002
tittel: x
omrade: hms
enhet: OPP-SOL
ansvarlig: ukjent.ros
deltakere: [liv.berg, ukjent.deltaker]
dato: 2026-02-01
risikoer:
  - id: R1
    trussel: x
    risikobank: ukjent-kategori
    lovkrav: [LOV-UKJENT-2]
    avvik: [AVV-2026-0999]
    sannsynlighet: 1
    konsekvens: 1
"""
PROSESS = """---
id: PRO-2
tittel: x
type: hovedprosess
eier: ukjent.eier
godkjent_av: ukjent.godkjenner
versjon: 1
godkjent: 2026-01-10
lovkrav: [LOV-UKJENT-3]
risikoer: [ROS-2099-0001/R1]
endringslogg:
  - {versjon: 1, dato: 2026-01-10, av: ukjent.forfatter, beskrivelse: Ny}
---
# Formål
"""
LA = """id: LA-2026-0001
aar: 2026
enhet: OPP-SOL
leder: ukjent.leder
overordnet: ukjent.overordnet
"""
REV = """id: REV-2026-0001
type: intern_revisjon
tittel: x
enhet: OPP-SOL
planlagt: 2026-03-01
funn:
  - {id: F1, type: avvik, beskrivelse: x, avvik: AVV-2026-0998, lovkrav: [LOV-UKJENT-4]}
"""
LG = """id: LG-2026-0001
niva: virksomhet
enhet: UKJENT-ENHET
dato: 2026-06-01
deltakere: [ukjent.deltaker2]
"""


def test_every_place_a_record_refers_from_is_checked(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/avvik/AVV-2026-0101.yaml": AVVIK,
            "records/ros/ROS-2026-0002.yaml": ROS,
            "records/prosesser/2-x.md": PROSESS,
            "records/lederavtaler/LA-2026-0001.yaml": LA,
            "records/revisjoner/REV-2026-0001.yaml": REV,
            "records/lg/LG-2026-0001.yaml": LG,
        }
    )
    found = {(f.code, f.file.rpartition("/")[2], f.path, f.ref) for f in findings(root)}
    references = {f for f in found if f[0].startswith("R")}
    assert references == {
        ("R002", "AVV-2026-0101.yaml", ("meldt_av",), "AVV-2026-0101"),
        ("R003", "AVV-2026-0101.yaml", ("prosess",), "AVV-2026-0101"),
        ("R004", "AVV-2026-0101.yaml", ("ros",), "AVV-2026-0101"),
        ("R005", "AVV-2026-0101.yaml", ("lovkrav", 0), "AVV-2026-0101"),
        ("R002", "AVV-2026-0101.yaml", ("tiltak", 0, "ansvarlig"), "AVV-2026-0101/T1"),
        ("R002", "ROS-2026-0002.yaml", ("ansvarlig",), "ROS-2026-0002"),
        ("R002", "ROS-2026-0002.yaml", ("deltakere", 1), "ROS-2026-0002"),
        ("R006", "ROS-2026-0002.yaml", ("risikoer", 0, "risikobank"), "ROS-2026-0002/R1"),
        ("R005", "ROS-2026-0002.yaml", ("risikoer", 0, "lovkrav", 0), "ROS-2026-0002/R1"),
        ("R007", "ROS-2026-0002.yaml", ("risikoer", 0, "avvik", 0), "ROS-2026-0002/R1"),
        ("R002", "2-x.md", ("eier",), "PRO-2"),
        ("R002", "2-x.md", ("godkjent_av",), "PRO-2"),
        ("R002", "2-x.md", ("endringslogg", 0, "av"), "PRO-2"),
        ("R005", "2-x.md", ("lovkrav", 0), "PRO-2"),
        ("R004", "2-x.md", ("risikoer", 0), "PRO-2"),
        ("R002", "LA-2026-0001.yaml", ("leder",), "LA-2026-0001"),
        ("R002", "LA-2026-0001.yaml", ("overordnet",), "LA-2026-0001"),
        ("R007", "REV-2026-0001.yaml", ("funn", 0, "avvik"), "REV-2026-0001/F1"),
        ("R005", "REV-2026-0001.yaml", ("funn", 0, "lovkrav", 0), "REV-2026-0001/F1"),
        ("R001", "LG-2026-0001.yaml", ("enhet",), "LG-2026-0001"),
        ("R002", "LG-2026-0001.yaml", ("deltakere", 0), "LG-2026-0001"),
    }


def _messages(root: object) -> dict[str, str]:
    return {f.code: f.message for f in findings(root) if f.code.startswith("R")}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ros", "message"),
    [
        ("ROS-2026-0001/R9", "ROS-en ROS-2026-0001 har ingen risiko «R9»; bruk en av: R1, R2"),
        ("ROS-2026-0009/R1", "ROS-en «ROS-2026-0009» finnes ikke – mente du «ROS-2026-0001»?"),
        (
            "ROS-2019-7777/R1",
            "ROS-en «ROS-2019-7777» finnes ikke; skriv id-en til en ROS som finnes "
            "(«ims list ros» viser dem)",
        ),
    ],
)
def test_a_missing_risk_of_a_known_ros_is_not_a_missing_ros(
    make_repo: MakeRepo, ros: str, message: str
) -> None:
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": PLAIN + f"ros: {ros}\n"})
    assert _messages(root)["R004"] == message


def test_a_reference_with_no_close_match_says_what_to_do(make_repo: MakeRepo) -> None:
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": PLAIN + "meldt_av: ukjent.person\n"})
    assert _messages(root)["R002"] == (
        "personen «ukjent.person» finnes ikke under personer i records/organisasjon.yaml; "
        "bruk id-en til en person derfra, eller legg personen til"
    )


def test_a_process_is_suggested_by_its_id(make_repo: MakeRepo) -> None:
    avvik = PLAIN
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": avvik + "prosess: PRO-1.2\n"})
    assert _messages(root)["R003"] == "prosessen «PRO-1.2» finnes ikke – mente du «PRO-1.1»?"


def test_without_a_lovkrav_register_a_lovkrav_cannot_be_looked_up(make_repo: MakeRepo) -> None:
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": AVVIK})
    (root / "records/lovkrav.yaml").unlink()
    assert _messages(root)["R005"] == (
        "lovkravet «LOV-UKJENT» kan ikke slås opp: records/lovkrav.yaml finnes ikke; "
        "lag registeret (se README) eller fjern henvisningen"
    )


def test_a_reference_to_an_unreadable_record_says_so(make_repo: MakeRepo) -> None:
    avvik = PLAIN
    root = make_repo(
        {
            "records/avvik/AVV-2026-0101.yaml": avvik + "prosess: PRO-7\n",
            "records/prosesser/7-brutt.md": "---\nid: PRO-7\ntittel: [\n---\n",
            "records/notat.yaml": "a: [\n",  # another broken file, named by nothing
            "records/avvik/AVV-2026-0102.yaml": avvik.replace("0101", "0102") + "prosess: PRO-8\n",
        }
    )
    found = {f.file.rpartition("/")[2]: f.message for f in findings(root) if f.code == "R003"}
    assert found["AVV-2026-0101.yaml"].startswith("prosessen «PRO-7» kan ikke leses:")
    assert found["AVV-2026-0102.yaml"].startswith("prosessen «PRO-8» finnes ikke")


ORG = """enheter:
  - {id: KD, navn: K, niva: kommune, leder: ukjent.leder}
  - {id: OPP, navn: O, niva: tjenesteomrade, overordnet: KD}
  - {id: OPP-SOL, navn: S, niva: virksomhet, overordnet: OPP}
  - {id: LØS, navn: L, niva: virksomhet}
  - {id: SAMME, navn: Samme, niva: tjenesteomrade, overordnet: OPP}
personer:
  - {id: liv.berg, navn: Liv Berg}
"""


def test_the_units_hang_together(make_repo: MakeRepo) -> None:
    root = make_repo({"records/organisasjon.yaml": ORG})
    found = {
        (f.code, f.path, f.ref) for f in findings(root) if f.file.endswith("organisasjon.yaml")
    }
    assert ("R002", ("enheter", 0, "leder"), "KD") in found
    assert ("R008", ("enheter", 3), "LØS") in found  # a virksomhet with no unit above it
    assert ("R008", ("enheter", 4, "niva"), "SAMME") in found  # the same level as its parent
    assert not any(ref in ("OPP", "OPP-SOL") for _, _, ref in found)


def test_without_organisasjon_yaml_it_is_asked_for(make_repo: MakeRepo) -> None:
    root = make_repo()
    (root / "records/organisasjon.yaml").unlink()
    assert "R009" in {f.code for f in findings(root)}


def test_a_unit_or_person_twice_in_the_register(make_repo: MakeRepo) -> None:
    twice = ORG + "  - {id: liv.berg, navn: Liv Berg igjen}\n"
    root = make_repo({"records/organisasjon.yaml": twice})
    assert ("I004", ("personer", 1, "id"), "liv.berg") in {
        (f.code, f.path, f.ref) for f in findings(root)
    }


REVISJON = """id: REV-2026-0001
type: intern_revisjon
tittel: Legemidler
enhet: OPP-SOL
planlagt: 2026-04-01
gjennomfort: 2026-04-03
funn:
  - {id: F1, type: avvik, beskrivelse: Listen var ikke signert, avvik: AVV-2026-0201}
  - {id: F2, type: avvik, beskrivelse: Skapet var ulåst}
"""


def _from_finding(avvik_id: str, funn: str) -> str:
    return (
        f"id: {avvik_id}\ntype: revisjonsfunn\ntittel: Fra revisjonen\nmeldt: 2026-04-03\n"
        f"kilde: intern_revisjon\nfunn: {funn}\nenhet: OPP-SOL\nkategori: hms\nstatus: meldt\n"
    )


def test_two_avvik_following_up_one_finding_are_both_named(make_repo: MakeRepo) -> None:
    """As two `ims revisjon avvik` at once left it before they waited for each other."""
    root = make_repo(
        {
            "records/revisjoner/REV-2026-0001.yaml": REVISJON,
            "records/avvik/AVV-2026-0201.yaml": _from_finding("AVV-2026-0201", "REV-2026-0001/F1"),
            "records/avvik/AVV-2026-0202.yaml": _from_finding("AVV-2026-0202", "REV-2026-0001/F1"),
            "records/avvik/AVV-2026-0203.yaml": _from_finding("AVV-2026-0203", "REV-2026-0001/F2"),
        }
    )
    found = [(f.code, f.file, f.line, f.column, f.ref, f.message) for f in findings(root)]
    assert found == [
        (
            "R011",
            f"records/avvik/AVV-2026-{mine}.yaml",
            6,
            7,
            f"AVV-2026-{mine}",
            f"funn REV-2026-0001/F1 følges også opp av AVV-2026-{other}; ett funn skal ha ett "
            "avvik: slå avvikene sammen, eller rett «funn» i det som gjelder et annet funn",
        )
        for mine, other in (("0201", "0202"), ("0202", "0201"))
    ]


def test_each_persons_epost_is_exactly_one_address(make_repo: MakeRepo) -> None:
    """«ims varsel» sends to it: two addresses would both get the reminder, an invisible
    character broke every message."""
    org = (
        "enheter:\n  - {id: KD, navn: Kommunedirektøren, niva: kommune, leder: kari.nordmann}\n"
        "personer:\n"
        "  - {id: kari.nordmann, navn: Kari Nordmann, epost: kari.nordmann@kommune.no}\n"
        '  - {id: liv.berg, navn: Liv Berg, epost: "a@x.no, spy@evil.example"}\n'
        '  - {id: per.lie, navn: Per Lie, epost: "per\\u2028@kommune.no"}\n'
        "  - {id: ola.hansen, navn: Ola Hansen, epost: ola.hansen}\n"
    )
    root = make_repo({"records/organisasjon.yaml": org})
    found = [
        (f.code, f.line, f.column, f.ref, f.message)
        for f in findings(root)
        if f.file == "records/organisasjon.yaml"
    ]
    advice = "; skriv én adresse, som kari.nordmann@kommune.no"
    assert found == [
        (
            "S003",
            5,
            43,
            "liv.berg",
            "«epost» for liv.berg: «a@x.no, spy@evil.example» er mer enn én adresse" + advice,
        ),
        (
            "S003",
            6,
            41,
            "per.lie",
            "«epost» for per.lie: «per<U+2028>@kommune.no» har et usynlig tegn (U+2028)" + advice,
        ),
        (
            "S003",
            7,
            47,
            "ola.hansen",
            "«epost» for ola.hansen: «ola.hansen» er ikke en e-postadresse (navn@domene.no)"
            + advice,
        ),
    ]
