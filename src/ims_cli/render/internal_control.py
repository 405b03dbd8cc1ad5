"""The yearly internkontroll report: the maturity chart, Markdown and one self-contained HTML
file, through the same templates machinery and confidentiality as the report for ledelsens
gjennomgang."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ims_cli.analytics.internal_control import LONG, IkData
from ims_cli.config import Config
from ims_cli.models.common import OPEN_TILTAK
from ims_cli.render.report import NIVA, STATUS, TILTAK, Pages, Written
from ims_cli.render.stats import duties
from ims_cli.store.write import make_folder


def maturity_chart(data: IkData) -> Any:
    """The kommune's (else the first unit's) maturity now and ambition per area, with each other
    unit's level now as a mark; None when there is no egenvurdering."""
    from ims_cli.render.charts import maturity_figure

    if not data.assessments:
        return None
    main, *others = data.assessments
    levels = {a.omrade: (a.na, a.ambisjon) for a in main.areas}
    marks: dict[str, dict[str, int]] = {}
    for other in others:
        for area in other.areas:
            marks.setdefault(area.omrade, {})[other.enhet] = area.na
    areas = [a for a in data.areas if a in levels or a in marks]
    areas += [a for a in levels if a not in areas]  # an area ims.yaml no longer names (B017)
    where = data.names.get(main.enhet, main.enhet)
    title = f"Modenhet i internkontrollen – {where} (egenvurdering {main.dato:%d.%m.%Y})"
    return maturity_figure(title, areas, data.scale, levels, marks)


def context(data: IkData, config: Config, charts: dict[str, str]) -> dict[str, Any]:
    """What both templates get: the data, the chart, and the words for codes."""
    return {
        "r": data,
        "charts": {"modenhet": None, **charts},
        "status": STATUS,
        "tiltakord": TILTAK,
        "niva": NIVA,
        "limit": LONG,
        "plikter": duties(data.avvik) if data.avvik else [],
        "levels": {n: f"{n} {name}" for n, name in enumerate(config.internkontroll.modenhet, 1)},
        "main": data.assessments[0] if data.assessments else None,
        "gap": _gap(data),
        "open_tiltak": sum(data.tiltak_status.get(status, 0) for status in OPEN_TILTAK),
        "late_tiltak": sum(
            1 for t in data.tiltak if t.frist and t.frist < data.day and t.detalj in OPEN_TILTAK
        ),
    }


def _gap(data: IkData) -> dict[str, Any]:
    """The main assessment in figures: how many areas, how many short of their ambition, and
    the mean level now and aimed at."""
    if not data.assessments:
        return {}
    areas = data.assessments[0].areas
    return {
        "areas": len(areas),
        "short": sum(1 for a in areas if a.na < a.ambisjon),
        "na": sum(a.na for a in areas) / len(areas),
        "ambisjon": sum(a.ambisjon for a in areas) / len(areas),
    }


def write(data: IkData, config: Config, root: Path, folder: Path, stem: str) -> Written:
    """The chart as PNG beside the Markdown, and the HTML with the chart inside it."""
    make_folder(folder)
    from ims_cli.render.charts import DPI, save_figure

    drawn, charts = maturity_chart(data), []
    if drawn is not None:
        charts.append(folder / f"{stem}-modenhet.png")
        save_figure(drawn, charts[0], DPI)
    pages = Pages(root, folder, stem, "ik", data.names, data.people)
    md_path, html_path = pages.write(charts, lambda c: context(data, config, c))
    return Written(md_path, html_path, charts, None)
