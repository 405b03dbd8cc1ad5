"""The handbook site's page data on the example records: what each page says, for whom, on which
day. (tests/test_cli/test_site.py checks the pages as written: links, titles, confidentiality.)"""

from __future__ import annotations

from datetime import date
from functools import cache

from ims_cli.analytics.handbook import Site, Sources, build, matrix_rows
from ims_cli.analytics.puff import standings
from ims_cli.analytics.stats import Reported
from ims_cli.indexed import load_repository
from ims_cli.models.avvik import Avvik
from tests.conftest import PROJECT, MakeRepo

DAY = date(2026, 11, 22)
PHASES = ["planlegge", "utfore", "folge_opp", "forbedre"]


@cache
def site(day: date = DAY, audience: str = "intern") -> Site:
    repo = load_repository(PROJECT)
    avvik = [Reported.of(s.record) for s in repo.records if isinstance(s.record, Avvik)]
    return build(Sources(repo, avvik, standings(repo.records, repo.config)), day, audience)


def test_the_front_page_has_the_kommune_its_red_units_and_what_was_left_out() -> None:
    front = site()
    assert front.top == "KD"
    red = dict(front.red)
    assert red["HO-BJERKE"] == ["planlegge", "utfore", "folge_opp"]  # Forbedre: no LG asked
    assert red["OPP"] == ["planlegge", "forbedre"]
    assert "OPP-SOLSTRAND" not in red  # green in every phase
    assert front.hidden == 8  # the fortrolig records
    assert site(audience="apen").hidden > front.hidden


def test_the_latest_review_is_the_kommunes_held_by_the_day() -> None:
    assert site(date(2025, 11, 24)).latest_review is None
    held = site(date(2025, 11, 25))
    assert held.latest_review is not None and held.latest_review.id == "LG-2025-0001"
    assert held.review_date == date(2025, 11, 25)
    # the virksomhet's review of 28.10.2026 is not the kommune's
    latest = site().latest_review
    assert latest is not None and latest.id == "LG-2025-0001"


def test_a_process_is_late_the_day_after_its_revision_date() -> None:
    def late(day: date) -> bool:
        return next(p for p in site(day).processes if p.id == "PRO-2.3.1").forfalt

    assert (late(date(2026, 5, 20)), late(date(2026, 5, 21))) == (False, True)


def test_a_ros_is_late_the_day_after_its_evaluation_date() -> None:
    def late(day: date) -> bool:
        return next(r for r in site(day).analyses if r.id == "ROS-2025-0001").forfalt

    assert (late(date(2026, 9, 1)), late(date(2026, 9, 2))) == (False, True)


def test_a_process_names_its_lovkrav_and_shows_its_steps_to_who_may_read_them() -> None:
    (intern,) = [p for p in site().processes if p.id == "PRO-2.2.1"]
    assert [(k.id, k.tittel) for k in intern.lovkrav] == [
        ("LOV-FOR-LEGEMIDDEL-4", "Legemiddelhåndteringsforskriften § 4 Ansvar og oppgaver"),
        (
            "LOV-HOL-4-2",
            "Helse- og omsorgstjenesteloven § 4-2 Kvalitetsforbedring og pasient- og "
            "brukersikkerhet",
        ),
    ]
    assert len(intern.aktiviteter) == 5 and intern.tittel is not None
    (public,) = [p for p in site(audience="apen").processes if p.id == "PRO-2.2.1"]
    assert public.aktiviteter == [] and public.tittel is None and public.body is None


def test_a_unit_page_has_its_own_processes_goals_puff_and_tiltak() -> None:
    pages = {u.enhet.id: u for u in site().units}
    bjerke = pages["HO-BJERKE"]
    assert [p.id for p in bjerke.processes] == ["PRO-2.2.1"]
    assert {g.ref.split("/")[0] for g in bjerke.goals} == {"LA-2026-0004"}  # this year's only
    assert pages["HO"].goals == [] and pages["HO"].processes == []
    assert (bjerke.open_tiltak, bjerke.overdue_count) == (8, 6)
    assert bjerke.overdue[0].id == "AVV-2026-0007/T2" and bjerke.overdue[0].tittel is not None
    # a department shows its virksomhet's PUFF; a tjenesteområde its own
    assert pages["HO-BJERKE-SKJERMET"].puff is not None
    assert pages["HO-BJERKE-SKJERMET"].puff.enhet == "HO-BJERKE"
    assert pages["HO"].puff is not None and pages["HO"].puff.enhet == "HO"


def test_a_late_tiltak_of_a_graded_record_is_listed_without_its_text() -> None:
    ikt = next(u for u in site().units if u.enhet.id == "ORG-IKT")
    assert [(i.id, i.tittel) for i in ikt.overdue] == [
        ("ROS-2026-0004/T1", None),
        ("ROS-2026-0004/T5", None),
    ]


def test_the_risikobank_counts_assessed_risks_per_tjenesteomrade() -> None:
    bank = {row.id: row.per_area for row in site().bank}
    assert bank["legemidler"] == {"HO": 5}
    assert bank["personvern"] == {"ORG": 3}
    assert bank["bortfall_infrastruktur"] == {"TEK": 3, "KD": 3, "OPP": 1}  # KD: the kommune's own
    assert bank["okonomi"] == {}


def test_a_ros_page_names_the_processes_behind_it_and_both_matrices() -> None:
    page = next(r for r in site().analyses if r.id == "ROS-2026-0001")
    assert [p.id for p in page.prosesser] == ["PRO-2.2.1"]
    assert page.before != page.after  # R1 16 → 8: the matrix after tiltak is its own
    rows = matrix_rows(page.before, load_repository(PROJECT).config)
    assert [row[0].sannsynlighet for row in rows] == [5, 4, 3, 2, 1]  # the most likely on top
    assert [c.konsekvens for c in rows[0]] == [1, 2, 3, 4, 5]


def test_a_unit_page_counts_the_avvik_of_the_last_twelve_months() -> None:
    bjerke = next(u for u in site().units if u.enhet.id == "HO-BJERKE")
    assert (bjerke.avvik, bjerke.avvik_open) == (6, 4)  # AVV-2026-0026 from its vernerunde
    assert bjerke.per_kategori == {"tjenestekvalitet": 4, "hms": 2}
    assert bjerke.before != bjerke.after


def test_each_lovkrav_names_the_processes_and_ros_behind_it() -> None:
    row = next(k for k in site().lovkrav if k.id == "LOV-FOR-LEGEMIDDEL-4")
    assert [p.id for p in row.prosesser] == ["PRO-2.2.1"]
    assert [r.id for r in row.ros] == ["ROS-2026-0001"]


def test_a_unit_page_lists_fifty_late_tiltak_by_name_and_counts_the_rest(
    make_repo: MakeRepo,
) -> None:
    tiltak = "".join(
        f"  - {{id: T{n}, beskrivelse: Tiltak {n}, ansvarlig: liv.berg,"
        f" frist: 2026-01-{n % 28 + 1:02d}, status: planlagt}}\n"
        for n in range(1, 52)
    )
    avvik = (
        "id: AVV-2026-0001\ntype: avvik\ntittel: Mange tiltak\nmeldt: 2026-01-01\n"
        "enhet: OPP-SOL\nkategori: hms\nstatus: under_behandling\ntiltak:\n" + tiltak
    )
    repo = load_repository(make_repo({"records/AVV-2026-0001.yaml": avvik}))
    reported = [Reported.of(s.record) for s in repo.records if isinstance(s.record, Avvik)]
    built = build(Sources(repo, reported, standings(repo.records, repo.config)), DAY, "intern")
    page = next(u for u in built.units if u.enhet.id == "OPP-SOL")
    # 51 here and the base ROS's T1, due 01.06.2026
    assert (len(page.overdue), page.overdue_count) == (50, 52)
    assert page.overdue[0].note == "Liv Berg, frist 01.01.2026"  # the earliest frist first


def test_of_two_kommune_reviews_the_later_one_is_shown(make_repo: MakeRepo) -> None:
    review = (
        "id: LG-{year}-0001\nniva: kommune\nenhet: KD\ndato: {year}-10-01\n"
        "periode: {{fra: {year}-01-01, til: {year}-09-30}}\ndeltakere: [kari.nordmann]\n"
        "konklusjon: Konklusjon {year}\n"
    )
    repo = load_repository(
        make_repo({f"records/LG-{y}-0001.yaml": review.format(year=y) for y in (2025, 2026)})
    )
    built = build(Sources(repo, [], standings(repo.records, repo.config)), DAY, "intern")
    assert built.latest_review is not None
    assert (built.latest_review.id, built.latest_review.tittel) == (
        "LG-2026-0001",
        "Konklusjon 2026",
    )
    assert built.review_date == date(2026, 10, 1)


def test_the_twelve_months_of_a_unit_page_begin_on_the_first_of_the_month(
    make_repo: MakeRepo,
) -> None:
    avvik = (
        "id: AVV-2025-{n}\ntype: avvik\ntittel: Gammelt\nmeldt: {meldt}\nenhet: OPP-SOL\n"
        "kategori: hms\nstatus: meldt\n"
    )
    files = {
        f"records/AVV-2025-{n}.yaml": avvik.format(n=n, meldt=meldt)
        for n, meldt in (("0001", "2025-11-01"), ("0002", "2025-10-31"))
    }
    repo = load_repository(make_repo(files))
    reported = [Reported.of(s.record) for s in repo.records if isinstance(s.record, Avvik)]
    built = build(Sources(repo, reported, standings(repo.records, repo.config)), DAY, "intern")
    page = next(u for u in built.units if u.enhet.id == "OPP-SOL")
    assert page.avvik == 2  # the base's AVV-2026-0100 and the one of 01.11.2025
