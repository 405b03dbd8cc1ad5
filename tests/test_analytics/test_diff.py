"""The semantic diff of one record, on plain data: every kind's lists, values and graded text."""

from __future__ import annotations

from datetime import date
from typing import Any

from ims_cli.analytics.diff import changed, number, summary
from ims_cli.config import Config
from ims_cli.rules.pull_request import Version, justified, review

TODAY = date(2026, 12, 7)  # the day the review is made

CONFIG = Config()


def texts(old: dict[str, Any], new: dict[str, Any], hidden: bool = False) -> list[str]:
    return [d.tekst for d in changed(old, new, CONFIG, hidden)]


def test_goals_and_results_of_a_lederavtale() -> None:
    goal = {"id": "M1", "beskrivelse": "Tilfredshet", "malverdi": 5.0, "akseptabelt": 4.5}
    old = {
        "id": "LA-2026-0001",
        "mal": [{**goal, "resultater": [{"periode": "2026-1", "verdi": 4.8}]}],
    }
    new = {
        "id": "LA-2026-0001",
        "rammer": {"budsjett_nok": 12500000},
        "mal": [
            {
                **goal,
                "malverdi": 5.2,
                "resultater": [
                    {"periode": "2026-1", "verdi": 4.7},
                    {"periode": "2026-2", "verdi": 4.9},
                ],
            },
            {"id": "M2", "beskrivelse": "Sykefravær", "malverdi": 6.0},
        ],
        "lederdialog": [{"dato": "2026-06-10", "referat": "Gjennomgått"}],
    }
    assert texts(old, new) == [
        "Nytt mål M2: «Sykefravær» – 6",
        "Mål M1: nytt resultat for 2026-2: 4,9",
        "Mål M1, resultat for 2026-1: 4,8 → 4,7",
        "Mål M1, målverdi: 5 → 5,2",
        "Rammer: satt til budsjett (kr) 12\u00a0500\u00a0000",
        "Ny lederdialog 2026-06-10: «Gjennomgått»",
    ]


def test_activities_and_sections_of_a_process() -> None:
    old = {"aktiviteter": [{"id": "A1", "navn": "Kartlegge"}, {"id": "A2", "navn": "Varsle"}]}
    new = {
        "aktiviteter": [{"id": "A1", "navn": "Kartlegge behov"}, {"id": "A3", "navn": "Følge opp"}]
    }
    bodies = ("# Formål\nA\n# Ansvar\nB\n", "# Formål\nA\nC\n# Varsling\nD\n")
    assert [d.tekst for d in changed(old, new, CONFIG, False, bodies)] == [
        "Ny aktivitet A3: «Følge opp»",
        "Aktivitet A2 fjernet: «Varsle»",
        "Aktivitet A1, navn: «Kartlegge» → «Kartlegge behov»",
        "Ny seksjon «Varsling» (1 linje)",
        "Seksjonen «Ansvar» er fjernet",
        "Seksjonen «Formål» er endret (+1 −0 linjer)",
    ]


def test_lists_of_values_nested_fields_and_audit_findings() -> None:
    old = {"lovkrav": ["LOV-A", "LOV-B"], "signert": {"leder": date(2026, 1, 15)}, "funn": []}
    new = {
        "lovkrav": ["LOV-B", "LOV-C"],
        "signert": {"leder": date(2026, 1, 15), "overordnet": date(2026, 1, 20)},
        "funn": [{"id": "F1", "type": "avvik", "beskrivelse": "Mangler signatur"}],
    }
    assert texts(old, new) == [
        "Lovkrav: + LOV-C; − LOV-A",
        "Signert, overordnet: satt til 20.01.2026",
        "Nytt funn F1: avvik – «Mangler signatur»",
    ]


def test_units_and_people_of_the_register() -> None:
    old = {"enheter": [{"id": "OPP", "navn": "Oppvekst", "niva": "tjenesteomrade"}]}
    new = {
        "enheter": [
            {"id": "OPP", "navn": "Oppvekst og utdanning", "niva": "tjenesteomrade"},
            {"id": "OPP-NY", "navn": "Ny skole", "niva": "virksomhet"},
        ]
    }
    assert texts(old, new) == [
        "Ny enhet OPP-NY: «Ny skole» – virksomhet",
        "Enhet OPP, navn: «Oppvekst» → «Oppvekst og utdanning»",
    ]


def test_graded_free_text_is_hidden_but_codes_and_dates_are_shown() -> None:
    old = {"tittel": "Ola Nordmann falt", "status": "meldt", "meldt": "2026-03-01"}
    new = {"tittel": "Ola Nordmann falt i trappen", "status": "lukket", "meldt": "2026-03-02"}
    details = changed(old, new, CONFIG, hidden=True)
    assert [d.tekst for d in details] == [
        "Tittel: teksten er endret",
        "Status: meldt → lukket",
        "Meldt: 01.03.2026 → 02.03.2026",
    ]
    assert (details[0].fra, details[0].til) == (None, None)
    first = summary(new, CONFIG, hidden=True)[0]
    assert first.tekst == "Tittel: (gradert, vises ikke)"


def test_a_new_ros_is_summed_up_by_its_worst_risk() -> None:
    ros = {
        "tittel": "Barnehage",
        "risikoer": [
            {"id": "R1", "sannsynlighet": 2, "konsekvens": {"liv_og_helse": 5}},
            {"id": "R2", "sannsynlighet": 1, "konsekvens": 1},
        ],
    }
    assert [d.tekst for d in summary(ros, CONFIG, False)] == [
        "Tittel: «Barnehage»",
        "2 risikoer, høyeste 2×5 (middels)",
    ]


def test_a_new_risk_with_its_tiltak_and_a_new_residual_risk() -> None:
    old = {"risikoer": [{"id": "R1", "trussel": "Brann", "sannsynlighet": 2, "konsekvens": 5}]}
    new = {
        "risikoer": [
            {
                "id": "R1",
                "trussel": "Brann",
                "sannsynlighet": 2,
                "konsekvens": 5,
                "restrisiko": {"sannsynlighet": 1, "konsekvens": 5},
            },
            {
                "id": "R2",
                "trussel": "Flom",
                "sannsynlighet": 1,
                "konsekvens": 3,
                "tiltak": [
                    {
                        "id": "T1",
                        "beskrivelse": "Pumpe",
                        "ansvarlig": "liv.berg",
                        "frist": "2027-01-01",
                        "status": "planlagt",
                    }
                ],
            },
        ]
    }
    assert texts(old, new) == [
        "Ny risiko R2: «Flom» – 1×3 (lav)",
        "Tiltak T1 (R2) åpnet: «Pumpe» – liv.berg, frist 01.01.2027",
        "R1 restrisiko: ikke vurdert → 1×5 (middels)",
    ]


def test_review_rules_on_plain_versions() -> None:
    old = Version("p.md", {"id": "PRO-1", "versjon": 3, "godkjent": "2026-01-01"}, "# A\n")
    bumped = Version("p.md", {"id": "PRO-1", "versjon": 5, "godkjent": "2026-02-01"}, "# A\n")
    assert [(f.code, f.message) for f in review(old, bumped, [], TODAY)] == [
        (
            "D001",
            "prosessbeskrivelsen er endret, men versjon er 5 (var 3); sett «versjon: 4»",
        ),
        (
            "D002",
            "endringsloggen mangler innslaget for versjon 4; legg til "
            "«- {versjon: 4, dato: …, av: …, beskrivelse: …}»",
        ),
    ]
    assert review(None, bumped, [], TODAY) == []
    assert review(old, old, [], TODAY) == []


def test_a_deletion_is_justified_by_a_line_with_a_reason() -> None:
    assert justified("PRO-1.1", ["Rydding\n\nSlettet: PRO-1.1 – erstattet av PRO-1.2"])
    assert justified("PRO-1.1", ["Slettet: PRO-1.1: dobbel"])
    assert justified("PRO-1.1", ["Rydding", "Slettet: PRO-1.1 – dobbel"])  # in any of them
    assert not justified("PRO-1.1", ["Slettet: PRO-1.1.2 – en annen prosess"])
    assert not justified("PRO-1.1", ["Slettet: PRO-1.1"])
    assert not justified("PRO-1.1", ["Vi har slettet PRO-1.1 – dobbel"])
    assert not justified("PRO-1.1", ["Slettet: PRO-1.1 –"])  # a dash is no reason
    assert not justified("PRO-1.1", ["Slettet: PRO-1.1 –\nbegrunnelsen på neste linje"])


def test_a_version_that_is_no_number_is_left_to_validation() -> None:
    old = Version("p.md", {"id": "PRO-1", "versjon": 3, "godkjent": "2026-01-01"}, "# A\n")
    for versjon in ("fire", None):
        changed = Version(
            "p.md", {**old.data, "versjon": versjon, "godkjent": "2026-02-01"}, "# B\n"
        )
        assert review(old, changed, [], TODAY) == []
        assert review(changed, old, [], TODAY) == []


def test_a_missing_log_entry_points_at_the_log_or_at_the_version() -> None:
    old = Version("p.md", {"id": "PRO-1", "versjon": 3, "godkjent": "2026-01-01"}, "# A\n")
    bumped = {**old.data, "versjon": 4, "godkjent": "2026-02-01"}
    without_log = Version("p.md", bumped, "# B\n")
    with_log = Version("p.md", {**bumped, "endringslogg": [{"versjon": 3}]}, "# B\n")
    assert [(f.code, f.path) for f in review(old, without_log, [], TODAY)] == [
        ("D002", ("versjon",))
    ]
    assert [(f.code, f.path) for f in review(old, with_log, [], TODAY)] == [
        ("D002", ("endringslogg",))
    ]


def test_an_approval_date_that_is_no_date_is_not_taken_as_later() -> None:
    old = Version("p.md", {"id": "PRO-1", "versjon": 3, "godkjent": "2026-01-01"}, "# A\n")
    data = {**old.data, "versjon": 4, "godkjent": "2026-13-45", "endringslogg": [{"versjon": 4}]}
    assert [f.code for f in review(old, Version("p.md", data, "# B\n"), [], TODAY)] == ["D003"]


def test_an_approval_today_may_stay_today_but_never_be_after_it() -> None:
    old = Version("p.md", {"id": "PRO-1", "versjon": 3, "godkjent": "2026-12-07"}, "# A\n")
    log = [{"versjon": 4}]
    again = {**old.data, "versjon": 4, "endringslogg": log}
    assert review(old, Version("p.md", again, "# B\n"), [], TODAY) == []
    # the same day as before, when that day is past, is no new approval
    assert [
        f.code for f in review(old, Version("p.md", again, "# B\n"), [], date(2026, 12, 8))
    ] == ["D003"]
    future = {**again, "godkjent": "2026-12-08"}
    [found] = review(old, Version("p.md", future, "# B\n"), [], TODAY)
    assert (found.code, found.path, found.message) == (
        "D003",
        ("godkjent",),
        "godkjent er 2026-12-08, fram i tid; sett datoen den nye versjonen ble godkjent "
        "(i dag eller før)",
    )


def details(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return [(d.tekst, d.fra, d.til) for d in changed(old, new, CONFIG, False)]


def test_numbers_the_norwegian_way() -> None:
    assert [number(v) for v in (4.8, 9999, 10000, 61000000.0, True)] == [
        "4,8",
        "9999",
        "10\u00a0000",
        "61\u00a0000\u00a0000",
        "ja",
    ]


def test_text_of_sixty_characters_is_shown_longer_text_is_not() -> None:
    sixty, other, longer = "ord " * 14 + "ordx", "ord " * 14 + "ordy", "ord " * 15 + "x"
    assert len(sixty) == len(other) == 60
    assert texts({"tittel": sixty}, {"tittel": other}) == [f"Tittel: «{sixty}» → «{other}»"]
    assert len(longer) == 61
    assert texts({"tittel": longer}, {"tittel": longer[:-1] + "y"}) == ["Tittel: teksten er endret"]
    assert texts({"tittel": "to\nlinjer"}, {"tittel": "to\nlinjer til"}) == [
        "Tittel: teksten er endret"
    ]
    assert texts({"kilde": "ansatt"}, {}) == ["Kilde: fjernet (var ansatt)"]


def test_lists_keep_their_values_for_json() -> None:
    assert details({"lovkrav": ["A"]}, {"lovkrav": ["A", "B"]}) == [
        ("Lovkrav: + B", ["A"], ["A", "B"])
    ]


def test_a_closed_tiltak_says_how_it_was_closed() -> None:
    old = {"tiltak": [{"id": "T1", "status": "pagar"}]}
    new = {"tiltak": [{"id": "T1", "status": "avbrutt"}]}
    assert details(old, new) == [("Tiltak T1 avbrutt", "pagar", "avbrutt")]
    undated = {"tiltak": [{"id": "T1", "status": "fullfort"}]}
    assert texts(old, undated) == ["Tiltak T1 lukket: fullført (tom)"]


def risk(**fields: Any) -> dict[str, Any]:
    return {"id": "ROS-2026-0001", "risikoer": [{"id": "R1", **fields}]}


def test_a_risk_without_konsekvens_is_not_scored() -> None:
    before = {"sannsynlighet": 2, "konsekvens": 3, "niva": "middels"}
    assert details(risk(sannsynlighet=2, konsekvens=3), risk(sannsynlighet=2)) == [
        ("R1: 2×3 (middels) → ikke vurdert", before, None)
    ]


def test_a_consequence_that_leaves_the_cell_is_a_field_change() -> None:
    """The cell takes the highest dimension: a lower one changing is told as itself."""
    old = risk(sannsynlighet=2, konsekvens={"helse": 3, "okonomi": 2})
    same_cell = risk(sannsynlighet=2, konsekvens={"helse": 3, "okonomi": 3})
    assert texts(old, same_cell) == ["Risiko R1, konsekvens, okonomi: 2 → 3"]
    other_cell = risk(sannsynlighet=2, konsekvens={"helse": 4, "okonomi": 2})
    assert texts(old, other_cell) == ["R1: 2×3 (middels) → 2×4 (middels)"]


def test_an_empty_list_left_out_or_added_is_no_change() -> None:
    assert texts({"aktiviteter": [], "lovkrav": []}, {}) == []
    assert texts({}, {"tiltak": [], "rammer": {}}) == []
    assert texts({"lovkrav": []}, {"lovkrav": ["LOV-KL-25-1"]}) == ["Lovkrav: + LOV-KL-25-1"]


def test_long_text_in_a_sentence_is_cut_after_fifty_nine_characters() -> None:
    described = "Montere ny brannvarslingssentral med direktevarsling til 110-sentralen i Asker"
    tiltak = {"id": "T1", "beskrivelse": described, "ansvarlig": "liv.berg", "frist": "2027-01-01"}
    assert texts({}, {"tiltak": [tiltak]}) == [
        f"Tiltak T1 åpnet: «{described[:59]}…» – liv.berg, frist 01.01.2027"
    ]


def test_every_change_to_the_tiltak_of_a_risk_is_told() -> None:
    def tiltak(tid: str, **fields: Any) -> dict[str, Any]:
        return {"id": tid, "beskrivelse": "Pumpe", "ansvarlig": "liv.berg", **fields}

    old = risk(
        sannsynlighet=2,
        konsekvens=3,
        tiltak=[tiltak("T1", status="planlagt"), tiltak("T2", status="pagar")],
    )
    old["risikoer"].append({"id": "R2", "sannsynlighet": 4, "konsekvens": 4})
    new = risk(
        sannsynlighet=2,
        konsekvens=3,
        tiltak=[
            tiltak("T1", status="pagar", ansvarlig="per.lund"),
            {"id": "T3", "samme_som": "ROS-2026-0002/T1"},
        ],
    )
    assert details(old, new) == [
        (
            "Risiko R2 fjernet (var 4×4 (høy))",
            {"sannsynlighet": 4, "konsekvens": 4, "niva": "hoy"},
            None,
        ),
        (
            "Tiltak T3 (R1) lagt til: det samme som ROS-2026-0002/T1",
            None,
            new["risikoer"][0]["tiltak"][1],
        ),
        ("Tiltak T2 (R1) fjernet (var pågår)", old["risikoer"][0]["tiltak"][1], None),
        ("Tiltak T1 (R1): status planlagt → pågår", "planlagt", "pagar"),
        ("Tiltak T1 (R1), ansvarlig: liv.berg → per.lund", "liv.berg", "per.lund"),
    ]


def test_a_result_taken_away_is_told() -> None:
    goal = {"id": "M1", "beskrivelse": "Tilfredshet", "malverdi": 5.0}
    old = {"mal": [{**goal, "resultater": [{"periode": "2026-1", "verdi": 4.8}]}]}
    assert details(old, {"mal": [goal]}) == [
        ("Mål M1: resultatet for 2026-1 er fjernet", 4.8, None)
    ]


def test_a_new_ros_is_summed_up_by_its_highest_score_not_its_worst_consequence() -> None:
    ros = {
        "risikoer": [
            {"id": "R1", "sannsynlighet": 2, "konsekvens": 5},
            {"id": "R2", "sannsynlighet": 4, "konsekvens": 3},
        ],
    }
    assert [d.tekst for d in summary(ros, CONFIG, False)] == ["2 risikoer, høyeste 4×3 (høy)"]


def test_the_introduction_and_long_sections_are_counted_by_the_lines_changed() -> None:
    intro = "Innledning.\n\nMer{}\n# Formål\nA\n"
    assert texts({}, {}) == []
    bodies = (intro.format(""), intro.format(" tekst"))
    assert [d.tekst for d in changed({}, {}, CONFIG, False, bodies)] == [
        "Seksjonen «(innledning)» er endret (+1 −1 linjer)"
    ]
    # a long checklist: one line added is one line, however often the other lines repeat
    checklist = "# Sjekkliste\n" + "- Sjekk at døren er låst\n\n" * 120
    bodies = (checklist, checklist.replace("\n", "\n- Ny linje\n", 1))
    assert [d.tekst for d in changed({}, {}, CONFIG, False, bodies)] == [
        "Seksjonen «Sjekkliste» er endret (+1 −0 linjer)"
    ]


def test_encrypting_a_process_is_no_change_to_review_and_the_diff_says_kryptert() -> None:
    """CI has no key: what `ims krypter` hid is compared as «(gradert)», so encrypting a process
    asks for no new version; a clear field changed beside it still does."""
    aktiviteter = [{"id": "A1", "navn": "Ta imot", "ansvar": "Leder"}]
    clear = {"id": "PRO-1", "versjon": 3, "godkjent": "2026-01-01", "gradering": "fortrolig"}
    old = Version("p.md", {**clear, "tittel": "Henting", "aktiviteter": aktiviteter}, "# A\n")
    sealed = {
        **clear,
        "tittel": "(gradert)",
        "aktiviteter": [{"id": "A1", "navn": "(gradert)", "ansvar": "(gradert)"}],
        "kryptert": {"lesere": {"liv.berg": "age1…"}, "tekst": "-----BEGIN AGE…"},
    }
    encrypted = Version("p.md", sealed, "(gradert)\n")
    assert review(old, encrypted, [], TODAY) == []
    again = Version(
        "p.md", {**sealed, "kryptert": {"lesere": {}, "tekst": "-----…"}}, "(gradert)\n"
    )
    assert review(encrypted, again, [], TODAY) == []  # encrypted to others: no change seen
    moved = Version("p.md", {**sealed, "gradering": "strengt_fortrolig"}, "(gradert)\n")
    assert [f.code for f in review(old, moved, [], TODAY)] == ["D001", "D002", "D003"]
    assert review(encrypted, old, [], TODAY) == []  # decrypted: no change either
    assert texts(sealed, old.data, hidden=True)[0] == "Tittel: teksten er dekryptert"
    no_part = {k: v for k, v in sealed.items() if k != "kryptert"}  # taken out: K005's
    assert review(encrypted, Version("p.md", no_part, "(gradert)\n"), [], TODAY) == []
    assert texts(old.data, sealed, hidden=True) == [
        "Tittel: teksten er kryptert",
        "Aktivitet A1, navn: teksten er kryptert",
        "Aktivitet A1, ansvar: teksten er kryptert",
        "Kryptert: satt til lesere liv.berg (gradert, vises ikke), tekst (gradert, vises ikke)",
    ]
