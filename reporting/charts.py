"""Charts drawn on the server as accessible SVG, for pages and WeasyPrint PDFs alike.

A `Chart` is data: a title, a one-sentence description, labels along the bottom and one or
more series of numbers. `chart_svg(chart)` returns the markup (safe to put in a template);
`reporting/_chart.html` shows it in a figure with a table of the same numbers, which is what a
screen reader user or anyone printing in black and white reads.

Accessibility: the SVG has role="img", a <title> and a <desc> it is labelled by; every
series differs by dash pattern and marker as well as colour, and is named in the legend;
colours are GOV.UK palette colours with at least 4.5:1 contrast on white. No scripts and no
style attributes (the Content Security Policy forbids them): presentation attributes only.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = int | float | Decimal

# (colour, dash pattern, marker): black, blue, green, purple on white are 21, 5.2, 5.8, 9.6:1.
STYLES: tuple[tuple[str, str, str], ...] = (
    ("#1d70b8", "", "circle"),
    ("#0b0c0c", "8 4", "square"),
    ("#00703c", "2 3", "triangle"),
    ("#4c2c92", "12 4 2 4", "diamond"),
)
TEXT = "#0b0c0c"
REFERENCE = ("#d4351c", "3 3")  # GOV.UK red, 4.5:1 on white, finely dashed
GRID = "#b1b4b6"
FONT = 'font-family="Arial, Helvetica, sans-serif"'

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 52
MAX_MARKERS = 31  # beyond this many points a line carries no markers
MAX_LABELS = 12  # labels along the bottom; the table has every one


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number | None]
    # Words the table shows after each value, such as a percentage's "412 of 1,040".
    notes: Sequence[str] | None = None


@dataclass(frozen=True)
class Reference:
    """A horizontal line to compare with, such as the national figure."""

    label: str
    value: Number


@dataclass(frozen=True)
class Chart:
    id: str  # unique on the page: it names the title and description for aria-labelledby
    title: str
    description: str
    labels: Sequence[str]  # one per point; "\n" breaks a label over two lines
    series: Sequence[Series]
    kind: Literal["line", "bar"] = "line"
    percent: bool = False
    reference: Reference | None = None
    label_heading: str = ""  # the table's first column heading

    def __post_init__(self) -> None:
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError(f"series {series.name!r} does not have one value per label")

    @property
    def svg(self) -> SafeString:
        return chart_svg(self)

    @property
    def is_empty(self) -> bool:
        return all(value is None for series in self.series for value in series.values)

    def format(self, value: Number | None) -> str:
        return format_value(value, percent=self.percent)

    def _cell(self, series: Series, index: int) -> str:
        value = self.format(series.values[index])
        if series.notes is None or series.values[index] is None:
            return value
        return f"{value} ({series.notes[index]})"

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """The table of the chart's numbers: one row per label, one column per series."""
        return [
            (label.replace("\n", " "), [self._cell(s, n) for s in self.series])
            for n, label in enumerate(self.labels)
        ]


def day_label(day: datetime.date) -> str:
    """A day along the bottom of a chart, in words over two lines: "23 Nov" above "2026"."""
    return f"{day.day} {day:%b}\n{day:%Y}"


def format_value(value: Number | None, *, percent: bool = False) -> str:
    if value is None:
        return "No data"
    if percent:
        return f"{float(value):.1f}%"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{float(value):,.1f}"


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten at or above `value` (at least 1)."""
    if value <= 1:
        return 1
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, *, anchor: str = "middle", size: int = 12) -> str:
    lines = text.split("\n")
    body: str
    if len(lines) == 1:
        body = escape(text)
    else:
        body = "".join(
            f'<tspan x="{_number(x)}" dy="{0 if n == 0 else 1.2}em">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
    return (
        f'<text x="{_number(x)}" y="{_number(y)}" text-anchor="{anchor}" '
        f'font-size="{size}" fill="{TEXT}" {FONT}>{body}</text>'
    )


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{_number(x)}" cy="{_number(y)}" r="4" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{_number(x - 4)}" y="{_number(y - 4)}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        points = f"{_number(x)},{_number(y - 5)} {_number(x - 5)},{_number(y + 4)} {_number(x + 5)},{_number(y + 4)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    points = f"{_number(x)},{_number(y - 5)} {_number(x + 5)},{_number(y)} {_number(x)},{_number(y + 5)} {_number(x - 5)},{_number(y)}"
    return f'<polygon points="{points}" fill="{colour}"/>'


class _Frame:
    """The plotting area and its scales."""

    def __init__(self, chart: Chart, legend_rows: int) -> None:
        self.chart = chart
        self.bottom = HEIGHT - BOTTOM - 18 * legend_rows
        self.plot_height = self.bottom - TOP
        self.plot_width = WIDTH - LEFT - RIGHT
        values = [float(v) for s in chart.series for v in s.values if v is not None]
        if chart.reference is not None:
            values.append(float(chart.reference.value))
        self.top_value = 100.0 if chart.percent else nice_ceiling(max(values, default=0))
        if not chart.percent and all(v.is_integer() for v in values) and self.top_value % 4:
            # Counts are whole numbers: so are the four ticks (0, 1, 2, 3, 4, not 0.25).
            self.top_value = 4.0 * math.ceil(self.top_value / 4)

    def y(self, value: Number) -> float:
        return self.bottom - self.plot_height * float(value) / self.top_value

    def slot(self, index: int) -> float:
        """The centre of the index-th of the chart's points, spread across the width."""
        count = len(self.chart.labels)
        return LEFT + self.plot_width * (index + 0.5) / count

    def axes(self) -> list[str]:
        parts = []
        for tick in range(5):
            value = self.top_value * tick / 4
            y = self.y(value)
            parts.append(
                f'<line x1="{LEFT}" y1="{_number(y)}" x2="{WIDTH - RIGHT}" y2="{_number(y)}" '
                f'stroke="{GRID}" stroke-width="1"/>'
            )
            tick_label = f"{value:.0f}%" if self.chart.percent else self.chart.format(value)
            parts.append(_text(LEFT - 6, y + 4, tick_label, anchor="end"))
        count = len(self.chart.labels)
        every = max(1, math.ceil(count / MAX_LABELS))
        for index, label in enumerate(self.chart.labels):
            if index % every == 0:
                parts.append(_text(self.slot(index), self.bottom + 16, label))
        parts.append(
            f'<line x1="{LEFT}" y1="{_number(self.bottom)}" x2="{WIDTH - RIGHT}" '
            f'y2="{_number(self.bottom)}" stroke="{TEXT}" stroke-width="1"/>'
        )
        return parts

    def reference(self) -> list[str]:
        reference = self.chart.reference
        if reference is None:
            return []
        y = self.y(reference.value)
        colour, dash = REFERENCE
        return [
            f'<line x1="{LEFT}" y1="{_number(y)}" x2="{WIDTH - RIGHT}" y2="{_number(y)}" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>'
        ]


def _legend_entries(chart: Chart) -> list[tuple[str, str, str, str | None]]:
    """(name, colour, dash, marker) of each series, then the reference line; none when a
    single series needs no key."""
    entries: list[tuple[str, str, str, str | None]] = [
        (series.name, *STYLES[n % len(STYLES)]) for n, series in enumerate(chart.series)
    ]
    if len(entries) < 2:
        entries = []
    if chart.reference is not None:
        value = chart.format(chart.reference.value)
        entries.append((f"{chart.reference.label}: {value}", *REFERENCE, None))
    return entries


def _legend_layout(chart: Chart) -> list[tuple[float, int, tuple[str, str, str, str | None]]]:
    """Where each legend entry goes: (x, row, entry), wrapping at the chart's width."""
    placed = []
    x, row = float(LEFT), 0
    for entry in _legend_entries(chart):
        width = 44 + 6.5 * len(entry[0])
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, row = float(LEFT), row + 1
        placed.append((x, row, entry))
        x += width
    return placed


def _legend(chart: Chart, top: float) -> list[str]:
    parts = []
    for x, row, (name, colour, dash, marker) in _legend_layout(chart):
        y = top + 18 * row
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{_number(x)}" y1="{_number(y)}" x2="{_number(x + 28)}" y2="{_number(y)}" '
            f'stroke="{colour}" stroke-width="3"{dashes}/>'
        )
        if marker:
            parts.append(_marker(marker, x + 14, y, colour))
        parts.append(_text(x + 34, y + 4, name, anchor="start"))
    return parts


def _legend_rows(chart: Chart) -> int:
    layout = _legend_layout(chart)
    return layout[-1][1] + 1 if layout else 0


def _lines(chart: Chart, frame: _Frame) -> list[str]:
    parts = []
    markers = len(chart.labels) <= MAX_MARKERS
    for n, series in enumerate(chart.series):
        colour, dash, marker = STYLES[n % len(STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        run: list[str] = []
        runs = [run]
        for index, value in enumerate(series.values):
            if value is None:  # a gap, not a fall to zero
                run = []
                runs.append(run)
                continue
            run.append(f"{_number(frame.slot(index))},{_number(frame.y(value))}")
            if markers or len(series.values) == 1:
                parts.append(_marker(marker, frame.slot(index), frame.y(value), colour))
        for points in runs:
            if len(points) > 1:
                parts.insert(
                    0,
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="3" stroke-linejoin="round"{dashes}/>',
                )
            elif len(points) == 1 and not markers:
                x, y = points[0].split(",")
                parts.append(_marker(marker, float(x), float(y), colour))
    return parts


def _bars(chart: Chart, frame: _Frame) -> list[str]:
    parts = []
    count = len(chart.labels)
    group = frame.plot_width / count
    width = group * 0.7 / len(chart.series)
    for n, series in enumerate(chart.series):
        colour, _, _ = STYLES[n % len(STYLES)]
        for index, value in enumerate(series.values):
            x = LEFT + group * index + group * 0.15 + width * n
            if value is None:
                parts.append(_text(x + width / 2, frame.bottom - 4, "no data", size=9))
                continue
            y = frame.y(value)
            parts.append(
                f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(width)}" '
                f'height="{_number(frame.bottom - y)}" fill="{colour}"/>'
            )
            parts.append(_text(x + width / 2, y - 4, chart.format(value), size=11))
    return parts


def chart_svg(chart: Chart) -> SafeString:
    """The chart as an inline SVG element, labelled by its title and description."""
    frame = _Frame(chart, _legend_rows(chart))
    title_id, desc_id = f"{chart.id}-title", f"{chart.id}-desc"
    body = [
        *frame.axes(),
        *(_bars(chart, frame) if chart.kind == "bar" else _lines(chart, frame)),
        *frame.reference(),
        *_legend(chart, frame.bottom + 40),
    ]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'focusable="false">'
        f'<title id="{escape(title_id)}">{escape(chart.title)}</title>'
        f'<desc id="{escape(desc_id)}">{escape(chart.description)}</desc>'
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
        f"{''.join(body)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text in it passed through escape()
