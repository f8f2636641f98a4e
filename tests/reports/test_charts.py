"""Chart geometry: every point inside the plot, the highest value at or under the top tick,
round steps."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from lms.reports import charts
from lms.reports.data import Column, Table


def timeline(values: list[list[int]]) -> Table:
    lines = len(values[0]) if values else 1
    return Table(
        key="timeline",
        title="t",
        columns=(Column("period", "p", "date"), *(Column(f"l{i}", f"L{i}") for i in range(lines))),
        rows=tuple(
            (dt.date(2026, 1, 1) + dt.timedelta(days=i), *row) for i, row in enumerate(values)
        ),
    )


@given(st.integers(min_value=0, max_value=10**7))
def test_the_step_is_round_and_reaches_the_top(top):
    step = charts.nice_step(top)
    digits = str(step).rstrip("0")
    assert digits in ("1", "2", "5")
    assert step * 4 >= top


@settings(max_examples=60)
@given(
    st.integers(min_value=1, max_value=3).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(min_value=0, max_value=100000), min_size=n, max_size=n),
            min_size=1,
            max_size=40,
        )
    )
)
def test_every_point_is_inside_the_plot(values):
    chart = charts.line_chart(timeline(values), monthly=False)
    assert chart is not None
    top_tick = max(value for _y, value in chart.y_ticks)
    assert top_tick >= max(max(row) for row in values)
    for line in chart.lines:
        assert len(line.points) == len(values)
        for point in line.points:
            assert chart.left <= point.x <= chart.right
            assert chart.top - 0.01 <= point.y <= chart.bottom + 0.01
        xs = [point.x for point in line.points]
        assert xs == sorted(xs)
    assert len(chart.x_labels) <= charts.MAX_X_LABELS


def test_higher_values_are_drawn_higher():
    chart = charts.line_chart(timeline([[0], [5], [10]]), monthly=True)
    ys = [point.y for point in chart.lines[0].points]
    assert ys[0] > ys[1] > ys[2]
    assert ys[0] == chart.bottom


def test_no_rows_no_chart():
    assert charts.line_chart(timeline([]), monthly=True) is None
