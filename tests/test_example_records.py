"""The example records are the data every command demonstrates on: valid, and rich enough."""

from __future__ import annotations

from collections import Counter

from ims_cli.indexed import load_repository
from ims_cli.models.avvik import Avvik
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.ros import Ros
from tests.conftest import PROJECT, findings


def test_example_records_validate_clean() -> None:
    assert findings(PROJECT) == []


def test_example_records_cover_what_the_foundation_promises() -> None:
    repo = load_repository(PROJECT)
    kinds = Counter(r.kind.name for r in repo.records)
    assert kinds["avvik"] >= 40 and kinds["ros"] >= 6 and kinds["prosess"] >= 8
    assert kinds["revisjon"] >= 2 and kinds["lg"] >= 1

    assert repo.organisasjon is not None
    levels = Counter(e.niva for e in repo.organisasjon.enheter)
    assert levels["tjenesteomrade"] >= 3 and levels["virksomhet"] >= 8

    virksomheter = {e.id for e in repo.organisasjon.enheter if e.niva == "virksomhet"}
    agreements = {r.record.enhet for r in repo.records if isinstance(r.record, Lederavtale)}
    assert virksomheter <= agreements

    avvik = [r.record for r in repo.records if isinstance(r.record, Avvik)]
    assert {a.type for a in avvik} >= {
        "avvik",
        "uonsket_hendelse",
        "forbedringsforslag",
        "positiv_tilbakemelding",
        "tilsynsfunn",
        "revisjonsfunn",
    }
    assert {a.status for a in avvik} == {"meldt", "under_behandling", "tiltak_iverksatt", "lukket"}
    assert {a.meldt.year for a in avvik} == {2025, 2026}

    ros = [r.record for r in repo.records if isinstance(r.record, Ros)]
    assert all(5 <= len(r.risikoer) <= 10 for r in ros)
    assert {"tjenesteleveranse", "hms", "beredskap", "informasjonssikkerhet"} <= {
        r.omrade for r in ros
    }
    assert any(isinstance(k.konsekvens, dict) for r in ros for k in r.risikoer)
