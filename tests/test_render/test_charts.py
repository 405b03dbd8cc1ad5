"""The charts as they are shown: page-wide, no text under 9 pt, titles that say where and when,
one colour per kategori, and a risk matrix that reads without colour."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from matplotlib import pyplot
from matplotlib.text import Text

from ims_cli.analytics.internal_control import build as internal_control
from ims_cli.analytics.puff import puff, standings
from ims_cli.analytics.risk import matrix, risk_points
from ims_cli.analytics.stats import Reported, Selection, period, stats
from ims_cli.indexed import load_repository
from ims_cli.models.avvik import Avvik
from ims_cli.models.ros import Ros
from ims_cli.render.charts import KATEGORI_COLOURS, PAGE_WIDTH, SMALLEST, matrix_figure
from ims_cli.render.internal_control import maturity_chart
from ims_cli.render.puff import puff_figure
from ims_cli.render.stats import avvik_figure
from tests.conftest import PROJECT

DAY = date(2026, 11, 22)
REPO = load_repository(PROJECT)
NAMES = {u.id: u.navn for u in REPO.organisasjon.enheter} if REPO.organisasjon else {}


def _avvik(enhet: str | None, periode: str = "2026") -> Any:
    avvik = [Reported.of(s.record) for s in REPO.records if isinstance(s.record, Avvik)]
    span = period(periode, None, None, DAY)
    result = stats(avvik, Selection(enhet), span, REPO.organisasjon, REPO.config)
    return avvik_figure(result, NAMES, NAMES.get(enhet or "", "Eksempel kommune"))


def _matrix() -> Any:
    analyses = [s.record for s in REPO.records if isinstance(s.record, Ros)]
    points = risk_points(analyses, REPO.config)
    before, after = matrix(points, REPO.config), matrix(points, REPO.config, after=True)
    return matrix_figure("Risiko i kommunen per 22.11.2026", before, REPO.config, after)


def _puff() -> Any:
    assert REPO.organisasjon is not None
    units = puff(standings(REPO.records, REPO.config), REPO.config, REPO.organisasjon, DAY)
    return puff_figure(units, DAY, "Kommunedirektøren")


def _maturity() -> Any:
    return maturity_chart(internal_control(REPO, 2026, DAY, audience="intern"))


def _texts(figure: Any) -> list[Text]:
    figure.canvas.draw()  # lays out, so that ticks and legends exist
    return [t for t in figure.findobj(Text) if t.get_text().strip() and t.get_visible()]


@pytest.mark.parametrize(
    "make", [_matrix, _puff, _maturity, lambda: _avvik("HO"), lambda: _avvik(None)]
)
def test_page_wide_and_no_text_under_nine_points(make: Any) -> None:
    figure = make()
    try:
        width, _ = figure.get_size_inches()
        assert width <= PAGE_WIDTH + 1e-9
        small = [(t.get_text(), t.get_fontsize()) for t in _texts(figure) if t.get_fontsize() < 9]
        assert small == []
        assert SMALLEST == 9
    finally:
        pyplot.close(figure)


def test_titles_say_where_and_when() -> None:
    figure = _avvik("HO", "2026-1")
    try:
        texts = [t.get_text() for t in _texts(figure)]
        assert "Avvik i Helse og omsorg, 01.01.2026–30.06.2026" in texts
        assert {"Måned meldt", "Antall avvik"} <= set(texts)  # axis titles
    finally:
        pyplot.close(figure)
    figure = _puff()
    try:
        title = "PUFF i Kommunedirektøren per 22.11.2026 (antall grunner i parentes)"
        assert title in [t.get_text() for t in _texts(figure)]
    finally:
        pyplot.close(figure)


def test_each_kategori_has_one_colour_in_every_chart() -> None:
    seen: dict[str, set[str]] = {}
    for enhet in ("HO", "OPP", None):
        figure = _avvik(enhet)
        try:
            axes = figure.subfigs[0].axes[0] if figure.subfigs else figure.axes[0]
            for container in axes.containers:
                colour = container.patches[0].get_facecolor()
                hexed = "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in colour[:3]))
                seen.setdefault(container.get_label(), set()).add(hexed)
        finally:
            pyplot.close(figure)
    assert seen["HMS"] == {KATEGORI_COLOURS["hms"]}
    assert all(len(colours) == 1 for colours in seen.values()), seen
    levels = {"#8cc63f", "#ffd23f", "#e4572e"}
    assert not levels & set(KATEGORI_COLOURS.values())


def test_the_matrix_names_each_cells_level_and_has_a_legend() -> None:
    figure = _matrix()
    try:
        texts = [t.get_text() for t in _texts(figure)]
        risiko = REPO.config.risiko
        cells = [risiko.cell_level(s, k) for s in range(1, 6) for k in range(1, 6)]
        for level, initial in (("hoy", "H"), ("middels", "M"), ("lav", "L")):
            assert texts.count(initial) == 2 * cells.count(level)  # every cell of both panels
        assert {"L = lav", "M = middels", "H = høy"} <= set(texts)
    finally:
        pyplot.close(figure)


def test_the_maturity_chart_names_the_scale_and_what_each_mark_is() -> None:
    figure = _maturity()
    try:
        texts = [t.get_text() for t in _texts(figure)]
        title = "Modenhet i internkontrollen – Kommunedirektøren (egenvurdering 15.09.2026)"
        assert title in [t.replace("\n", " ") for t in texts]  # wrapped to the page
        scale = ["Tilfeldig", "Formalisert", "Systematisert", "Intelligent", "Integrert"]
        assert [f"{n}\n{name}" for n, name in enumerate(scale, 1)] == [
            t for t in texts if t[:1].isdigit() and "\n" in t
        ]
        assert {"I dag", "Ambisjon", "Tjenesteområdene i dag", "Avvikshåndtering"} <= set(texts)
        axes = figure.axes[0]
        bars = [p.get_width() for p in axes.patches]  # per area: the ambition, then today
        assert bars[:4] == [4, 3, 4, 3]  # styring og ledelse 3 → 4, risikostyring 3 → 4
    finally:
        pyplot.close(figure)
