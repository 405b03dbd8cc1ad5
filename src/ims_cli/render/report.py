"""The report for ledelsens gjennomgang: charts, Markdown and one self-contained HTML file."""

from __future__ import annotations

import base64
import multiprocessing
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from ims_cli.analytics.diff import number
from ims_cli.analytics.management_review import LONG, ReviewData
from ims_cli.analytics.puff import TITLES
from ims_cli.analytics.risk import Cell, level_label
from ims_cli.confidentiality import mask, masked
from ims_cli.config import Config
from ims_cli.models.common import TiltakStatus
from ims_cli.models.registers import LEVELS
from ims_cli.render.markdown_text import md_text
from ims_cli.render.stats import duties, month, percent, word
from ims_cli.render.templates import environment, render
from ims_cli.store.cache import templates_folder
from ims_cli.store.workbook import DAY, NUMBER, Column, Table, write_tables
from ims_cli.store.write import make_folder, write_output
from ims_cli.words import day as shown
from ims_cli.words import word as code_word

STATUS = {"gronn": "grønn", "gul": "gul", "rod": "rød", "mangler": "mangler"}
TILTAK = {status: code_word(status) for status in get_args(TiltakStatus)}
NIVA = {niva: code_word(niva) for niva in LEVELS}


@dataclass(frozen=True)
class Written:
    markdown: Path
    html: Path
    charts: list[Path]
    appendix: Path | None  # the long lists in full, when there were any


def _levels(cells: list[Cell]) -> dict[str, int]:
    counted: Counter[str] = Counter()
    for cell in cells:
        counted[cell.level] += len(cell.risks)
    return dict(counted)


def context(
    data: ReviewData, config: Config, charts: dict[str, str], appendix: str = ""
) -> dict[str, Any]:
    """What both templates get: the data, the charts, and small helpers for words and numbers."""
    return {
        "r": data,
        "charts": {**dict.fromkeys(CHARTS), **charts},  # a chart not drawn (no data) is None
        "levels": [n.navn for n in config.risiko.nivaer],
        "before": _levels(data.cells_before),
        "after": _levels(data.cells_after),
        "phases": TITLES,
        "status": STATUS,
        "tiltakord": TILTAK,
        "niva": NIVA,
        "year": data.period.til.year,
        "limit": LONG,
        "plikter": duties(data.avvik) if data.avvik else [],
        "appendix": appendix,
        "sheets": SHEETS,
    }


def _environment(root: Path, markup: bool, names: dict[str, str], people: dict[str, str]) -> Any:
    env = environment("report", root, html=markup, compiled=templates_folder())  # own first
    env.filters.update(
        md=md_text,  # record text in the Markdown report (templates/report/*.md.j2)
        tall=number,
        pst=percent,
        ord=word,
        maned=month,
        niva=level_label,
        navn=lambda unit: names.get(unit, unit),
        person=lambda person: people.get(person, person),  # a person by name
        dato=lambda day: shown(day) if day else "–",  # dd.mm.åååå
        kode=code_word,  # a code as a word: okonomi is «økonomi»
    )
    return env


CHARTS = ("avvik", "risiko", "puff")


def draw_charts(data: ReviewData, config: Config, folder: Path, stem: str) -> list[Path]:
    """The avvik trend, the risk matrix before and after, and the PUFF heat map, as PNG.

    matplotlib is imported once here; the charts are then drawn at the same time, in this process
    and in forked ones that share the import, which halves the time of the report on two cores.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot  # noqa: F401  (imported before forking, so children share it)

    from ims_cli.render.charts import save_matrix
    from ims_cli.render.puff import heat_map
    from ims_cli.render.stats import save_charts

    where = data.enhet.navn
    jobs: list[tuple[Callable[..., None], tuple[Any, ...], dict[str, Any]]] = []
    if data.avvik is not None and data.avvik.total:
        jobs.append(
            (save_charts, (folder / f"{stem}-avvik.png", data.avvik, data.names, where), {})
        )
    if data.risk_count:
        title = f"Risiko i {where} per {shown(data.day)}"
        jobs.append(
            (
                save_matrix,
                (folder / f"{stem}-risiko.png", title, data.cells_before, config, data.cells_after),
                {},
            )
        )
    if data.puff:
        # hundreds of virksomheter make no chart: the levels above them; the rest in the appendix
        units = (
            [u for u in data.puff if u.niva != "virksomhet"] if "puff" in data.long else data.puff
        )
        jobs.append((heat_map, (folder / f"{stem}-puff.png", units, data.day, where), {}))
    _run(jobs)
    return [args[0] for _, args, _ in jobs]


def _run(jobs: list[tuple[Callable[..., None], tuple[Any, ...], dict[str, Any]]]) -> None:
    if len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for function, args, options in jobs:
            function(*args, **options)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        pending = [pool.submit(function, *args, **options) for function, args, options in jobs[1:]]
        function, args, options = jobs[0]
        function(*args, **options)  # this process would only wait: it draws one itself
        for done in pending:
            done.result()  # a chart that cannot be written raises here, with its reason


def write(data: ReviewData, config: Config, root: Path, folder: Path, stem: str) -> Written:
    """Charts as PNG beside the Markdown, and the HTML with the same charts inside it."""
    make_folder(folder)
    charts = draw_charts(data, config, folder, stem)
    appendix = folder / f"{stem}-vedlegg.xlsx" if data.long else None
    if appendix:
        write_tables(appendix, appendix_tables(data), _appendix_notes(data))
    shown_as = appendix.name if appendix else ""
    pages = Pages(root, folder, stem, "lg", data.names, data.people)
    md_path, html_path = pages.write(charts, lambda c: context(data, config, c, shown_as))
    return Written(md_path, html_path, charts, appendix)


@dataclass(frozen=True)
class Pages:
    """A report as Markdown beside its charts and as one self-contained HTML page, from the
    templates `{name}.md.j2` and `{name}.html.j2` (a repository's own first)."""

    root: Path
    folder: Path
    stem: str
    name: str
    names: dict[str, str]  # unit id -> name
    people: dict[str, str]  # person id -> name

    def write(
        self, charts: list[Path], about: Callable[[dict[str, str]], dict[str, Any]]
    ) -> tuple[Path, Path]:
        """`about` gives the templates' context for the charts (name -> where the page finds
        it): their files for the Markdown, their data inside the HTML."""
        named = {p.stem.removeprefix(f"{self.stem}-"): p for p in charts}
        own = self.root / "templates" / "report"
        env = _environment(self.root, False, self.names, self.people)
        files = {k: p.name for k, p in named.items()}
        markdown = mask(render(env, f"{self.name}.md.j2", own, **about(files)))
        # National ids are masked in the page before the charts go in: base64 has runs of digits.
        slots = {k: f"ims-diagram-{k}" for k in named}
        env = _environment(self.root, True, self.names, self.people)
        page = mask(render(env, f"{self.name}.html.j2", own, **about(slots)))
        for k, p in named.items():
            page = page.replace(
                slots[k], "data:image/png;base64," + base64.b64encode(p.read_bytes()).decode()
            )
        md_path, html_path = self.folder / f"{self.stem}.md", self.folder / f"{self.stem}.html"
        write_output(md_path, markdown)
        write_output(html_path, page)
        return md_path, html_path


# list name -> the appendix's sheet that holds it in full
SHEETS = {
    "tiltak": "Forfalte tiltak",
    "mal": "Mål",
    "prosesser": "Prosesser",
    "forbedringer": "Forbedringer",
    "puff": "PUFF",
}


def appendix_tables(data: ReviewData) -> list[Table]:
    """Each long list in full, one sheet each; graded text is already left out of the data,
    national ids are masked here."""
    unit = data.names.get
    rows: dict[str, tuple[tuple[Column, ...], list[tuple[tuple[Any, ...], bool]]]] = {
        "tiltak": (
            (
                Column("Tiltak"),
                Column("Enhet"),
                Column("Beskrivelse"),
                Column("Ansvarlig"),
                Column("Frist", DAY),
            ),
            [
                ((i.id, unit(i.enhet or ""), i.tittel or "(gradert)", i.ansvarlig, i.frist), False)
                for i in data.tiltak_overdue
            ],
        ),
        "mal": (
            (
                Column("Enhet"),
                Column("Mål"),
                Column("Beskrivelse"),
                Column("Fokusområde"),
                Column("Målverdi", NUMBER),
                Column("Akseptabelt", NUMBER),
                Column("Siste resultat", NUMBER),
                Column("Periode"),
                Column("Status"),
            ),
            [
                (
                    (
                        unit(g.enhet),
                        g.ref,
                        g.beskrivelse or "(gradert)",
                        code_word(g.fokusomrade),
                        g.malverdi,
                        g.akseptabelt,
                        g.verdi,
                        g.periode,
                        STATUS[g.status],
                    ),
                    g.status == "rod",
                )
                for g in data.goals
            ],
        ),
        "prosesser": (
            (
                Column("Prosess"),
                Column("Tittel"),
                Column("Enhet"),
                Column("Neste revisjon", DAY),
                Column("Avvik i perioden", NUMBER),
            ),
            [
                (
                    (
                        p.id,
                        p.tittel or "(gradert)",
                        unit(p.enhet or "", p.enhet),
                        p.neste_revisjon,
                        p.avvik,
                    ),
                    p.forfalt,
                )
                for p in data.processes
            ],
        ),
        "forbedringer": (
            (Column("Id"), Column("Enhet"), Column("Forbedringsmulighet"), Column("Merknad")),
            [
                ((i.id, unit(i.enhet or ""), i.tittel or "(gradert)", i.detalj), False)
                for i in data.improvements
            ],
        ),
        "puff": (
            (Column("Enhet"), Column("Nivå"), *(Column(t) for t in TITLES.values())),
            [
                (
                    (
                        u.navn,
                        NIVA.get(u.niva, u.niva),
                        *(STATUS[u.phases[k].status] for k in TITLES),
                    ),
                    any(u.phases[k].status == "rod" for k in TITLES),
                )
                for u in data.puff
            ],
        ),
    }
    tables = []
    for name in data.long:
        columns, lines = rows[name]
        marked = tuple(late for _, late in lines)
        tables.append(Table(SHEETS[name], columns, tuple(masked(r) for r, _ in lines), marked))
    return tables


def _appendix_notes(data: ReviewData) -> tuple[tuple[str, str], ...]:
    shown_for = "intern" if data.audience == "intern" else "åpen"
    return (
        ("Vedlegg til", f"Ledelsens gjennomgang – {data.enhet.navn}"),
        ("Periode", f"{shown(data.period.fra)}–{shown(data.period.til)}"),
        ("Grunnlag per", shown(data.day)),
        ("Versjon", f"{shown_for}; tekst fra graderte poster er utelatt som i rapporten"),
        ("Markert", "forfalte prosesser, røde mål og enheter med en rød PUFF-fase"),
    )
