"""The handbook site's pages as HTML: jinja2 templates (templates/site/, a repository's own
first), process descriptions from Markdown by markdown-it-py, national ids masked on every page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ims_cli.analytics.diff import number
from ims_cli.analytics.handbook import PROCESS_TYPES, Site, matrix_rows
from ims_cli.analytics.puff import TITLES
from ims_cli.analytics.risk import abbreviations, band, level_label
from ims_cli.confidentiality import mask
from ims_cli.config import Config
from ims_cli.render.templates import environment, plain_text, render
from ims_cli.store.cache import templates_folder
from ims_cli.words import code, word
from ims_cli.words import day as shown

STATUS = {"gronn": "grønn", "gul": "gul", "rod": "rød", "mangler": "mangler"}
STYLE = "stil.css"
LIMIT = 50  # rows of a list on a page before it says how many more there are


def markdown(text: str) -> str:
    """A process description's Markdown as HTML: no raw HTML passes (it is shown as text), and
    no image is loaded (a page loads nothing from outside its folder)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")
    return str(md.render(text))


def _value(value: Any) -> str:
    """A field's value on a record's page: codes as words, dates as people read them."""
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, str):
        return code(value)
    return shown(value) if isinstance(value, date) else number(value)


def pages(site: Site, config: Config, root: Path) -> Iterator[tuple[str, str]]:
    """(path in the site, HTML) for every page; the stylesheet too."""
    from markupsafe import Markup

    env = environment("site", root, html=True, compiled=templates_folder())  # own first
    env.filters.update(
        navn=lambda unit: site.names.get(unit, unit),
        person=lambda person: site.people.get(person, person),
        dato=lambda day: shown(day) if day else "–",
        kode=word,
        niva=level_label,
        tall=number,
        verdi=_value,
    )
    own = root / "templates" / "site"

    def page(template: str, up: str, **values: Any) -> str:
        return mask(render(env, template, own, s=site, up=up, **common, **values))

    common = {
        "statusord": STATUS,
        "phases": TITLES,
        "process_types": PROCESS_TYPES,
        "limit": LIMIT,
        "levels": site.levels,
        "kort": abbreviations(config),
        "band": {level: band(config, level) for level in site.levels},
        "sannsynlighet": config.risiko.sannsynlighet,
        "konsekvens": config.risiko.konsekvens,
        "matrix": lambda cells: matrix_rows(cells, config),
    }
    yield STYLE, plain_text(env, STYLE)  # not a template, but found and read as one
    yield "index.html", page("index.html.j2", "")
    yield "prosesser.html", page("prosesser.html.j2", "")
    yield "ros.html", page("ros-liste.html.j2", "")
    units = {u.enhet.id: u for u in site.units}
    yield "enheter.html", page("enheter.html.j2", "", units=units)
    yield "lovkrav.html", page("lovkrav.html.j2", "")
    yield "risikobank.html", page("risikobank.html.j2", "")
    yield "sok.html", page("sok.html.j2", "")
    for p in site.processes:
        body = Markup(markdown(p.body)) if p.body else None  # markdown-it escaped the text
        yield f"prosess/{p.id}.html", page("prosess.html.j2", "../", p=p, body=body)
    for r in site.analyses:
        yield f"ros/{r.id}.html", page("ros.html.j2", "../", r=r)
    for u in site.units:
        yield f"enhet/{u.enhet.id}.html", page("enhet.html.j2", "../", u=u)
    for kind in site.kinds:
        listed = [shown for shown in site.records if shown.kind == kind]
        yield f"{kind}.html", page("poster.html.j2", "", kind=kind, records=listed)
    for record in site.records:
        yield f"{record.kind}/{record.id}.html", page(record.template, "../", r=record)
