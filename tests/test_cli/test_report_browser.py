"""The HTML report in headless Chromium (Debian's package): no console errors, no requests
beyond the file itself, every chart loaded. `python3 dev.py test` installs chromium if missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import PROJECT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.mark.parametrize("unit", ["KD", "OPP-SOLSTRAND"])
def test_the_report_renders_cleanly_in_chromium(unit: str, tmp_path: Path) -> None:
    assert Path(CHROMIUM).exists(), "chromium mangler: apt-get install chromium (dev.py gjør det)"
    args = ["--repo", str(PROJECT), "report", "lg", "--enhet", unit, "--periode", "2026"]
    result = CliRunner().invoke(app, [*args, "--as-of", "2026-11-22", "--ut", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page_file = tmp_path / f"lg-{unit}-2026.html"
    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.on(
            "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
        )
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        images = page.evaluate(
            "Array.from(document.images).map(i => [i.alt, i.complete && i.naturalWidth > 0])"
        )
        too_wide = page.evaluate(
            "Array.from(document.querySelectorAll('table, figure'))"
            ".filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length"
        )
        page.screenshot(path=str(tmp_path / "rapport.png"), full_page=True)
        sections = page.evaluate(
            "Array.from(document.querySelectorAll('h2')).map(h => h.textContent)"
        )
        browser.close()
    assert problems == []
    assert too_wide == 0  # every table and chart fits the page
    assert [r for r in requests if not r.startswith(("file:", "data:"))] == []
    assert len(images) == 3 and all(loaded for _, loaded in images), images
    assert [s.split(")")[0] for s in sections if ")" in s][:6] == ["a", "b", "c", "d", "e", "f"]
    assert (tmp_path / "rapport.png").stat().st_size > 50_000


def test_the_internkontroll_report_renders_cleanly_in_chromium(tmp_path: Path) -> None:
    args = ["--repo", str(PROJECT), "report", "ik", "--aar", "2026", "--as-of", "2026-11-22"]
    result = CliRunner().invoke(app, [*args, "--ut", str(tmp_path)])
    assert result.exit_code == 0, result.output
    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto((tmp_path / "ik-2026.html").as_uri())
        page.wait_for_load_state("load")
        images = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
        too_wide = page.evaluate(
            "Array.from(document.querySelectorAll('table, figure'))"
            ".filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length"
        )
        browser.close()
    assert problems == [] and too_wide == 0
    assert [r for r in requests if not r.startswith(("file:", "data:"))] == []
    assert len(images) == 1 and images[0] > 1000  # the maturity chart, at 180 dpi
