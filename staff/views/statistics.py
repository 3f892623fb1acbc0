"""Statistics for any staff role: open cases now, cases per ISO week, answers in time; as a page and as CSV.

The figures are counted by the case store (``CaseService.statistics``); this
module only words them and lays out the charts (``staff.charts``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiohttp import web

from bot.cases import OPEN_STATUSES, CaseStatistics, CaseStatus, RequestType, WeekCount
from staff.charts import BarChart, WeekChart, horizontal_bars, week_columns
from staff.csv_export import Cell, csv_response
from staff.keys import CASES, CLOCK
from staff.periods import BadFilter, Period, statistics_period
from staff.render import page, texts

__all__ = ["Figures", "figures", "statistics_csv", "statistics_page"]

OPEN_ORDER = [s for s in CaseStatus if s in OPEN_STATUSES]


@dataclass(frozen=True)
class WeekRow:
    key: str  # 2025-W10
    label: str  # Uke 10 2025
    short: str  # U10
    days: str  # 03.03.2025–09.03.2025
    received: int
    finished: int


@dataclass(frozen=True)
class Figures:
    period: str
    key_figures: list[tuple[str, str, str, Cell]]  # (csv key, label, shown, csv value)
    open_by_type: list[tuple[str, str, int]]  # (value, label, count)
    open_by_status: list[tuple[str, str, int]]
    received_by_type: list[tuple[str, str, int]]
    received_by_status: list[tuple[str, str, int]]
    weeks: list[WeekRow]
    type_chart: BarChart
    status_chart: BarChart
    week_chart: WeekChart


def _decimal(value: float, t: Mapping[str, Any]) -> str:
    return f"{value:.1f}".replace(".", str(t["stats_decimal"]))


def _share(share: float | None, resolved: int, t: Mapping[str, Any]) -> str:
    if share is None:
        return str(t["stats_none_resolved"])
    percent = str(t["stats_percent"]).format(n=round(share * 100))
    return str(t["stats_share_of"]).format(percent=percent, n=round(share * resolved), total=resolved)


def _days(duration: timedelta | None) -> float | None:
    return None if duration is None else round(duration.total_seconds() / 86400, 2)


def _key_figures(s: CaseStatistics, t: Mapping[str, Any]) -> list[tuple[str, str, str, Cell]]:
    median = _days(s.median_time_to_resolve)
    share_14 = None if s.share_answered_within_14_days is None else round(s.share_answered_within_14_days, 4)
    share_legal = s.share_answered_within_legal_deadline
    return [
        ("received", t["stats_received"], str(s.total), s.total),
        ("resolved", t["stats_resolved"], str(s.resolved), s.resolved),
        ("share_within_14_days", t["stats_share_14"], _share(s.share_answered_within_14_days, s.resolved, t), share_14),
        ("share_within_legal_deadline", t["stats_share_legal"], _share(share_legal, s.resolved, t),
         None if share_legal is None else round(share_legal, 4)),
        ("median_days_to_resolve", t["stats_median"],
         str(t["stats_none_resolved"]) if median is None else str(t["stats_days"]).format(n=_decimal(median, t)),
         median),
        ("overdue_internal_now", t["stats_overdue_internal"], str(s.overdue_internal), s.overdue_internal),
        ("overdue_legal_now", t["stats_overdue_legal"], str(s.overdue_legal), s.overdue_legal),
    ]


def _week_row(week: WeekCount, period: Period, t: Mapping[str, Any]) -> WeekRow:
    first, last = max(week.start, period.first), min(week.start + timedelta(days=6), period.last)
    return WeekRow(
        key=f"{week.year}-W{week.week:02d}",
        label=str(t["stats_week"]).format(week=week.week, year=week.year),
        short=str(t["stats_week_short"]).format(week=week.week),
        days=f"{first:%d.%m.%Y}–{last:%d.%m.%Y}",
        received=week.received,
        finished=week.finished,
    )


def _counted(values: list[Any], counts: Mapping[Any, int], names: Mapping[str, str]) -> list[tuple[str, str, int]]:
    return [(v.value, names.get(v.value, v.value), counts.get(v, 0)) for v in values]


def _bar_desc(rows: list[tuple[str, str, int]], t: Mapping[str, Any]) -> str:
    return str(t["stats_chart_desc"]).format(items="; ".join(f"{label}: {n}" for _v, label, n in rows))


def figures(s: CaseStatistics, period: Period, t: Mapping[str, Any]) -> Figures:
    types, statuses = list(RequestType), list(CaseStatus)
    open_types = _counted(types, s.open_by_type, t["request_type"])
    open_statuses = _counted(OPEN_ORDER, s.open_by_status, t["status"])
    weeks = [_week_row(w, period, t) for w in s.weeks]
    week_desc = str(t["stats_week_chart_desc"]).format(
        n=len(weeks), received=sum(w.received for w in weeks), finished=sum(w.finished for w in weeks)
    )
    return Figures(
        period=f"{period.first:%d.%m.%Y}–{period.last:%d.%m.%Y}",
        key_figures=_key_figures(s, t),
        open_by_type=open_types,
        open_by_status=open_statuses,
        received_by_type=_counted(types, s.by_type, t["request_type"]),
        received_by_status=_counted(statuses, s.by_status, t["status"]),
        weeks=weeks,
        type_chart=horizontal_bars(
            "chart-types", t["stats_open_by_type"], _bar_desc(open_types, t), [(lb, n) for _v, lb, n in open_types]
        ),
        status_chart=horizontal_bars(
            "chart-status", t["stats_open_by_status"], _bar_desc(open_statuses, t),
            [(lb, n) for _v, lb, n in open_statuses],
        ),
        week_chart=week_columns(
            "chart-weeks", t["stats_per_week"], week_desc, [(w.short, w.received, w.finished) for w in weeks]
        ),
    )


async def _load(request: web.Request) -> tuple[Period, Figures]:
    """The period asked for and its figures; ``BadFilter`` for a bad ``from``/``to``."""
    cases = request.app[CASES]
    today = request.app[CLOCK]().astimezone(cases.tz).date()
    period = statistics_period(request.query, today)
    since, until = period.bounds(cases.tz)
    _lang, t = texts(request)
    return period, figures(await cases.statistics(since, until), period, t)


def _form(query: Mapping[str, str]) -> dict[str, str]:
    return {"from": query.get("from", "")[:40], "to": query.get("to", "")[:40]}


async def statistics_page(request: web.Request) -> web.StreamResponse:
    _lang, t = texts(request)
    try:
        period, found = await _load(request)
    except BadFilter as exc:
        context: dict[str, Any] = {"error": exc.message(t), "form": _form(request.query), "f": None}
        return await page(request, "statistics.html", context, status=400)
    form = {"from": period.first.isoformat(), "to": period.last.isoformat()}
    csv_url = request.app.router["statistics-csv"].url_for().with_query(form)
    context = {"error": None, "form": form, "f": found, "csv_url": csv_url}
    return await page(request, "statistics.html", context)


def _csv_rows(f: Figures, period: Period) -> list[list[Cell]]:
    rows: list[list[Cell]] = [["period_from", "", "", period.first.isoformat()],
                              ["period_to", "", "", period.last.isoformat()]]
    rows += [[key, "", label, value] for key, label, _shown, value in f.key_figures]
    for figure, counted in (
        ("open_by_type", f.open_by_type),
        ("open_by_status", f.open_by_status),
        ("received_by_type", f.received_by_type),
        ("received_by_status", f.received_by_status),
    ):
        rows += [[figure, value, label, n] for value, label, n in counted]
    rows += [["received_per_week", w.key, f"{w.label} ({w.days})", w.received] for w in f.weeks]
    rows += [["finished_per_week", w.key, f"{w.label} ({w.days})", w.finished] for w in f.weeks]
    return rows


async def statistics_csv(request: web.Request) -> web.StreamResponse:
    _lang, t = texts(request)
    try:
        period, found = await _load(request)
    except BadFilter as exc:
        return await page(request, "error.html", {"status": 400, "message": exc.message(t)}, status=400)
    name = f"statistikk-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return csv_response(["figure", "key", "label", "value"], _csv_rows(found, period), name)
