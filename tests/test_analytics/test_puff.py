"""PUFF: a unit built to be green in every phase, one built to be red, rules, aggregation."""

from __future__ import annotations

import json
import marshal
from datetime import date

import pytest
from typer.testing import CliRunner

from ims_cli.analytics.puff import PHASES, Marks, UnitPuff, puff, standings
from ims_cli.cli.app import app
from ims_cli.indexed import load_repository
from ims_cli.store.load import Repository
from tests.conftest import PROJECT, MakeRepo

DAY = date(2026, 5, 15)
ORG = """enheter:
  - {id: KD, navn: Kommunedirektøren, niva: kommune, leder: kari.nordmann}
  - {id: OPP, navn: Oppvekst, niva: tjenesteomrade, overordnet: KD, leder: ola.hansen}
  - {id: OPP-SOL, navn: Solstrand barnehage, niva: virksomhet, overordnet: OPP, leder: liv.berg}
  - {id: OPP-RED, navn: Rødt, niva: virksomhet, overordnet: OPP, leder: liv.berg}
personer:
  - {id: kari.nordmann, navn: Kari Nordmann}
  - {id: ola.hansen, navn: Ola Hansen}
  - {id: liv.berg, navn: Liv Berg}
"""


def judged(repo: Repository, day: date) -> list[UnitPuff]:
    assert repo.organisasjon is not None
    return puff(standings(repo.records, repo.config), repo.config, repo.organisasjon, day)


def ros(number: int, unit: str, area: str, dato: str = "2026-02-01") -> str:
    return (
        f"id: ROS-2026-{number:04d}\ntittel: x\nomrade: {area}\nenhet: {unit}\n"
        f"ansvarlig: liv.berg\ndato: {dato}\nrisikoer:\n  - {{id: R1, trussel: x, "
        "sannsynlighet: 1, konsekvens: 1}\n"
    )


GREEN = {
    "records/organisasjon.yaml": ORG,
    "records/avvik/AVV-2026-0100.yaml": (
        "id: AVV-2026-0100\ntype: avvik\ntittel: x\nmeldt: 2026-03-01\nenhet: OPP-SOL\n"
        "kategori: hms\nstatus: lukket\nlukket: 2026-03-20\narsaksanalyse: {rotarsak: Rutine}\n"
        "tiltak:\n  - {id: T1, beskrivelse: a, ansvarlig: liv.berg, frist: 2026-03-15, "
        "status: fullfort, fullfort: 2026-03-14, evaluering: Virket}\n"
    ),
    "records/ros/ROS-2026-0002.yaml": ros(2, "OPP-SOL", "hms"),
    "records/ros/ROS-2026-0003.yaml": ros(3, "OPP-SOL", "beredskap"),
    "records/LA-2026-0001.yaml": (
        "id: LA-2026-0001\naar: 2026\nenhet: OPP-SOL\nleder: liv.berg\noverordnet: ola.hansen\n"
        "signert: {leder: 2026-01-10, overordnet: 2026-01-12}\nmal:\n  - {id: M1, fokusomrade: "
        "brukere, beskrivelse: x, malverdi: 5, resultater: [{periode: 2026-T1, verdi: 5}]}\n"
        "lederdialog: [{dato: 2026-01-20}]\n"
    ),
    "records/REV-2026-0001.yaml": (
        "id: REV-2026-0001\ntype: intern_revisjon\ntittel: x\nenhet: OPP-SOL\n"
        "planlagt: 2026-04-01\ngjennomfort: 2026-04-02\n"
    ),
    "records/LG-2026-0001.yaml": (
        "id: LG-2026-0001\nniva: virksomhet\nenhet: OPP-SOL\ndato: 2026-01-15\nbeslutninger:\n"
        "  - {id: T1, beskrivelse: b, ansvarlig: liv.berg, frist: 2026-06-01, status: pagar}\n"
    ),
}
RED = {
    "records/LA-2026-0002.yaml": (
        "id: LA-2026-0002\naar: 2026\nenhet: OPP-RED\nleder: liv.berg\noverordnet: ola.hansen\n"
        "mal:\n  - {id: M1, fokusomrade: brukere, beskrivelse: x, malverdi: 5}\n"
    ),
    "records/avvik/AVV-2026-0200.yaml": (
        "id: AVV-2026-0200\ntype: avvik\ntittel: x\nmeldt: 2026-01-02\nenhet: OPP-RED\n"
        "kategori: hms\nstatus: under_behandling\ntiltak:\n  - {id: T1, beskrivelse: a, "
        "ansvarlig: liv.berg, frist: 2026-02-01, status: pagar}\n"
    ),
}


def statuses(root: object, day: date = DAY) -> dict[str, dict[str, str]]:
    repo = load_repository(root)  # type: ignore[arg-type]
    assert repo.organisasjon is not None
    units = judged(repo, day)
    return {u.enhet: {p: u.phases[p].status for p in PHASES} for u in units}


def test_a_unit_with_everything_in_order_is_green(make_repo: MakeRepo) -> None:
    assert statuses(make_repo(GREEN))["OPP-SOL"] == dict.fromkeys(PHASES, "gronn")


def test_a_unit_with_none_of_it_is_red(make_repo: MakeRepo) -> None:
    assert statuses(make_repo({**GREEN, **RED}), date(2026, 8, 1))["OPP-RED"] == dict.fromkeys(
        PHASES, "rod"
    )


@pytest.mark.parametrize(
    ("change", "phase", "level"),
    [
        # no lederavtale: nothing planned, and no lederdialog can have been held
        ({"records/LA-2026-0001.yaml": None}, "planlegge+folge_opp", "rod"),
        (
            {"records/ros/ROS-2026-0003.yaml": ros(3, "OPP-SOL", "beredskap", "2025-01-01")},
            "planlegge",
            "gul",
        ),  # ROS past its evaluation
        (
            {
                "records/REV-2026-0001.yaml": GREEN["records/REV-2026-0001.yaml"].replace(
                    "gjennomfort: 2026-04-02\n", ""
                )
            },
            "folge_opp",
            "gul",
        ),  # revisjon not carried out
        ({"records/LG-2026-0001.yaml": None}, "forbedre", "rod"),  # no management review
        (
            {
                "records/LA-2026-0001.yaml": GREEN["records/LA-2026-0001.yaml"].replace(
                    ", overordnet: 2026-01-12", ""
                )
            },
            "planlegge",
            "gul",
        ),  # not signed by both
        ({"records/ros/ROS-2026-0003.yaml": None}, "planlegge", "gul"),  # no beredskap ROS
        # no ROS for two required areas (puff.ros_mangler_rod, 2)
        (
            {"records/ros/ROS-2026-0003.yaml": None, "records/ros/ROS-2026-0002.yaml": None},
            "planlegge",
            "rod",
        ),
        (
            {
                "records/prosesser/3-x.md": "---\nid: PRO-3\ntittel: x\ntype: stotteprosess\n"
                "eier: liv.berg\nenhet: OPP-SOL\nversjon: 1\ngodkjent: 2024-01-01\n"
                "neste_revisjon: 2026-01-01\n---\n"
            },
            "planlegge",
            "gul",
        ),  # process past revision
        (
            {
                "records/LA-2026-0001.yaml": GREEN["records/LA-2026-0001.yaml"].replace(
                    "2026-01-20", "2025-10-01"
                )
            },
            "folge_opp",
            "rod",
        ),  # lederdialog too old
        (
            {
                "records/avvik/AVV-2026-0101.yaml": (
                    "id: AVV-2026-0101\ntype: forbedringsforslag\ntittel: x\nmeldt: 2026-04-01\n"
                    "enhet: OPP-SOL\nkategori: hms\nstatus: meldt\n"
                )
            },
            "folge_opp",
            "gul",
        ),  # unhandled
        (
            {
                "records/avvik/AVV-2026-0100.yaml": GREEN[
                    "records/avvik/AVV-2026-0100.yaml"
                ].replace("arsaksanalyse: {rotarsak: Rutine}\n", "")
            },
            "forbedre",
            "rod",
        ),  # no root cause
        (
            {
                "records/avvik/AVV-2026-0101.yaml": (
                    "id: AVV-2026-0101\ntype: forbedringsforslag\ntittel: x\nmeldt: 2026-04-01\n"
                    "enhet: OPP-SOL\nkategori: hms\nstatus: tiltak_iverksatt\ntiltak:\n"
                    "  - {id: T1, beskrivelse: a, ansvarlig: liv.berg, frist: 2026-05-01, "
                    "status: pagar}\n"
                )
            },
            "utfore",
            "gul",
        ),  # 1 of 3 open tiltak overdue: under tiltak_forfalt_rod (0.34)
        (
            {
                "records/avvik/AVV-2026-0100.yaml": GREEN[
                    "records/avvik/AVV-2026-0100.yaml"
                ].replace(", evaluering: Virket", "")
            },
            "forbedre",
            "rod",
        ),  # completed tiltak unevaluated
    ],
)
def test_each_rule_trips_its_phase(
    change: dict[str, str | None], phase: str, level: str, make_repo: MakeRepo
) -> None:
    files = {**GREEN, **{k: v for k, v in change.items() if v is not None}}
    root = make_repo(files)
    for name, content in change.items():
        if content is None:
            (root / name).unlink()
    found = statuses(root)["OPP-SOL"]
    tripped = phase.split("+")
    assert all(found[p] == level for p in tripped)
    assert all(found[p] == "gronn" for p in PHASES if p not in tripped)


def test_results_missing_for_a_passed_tertial(make_repo: MakeRepo) -> None:
    repo = load_repository(make_repo(GREEN))
    assert repo.organisasjon is not None
    units = puff(
        standings(repo.records, repo.config), repo.config, repo.organisasjon, date(2026, 9, 15)
    )
    sol = next(u for u in units if u.enhet == "OPP-SOL")
    reasons = {(r.level, r.text, r.records) for r in sol.phases["utfore"].reasons}
    assert ("gul", "1 mål mangler resultater for perioder som er over", ("LA-2026-0001/M1",)) in (
        reasons
    )


def test_parents_aggregate_their_children(make_repo: MakeRepo) -> None:
    found = statuses(make_repo({**GREEN, **RED}), date(2026, 8, 1))
    # one of two children red: at least a third, so the tjenesteområde is red in that phase
    assert found["OPP"]["planlegge"] == "rod"
    assert found["KD"]["planlegge"] == "rod"


def test_json_shape(make_repo: MakeRepo) -> None:
    root = make_repo(GREEN)
    result = CliRunner().invoke(
        app, ["--repo", str(root), "puff", "--as-of", "2026-05-15", "--json"]
    )
    document = json.loads(result.output)
    assert document["dato"] == "2026-05-15"
    sol = next(u for u in document["enheter"] if u["enhet"] == "OPP-SOL")
    assert set(sol) == {"enhet", "navn", "niva", "overordnet", *PHASES}
    assert sol["planlegge"] == {"status": "gronn", "grunner": []}
    kd = document["enheter"][0]
    assert kd["enhet"] == "KD" and {"status", "tekst", "poster"} <= set(
        kd["forbedre"]["grunner"][0]
    )


def reasons(root: object, unit: str, phase: str, day: date = DAY) -> list[tuple[str, str, tuple]]:
    repo = load_repository(root)  # type: ignore[arg-type]
    assert repo.organisasjon is not None
    found = next(u for u in judged(repo, day) if u.enhet == unit)
    return [(r.level, r.text, r.records) for r in found.phases[phase].reasons]


def test_the_reasons_say_what_is_wrong_and_name_the_records_behind_it(make_repo: MakeRepo) -> None:
    root = make_repo({**GREEN, **RED})
    day = date(2026, 8, 1)
    assert {p: reasons(root, "OPP-RED", p, day) for p in PHASES} == {
        "planlegge": [
            ("gul", "lederavtalen for 2026 er ikke signert", ("LA-2026-0002",)),
            ("rod", "ingen ROS for tjenesteleveranse", ()),
            ("rod", "ingen ROS for HMS", ()),
            ("rod", "ingen ROS for beredskap", ()),
        ],
        "utfore": [
            ("rod", "1 av 1 åpne tiltak er over fristen", ("AVV-2026-0200/T1",)),
            ("gul", "1 mål mangler resultater for perioder som er over", ("LA-2026-0002/M1",)),
        ],
        "folge_opp": [
            (
                "rod",
                "lederdialog mangler: ingen lederdialog i år (31 dager over fristen 01.07.2026)",
                ("LA-2026-0002",),
            )
        ],
        "forbedre": [("rod", "ingen ledelsens gjennomgang de siste 12 månedene", ())],
    }
    assert reasons(root, "OPP", "utfore", day) == [
        ("rod", "2 av 2 underenheter er røde", ("OPP-SOL", "OPP-RED"))
    ]


AVDELING = "  - {id: OPP-SOL-A, navn: Avdeling A, niva: avdeling, overordnet: OPP-SOL}\npersoner:"


@pytest.mark.parametrize(
    ("aar", "enhet"), [(2025, "OPP-SOL"), (2026, "OPP-SOL-A")], ids=["last-year", "avdeling"]
)
def test_only_the_units_own_agreement_for_the_year_counts(
    make_repo: MakeRepo, aar: int, enhet: str
) -> None:
    agreement = GREEN["records/LA-2026-0001.yaml"].replace("aar: 2026", f"aar: {aar}")
    agreement = agreement.replace("enhet: OPP-SOL", f"enhet: {enhet}")
    agreement = agreement.replace("LA-2026-0001", f"LA-{aar}-0001").replace("2026-T1", f"{aar}-T1")
    files = {**GREEN, "records/organisasjon.yaml": ORG.replace("personer:", AVDELING)}
    del files["records/LA-2026-0001.yaml"]
    root = make_repo({**files, f"records/LA-{aar}-0001.yaml": agreement})
    assert ("rod", "ingen lederavtale for 2026", ()) in reasons(root, "OPP-SOL", "planlegge")
    without = ("rod", "ingen lederdialog uten lederavtale for 2026", ())
    assert reasons(root, "OPP-SOL", "folge_opp") == [without]


def test_a_revisjon_planned_for_today_is_not_yet_late(make_repo: MakeRepo) -> None:
    planned = GREEN["records/REV-2026-0001.yaml"].replace("2026-04-01", "2026-05-15")
    root = make_repo(
        {**GREEN, "records/REV-2026-0001.yaml": planned.replace("gjennomfort: 2026-04-02\n", "")}
    )
    assert reasons(root, "OPP-SOL", "folge_opp") == []
    assert reasons(root, "OPP-SOL", "folge_opp", date(2026, 5, 16)) == [
        ("gul", "1 planlagt revisjon ikke gjennomført", ("REV-2026-0001",))
    ]


@pytest.mark.parametrize(
    ("results", "day", "missing"),
    [
        ("[{periode: 2026-1, verdi: 5}]", date(2026, 12, 31), False),  # the second half not over
        ("[{periode: 2026-1, verdi: 5}]", date(2026, 7, 1), False),
        ("[]", date(2026, 6, 30), False),  # the first half ends that day
        ("[]", date(2026, 7, 1), True),
        ("[{periode: 2026-T1, verdi: 5}]", date(2026, 9, 1), True),  # T2 ended 31 August
        ("[{periode: 2026-T1, verdi: 5}, {periode: 2026-T2, verdi: 4}]", date(2026, 9, 1), False),
    ],
)
def test_goal_results_are_due_for_the_periods_of_their_kind_that_have_ended(
    make_repo: MakeRepo, results: str, day: date, missing: bool
) -> None:
    agreement = GREEN["records/LA-2026-0001.yaml"].replace(
        "[{periode: 2026-T1, verdi: 5}]", results
    )
    root = make_repo({**GREEN, "records/LA-2026-0001.yaml": agreement})
    texts = [text for _, text, _ in reasons(root, "OPP-SOL", "utfore", day)]
    assert ("1 mål mangler resultater for perioder som er over" in texts) is missing


def _avvik(number: int, fields: str) -> dict[str, str]:
    return {
        f"records/avvik/AVV-2026-{number:04d}.yaml": (
            f"id: AVV-2026-{number:04d}\ntype: avvik\ntittel: x\nmeldt: 2026-01-02\n"
            f"enhet: OPP-SOL\nkategori: hms\n{fields}"
        )
    }


def test_a_share_equal_to_the_red_threshold_is_yellow(make_repo: MakeRepo) -> None:
    """tiltak_forfalt_rod is 0.25: one of four open tiltak (two here, two in GREEN) late is
    yellow, not red."""
    tiltak = "".join(
        f"  - {{id: T{i}, beskrivelse: a, ansvarlig: liv.berg, frist: {frist}, status: pagar}}\n"
        for i, frist in enumerate(["2026-05-01", "2026-06-30"], start=1)
    )
    root = make_repo({**GREEN, **_avvik(300, f"status: tiltak_iverksatt\ntiltak:\n{tiltak}")})
    assert reasons(root, "OPP-SOL", "utfore") == [
        ("gul", "1 av 4 åpne tiltak er over fristen", ("AVV-2026-0300/T1",))
    ]


@pytest.mark.parametrize(("count", "level"), [(2, "gul"), (3, "rod")])
def test_three_avvik_left_meldt_are_red(make_repo: MakeRepo, count: int, level: str) -> None:
    meldt = {k: v for n in range(count) for k, v in _avvik(300 + n, "status: meldt\n").items()}
    root = make_repo({**GREEN, **meldt})
    assert reasons(root, "OPP-SOL", "folge_opp") == [
        (
            level,
            f"{count} avvik ikke behandlet innen 14 dager",
            tuple(f"AVV-2026-{300 + n:04d}" for n in range(count)),
        )
    ]


@pytest.mark.parametrize(("lukket", "counted"), [("2025-05-15", True), ("2025-05-14", False)])
def test_an_avvik_closed_a_year_ago_to_the_day_still_counts(
    make_repo: MakeRepo, lukket: str, counted: bool
) -> None:
    closed = _avvik(300, f"status: lukket\nlukket: {lukket}\n")
    closed = {k: v.replace("meldt: 2026-01-02", "meldt: 2025-05-01") for k, v in closed.items()}
    root = make_repo({**GREEN, **closed})
    texts = [text for _, text, _ in reasons(root, "OPP-SOL", "forbedre")]
    assert ("1 av 2 lukkede avvik mangler rotårsak" in texts) is counted


@pytest.mark.parametrize(("fullfort", "counted"), [("2025-05-15", True), ("2025-05-14", False)])
def test_a_tiltak_done_a_year_ago_to_the_day_still_counts(
    make_repo: MakeRepo, fullfort: str, counted: bool
) -> None:
    tiltak = (
        "tiltak:\n  - {id: T1, beskrivelse: a, ansvarlig: liv.berg, frist: 2025-06-01, "
        f"status: fullfort, fullfort: {fullfort}}}\n"
    )
    done = _avvik(300, f"status: tiltak_iverksatt\n{tiltak}")
    done = {k: v.replace("meldt: 2026-01-02", "meldt: 2025-05-01") for k, v in done.items()}
    root = make_repo({**GREEN, **done})
    texts = [text for _, text, _ in reasons(root, "OPP-SOL", "forbedre")]
    assert ("1 av 2 fullførte tiltak mangler evaluering" in texts) is counted


@pytest.mark.parametrize(("dato", "recent"), [("2025-05-15", True), ("2025-05-14", False)])
def test_a_management_review_a_year_ago_to_the_day_is_recent(
    make_repo: MakeRepo, dato: str, recent: bool
) -> None:
    review = GREEN["records/LG-2026-0001.yaml"].replace("dato: 2026-01-15", f"dato: {dato}")
    root = make_repo({**GREEN, "records/LG-2026-0001.yaml": review})
    texts = [text for _, text, _ in reasons(root, "OPP-SOL", "forbedre")]
    assert ("ingen ledelsens gjennomgang de siste 12 månedene" in texts) is not recent


def test_a_share_of_red_children_equal_to_the_threshold_is_red(make_repo: MakeRepo) -> None:
    root = make_repo({**GREEN, **RED, "ims.yaml": "puff: {andel_rod_barn: 0.5}\n"})
    assert reasons(root, "OPP", "planlegge", date(2026, 8, 1)) == [
        ("rod", "1 av 2 underenheter er røde", ("OPP-RED",))
    ]


def test_a_late_process_is_named(make_repo: MakeRepo) -> None:
    process = (
        "---\nid: PRO-3\ntittel: x\ntype: stotteprosess\neier: liv.berg\nenhet: OPP-SOL\n"
        "versjon: 1\ngodkjent: 2024-01-01\nneste_revisjon: 2026-01-01\n---\n"
    )
    root = make_repo({**GREEN, "records/prosesser/3-x.md": process})
    assert reasons(root, "OPP-SOL", "planlegge") == [
        ("gul", "1 prosessbeskrivelse forbi revisjonsdatoen", ("PRO-3",))
    ]


def test_a_unit_whose_parent_is_unknown_is_still_judged(make_repo: MakeRepo) -> None:
    """The hierarchy error (R008) is validate's to report; PUFF still shows the unit."""
    org = ORG.replace(
        "niva: virksomhet, overordnet: OPP, leder: liv.berg}\n  - {id: OPP-RED",
        "niva: virksomhet, overordnet: UKJENT, leder: liv.berg}\n  - {id: OPP-RED",
    )
    assert org != ORG
    root = make_repo({**GREEN, "records/organisasjon.yaml": org})
    repo = load_repository(root)
    assert repo.organisasjon is not None
    units = [u.enhet for u in judged(repo, DAY)]
    assert sorted(units) == ["KD", "OPP", "OPP-RED", "OPP-SOL"]


def test_what_the_index_keeps_for_puff_reads_back_as_it_was() -> None:
    repo = load_repository(PROJECT)
    marks = {s.kind.name: Marks.of(s.record, repo.config) for s in repo.records}
    assert marks["avvik"].status and marks["ros"].cover and marks["revisjon"].planlagt
    assert marks["lederavtale"].aar and marks["lederavtale"].mal and marks["lg"].dato
    for stored in repo.records:
        kept = Marks.of(stored.record, repo.config)
        assert Marks.from_wire(marshal.loads(marshal.dumps(kept.to_wire()))) == kept
    assert (
        Marks.of(next(s.record for s in repo.records if s.kind.name == "prosess"), repo.config)
        == Marks()
    )


SECOND = "  - {id: T2, beskrivelse: c, ansvarlig: liv.berg, frist: 2026-07-01, status: pagar}\n"


@pytest.mark.parametrize(
    ("extra", "said", "late"),
    [
        ("", "1 beslutning", ("LG-2026-0001/T1",)),
        (SECOND, "2 beslutninger", ("LG-2026-0001/T1", "LG-2026-0001/T2")),
    ],
)
def test_late_decisions_of_the_review_are_counted_with_their_noun(
    make_repo: MakeRepo, extra: str, said: str, late: tuple[str, ...]
) -> None:
    review = GREEN["records/LG-2026-0001.yaml"] + extra
    root = make_repo({**GREEN, "records/LG-2026-0001.yaml": review})
    reason = ("gul", f"{said} fra ledelsens gjennomgang er forsinket", late)
    assert reason in reasons(root, "OPP-SOL", "forbedre", date(2026, 7, 2))


@pytest.mark.parametrize(("day", "missing"), [(date(2026, 4, 30), False), (date(2026, 5, 1), True)])
def test_the_first_tertial_ends_on_30_april(make_repo: MakeRepo, day: date, missing: bool) -> None:
    agreement = GREEN["records/LA-2026-0001.yaml"].replace(
        "[{periode: 2026-T1, verdi: 5}]", "[{periode: 2026-T2, verdi: 5}]"
    )
    root = make_repo({**GREEN, "records/LA-2026-0001.yaml": agreement})
    texts = [text for _, text, _ in reasons(root, "OPP-SOL", "utfore", day)]
    assert ("1 mål mangler resultater for perioder som er over" in texts) is missing


def test_one_of_five_closed_without_root_cause_is_yellow(make_repo: MakeRepo) -> None:
    """uten_rotarsak_rod is 0.25: a fifth is under it."""
    closed = {
        k: v
        for n in range(4)
        for k, v in _avvik(
            300 + n,
            "status: lukket\nlukket: 2026-03-20\n" + ("arsaksanalyse: {rotarsak: R}\n" * (n > 0)),
        ).items()
    }
    root = make_repo({**GREEN, **closed})
    assert ("gul", "1 av 5 lukkede avvik mangler rotårsak", ("AVV-2026-0300",)) in reasons(
        root, "OPP-SOL", "forbedre"
    )


def test_red_and_yellow_children_under_the_red_share_are_counted_together(
    make_repo: MakeRepo,
) -> None:
    unsigned = GREEN["records/LA-2026-0001.yaml"].replace(
        "signert: {leder: 2026-01-10, overordnet: 2026-01-12}\n", ""
    )
    root = make_repo(
        {
            **GREEN,
            **RED,
            "records/LA-2026-0001.yaml": unsigned,
            "ims.yaml": "puff: {andel_rod_barn: 0.9}\n",
        }
    )
    assert reasons(root, "OPP", "planlegge", date(2026, 8, 1)) == [
        ("gul", "2 av 2 underenheter er ikke grønne", ("OPP-RED", "OPP-SOL"))
    ]


@pytest.mark.parametrize(
    ("kind", "level"),
    [("tilsyn", "gronn"), ("forvaltningsrevisjon", "gronn"), ("intern_revisjon", "gul")],
)
def test_a_tilsyn_the_authority_has_not_held_yet_is_no_fault_of_the_unit(
    make_repo: MakeRepo, kind: str, level: str
) -> None:
    """Planned by Statsforvalteren for April and not held by 15 May: Følge opp stays green. An
    intern_revisjon the kommune planned and did not hold is yellow."""
    undone = GREEN["records/REV-2026-0001.yaml"].replace("gjennomfort: 2026-04-02\n", "")
    text = undone.replace("type: intern_revisjon", f"type: {kind}")
    root = make_repo({**GREEN, "records/REV-2026-0001.yaml": text})
    assert statuses(root)["OPP-SOL"]["folge_opp"] == level


@pytest.mark.parametrize(("last", "level"), [("2025-10-16", "gul"), ("2025-10-14", "rod")])
def test_a_lederdialog_late_within_the_tolerance_is_yellow(
    make_repo: MakeRepo, last: str, level: str
) -> None:
    """Due six months after the last one (16 April): 29 days late on 15 May is within
    puff.toleranse_dager (30), 31 days late is not."""
    text = GREEN["records/LA-2026-0001.yaml"].replace("2026-01-20", last)
    root = make_repo({**GREEN, "records/LA-2026-0001.yaml": text})
    assert statuses(root)["OPP-SOL"]["folge_opp"] == level


@pytest.mark.parametrize(
    ("settings", "dato", "level"),
    [
        ("", "2025-04-20", "gul"),  # 25 days past the 12 months: within the tolerance
        ("", "2025-04-10", "rod"),
        ("puff: {toleranse_dager: 0}\n", "2025-04-20", "rod"),
        ("puff: {lg_niva: [kommune, tjenesteomrade]}\n", "2025-04-10", "gronn"),
    ],
)
def test_the_management_review_has_a_tolerance_and_levels_from_ims_yaml(
    make_repo: MakeRepo, settings: str, dato: str, level: str
) -> None:
    lg = GREEN["records/LG-2026-0001.yaml"].replace("dato: 2026-01-15", f"dato: {dato}")
    lg = lg.replace("LG-2026-0001", "LG-2025-0001")
    files = {**GREEN, "records/LG-2025-0001.yaml": lg, "ims.yaml": settings}
    root = make_repo(files)
    (root / "records/LG-2026-0001.yaml").unlink()
    assert statuses(root)["OPP-SOL"]["forbedre"] == level
