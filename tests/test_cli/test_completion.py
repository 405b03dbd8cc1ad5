"""Tab completion of what commands take (cli.completion): kinds, ids, references, units, people,
categories and fixed values, from the repository's index, and never an error in the shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner

from ims_cli.analytics.tiltak import sources
from ims_cli.cli import check, completion, puff
from ims_cli.cli.app import app
from ims_cli.confidentiality import AUDIENCES
from ims_cli.indexed import load_data, load_named, load_registers, load_tiltak_data
from ims_cli.kinds import KINDS, names
from ims_cli.models.avvik import AvvikType
from ims_cli.models.common import TiltakStatus, TiltakType
from ims_cli.models.revisjon import RevisjonType
from ims_cli.models.ros import Omrade
from ims_cli.models.vocabulary import DEFAULT
from ims_cli.render.registry import CHECK, DIFF, LIST, VALIDATE
from ims_cli.store.index import REGISTERS_ONLY, Select, location
from tests.conftest import MakeRepo, only_file

TILTAK = """\
id: AVV-2026-0101
type: avvik
tittel: Legemiddel gitt for sent
meldt: 2026-03-02
enhet: OPP-SOL
kategori: tjenestekvalitet
status: under_behandling
tiltak:
  - {id: T1, beskrivelse: Ny rutine for utdeling, ansvarlig: liv.berg, frist: 2026-06-01,
     status: planlagt}
  - {id: T2, beskrivelse: Opplæring av   nattevakter, ansvarlig: liv.berg, frist: 2026-05-01,
     status: fullfort, fullfort: 2026-04-20}
  - {id: T3, beskrivelse: Ny tavle, ansvarlig: liv.berg, frist: 2026-05-01, status: avbrutt,
     avbrutt: {dato: 2026-04-01, begrunnelse: Erstattet av T1}}
"""
GRADED = """\
id: AVV-2026-0102
type: avvik
tittel: Opplysninger om 01019000083 sendt til feil mottaker
meldt: 2026-03-03
enhet: OPP-SOL
kategori: personvern
status: meldt
gradering: fortrolig
personvern: {brudd: uavklart, oppdaget: 2026-03-03}
"""
BRACKETS = """\
id: AVV-2026-0103
type: avvik
tittel: Skjema [/x] mangler felt
meldt: 2026-03-04
enhet: OPP
kategori: hms
status: meldt
"""
SETTLED = """\
id: AVV-2026-0104
type: avvik
tittel: Port stod åpen
meldt: 2026-02-01
enhet: OPP-SOL
kategori: hms
status: lukket
lukket: 2026-03-01
arsaksanalyse: {rotarsak: Lås var ødelagt}
tiltak:
  - {id: T1, beskrivelse: Ny lås, ansvarlig: liv.berg, frist: 2026-02-15, status: fullfort,
     fullfort: 2026-02-10}
"""
SELF_ASSESSMENT = """\
id: EV-2026-0001
enhet: OPP
dato: 2026-08-28
vurdert_av: [ola.hansen]
omrader:
  - {omrade: risikostyring, na: 3, ambisjon: 4}
  - omrade: avvikshandtering
    na: 2
    ambisjon: 4
    tiltak:
      - {id: T1, beskrivelse: Læringsnettverk, ansvarlig: ola.hansen, frist: 2027-02-01,
         status: planlagt}
"""
AGREEMENT = """\
id: LA-2026-0001
aar: 2026
enhet: OPP-SOL
leder: liv.berg
overordnet: ola.hansen
mal:
  - {id: M1, fokusomrade: brukere, beskrivelse: Foresattes tilfredshet, indikator: Snitt 1–6,
     retning: hoyere_er_bedre, malverdi: 5.0, akseptabelt: 4.5}
  - {id: M2, fokusomrade: medarbeidere, beskrivelse: Sykefravær, indikator: Prosent,
     retning: lavere_er_bedre, malverdi: 6.0, akseptabelt: 8.0}
"""
AUDIT = """\
id: REV-2026-0001
type: tilsyn
tittel: Tilsyn med barnehagen
enhet: OPP-SOL
planlagt: 2026-04-01
gjennomfort: 2026-04-02
funn:
  - {id: F1, type: avvik, beskrivelse: Mangler rutine for henting}
  - {id: F2, type: merknad, beskrivelse: Oppslag på feil sted}
  - {id: F3, type: avvik, beskrivelse: Hentebeskjed ikke gitt videre, avvik: AVV-2026-0100}
"""


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    """The base repository (AVV-2026-0100, ROS-2026-0001 with R1, R2 and R2/T1 pagar, PRO-1.1)
    with tiltak of every status, a graded avvik, a settled one (lukket, its tiltak fullført), a
    lederavtale, a revisjon and an egenvurdering."""
    return make_repo(
        {
            "records/avvik/AVV-2026-0101.yaml": TILTAK,
            "records/avvik/AVV-2026-0102.yaml": GRADED,
            "records/avvik/AVV-2026-0103.yaml": BRACKETS,
            "records/avvik/AVV-2026-0104.yaml": SETTLED,
            "records/lederavtaler/LA-2026-0001.yaml": AGREEMENT,
            "records/revisjoner/REV-2026-0001.yaml": AUDIT,
            "records/egenvurderinger/EV-2026-0001.yaml": SELF_ASSESSMENT,
        }
    )


EVERY = Select(every_id=False)  # every valid record
AVVIK = [f"AVV-2026-010{n}" for n in range(5)]


# ---------------------------------------------------------------- the plain functions


def test_offered_keeps_what_starts_with_the_word_once_with_its_help() -> None:
    found = [("OPP", "Oppvekst", None), ("KD", "Kommune", None), ("OPP-SOL", "Sol", "fortrolig")]
    found.append(("OPP", "igjen", None))
    assert completion.offered(found, "OPP") == [("OPP", "Oppvekst"), ("OPP-SOL", "(gradert)")]
    assert [v for v, _ in completion.offered(found, "")] == ["OPP", "KD", "OPP-SOL"]
    assert [v for v, _ in completion.offered(found, "", str)] == ["KD", "OPP", "OPP-SOL"]
    assert completion.offered(found, "opp") == []


def test_help_is_one_short_line_without_graded_text_national_ids_or_markup() -> None:
    assert completion.shown("Opplæring av\n  nattevakter") == "Opplæring av nattevakter"
    assert completion.shown("Hemmelig", "fortrolig") == "(gradert)"
    assert completion.shown("Fnr 01019000083 i loggen") == "Fnr 010190***** i loggen"
    assert completion.shown("Skjema [/x] mangler") == "Skjema (/x) mangler"
    assert completion.shown("Navn\x1b]0;tittel\x07 her") == "Navn?)0;tittel? her"
    long = completion.shown("ord " * 40)
    assert (len(long), long[-1]) == (completion.HELP_WIDTH, "…")
    assert completion.shown(None) == ""


def test_record_ids_with_their_titles_from_the_index(repo: Path) -> None:
    rows = load_named(repo, select=EVERY)
    assert completion.records(rows, "AVV-2026-010") == [
        ("AVV-2026-0100", "Hentebeskjed ikke gitt videre"),
        ("AVV-2026-0101", "Legemiddel gitt for sent"),
        ("AVV-2026-0102", "(gradert)"),
        ("AVV-2026-0103", "Skjema (/x) mangler felt"),
        ("AVV-2026-0104", "Port stod åpen"),
    ]
    assert [i for i, _ in completion.records(rows, "")] == [
        *AVVIK,
        "EV-2026-0001",
        "LA-2026-0001",
        "PRO-1.1",
        "REV-2026-0001",
        "ROS-2026-0001",
    ]


def test_tiltak_references_by_what_the_command_can_do_with_them(repo: Path) -> None:
    rows = load_tiltak_data(repo, select=EVERY)
    assert completion.tiltak_refs(rows, {"planlagt", "pagar"}, "") == [
        ("AVV-2026-0101/T1", "Ny rutine for utdeling"),
        ("EV-2026-0001/T1", "Læringsnettverk"),
        ("ROS-2026-0001/T1", "Opplæring"),
    ]
    assert completion.tiltak_refs(rows, {"fullfort"}, "") == [
        ("AVV-2026-0101/T2", "Opplæring av nattevakter"),
        ("AVV-2026-0104/T1", "Ny lås"),
    ]
    assert completion.tiltak_refs(rows, {"planlagt", "pagar"}, "ROS") == [
        ("ROS-2026-0001/T1", "Opplæring")
    ]
    assert completion.tiltak_refs(rows, {"planlagt", "pagar"}, "AVV-2026-0101/T2") == []
    numbered = [{"id": f"T{n}", "status": "planlagt"} for n in (10, 2, 1)]
    assert [
        ref
        for ref, _ in completion.tiltak_refs([("AVV-2026-0001", None, numbered)], {"planlagt"}, "")
    ] == [
        "AVV-2026-0001/T1",
        "AVV-2026-0001/T2",
        "AVV-2026-0001/T10",
    ]


def test_risks_areas_goals_and_findings_as_references(repo: Path) -> None:
    named = load_named(repo, select=EVERY)
    title = "Tjenesteleveranse i Solstrand barnehage"
    assert completion.part_refs_of(named, "ROS") == [
        ("ROS-2026-0001/R1", title),
        ("ROS-2026-0001/R2", title),
    ]
    assert completion.parts_of(named, "ROS-2026-0001", "") == [("R1", title), ("R2", title)]
    assert completion.parts_of(named, "ROS-2026-0001", "R2") == [("R2", title)]
    assert completion.parts_of(named, "AVV-2026-0100", "") == []
    assert [part for part, _ in completion.parts_of(named, "EV-2026-0001", "")] == [
        "risikostyring",
        "avvikshandtering",
    ]
    assert [ref for ref, _ in completion.tiltak_owners(named, "")] == [
        *AVVIK,
        "EV-2026-0001/avvikshandtering",
        "EV-2026-0001/risikostyring",
        "LA-2026-0001",
        "ROS-2026-0001/R1",
        "ROS-2026-0001/R2",
    ]
    agreements = load_data(repo, select=Select(frozenset({"lederavtale"}), every_id=False))
    assert completion.part_refs(agreements, "mal", "LA") == [
        ("LA-2026-0001/M1", "Foresattes tilfredshet"),
        ("LA-2026-0001/M2", "Sykefravær"),
    ]
    audits = load_data(repo, select=Select(frozenset({"revisjon"}), every_id=False))
    every_finding = completion.part_refs(audits, "funn", "")
    assert [ref for ref, _ in every_finding] == [f"REV-2026-0001/F{n}" for n in (1, 2, 3)]
    open_ones = completion.part_refs(audits, "funn", "", keep=completion._open_finding)
    assert open_ones == [("REV-2026-0001/F1", "Mangler rutine for henting")]


def test_units_and_people_from_organisasjon(repo: Path) -> None:
    org = load_registers(repo, select=REGISTERS_ONLY).organisasjon
    assert completion.units(org, "OPP") == [("OPP", "Oppvekst"), ("OPP-SOL", "Solstrand barnehage")]
    assert completion.people(org, "l") == [("liv.berg", "Liv Berg")]
    assert [p for p, _ in completion.people(org, "", completion.REPORTERS)][-2:] == [
        "innbygger",
        "anonym",
    ]
    assert completion.units(None, "") == []


# ---------------------------------------------------------------- through typer's protocol


def complete(root: Path | None, words: str, shell: str = "bash") -> list[str]:
    """What Tab offers after `words`, through _IMS_COMPLETE in this process, the repository
    given by IMS_REPO (None: none). Nothing may be printed besides."""
    current = len(words.split()) - (0 if words.endswith(" ") else 1)
    env: dict[str, str | None] = {"_IMS_COMPLETE": f"complete_{shell}", "COMP_CWORD": str(current)}
    env["COMP_WORDS" if shell == "bash" else "_TYPER_COMPLETE_ARGS"] = words
    env["IMS_REPO"] = str(root) if root else None
    result = CliRunner().invoke(app, [], env=env, prog_name="ims")
    assert (result.exit_code, result.stderr) == (0, "")
    return [line for line in result.stdout.splitlines() if line]


AREAS = ["EV-2026-0001/avvikshandtering", "EV-2026-0001/risikostyring"]
OPEN = ["AVV-2026-0101/T1", "EV-2026-0001/T1", "ROS-2026-0001/T1"]
PEOPLE = ["kari.nordmann", "ola.hansen", "liv.berg"]
UNITS = ["KD", "OPP", "OPP-SOL"]


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("ims show AVV", AVVIK),
        ("ims show P", ["PRO-1.1"]),
        ("ims log R", ["REV-2026-0001", "ROS-2026-0001"]),
        ("ims avvik status ", AVVIK),
        ("ims tiltak done ", OPEN),
        ("ims tiltak move A", ["AVV-2026-0101/T1"]),
        ("ims tiltak avbryt ", OPEN),
        ("ims tiltak evaluer ", ["AVV-2026-0101/T2", "AVV-2026-0104/T1"]),
        (
            "ims tiltak add ",
            [*AVVIK, *AREAS, "LA-2026-0001", "ROS-2026-0001/R1", "ROS-2026-0001/R2"],
        ),
        ("ims tiltak add E", AREAS),
        ("ims tiltak add ROS-2026-0001 --risiko ", ["R1", "R2"]),
        ("ims tiltak add ROS-2026-0001 --risiko R2", ["R2"]),
        ("ims tiltak add EV-2026-0001 --omrade ", ["risikostyring", "avvikshandtering"]),
        ("ims tiltak add EV-2026-0001 --risiko ", []),
        ("ims tiltak add ROS-2026-0001 --omrade ", []),
        ("ims ros vurder ", ["ROS-2026-0001/R1", "ROS-2026-0001/R2"]),
        ("ims ros evaluert ", ["ROS-2026-0001"]),
        ("ims lederavtale dialog ", ["LA-2026-0001"]),
        ("ims lederavtale signer L", ["LA-2026-0001"]),
        ("ims lederavtale resultat ", ["LA-2026-0001/M1", "LA-2026-0001/M2"]),
        ("ims revisjon avvik ", ["REV-2026-0001/F1"]),
        ("ims export ros ", ["ROS-2026-0001"]),
        ("ims risk matrix ", ["ROS-2026-0001"]),
        ("ims import ros skjema.xlsx --id ", ["ROS-2026-0001"]),
        ("ims list --enhet OPP", ["OPP", "OPP-SOL"]),
        ("ims puff --enhet ", UNITS),
        ("ims report lg --enhet K", ["KD"]),
        ("ims new avvik --enhet ", UNITS),
        ("ims import ros skjema.xlsx --enhet ", UNITS),
        ("ims tiltak list --ansvarlig ", PEOPLE),
        ("ims tiltak add AVV-2026-0101 --ansvarlig o", ["ola.hansen"]),
        ("ims new ros --ansvarlig ", PEOPLE),
        ("ims new prosess --eier k", ["kari.nordmann"]),
        ("ims new lederavtale --leder ", PEOPLE),
        ("ims new lederavtale --overordnet ", PEOPLE),
        ("ims new avvik --meldt-av ", [*PEOPLE, "innbygger", "anonym"]),
        ("ims risk top --risikobank ", ["personvern"]),
    ],
)
def test_tab_completes_what_the_repository_holds(
    repo: Path, words: str, offered: list[str]
) -> None:
    assert complete(repo, words) == offered


def test_a_kind_a_category_and_the_fixed_values_are_those_the_command_accepts(repo: Path) -> None:
    cases = {
        "ims new ": list(names()),
        "ims list ": list(names()),
        "ims list --status ": list(dict.fromkeys(s for k in KINDS for s in k.statuses)),
        "ims new avvik --kategori ": list(DEFAULT.avvik_kategori),
        "ims stats --kategori ": list(DEFAULT.avvik_kategori),
        "ims revisjon avvik REV-2026-0001/F1 --kategori ": list(DEFAULT.avvik_kategori),
        "ims new avvik --type ": list(get_args(AvvikType)),
        "ims new revisjon --enhet OPP --type ": list(get_args(RevisjonType)),
        "ims stats --type ": list(get_args(AvvikType)),
        "ims avvik status AVV-2026-0100 ": list(DEFAULT.avvik_status),
        "ims export avvik --status ": list(DEFAULT.avvik_status),
        "ims new ros --omrade ": list(get_args(Omrade)),
        "ims risk matrix --omrade ": list(get_args(Omrade)),
        "ims tiltak list --status ": list(get_args(TiltakStatus)),
        "ims tiltak list --kilde ": list(sources()),
        "ims tiltak add AVV-2026-0100 --type ": list(get_args(TiltakType)),
        "ims check --format ": list(CHECK.formats),
        "ims validate --format ": list(VALIDATE.formats),
        "ims list --format ": list(LIST.formats),
        "ims check --fail-on ": list(check.FAIL_ON),
        "ims diff --format ": list(DIFF.formats),
        "ims puff --sorter ": list(puff.ORDERS),
        "ims export tiltak --publikum ": list(AUDIENCES),
        "ims site --publikum a": ["apen"],
    }
    assert {words: complete(repo, words) for words in cases} == cases


def test_categories_and_statuses_are_the_repository_s_own_words(repo: Path) -> None:
    """A kommune's `verdier:` in ims.yaml are what Tab offers, as the commands accept them."""
    config = repo / "ims.yaml"
    config.write_text(
        config.read_text("utf-8")
        + "verdier:\n  avvik_kategori: [hms, trygghet]\n"
        + "  avvik_status: [meldt, vurdert, lukket]\n",
        "utf-8",
    )
    assert complete(repo, "ims new avvik --kategori ") == ["hms", "trygghet"]
    assert complete(repo, "ims avvik status AVV-2026-0100 v") == ["vurdert"]


def test_the_repository_is_found_as_for_any_command(
    repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert complete(None, f"ims --repo {repo} show L") == ["LA-2026-0001"]
    assert complete(None, f"ims show --repo {repo} L") == ["LA-2026-0001"]
    monkeypatch.chdir(repo / "records" / "avvik")
    assert complete(None, "ims show L") == ["LA-2026-0001"]
    monkeypatch.chdir(tmp_path)  # no ims.yaml here or above: nothing, and no error
    assert complete(None, "ims show ") == []
    assert complete(tmp_path / "nowhere", "ims list --enhet ") == []


def test_zsh_and_fish_show_the_help_and_a_bracket_in_a_title_breaks_nothing(repo: Path) -> None:
    assert complete(repo, "ims show AVV-2026-0103", "zsh") == [
        """_arguments '*: :(("AVV-2026-0103":"Skjema (/x) mangler felt"))'"""
    ]
    assert complete(repo, "ims show AVV-2026-0102", "zsh") == [
        """_arguments '*: :(("AVV-2026-0102":"(gradert)"))'"""
    ]


def test_a_broken_register_or_index_completes_nothing_or_quietly_anew(
    repo: Path, private_cache: Path
) -> None:
    assert complete(repo, "ims show L") == ["LA-2026-0001"]
    index = location(repo)
    assert index is not None and index.is_file()
    index.write_bytes(b"not an index")
    assert complete(repo, "ims show L") == ["LA-2026-0001"]  # made anew, without a note
    (repo / "records" / "organisasjon.yaml").write_text("enheter: [\n", encoding="utf-8")
    assert complete(repo, "ims list --enhet ") == []
    assert complete(repo, "ims show L") == ["LA-2026-0001"]


# ---------------------------------------------------------------- as the shell runs it


def test_bash_completes_ids_units_and_tiltak_of_what_ims_init_wrote(tmp_path: Path) -> None:
    """The installed ims, run as bash runs it on Tab, in a repository from «ims init --eksempel»:
    only the candidates on stdout, nothing on stderr."""
    env = {k: v for k, v in os.environ.items() if k != "IMS_REPO"}
    made = subprocess.run(
        [sys.executable, "-m", "ims_cli", "init", "--eksempel", str(tmp_path / "arkiv")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr

    def tab(words: str, where: Path) -> tuple[list[str], str]:
        current = len(words.split()) - (0 if words.endswith(" ") else 1)
        shell = {**env, "_IMS_COMPLETE": "complete_bash", "COMP_WORDS": words}
        shell["COMP_CWORD"] = str(current)
        done = subprocess.run(
            [sys.executable, "-m", "ims_cli"],
            env=shell,
            cwd=where,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0
        return done.stdout.split(), done.stderr

    inside = tmp_path / "arkiv" / "records"
    avvik = Path(only_file(tmp_path / "arkiv", "records/avvik/*/AVV-*.yaml")).stem
    assert tab("ims show AVV", inside) == ([avvik], "")
    assert tab("ims list --enhet OPP", inside) == (["OPP", "OPP-SOLSTRAND"], "")
    assert tab("ims tiltak done AVV", inside) == ([f"{avvik}/T1"], "")
    assert tab("ims tiltak done ", tmp_path) == ([], "")  # outside any repository
