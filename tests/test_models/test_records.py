"""The record models: scores, signatures and what each kind accepts."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from ims_cli.config import Config
from ims_cli.kinds import kind_of
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.ros import Risiko, Ros


def risiko(**fields: Any) -> Risiko:
    return Risiko.model_validate({"id": "R1", "trussel": "x", **fields})


def test_score_takes_the_highest_dimension() -> None:
    assert risiko(sannsynlighet=3, konsekvens={"liv_og_helse": 2, "okonomi": 4}).score == 12
    assert risiko(sannsynlighet=3, konsekvens=4).score == 12


def test_bad_consequence_reports_one_error_for_the_branch_used() -> None:
    with pytest.raises(ValidationError) as caught:
        risiko(sannsynlighet=3, konsekvens={"liv_og_helse": 0})
    assert len(caught.value.errors()) == 1


@pytest.mark.parametrize("prefix", ["AVV", "ROS", "PRO", "LA", "REV", "LG"])
def test_kind_from_id_prefix(prefix: str) -> None:
    kind = kind_of(f"{prefix}-2026-0001")
    assert kind is not None and kind.prefix == prefix


@pytest.mark.parametrize("value", [None, 42, "", "AVV2026", "XYZ-1"])
def test_no_kind_for_other_ids(value: object) -> None:
    assert kind_of(value) is None


def test_lederavtale_is_signed_only_with_both_dates() -> None:
    base = {"id": "LA-2026-0001", "aar": 2026, "enhet": "X", "leder": "a", "overordnet": "b"}
    assert not Lederavtale.model_validate(base).is_signed
    half = {**base, "signert": {"leder": "2026-01-10"}}
    assert not Lederavtale.model_validate(half).is_signed
    both = {**base, "signert": {"leder": "2026-01-10", "overordnet": "2026-01-12"}}
    assert Lederavtale.model_validate(both).is_signed


def test_ros_needs_at_least_one_risk() -> None:
    with pytest.raises(ValidationError):
        Ros.model_validate(
            {
                "id": "ROS-2026-0001",
                "tittel": "x",
                "omrade": "hms",
                "enhet": "X",
                "ansvarlig": "a",
                "dato": "2026-01-01",
                "risikoer": [],
            }
        )


@pytest.mark.parametrize(
    ("score", "level"), [(1, "lav"), (4, "lav"), (5, "middels"), (10, "middels"), (25, "hoy")]
)
def test_default_levels(score: int, level: str) -> None:
    assert Config().risiko.level(score) == level


def test_config_defaults_match_records_md() -> None:
    config = Config()
    assert len(config.risiko.sannsynlighet) == len(config.risiko.konsekvens) == 5
    assert config.risiko.tiltak_kreves_over == 10
    assert (config.frister.avvik_behandling_dager, config.frister.lederdialog_maaneder) == (14, 6)
