"""Avvik statistics as terminal tables, JSON and charts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ims_cli.analytics.stats import AvvikStats

WORDS = {
    "hms": "HMS",
    "informasjonssikkerhet": "Informasjonssikkerhet",
    "personvern": "Personvern",
    "tjenestekvalitet": "Tjenestekvalitet",
    "miljo": "Miljø",
    "etikk": "Etikk",
    "okonomi": "Økonomi",
    "beredskap": "Beredskap",
    "avvik": "Avvik",
    "uonsket_hendelse": "Uønsket hendelse",
    "forbedringsforslag": "Forbedringsforslag",
    "positiv_tilbakemelding": "Positiv tilbakemelding",
    "tilsynsfunn": "Tilsynsfunn",
    "revisjonsfunn": "Revisjonsfunn",
    "rutine": "Rutine mangler eller følges ikke",
    "opplaering": "Opplæring",
    "kommunikasjon": "Kommunikasjon og informasjonsflyt",
    "bemanning": "Bemanning og tid",
    "utstyr": "Utstyr og bygg",
    "it_system": "IT-system",
    "organisering": "Organisering og ansvar",
    "ytre_forhold": "Ytre forhold",
    "annet": "Annet",
}
MONTHS = ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"]


def word(code: str) -> str:
    return WORDS.get(code, code)


def month(key: str) -> str:
    """'2026-03' as 'mar 2026'."""
    year, number = key.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f} %"


def trend(result: AvvikStats) -> str:
    if result.change is None:
        return f"{result.total} (forrige periode: {result.previous_total})"
    sign = "+" if result.change > 0 else ""
    return (
        f"{result.total} mot {result.previous_total} i forrige periode "
        f"({sign}{result.change * 100:.0f} %)"
    )


def to_dict(result: AvvikStats) -> dict[str, Any]:
    return {
        "periode": {"fra": result.period.fra.isoformat(), "til": result.period.til.isoformat()},
        "forrige_periode": {
            "fra": result.previous.fra.isoformat(),
            "til": result.previous.til.isoformat(),
        },
        "antall": result.total,
        "antall_forrige_periode": result.previous_total,
        "endring": result.change,
        "apne": result.open,
        "lukket": result.closed,
        "lukket_innen_frist": result.closed_in_time,
        "andel_lukket_innen_frist": result.share_in_time,
        "median_dager_til_lukking": result.median_days,
        "per_maned": result.per_month,
        "per_maned_kategori": result.per_month_kategori,
        "per_kategori": result.per_kategori,
        "per_kategori_forrige_periode": result.previous_per_kategori,
        "per_type": result.per_type,
        "per_enhet": result.per_unit,
        "arsaker": [{"kategori": k, "antall": n} for k, n in result.causes],
        "prosesser": [{"prosess": k, "antall": n} for k, n in result.processes],
        "avvik": result.ids,
    }


def to_json(result: AvvikStats) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2)


def print_tables(result: AvvikStats, title: str, names: dict[str, str], limit: int) -> None:
    from rich.columns import Columns
    from rich.table import Table
    from rich.text import Text

    from ims_cli.render.console import stdout

    console = stdout()
    console.print(Text(f"Avvik for {title}, {result.period}", style="bold"))
    console.print(f"Antall: {trend(result)}")
    console.print(
        f"Åpne {result.open}, lukket {result.closed}; lukket innen fristen "
        f"{percent(result.share_in_time)}; median {_days(result.median_days)} til lukking"
    )
    tables: list[tuple[str, list[tuple[str, object]]]] = [
        ("Per måned", [(month(k), v) for k, v in result.per_month.items()]),
        (
            "Per kategori",
            [
                (word(k), f"{v} (før {result.previous_per_kategori.get(k, 0)})")
                for k, v in result.per_kategori.items()
            ],
        ),
        ("Per type", [(word(k), v) for k, v in result.per_type.items()]),
        ("Per enhet", [(names.get(k, k), v) for k, v in result.per_unit.items()]),
        ("Hyppigste årsaker", [(word(k), v) for k, v in result.causes[:limit]]),
        ("Prosesser med flest avvik", [(names.get(k, k), v) for k, v in result.processes[:limit]]),
    ]
    shown = []
    for heading, rows in tables:
        if not rows:
            continue
        table = Table(title=heading, title_justify="left", show_header=False, box=None)
        table.add_column()
        table.add_column(justify="right")
        for label, value in rows:
            table.add_row(str(label), str(value))
        shown.append(table)
    console.print(Columns(shown, padding=(1, 4)))  # side by side as the terminal allows


def _days(days: float | None) -> str:
    return "–" if days is None else f"{days:g} dager".replace(".", ",")


def save_charts(path: Path, result: AvvikStats, names: dict[str, str], dpi: int = 150) -> None:
    """Monthly trend per kategori (stacked) and the distribution per unit, side by side."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    from ims_cli.render.charts import check_suffix, save_figure

    check_suffix(path)
    figure, (left, right) = pyplot.subplots(1, 2, figsize=(12, 4.4), width_ratios=[3, 2])
    monthly_chart(left, result)
    unit_chart(right, result, names)
    save_figure(figure, path, dpi)


PALETTE = ["#1f5f8b", "#e07b39", "#4d9b6a", "#b5443b", "#7b5ea7", "#c9a227", "#5b8c99", "#8c6d46"]


def monthly_chart(axes: Any, result: AvvikStats) -> None:
    months = list(result.per_month)
    bottom = [0] * len(months)
    for index, (kategori, counts) in enumerate(sorted(result.per_month_kategori.items())):
        values = [counts[m] for m in months]
        axes.bar(
            range(len(months)),
            values,
            bottom=bottom,
            label=word(kategori),
            color=PALETTE[index % len(PALETTE)],
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_xticks(
        range(len(months)), [month(m) for m in months], rotation=45, ha="right", fontsize=8
    )
    axes.set_title("Avvik per måned og kategori", fontsize=11, fontweight="bold", loc="left")
    axes.yaxis.get_major_locator().set_params(integer=True)
    if result.per_month_kategori:
        axes.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    _plain(axes)


def unit_chart(axes: Any, result: AvvikStats, names: dict[str, str]) -> None:
    units = list(result.per_unit.items())[::-1]
    axes.barh([names.get(u, u) for u, _ in units], [n for _, n in units], color=PALETTE[0])
    axes.set_title("Avvik per enhet", fontsize=11, fontweight="bold", loc="left")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(axis="y", labelsize=8)
    _plain(axes)


def _plain(axes: Any) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
