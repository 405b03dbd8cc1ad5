"""A ROS after its meeting: a risk re-scored, an evaluation recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ims_cli.analytics.dates import add_months
from ims_cli.errors import UserError
from ims_cli.findings import Path as DataPath
from ims_cli.models.ros import Ros
from ims_cli.operations.changes import Done, commit, valid
from ims_cli.store import roundtrip
from ims_cli.store.load import Repository, StoredRecord
from ims_cli.words import day as day_of


@dataclass(frozen=True)
class Score:
    """What `ims ros vurder` is given: sannsynlighet and konsekvens, either or both; konsekvens
    as one number or per dimension."""

    sannsynlighet: int | None = None
    konsekvens: int | dict[str, int] | None = None
    after: bool = False  # the residual risk (restrisiko) instead of the risk before tiltak


def _score_changes(at: DataPath, old: Any, score: Score) -> list[roundtrip.Change]:
    """The changes of sannsynlighet and konsekvens in the mapping at `at` (a risk or its
    restrisiko), as `old` has them now."""
    changes: list[roundtrip.Change] = []
    if score.sannsynlighet is not None:
        changes.append(roundtrip.SetValue(at, "sannsynlighet", score.sannsynlighet))
    given, now = score.konsekvens, old.konsekvens
    if isinstance(given, int) and isinstance(now, dict):
        named = ", ".join(now)
        raise UserError(
            f"konsekvensen er gitt per dimensjon ({named}): skriv for eksempel "
            f"--konsekvens {next(iter(now))}={given}"
        )
    if isinstance(given, int):
        changes.append(roundtrip.SetValue(at, "konsekvens", given))
    elif isinstance(given, dict) and isinstance(now, dict):
        changes += [roundtrip.SetValue((*at, "konsekvens"), k, v) for k, v in given.items()]
    elif isinstance(given, dict):
        changes.append(roundtrip.SetValue(at, "konsekvens", given))
    return changes


def rescore(repo: Repository, ref: str, score: Score, day: date) -> Done:
    """Re-score a risk (or its restrisiko) after a ROS meeting; the ROS's dato becomes the day
    of the meeting, as a new assessment needs (D004 in ims diff)."""
    ros_id, _, risk_id = ref.partition("/")
    stored = valid(repo, ros_id, Ros, "ros")
    summary = ""

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        nonlocal summary
        ros = current.record
        assert isinstance(ros, Ros)
        index = next((i for i, r in enumerate(ros.risikoer) if r.id == risk_id), None)
        if index is None:
            known = ", ".join(r.id for r in ros.risikoer)
            raise UserError(f"{ros_id} har ingen risiko «{risk_id}» ({known})")
        risk, at = ros.risikoer[index], ("risikoer", index)
        if day < ros.dato:
            raise UserError(f"{ros_id} er datert {day_of(ros.dato)}; --dato kan ikke være før")
        if score.after and risk.restrisiko is None:
            if score.sannsynlighet is None or score.konsekvens is None:
                raise UserError(
                    f"{ref} har ingen restrisiko ennå: gi både --sannsynlighet og --konsekvens"
                )
            rest = {"sannsynlighet": score.sannsynlighet, "konsekvens": score.konsekvens}
            changes: list[roundtrip.Change] = [roundtrip.SetValue(at, "restrisiko", rest)]
        elif score.after:
            changes = _score_changes((*at, "restrisiko"), risk.restrisiko, score)
        else:
            changes = _score_changes(at, risk, score)
        if day != ros.dato:
            changes.append(roundtrip.SetValue((), "dato", day))
        what = "restrisiko" if score.after else "risiko"
        summary = f"{ref}: {what} vurdert på nytt {day_of(day)}"
        return changes

    warned = commit(repo, stored.path, build)
    return Done(stored.path, summary, warned)


def evaluated(repo: Repository, ros_id: str, day: date, following: date | None) -> Done:
    """Record that a ROS was evaluated on the day: its dato, and the next evaluation (given, or
    moved on as far as it was when the ROS has one)."""
    stored = valid(repo, ros_id, Ros, "ros")
    summary = ""

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        nonlocal summary
        ros = current.record
        assert isinstance(ros, Ros)
        if day <= ros.dato:
            raise UserError(f"{ros_id} er datert {day_of(ros.dato)}; evalueringen må være senere")
        changes: list[roundtrip.Change] = [roundtrip.SetValue((), "dato", day)]
        months = repo.config.frister.ros_evaluering_maaneder
        due = following or (add_months(day, months) if ros.neste_evaluering else None)
        if due is not None and due <= day:
            raise UserError(f"neste evaluering {day_of(due)} må være etter {day_of(day)}")
        if due is not None:
            changes.append(roundtrip.SetValue((), "neste_evaluering", due))
        upcoming = due or add_months(day, months)
        summary = f"{ros_id}: evaluert {day_of(day)}, neste evaluering {day_of(upcoming)}"
        return changes

    warned = commit(repo, stored.path, build)
    return Done(stored.path, summary, warned)
