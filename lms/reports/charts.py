"""Charts drawn on the server as SVG: geometry here (pure, tested), markup in the templates.
The same numbers are always shown as a table next to a chart."""

import datetime as dt
import math
from dataclasses import dataclass

from .data import Table

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 52, 40, 12, 32  # room for the axes' labels
MAX_X_LABELS = 8
# Colour and dash of each line (both differ, so lines stay apart without colour); set as SVG
# attributes, which browsers and WeasyPrint both honour. Contrast ≥ 4.5:1 on white.
STYLES = (("#0b5cad", "none"), ("#8a5a00", "6 4"), ("#1e6b34", "2 3"))
GRID, AXIS, TEXT = "#c9d1da", "#4a4f55", "#4a4f55"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: dt.date
    value: int


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    points: tuple[Point, ...]
    style: int  # 1, 2, …: the line's colour and dash

    @property
    def colour(self) -> str:
        return STYLES[(self.style - 1) % len(STYLES)][0]

    @property
    def dash(self) -> str:
        return STYLES[(self.style - 1) % len(STYLES)][1]

    @property
    def path(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)


@dataclass(frozen=True)
class LineChart:
    lines: tuple[Line, ...]
    y_ticks: tuple[tuple[float, int], ...]  # (y, value)
    x_labels: tuple[tuple[float, dt.date], ...]
    monthly: bool
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def nice_step(top: int, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 × 10ⁿ) so that ``ticks`` steps reach at least ``top``."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def line_chart(table: Table, *, monthly: bool) -> LineChart | None:
    """The timeline table (first column: the bucket's first day) as lines; ``None`` when it
    has no rows or no lines."""
    rows = table.rows
    count = len(table.columns) - 1
    if not rows or count < 1:
        return None
    top_value = max((max(row[1:]) for row in rows), default=0) or 0
    step = nice_step(int(top_value))
    ceiling = max(step * math.ceil(top_value / step), step)
    span_x = (WIDTH - RIGHT) - LEFT
    span_y = (HEIGHT - BOTTOM) - TOP

    def x_of(index: int) -> float:
        return LEFT + (span_x * index / (len(rows) - 1) if len(rows) > 1 else span_x / 2)

    def y_of(value: int) -> float:
        return (HEIGHT - BOTTOM) - span_y * value / ceiling

    lines = tuple(
        Line(
            key=column.key,
            label=column.label,
            points=tuple(
                Point(x=x_of(i), y=y_of(row[n]), day=row[0], value=row[n])
                for i, row in enumerate(rows)
            ),
            style=n,
        )
        for n, column in enumerate(table.columns[1:], start=1)
    )
    y_ticks = tuple((y_of(value), value) for value in range(0, ceiling + 1, step))
    every = max(1, math.ceil(len(rows) / MAX_X_LABELS))
    x_labels = tuple((x_of(i), row[0]) for i, row in enumerate(rows) if i % every == 0)
    return LineChart(lines=lines, y_ticks=y_ticks, x_labels=x_labels, monthly=monthly)
