"""Charts drawn on the server: the geometry of inline SVG bar charts, rendered by ``_charts.html``.

No script and no style attribute (the CSP allows neither): shapes carry SVG
presentation attributes and classes from ``staff.css``.  Every chart is a
``role="img"`` with a ``<title>`` and a ``<desc>`` that say what it shows, its
bars carry their values as text, and the page puts a real table beside it;
colour never carries meaning alone (the weekly series also differ by pattern
and are named in a legend).  Pure functions, tested without a server.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["BarChart", "HBar", "WeekChart", "WeekColumn", "WeekGroup", "horizontal_bars", "nice_top", "week_columns"]

ROW = 28  # height of one horizontal bar's row
LABEL_WIDTH = 210  # room for "Automatiserte avgjørelser" at 14 px
BAR_AREA = 300
VALUE_ROOM = 50
WEEK_WIDTH, WEEK_HEIGHT = 640, 300
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 44, 630, 40, 260
MAX_WEEK_LABELS = 26
MAX_VALUE_LABELS = 16  # more weeks than this: the values are in the table only


@dataclass(frozen=True)
class HBar:
    label: str
    value: int
    y: float  # top of the bar
    length: float
    text_y: float  # baseline of the label and the value


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    desc: str
    width: int
    height: int
    label_x: int  # labels end here (text-anchor end)
    bar_x: int
    bar_height: int
    bars: tuple[HBar, ...]


def horizontal_bars(chart_id: str, title: str, desc: str, items: Sequence[tuple[str, int]]) -> BarChart:
    """One labelled bar per item, longest for the largest value; zero draws no bar but keeps its label."""
    top = max((value for _label, value in items), default=0) or 1
    bars = tuple(
        HBar(
            label=label,
            value=value,
            y=i * ROW + 6,
            length=round(BAR_AREA * value / top, 1),
            text_y=i * ROW + 20,
        )
        for i, (label, value) in enumerate(items)
    )
    return BarChart(
        id=chart_id,
        title=title,
        desc=desc,
        width=LABEL_WIDTH + BAR_AREA + VALUE_ROOM + 10,
        height=max(1, len(items)) * ROW + 6,
        label_x=LABEL_WIDTH - 8,
        bar_x=LABEL_WIDTH,
        bar_height=ROW - 10,
        bars=bars,
    )


def nice_top(value: int) -> tuple[int, int]:
    """A round top for an axis at or above ``value`` and its step (1, 2 or 5 times a power of ten)."""
    if value <= 4:
        return 4, 1
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return int(math.ceil(value / step) * step), int(step)


@dataclass(frozen=True)
class WeekColumn:
    x: float
    y: float
    width: float
    height: float
    value: int
    value_y: float


@dataclass(frozen=True)
class WeekGroup:
    label: str | None  # None when there are too many weeks to label every one
    label_x: float
    received: WeekColumn
    finished: WeekColumn


@dataclass(frozen=True)
class WeekChart:
    id: str
    title: str
    desc: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    ticks: tuple[tuple[float, int], ...]  # (y, value) of each grid line
    groups: tuple[WeekGroup, ...]
    show_values: bool


def _column(x: float, width: float, value: int, scale: float) -> WeekColumn:
    height = round(value * scale, 1)
    return WeekColumn(x=round(x, 1), y=PLOT_BOTTOM - height, width=round(width, 1), height=height,
                      value=value, value_y=PLOT_BOTTOM - height - 4)


def week_columns(
    chart_id: str, title: str, desc: str, weeks: Sequence[tuple[str, int, int]]
) -> WeekChart:
    """Two columns per week, received and finished, side by side, on one axis from zero."""
    top, step = nice_top(max((max(r, f) for _l, r, f in weeks), default=0))
    scale = (PLOT_BOTTOM - PLOT_TOP) / top
    slot = (PLOT_RIGHT - PLOT_LEFT) / max(1, len(weeks))
    bar = min(24.0, slot * 0.38)
    every = math.ceil(len(weeks) / MAX_WEEK_LABELS) or 1
    groups = []
    for i, (label, received, finished) in enumerate(weeks):
        centre = PLOT_LEFT + slot * (i + 0.5)
        groups.append(
            WeekGroup(
                label=label if i % every == 0 else None,
                label_x=round(centre, 1),
                received=_column(centre - bar - 1, bar, received, scale),
                finished=_column(centre + 1, bar, finished, scale),
            )
        )
    ticks = tuple((round(PLOT_BOTTOM - v * scale, 1), v) for v in range(0, top + 1, step))
    return WeekChart(
        id=chart_id, title=title, desc=desc, width=WEEK_WIDTH, height=WEEK_HEIGHT,
        left=PLOT_LEFT, right=PLOT_RIGHT, top=PLOT_TOP, bottom=PLOT_BOTTOM,
        ticks=ticks, groups=tuple(groups), show_values=len(weeks) <= MAX_VALUE_LABELS,
    )
