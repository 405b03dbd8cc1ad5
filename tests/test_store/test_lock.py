"""One writer at a time per folder: a second waits for the first, and gives up with a message
when the first holds on too long. flock conflicts between two opens of the folder even in one
process, so threads show it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from ims_cli.errors import UserError
from ims_cli.store.lock import _seconds, folder_locked


def test_a_second_writer_gives_up_when_the_first_holds_on(tmp_path: Path) -> None:
    with folder_locked(tmp_path), pytest.raises(UserError) as raised:
        with folder_locked(tmp_path, wait=0.2):
            pass
    assert str(raised.value) == (
        f"en annen ims-kommando har endret filer i {tmp_path} i over 0,2 sekunder; vent til den er "
        "ferdig og prøv igjen"
    )
    with folder_locked(tmp_path, wait=0.2):  # released when the first was done
        pass


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    order: list[str] = []
    holding = threading.Event()

    def first() -> None:
        with folder_locked(tmp_path):
            holding.set()
            time.sleep(0.3)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    holding.wait(5)
    with folder_locked(tmp_path, wait=10):
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]


def test_waits_and_folders_that_cannot_be_locked_are_said_in_norwegian(tmp_path: Path) -> None:
    assert [_seconds(w) for w in (30.0, 1.0, 0.2)] == ["30 sekunder", "1 sekund", "0,2 sekunder"]
    with pytest.raises(UserError) as raised, folder_locked(tmp_path / "borte"):
        pass
    assert str(raised.value) == f"{tmp_path / 'borte'}: mappen kan ikke åpnes (mappen finnes ikke)"
