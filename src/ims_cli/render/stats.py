"""Avvik statistics as terminal tables, JSON and charts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ims_cli.analytics.stats import AvvikStats
from ims_cli.render.registry import STATS
from ims_cli.render.results import Stats
from ims_cli.words import span
from ims_cli.words import word as code_word

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
    """A code as a heading: its word with a capital, also for a category from ims.yaml."""
    if code in WORDS:
        return WORDS[code]
    said = code_word(code)
    return said[:1].upper() + said[1:]


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
        "avsluttet_uten_behandling": result.settled_elsewhere,
        "lukket_innen_frist": result.closed_in_time,
        "andel_lukket_innen_frist": result.share_in_time,
        "median_dager_til_lukking": result.median_days,
        "per_maned": result.per_month,
        "per_maned_kategori": result.per_month_kategori,
        "per_kategori": result.per_kategori,
        "per_kategori_forrige_periode": result.previous_per_kategori,
        "per_type": result.per_type,
        "per_enhet": result.per_unit,
        "utenom_avvik": result.others,
        "personvern_brudd": result.breaches,
        "personskader": result.injuries,
        "varsling_alvorlige_personskader": result.notified,
        "alvorlige_hendelser": result.events,
        "varsling_alvorlige_hendelser": result.events_notified,
        "vold_og_trusler": result.violence,
        "arsaker": [{"kategori": k, "antall": n} for k, n in result.causes],
        "prosesser": [{"prosess": k, "antall": n} for k, n in result.processes],
        "avvik": result.ids,
    }


@STATS.renderer("json")
def _stats_json(view: Stats) -> str:
    return to_json(view.result)


@STATS.renderer("text")
def _stats_text(view: Stats) -> None:
    print_tables(view.result, view.title, view.names, view.limit)


def to_json(result: AvvikStats) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2)


def print_tables(result: AvvikStats, title: str, names: dict[str, str], limit: int) -> None:
    from rich.columns import Columns
    from rich.table import Table
    from rich.text import Text

    from ims_cli.render.console import stdout

    console = stdout()
    when = span(result.period.fra, result.period.til)
    console.print(Text(f"Avvik for {title}, {when}", style="bold"))
    console.print(f"Antall: {trend(result)}")
    console.print(
        f"Åpne {result.open}, lukket {result.closed}{_elsewhere(result)}; lukket innen fristen "
        f"{percent(result.share_in_time)}; median {_days(result.median_days)} til lukking"
    )
    for line in duties(result):
        console.print(line)
    if result.others:
        counted = ", ".join(f"{word(k).lower()} {n}" for k, n in sorted(result.others.items()))
        console.print(f"Ikke talt som avvik: {counted}")
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
    if console.is_terminal:
        console.print(Columns(shown, padding=(1, 4)))  # side by side as the terminal allows
        return
    for table in shown:  # into a pipe or a file: one after the other
        console.print(table)
        console.print()


BREACHES = {
    "i_tide": "meldt i tide",
    "for_sent": "meldt for sent",
    "ikke_meldt": "ikke meldt",
    "ikke_meldepliktig": "ikke meldepliktig (lav risiko)",
}
INJURIES = {"lettere": "lettere", "alvorlig": "alvorlige", "dodsfall": "dødsfall"}
NOTIFIED = {"i_tide": "i tide", "for_sent": "for sent", "ikke_varslet": "ikke varslet"}
EVENTS = {"dodsfall": "dødsfall", "svaert_alvorlig_skade": "svært alvorlig skade"}


def _parts(counts: dict[str, int], words: dict[str, str]) -> str:
    return ", ".join(f"{words[k]} {counts[k]}" for k in words if counts.get(k))


def duties(result: AvvikStats) -> list[str]:
    """What the law asked of the avvik of the period, in a line each: breaches of personal data
    security (72 hours to Datatilsynet), injuries at work (serious ones notified at once),
    violence and threats against employees (for AMU), and alvorlige hendelser in the helse- og
    omsorgstjeneste (reported to Statens helsetilsyn at once, hol. § 12-3 a)."""
    lines = []
    if result.breaches:
        total = sum(result.breaches.values())
        lines.append(
            f"Brudd på personopplysningssikkerheten: {total} – {_parts(result.breaches, BREACHES)}"
        )
    if result.injuries:
        line = f"Personskader: {_parts(result.injuries, INJURIES)}"
        if result.notified:
            told = _parts(result.notified, NOTIFIED)
            line += f"; alvorlige varslet Arbeidstilsynet og politiet {told}"
        lines.append(line)
    if result.violence:
        lines.append(f"Vold og trusler mot ansatte: {result.violence}")
    if result.events:
        lines.append(
            f"Alvorlige hendelser i helse- og omsorgstjenesten: {_parts(result.events, EVENTS)}; "
            f"varslet Statens helsetilsyn {_parts(result.events_notified, NOTIFIED)}"
        )
    return lines


def _elsewhere(result: AvvikStats) -> str:
    """', avvist 2, videresendt 1': settled, but not counted as closed here."""
    return "".join(f", {code_word(k)} {n}" for k, n in result.settled_elsewhere.items())


def _days(days: float | None) -> str:
    if days is None:
        return "–"
    return f"{days:g} {'dag' if days == 1 else 'dager'}".replace(".", ",")


def save_charts(
    path: Path, result: AvvikStats, names: dict[str, str], where: str, dpi: int = 0
) -> None:
    """The monthly trend per kategori (stacked) above the distribution per unit."""
    from ims_cli.render.charts import DPI, check_suffix, save_figure

    check_suffix(path)
    save_figure(avvik_figure(result, names, where), path, dpi or DPI)


def avvik_figure(result: AvvikStats, names: dict[str, str], where: str) -> Any:
    """Two parts laid out each on its own (long unit names do not squeeze the months)."""
    from ims_cli.render.charts import figure, title_above

    units = len(result.per_unit)
    below = 0.3 * units + 1.0 if units else 0
    drawn = figure(3.6 + below)
    parts = drawn.subfigures(2, 1, height_ratios=[3.6, below]) if units else [drawn]
    monthly_chart(parts[0].subplots(), result)
    if units:
        unit_chart(parts[1].subplots(), result, names)
    title = f"Avvik i {where}, {span(result.period.fra, result.period.til)}"
    title_above(drawn, title)
    return drawn


def monthly_chart(axes: Any, result: AvvikStats) -> None:
    from ims_cli.render.charts import LARGER, SMALLEST, kategori_colour

    months = list(result.per_month)
    bottom = [0] * len(months)
    for kategori, counts in sorted(result.per_month_kategori.items()):
        values = [counts[m] for m in months]
        axes.bar(
            range(len(months)),
            values,
            bottom=bottom,
            label=word(kategori),
            color=kategori_colour(kategori),
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_xticks(
        range(len(months)), [month(m) for m in months], rotation=45, ha="right", fontsize=SMALLEST
    )
    axes.tick_params(axis="y", labelsize=SMALLEST)
    axes.set_title("Per måned og kategori", fontsize=LARGER, loc="left")
    axes.set_xlabel("Måned meldt", fontsize=SMALLEST)
    axes.set_ylabel("Antall avvik", fontsize=SMALLEST)
    axes.yaxis.get_major_locator().set_params(integer=True)
    if result.per_month_kategori:
        axes.legend(
            fontsize=SMALLEST,
            frameon=False,
            loc="upper left",
            bbox_to_anchor=(1, 1),
            title="Kategori",
            title_fontsize=SMALLEST,
        )
    _plain(axes)


def unit_chart(axes: Any, result: AvvikStats, names: dict[str, str]) -> None:
    from ims_cli.render.charts import LARGER, SMALLEST

    units = list(result.per_unit.items())[::-1]
    axes.barh([names.get(u, u) for u, _ in units], [n for _, n in units], color="#0072b2")
    axes.set_title("Per enhet", fontsize=LARGER, loc="left")
    axes.set_xlabel("Antall avvik", fontsize=SMALLEST)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(labelsize=SMALLEST)
    _plain(axes)


def _plain(axes: Any) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
