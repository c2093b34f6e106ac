"""The SVG charts: accessible names, no bar for a hidden cell, numbers in the reader's language."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from django.template.loader import render_to_string
from django.utils import translation

from ujuzi.reports.catalogue import INDICATORS
from ujuzi.reports.charts import number_text, table_chart
from ujuzi.reports.tables import Cell, Filters, Row, Table

SVG = "{http://www.w3.org/2000/svg}"


def proportion_table() -> Table:
    return Table(
        indicator=INDICATORS["completion_rate"],
        by=("sex",),
        rows=(
            Row(("female",), ("female",), Cell(1234, 2000, 0.617, 0.5955, 0.6381)),
            Row(("male",), ("male",), Cell(900, 1800, 0.5, 0.477, 0.523)),
            Row(("intersex",), ("intersex",), Cell.hidden()),
        ),
        total=Cell.hidden(),
        filters=Filters(),
        suppressed=True,
        threshold=5,
    )


def count_table() -> Table:
    return Table(
        indicator=INDICATORS["enrolled"],
        by=("site_kind",),
        rows=(
            Row(("campus",), ("campus",), Cell(12345, None, 12345.0)),
            Row(("online",), ("online",), Cell(600, None, 600.0)),
        ),
        total=Cell(12945, None, 12945.0),
        filters=Filters(),
        suppressed=True,
        threshold=5,
    )


def svg_of(table: Table, **options) -> ElementTree.Element:
    chart = table_chart(table, chart_id="c1", title="Completion rate by sex", **options)
    html = render_to_string("reports/_chart.html", {"chart": chart})
    svg = re.search(r"<svg.*</svg>", html, re.DOTALL)
    assert svg is not None
    return ElementTree.fromstring(svg.group(0))  # noqa: S314 - our own template's output


def test_the_chart_is_an_image_named_by_its_title_and_description():
    svg = svg_of(proportion_table())
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text == "Completion rate by sex"
    assert desc is not None and "95% confidence interval" in (desc.text or "")
    assert "1 rows are hidden" in (desc.text or "")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_a_hidden_cell_gets_words_and_no_bar():
    svg = svg_of(proportion_table())
    bars = svg.findall(f"{SVG}rect")
    assert len(bars) == 2  # female and male; the intersex cell is hidden
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    assert "hidden (small number)" in texts
    assert "61.7%" in texts and "50.0%" in texts
    # female: 0.617 of the 292-unit span
    assert bars[0].get("width") == "180.2"
    whiskers = svg.findall(f"{SVG}path")
    assert len(whiskers) == 2
    assert whiskers[0].get("d", "").startswith("M185.9 ")  # 12 + 0.5955 * 292


def test_counts_are_drawn_on_a_round_scale_and_grouped_in_threes():
    svg = svg_of(count_table())
    bars = svg.findall(f"{SVG}rect")
    assert [bar.get("width") for bar in bars] == ["180.2", "8.8"]  # of 20,000
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    assert "12,345" in texts and "20,000" in texts
    assert not svg.findall(f"{SVG}path")  # no interval for counts


def test_the_conversion_line_is_drawn_where_asked():
    svg = svg_of(proportion_table(), reference=0.4)
    lines = [line for line in svg.findall(f"{SVG}line") if line.get("stroke-dasharray")]
    assert [line.get("x1") for line in lines] == ["128.8"]


def test_coordinates_stay_svg_numbers_in_kiswahili():
    with translation.override("sw"):
        svg = svg_of(proportion_table())
        assert number_text(12345.5, 1) == "12,345.5"
    for element in list(svg.iter())[1:]:  # the root is 100% wide
        for name in ("x", "y", "width", "x1", "x2"):
            value = element.get(name)
            if value is not None:
                assert re.fullmatch(r"-?\d+(\.\d)?", value), (name, value)
