"""Geometry for the charts the dashboard draws as inline SVG: scales, bar lengths, nice
axis ticks and line points. Plain functions; the chart macros (components/bar_chart.html,
histogram.html, line_chart.html) only place what these return.

The SVGs have no viewBox: horizontal positions are percentages of the chart's width and
vertical ones are pixels of a fixed height, so text keeps its CSS size on a 390 px phone and
on a desktop alike, and nothing has to be measured in the browser.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from components import format as fmt

NICE_STEPS = (1, 2, 2.5, 5, 10)


def nice_step(span: float, count: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) cutting `span` into about
    `count` intervals."""
    if span <= 0:
        return 1
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    return next(s * power for s in NICE_STEPS if s * power >= raw - 1e-9)


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round axis values from at or below `low` (never above 0) to at or above `high`
    (never below 0): nice_ticks(0, 37) -> [0, 10, 20, 30, 40]."""
    low, high = min(low, 0), max(high, 0)
    if low == high:
        return [0, 1]
    step = nice_step(high - low, count)
    first = math.floor(low / step + 1e-9) * step
    ticks, value = [], first
    while True:
        ticks.append(_tidy(value))
        if value >= high - 1e-9:
            return ticks
        value += step


def _tidy(value: float) -> float:
    """A tick without float noise (0.30000000000000004 -> 0.3), an int when whole."""
    value = round(value, 9)
    return int(value) if value == int(value) else value


def _pct(value: float) -> float:
    return round(value, 2)


def bar_layout(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal bars: each row with `length` (percent of the row's width, the largest
    magnitude filling it) and `negative`. A value that is not zero never draws narrower
    than 1 % so a small bar still shows."""
    top = max((abs(r.get("value") or 0) for r in rows), default=0)
    out = []
    for row in rows:
        value = row.get("value") or 0
        length = 0.0 if not top or not value else max(1.0, abs(value) / top * 100)
        out.append({**row, "length": _pct(length), "negative": value < 0})
    return out


def histogram_layout(
    buckets: Sequence[dict[str, Any]], height: int = 150, top_gap: int = 24, bottom_gap: int = 28
) -> dict[str, Any]:
    """Vertical bars on a fixed pixel height: room above for the counts and below for the
    labels. Each bucket gets `x`, `width`, `middle` (percent) and `y`, `bar` (pixels)."""
    n = len(buckets)
    plot = height - top_gap - bottom_gap
    top = max((b.get("count") or 0 for b in buckets), default=0)
    slot = 100 / n if n else 100
    gap = min(slot * 0.2, 6)
    bars = []
    for i, bucket in enumerate(buckets):
        count = bucket.get("count") or 0
        bar = 0 if not top else round(count / top * plot, 1)
        if count and bar < 2:
            bar = 2
        bars.append(
            {
                **bucket,
                "x": _pct(i * slot + gap / 2),
                "width": _pct(slot - gap),
                "middle": _pct(i * slot + slot / 2),
                "y": round(top_gap + plot - bar, 1),
                "bar": bar,
            }
        )
    return {"bars": bars, "height": height, "base": top_gap + plot, "label_y": height - 8}


def _spread(ys: list[float], gap: float, low: float, high: float) -> list[float]:
    """Move label positions apart so neighbours are at least `gap` pixels apart, kept
    between `low` and `high`, each as near its own point as that allows."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = [min(max(low, ys[i]), high) for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    if placed and placed[-1] > high:
        placed[-1] = high
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    out = [0.0] * len(ys)
    for k, i in enumerate(order):
        out[i] = round(placed[k], 1)
    return out


def visible_labels(count: int, room: int = 6) -> list[bool]:
    """Which of `count` x-axis labels to print so at most about `room` show: every k-th,
    always the last (the month the figures end on)."""
    if count <= room:
        return [True] * count
    every = math.ceil(count / room)
    return [(count - 1 - i) % every == 0 for i in range(count)]


def line_layout(
    series: Sequence[dict[str, Any]],
    height: int = 190,
    top_gap: int = 16,
    bottom_gap: int = 28,
    inset: float = 3.0,
) -> dict[str, Any]:
    """Lines over shared x labels (months). Each series gets `segments` (x1 %, y1 px, x2 %,
    y2 px) between points that have a value, `dots`, and an `end` label position beside its
    last point, spread so two ends never overlap. `grid` has the y ticks in pixels. A point
    whose value is None is a gap in its line (a month with nothing to average)."""
    labels: list[str] = []
    for s in series:
        for label, *_ in s["points"]:
            if label not in labels:
                labels.append(label)
    values = [p[1] for s in series for p in s["points"] if p[1] is not None]
    ticks = nice_ticks(min(values, default=0), max(values, default=0))
    low, high = ticks[0], ticks[-1]
    plot = height - top_gap - bottom_gap
    n = len(labels)

    def x_of(label: str) -> float:
        i = labels.index(label)
        return _pct(50.0 if n == 1 else inset + i * (100 - 2 * inset) / (n - 1))

    def y_of(value: float) -> float:
        return round(top_gap + plot - (value - low) / (high - low) * plot, 1)

    lines, ends = [], []
    for index, s in enumerate(series):
        pts = [(x_of(p[0]), y_of(p[1]), p) for p in s["points"] if p[1] is not None]
        segments = [
            (a[0], a[1], b[0], b[1])
            for a, b in zip(pts, pts[1:], strict=False)
            if labels.index(b[2][0]) - labels.index(a[2][0]) == 1
        ]
        last = pts[-1] if pts else None
        lines.append(
            {
                **s,
                "index": index,
                "segments": segments,
                "dots": [(x, y) for x, y, _ in pts],
                "last": last[2] if last else None,
                "end_x": last[0] if last else None,
                # an end label reads leftwards from a point on the right half, else rightwards
                "end_anchor": "end" if last and last[0] > 50 else "start",
            }
        )
        ends.append(last[1] if last else top_gap)
    # an end label sits just above its point; neighbours pushed apart by a line's height
    label_ys = _spread([y - 8 for y in ends], 17, 12, top_gap + plot - 4)
    for line, y in zip(lines, label_ys, strict=True):
        line["end_y"] = y
    shown = visible_labels(n)
    return {
        "lines": lines,
        "height": height,
        "grid": [{"value": t, "y": y_of(t)} for t in ticks],
        "zero_y": y_of(0),
        "x_labels": [
            {
                "label": label,
                "x": x_of(label),
                "shown": shown[i],
                # the outermost labels hang inwards so they never leave the chart
                "anchor": "middle" if n == 1 or 0 < i < n - 1 else ("start" if i == 0 else "end"),
            }
            for i, label in enumerate(labels)
        ],
        "label_y": height - 8,
    }


def shown(value: float | None, unit: str, locale: str) -> str:
    """A chart's number as text when the caller gave none: money when the unit is "¥"
    (¥1.2万 in Chinese), else the number (one decimal at most) followed by the unit."""
    if value is None:
        return "—"
    if unit == "¥":
        return fmt.money(round(value), locale)
    number = int(value) if float(value).is_integer() else round(value, 1)
    return f"{number}{unit}"
