"""The chart geometry (components/charts.py) and the three chart macros drawn from it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

from components.charts import (
    bar_layout,
    histogram_layout,
    line_layout,
    nice_step,
    nice_ticks,
    shown,
    visible_labels,
)
from web.templating import ROOT, WEB, _configure


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 37, [0, 10, 20, 30, 40]),
        (0, 40, [0, 10, 20, 30, 40]),
        (0, 7, [0, 2, 4, 6, 8]),
        (0, 1, [0, 0.25, 0.5, 0.75, 1]),
        (0, 9300, [0, 2500, 5000, 7500, 10000]),
        (-3000, 12000, [-5000, 0, 5000, 10000, 15000]),
        (5, 8, [0, 2, 4, 6, 8]),  # an axis of amounts starts at zero
        (0, 0, [0, 1]),
    ],
)
def test_nice_ticks_are_round_and_cover_the_values(low, high, ticks):
    assert nice_ticks(low, high) == ticks


def test_nice_step_is_one_two_two_and_a_half_or_five_times_a_power_of_ten():
    assert nice_step(100) == 25
    assert nice_step(130) == 50
    assert nice_step(0.3) == 0.1
    assert nice_step(0) == 1


def test_bars_scale_to_the_largest_magnitude_and_a_small_one_still_shows():
    rows = bar_layout(
        [
            {"label": "a", "value": 200},
            {"label": "b", "value": 50},
            {"label": "c", "value": 1},
            {"label": "d", "value": 0},
            {"label": "e", "value": -100},
        ]
    )
    assert [r["length"] for r in rows] == [100, 25, 1, 0, 50]
    assert [r["negative"] for r in rows] == [False, False, False, False, True]
    assert rows[0]["label"] == "a"  # the caller's keys pass through


def test_bars_of_nothing_are_empty_not_a_division_by_zero():
    assert [r["length"] for r in bar_layout([{"label": "a", "value": 0}])] == [0]
    assert bar_layout([]) == []


def test_histogram_bars_share_the_width_and_the_tallest_fills_the_plot():
    chart = histogram_layout(
        [{"label": "x", "count": 4}, {"label": "y", "count": 2}, {"label": "z", "count": 0}],
        height=150,
        top_gap=24,
        bottom_gap=28,
    )
    bars = chart["bars"]
    plot = 150 - 24 - 28
    assert [b["bar"] for b in bars] == [plot, plot / 2, 0]
    assert all(b["y"] + b["bar"] == chart["base"] for b in bars)  # standing on one base
    assert [b["middle"] for b in bars] == [16.67, 50, 83.33]
    assert bars[0]["x"] + bars[0]["width"] < bars[1]["x"]  # a gap between neighbours


def test_histogram_of_one_car_still_draws_a_visible_bar():
    chart = histogram_layout([{"count": 1}, {"count": 400}])
    assert chart["bars"][0]["bar"] >= 2


def test_visible_labels_thin_out_long_axes_and_always_keep_the_last():
    assert visible_labels(5) == [True] * 5
    twelve = visible_labels(12)
    assert twelve[-1] and sum(twelve) <= 6
    assert twelve == [i % 2 == 1 for i in range(12)]


def test_line_points_map_values_to_pixels_and_months_to_percent():
    chart = line_layout(
        [{"name": "A", "points": [("Jan", 0), ("Feb", 50), ("Mar", 100)]}],
        height=190,
        top_gap=16,
        bottom_gap=28,
        inset=0,
    )
    line = chart["lines"][0]
    assert line["dots"] == [(0, 162), (50, 89), (100, 16)]
    assert line["segments"] == [(0, 162, 50, 89), (50, 89, 100, 16)]
    assert [g["value"] for g in chart["grid"]] == [0, 25, 50, 75, 100]
    assert line["last"] == ("Mar", 100) and line["end_x"] == 100
    assert line["end_anchor"] == "end"  # the label reads leftwards from the right edge
    assert [x["anchor"] for x in chart["x_labels"]] == ["start", "middle", "end"]


def test_a_month_without_a_value_is_a_gap_not_a_zero():
    chart = line_layout([{"name": "A", "points": [("1", 10), ("2", None), ("3", 30)]}])
    line = chart["lines"][0]
    assert len(line["dots"]) == 2
    assert line["segments"] == []  # 1 and 3 are not neighbours: no line across the gap


def test_end_labels_of_lines_ending_together_are_pushed_apart():
    chart = line_layout(
        [
            {"name": "A", "points": [("1", 100), ("2", 100)]},
            {"name": "B", "points": [("1", 100), ("2", 99)]},
            {"name": "C", "points": [("1", 0), ("2", 1)]},
        ]
    )
    ys = sorted(line["end_y"] for line in chart["lines"])
    assert ys[1] - ys[0] >= 17 and ys[2] - ys[1] >= 17
    assert all(y >= 12 for y in ys)  # never above the chart


def test_negative_values_put_zero_inside_the_axis():
    chart = line_layout([{"name": "A", "points": [("1", -2000), ("2", 9000)]}])
    values = [g["value"] for g in chart["grid"]]
    assert values[0] < 0 < values[-1]
    assert chart["zero_y"] in [g["y"] for g in chart["grid"]]


def test_shown_formats_money_and_units():
    assert shown(12000, "¥", "zh_Hans_CN") == "¥1.2万"
    assert shown(35, "%", "en") == "35%"
    assert shown(2.25, "", "en") == "2.2"
    assert shown(None, "", "en") == "—"


def _render(source: str, **context) -> BeautifulSoup:
    env = Environment(loader=FileSystemLoader([WEB, ROOT]), autoescape=True)
    _configure(env)
    return BeautifulSoup(env.from_string(source).render(**context), "html.parser")


def test_bar_chart_is_a_table_whose_rows_link_and_whose_bars_are_hidden_svg():
    doc = _render(
        '{% from "components/bar_chart.html" import bar_chart %}'
        '{{ bar_chart(rows, "Gross", "¥") }}',
        rows=[
            {"label": "Retail", "value": 24000, "href": "/inventory?left=1"},
            {"label": "Wholesale", "value": 6000, "href": None, "shown": "six"},
        ],
    )
    table = doc.select_one("figure.bar-chart table")
    assert table.caption.get_text(strip=True) == "Gross"
    body = table.select("tbody tr")
    assert [r.th.get_text(strip=True) for r in body] == ["Retail", "Wholesale"]
    assert [r.select_one(".bar-value").get_text(strip=True) for r in body] == ["¥2.4万", "six"]
    assert body[0].th.a["href"] == "/inventory?left=1" and body[1].th.a is None
    assert [r.select_one("rect")["width"] for r in body] == ["100.0%", "25.0%"]
    assert all(r.select_one(".bar-cell")["aria-hidden"] == "true" for r in body)


def test_histogram_draws_toned_bars_and_a_hidden_table_with_the_same_links():
    doc = _render(
        '{% from "components/histogram.html" import histogram %}{{ histogram(buckets, "Age") }}',
        buckets=[
            {"label": "0–29", "count": 3, "href": "/inventory?band=0", "tone": ""},
            {"label": "45+", "count": 1, "href": "/inventory?aged=1", "tone": "risk"},
        ],
    )
    svg = doc.select_one("figure.histogram svg")
    assert svg["aria-hidden"] == "true"
    assert [a["href"] for a in svg.select("a")] == ["/inventory?band=0", "/inventory?aged=1"]
    assert all(a["tabindex"] == "-1" for a in svg.select("a"))  # the table's links take focus
    assert "is-risk" in svg.select("rect.bar")[1]["class"]
    rows = doc.select("table.chart-data tbody tr")
    assert [(r.th.get_text(strip=True), r.td.get_text(strip=True)) for r in rows] == [
        ("0–29", "3"),
        ("45+", "1"),
    ]
    assert rows[1].a["href"] == "/inventory?aged=1"


def test_line_chart_labels_line_ends_and_tabulates_every_month():
    doc = _render(
        '{% from "components/line_chart.html" import line_chart %}'
        '{{ line_chart(series, "Per car", "¥") }}',
        series=[
            {"name": "Retail", "points": [("Sep", 8000), ("Oct", None), ("Nov", 12000)]},
            {"name": "Wholesale", "points": [("Sep", 2000), ("Oct", 3000), ("Nov", 1000, "one")]},
        ],
    )
    svg = doc.select_one("figure.line-chart svg")
    ends = [t.get_text(strip=True) for t in svg.select("text.end")]
    assert ends == ["Retail ¥1.2万", "Wholesale one"]
    assert len(svg.select(".series-0 circle")) == 2 and len(svg.select(".series-1 line")) == 2
    head = [th.get_text(strip=True) for th in doc.select("table.chart-data thead th")]
    assert head == ["Retail", "Wholesale"]
    rows = [
        [c.get_text(strip=True) for c in r.select("th, td")]
        for r in doc.select("table.chart-data tbody tr")
    ]
    assert rows == [
        ["Sep", "¥8,000", "¥2,000"],
        ["Oct", "—", "¥3,000"],
        ["Nov", "¥1.2万", "one"],
    ]
