"""Ids on other branches (gitio.ids), for every kind of record with a numbered id: two advisers
on two branches never both create the same id, whatever the kind."""

from __future__ import annotations

import pytest

from ims_cli.gitio.ids import ids_on_branches, next_free_id
from ims_cli.indexed import load_repository
from ims_cli.kinds import KINDS, Kind
from tests.conftest import MakeRepo
from tests.gitrepo import History

NUMBERED = [k for k in KINDS if k.numbered]  # a process's id is chosen by hand (PRO-2.4.1)


@pytest.mark.parametrize("kind", NUMBERED, ids=lambda k: k.name)
def test_an_id_on_another_branch_is_seen_and_not_reused(make_repo: MakeRepo, kind: Kind) -> None:
    root = make_repo()
    history = History(root)
    history.git.create_head("annen").checkout()
    taken = f"{kind.prefix}-2026-0150"
    history.commit({f"records/annen/{taken}.yaml": f"id: {taken}\n"}, "På en annen gren")
    history.git.heads["main"].checkout()
    assert not (root / f"records/annen/{taken}.yaml").exists()
    assert taken in ids_on_branches(root)
    assert next_free_id(load_repository(root), kind.prefix, 2026) == f"{kind.prefix}-2026-0151"


def test_every_kind_but_processes_has_a_numbered_id() -> None:
    assert {k.name for k in KINDS} - {k.name for k in NUMBERED} == {"prosess"}
