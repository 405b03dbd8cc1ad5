"""`ims serve` end to end in headless Chromium (Debian's package): both forms filled in and sent,
the receipt read, the answer of `ims avvik svar` seen on the status page, and axe finding no WCAG
2.1 A/AA violation on any page, at a phone's width and a desktop's. With IMS_SKJERMBILDER=FOLDER
the screenshots are kept there to be looked at."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, sync_playwright
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.indexed import load_repository
from ims_cli.store.index import Select
from ims_cli.web.app import Service, application
from tests.conftest import MakeRepo, findings, new_id
from tests.test_cli.test_report_browser import CHROMIUM, FLAGS
from tests.test_web.test_serve import avvik, repository

WCAG = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(make_repo: MakeRepo) -> Iterator[tuple[str, Path]]:
    root = repository(make_repo)
    service = Service(root, lambda where: load_repository(where, select=Select(frozenset())))
    port = _free_port()
    config = uvicorn.Config(application(service), host="127.0.0.1", port=port, log_level="error")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", root
    finally:
        running.should_exit = True
        thread.join(10)


def _checked(page: Page, axe: Axe, seen: dict[str, list[str]], name: str, shots: Path) -> None:
    """axe over the page as it is now, and a screenshot of it."""
    found = axe.run(page, options=WCAG)
    seen[name] = [f"{v['id']}: {v['help']}" for v in found.response["violations"]]
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _employee(phone: Page, base: str, check: Callable[[Page, str], None]) -> str:
    phone.goto(f"{base}/meld")
    check(phone, "meld-telefon")
    phone.click("text=Send meldingen")  # empty: shown again with the messages
    assert phone.locator(".feiloversikt").is_visible()
    assert phone.locator("#beskrivelse-feil").text_content() == "Feil: Beskriv hva som skjedde."
    check(phone, "meld-feil-telefon")
    phone.check("#type-2")
    phone.select_option("#enhet", "OPP-SOL")
    phone.select_option("#kategori", "hms")
    phone.fill("#tittel", "Glatt inngangsparti")
    phone.fill("#beskrivelse", "En ansatt skled på isen ved inngangen.")
    phone.fill("#hendt_dato", "01.11.2026")
    phone.fill("#hendt_tid", "07:45")
    phone.check("#alvorlighet-2")
    phone.check("#personskade-2")
    phone.click("text=Send meldingen")
    assert phone.locator("h1").inner_text() == "Takk, meldingen er mottatt"
    check(phone, "kvittering-telefon")
    return phone.locator("#sporingskode").inner_text()


def _citizen(desk: Page, base: str, check: Callable[[Page, str], None]) -> str:
    desk.goto(f"{base}/meld/innbygger")
    check(desk, "innbygger-skrivebord")
    desk.check("#type-1")
    desk.select_option("#enhet", "OPP-SOL")
    desk.fill("#beskrivelse", "Porten til barnehagen stod åpen. Et barn var på vei ut.")
    desk.fill("#navn", "Åse Li")
    desk.check("#svar")
    desk.fill("#epost", "ase@example.no")
    desk.click("button[type=submit]")
    code = desk.locator("#sporingskode").inner_text()
    number = new_id("AVV", 2).removeprefix("AVV-")  # the second report of the day
    assert re.fullmatch(rf"{number}-[0-9A-Z]{{8}}", code), code
    return code


def test_both_forms_a_receipt_and_the_answer_in_chromium(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    assert Path(CHROMIUM).exists(), "chromium mangler: apt-get install chromium (dev.py gjør det)"
    base, root = server
    shots = Path(os.environ.get("IMS_SKJERMBILDER") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    seen: dict[str, list[str]] = {}
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        phone = browser.new_page(viewport=PHONE)
        phone.on("pageerror", lambda e: problems.append(str(e)))
        phone.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        axe = Axe()

        def check(page: Page, name: str) -> None:
            _checked(page, axe, seen, name, shots)

        employee_code = _employee(phone, base, check)
        desk = browser.new_page(viewport=DESKTOP)
        code = _citizen(desk, base, check)
        answer = CliRunner().invoke(
            app, ["--repo", str(root), "avvik", "svar", new_id("AVV", 2), "--tekst", "Ny lås."]
        )
        assert answer.exit_code == 0, answer.output
        desk.goto(f"{base}/status")
        check(desk, "status-skjema-skrivebord")
        desk.fill("#kode", code.lower())
        desk.click("button[type=submit]")
        assert desk.locator("#svar").inner_text() == "Ny lås."
        assert desk.locator("#status").inner_text() == "Meldt – ikke behandlet ennå"
        check(desk, "status-skrivebord")
        phone.goto(f"{base}/status/{employee_code}")
        assert "Ikke noe svar ennå" in phone.locator("#svar").inner_text()
        check(phone, "status-telefon")
        too_wide = phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        browser.close()
    assert seen == {name: [] for name in seen} and len(seen) == 7
    # the empty form, sent on purpose, came back as 400 Bad Request; nothing else may complain
    assert [p for p in problems if "status of 400" not in p] == [] and too_wide is False
    record = avvik(root, new_id("AVV"))
    assert record.type == "uonsket_hendelse" and record.hms is not None
    assert record.hms.personskade == "lettere"
    assert findings(root) == []
