"""The HTML report in headless Chromium (Debian's package): no console errors, no requests
beyond the file itself, every chart loaded. `python3 dev.py test` installs chromium if missing."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
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


PAGE_TYPES = [
    "index.html",
    "prosesser.html",
    "enheter.html",
    "ros.html",
    "lovkrav.html",
    "risikobank.html",
    "sok.html",
    "prosess/PRO-2.2.1.html",
    "ros/ROS-2026-0001.html",
    "enhet/HO-BJERKE.html",
]


def test_the_handbook_site_is_accessible_self_contained_and_searchable(tmp_path: Path) -> None:
    """axe-core finds no WCAG 2.1 AA violation on any page type; no page loads anything from
    outside the folder; the search (served from the folder, as a web server would) finds a
    process by its title."""
    args = ["--repo", str(PROJECT), "site", "--ut", str(tmp_path), "--as-of", "2026-11-22"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *_: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    violations: dict[str, list[str]] = {}
    outside: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.on(
                "request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None
            )
            axe = Axe()
            for name in PAGE_TYPES:
                page.goto(base + name)
                page.wait_for_load_state("networkidle")
                found = axe.run(
                    page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
                )
                violations[name] = [v["id"] for v in found.response["violations"]]
            page.goto(base + "sok.html")
            hits = page.evaluate(
                """async () => {
                    const pagefind = await import("./pagefind/pagefind.js");
                    const search = await pagefind.search("Legemiddelhåndtering i sykehjem");
                    const found = await Promise.all(search.results.slice(0, 5).map(r => r.data()));
                    return found.map(f => f.url);
                }"""
            )
            browser.close()
    finally:
        server.shutdown()
    assert violations == {name: [] for name in PAGE_TYPES}
    assert outside == []
    assert any(url.endswith("prosess/PRO-2.2.1.html") for url in hits), hits
