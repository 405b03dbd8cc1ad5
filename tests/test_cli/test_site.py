"""`ims site`: a page for every process, ROS and unit with its title, every link resolving,
graded text and national ids kept out, only changed pages written again."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
import webbrowser
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from typer.testing import CliRunner

from ims_cli.cli import site as site_command
from ims_cli.cli.app import app
from ims_cli.indexed import load_repository
from ims_cli.models.prosess import Prosess
from ims_cli.models.registers import Organisasjon
from ims_cli.models.ros import Ros
from ims_cli.national_ids import find_national_ids
from ims_cli.operations.site import serving
from tests.conftest import PROJECT, MakeRepo
from tests.test_cli.test_report_browser import CHROMIUM, FLAGS

runner = CliRunner()
DAY = "2026-11-22"


def build(root: Path, out: Path, *args: str) -> str:
    result = runner.invoke(
        app, ["--repo", str(root), "site", "--ut", str(out), "--as-of", DAY, *args]
    )
    assert result.exit_code == 0, result.output
    return result.output


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.loads: list[str] = []  # what the page would fetch: stylesheets, scripts, images

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        for name in ("src", "href") if tag in ("link", "script", "img") else ():
            if values.get(name):
                self.loads.append(str(values[name]))


def _parsed(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text("utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nettsted")
    build(PROJECT, out)
    return out


def test_every_process_ros_and_unit_has_a_page_with_its_title(site: Path) -> None:
    repo = load_repository(PROJECT)
    assert isinstance(repo.organisasjon, Organisasjon)
    for stored in repo.records:
        record = stored.record
        if isinstance(record, Prosess | Ros):
            folder = "prosess" if isinstance(record, Prosess) else "ros"
            page = (site / folder / f"{record.id}.html").read_text("utf-8")
            title = record.tittel if record.gradering != "fortrolig" else "(gradert)"
            plain = page.replace('<span class="gradert">', "").replace("</span>", "")
            assert f"<h1>{record.id} {title}</h1>" in plain
    for unit in repo.organisasjon.enheter:
        assert f"<h1>{unit.navn}</h1>" in (site / "enhet" / f"{unit.id}.html").read_text("utf-8")


def test_every_link_resolves_and_nothing_is_loaded_from_outside(site: Path) -> None:
    pages = sorted(site.glob("**/*.html"))
    pages = [p for p in pages if "pagefind" not in p.parts]
    assert len(pages) > 40
    for page in pages:
        parsed = _parsed(page)
        for link in parsed.links:
            if link.startswith(("http://", "https://", "mailto:")):
                continue  # a link a reader may follow, not something the page loads
            target, _, anchor = link.partition("#")
            path = (page.parent / target).resolve() if target else page
            assert path.is_file(), f"{page.relative_to(site)}: {link}"
            if anchor:
                assert anchor in _parsed(path).ids, f"{page.relative_to(site)}: {link}"
        for load in parsed.loads:
            assert not re.match(r"^[a-z]+:", load), f"{page.relative_to(site)} loads {load}"
            assert (page.parent / load).resolve().is_file(), f"{page.relative_to(site)}: {load}"


SECRET = """id: AVV-2026-0101
type: avvik
tittel: Hemmelig tittel
meldt: 2026-03-02
enhet: OPP-SOL
kategori: personvern
status: meldt
gradering: fortrolig
"""
GRADED_ROS = """id: ROS-2026-0002
tittel: Fortrolig sikring av arkivet
omrade: informasjonssikkerhet
enhet: OPP-SOL
ansvarlig: liv.berg
dato: 2026-02-01
gradering: fortrolig
risikoer:
  - {id: R1, trussel: Innbrudd i arkivrommet 01017012345, sannsynlighet: 2, konsekvens: 2}
"""
PROCESS = """---
id: PRO-2
tittel: Opptak i barnehagen
type: hovedprosess
eier: liv.berg
enhet: OPP-SOL
versjon: 1
godkjent: 2026-01-10
gradering: intern
---
# Formål

Søknader behandles innen fristen. Kontakt: 13017512345. <script>alert(1)</script>
"""


def _texts(folder: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in folder.glob("**/*.html"))


def test_graded_text_and_national_ids_stay_out(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo(
        {
            "records/avvik/AVV-2026-0101.yaml": SECRET,
            "records/ros/ROS-2026-0002.yaml": GRADED_ROS,
            "records/prosesser/2-opptak.md": PROCESS,
        }
    )
    build(root, tmp_path / "intern")
    text = _texts(tmp_path / "intern")
    assert "Hemmelig" not in text and "Fortrolig sikring" not in text and "Innbrudd" not in text
    assert '<a href="../ros/ROS-2026-0002.html">ROS-2026-0002</a>' in text  # counted and linked
    assert list(find_national_ids(text)) == []
    assert "Søknader behandles innen fristen" in text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
    build(root, tmp_path / "apen", "--publikum", "apen")
    public = _texts(tmp_path / "apen")
    assert "Søknader behandles" not in public and "Opptak i barnehagen" not in public  # intern
    assert "åpen versjon" in public


def test_a_rebuild_writes_only_what_changed(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo({"records/prosesser/2-opptak.md": PROCESS})
    out = tmp_path / "nettsted"
    first = build(root, out)
    assert first.startswith("Skrev ") and " av " in first
    assert (
        build(root, out)
        == f"De {first.split(' av ')[1].split(' ')[0]} filene i {out} var uendret.\n"
    )
    process = root / "records/prosesser/2-opptak.md"
    process.write_text(PROCESS.replace("innen fristen", "innen tre uker"), "utf-8")
    assert build(root, out).startswith("Skrev 1 av ")  # only the process's own page
    assert "innen tre uker" in (out / "prosess/PRO-2.html").read_text("utf-8")
    process.unlink()
    said = build(root, out)
    assert said.endswith("; fjernet 1 side.\n") and not (out / "prosess/PRO-2.html").exists()


def test_the_search_index_is_made(site: Path) -> None:
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert any((site / "pagefind" / "fragment").iterdir())


def test_a_repository_can_bring_its_own_page_template(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    shutil.copy(PROJECT / "templates" / "site" / "base.html.j2", own / "base.html.j2")
    text = (own / "base.html.j2").read_text("utf-8").replace("Hopp til innholdet", "Til innholdet")
    (own / "base.html.j2").write_text(text, "utf-8")
    build(root, tmp_path / "ut")
    assert "Til innholdet" in (tmp_path / "ut" / "index.html").read_text("utf-8")


def test_the_same_records_make_the_same_pages_in_every_process(tmp_path: Path) -> None:
    """Sets iterate in another order in another process (PYTHONHASHSEED): no page may depend
    on that, or every build would write pages that did not change."""
    out = tmp_path / "nettsted"
    command = [sys.executable, "-m", "ims_cli", "--repo", str(PROJECT), "site", "--ut", str(out)]
    command += ["--as-of", DAY]
    for seed, said in (("1", "Skrev "), ("2", "De ")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0 and done.stdout.startswith(said), done.stdout + done.stderr


# The search needs the folder served: `ims site --vis` serves it, and a page opened from the
# disk says so instead of hanging on «Søker etter …».
FROM_DISK = (
    "Søket virker ikke når siden er åpnet rett fra disken (file://): nettleseren lar ikke "
    "siden lese søkeindeksen. Åpne nettstedet med «ims site --vis», eller legg mappen på en "
    "webserver."
)


def _chromium() -> Iterator[Page]:
    assert Path(CHROMIUM).exists(), "chromium mangler: apt-get install chromium (dev.py gjør det)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def _search(page: Page, url: str) -> list[str]:
    page.goto(url)
    page.fill(".pagefind-ui__search-input", "Legemiddelhåndtering i sykehjem")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=20_000)
    return [
        str(a.get_attribute("href")) for a in page.query_selector_all(".pagefind-ui__result-link")
    ]


def test_the_search_served_by_vis_finds_a_process(site: Path) -> None:
    with serving(site) as url:
        assert url.startswith("http://127.0.0.1:")
        for page in _chromium():
            links = _search(page, url + "sok.html")
    assert any(link.endswith("prosess/PRO-2.2.1.html") for link in links), links


def test_the_search_opened_from_the_disk_says_what_to_do(site: Path) -> None:
    for page in _chromium():
        page.goto((site / "sok.html").as_uri())
        page.wait_for_selector("#sok p")
        text = page.inner_text("#sok")
    assert text == FROM_DISK


def test_vis_builds_serves_opens_the_browser_and_stops_on_ctrl_c(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    fetched: list[bytes] = []

    def ctrl_c() -> None:  # while ims waits: the page is there, then the user presses Ctrl-C
        with urllib.request.urlopen(opened[0] + "index.html") as response:
            fetched.append(response.read())
        raise KeyboardInterrupt

    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    monkeypatch.setattr(site_command, "wait_for_ctrl_c", ctrl_c)
    out = tmp_path / "ut"
    result = runner.invoke(
        app, ["--repo", str(make_repo()), "site", "--ut", str(out), "--as-of", DAY, "--vis"]
    )
    assert result.exit_code == 0, result.output
    [url] = opened
    assert url.startswith("http://127.0.0.1:") and url.endswith("/")
    assert fetched == [(out / "index.html").read_bytes()]
    assert result.output.endswith(
        f"Viser nettstedet på {url} (bare på denne maskinen). Trykk Ctrl-C for å stoppe.\n"
        "Stoppet.\n"
    )
    with pytest.raises(OSError):  # the server is stopped
        urllib.request.urlopen(url, timeout=5)
