"""Reading the filters of the statistics and audit pages from a query string, strictly.

Dates are ``YYYY-MM-DD`` local calendar days, both ends included; anything else
is a ``BadFilter`` carrying the text key that says what was wrong (shown with
status 400, never a 500).  Pure functions, tested without a server.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_WEEKS",
    "MAX_PERIOD_DAYS",
    "BadFilter",
    "Period",
    "optional_period",
    "page_number",
    "parse_day",
    "statistics_period",
]

DEFAULT_WEEKS = 12
MAX_PERIOD_DAYS = 731  # two years: more than the retention period keeps
MAX_PAGE = 10_000
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PAGE = re.compile(r"[1-9]\d{0,4}")


class BadFilter(Exception):
    """A filter value we cannot use; ``key`` names the text that explains it, ``values`` fill it in."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, texts: Mapping[str, Any]) -> str:
        return str(texts[self.key]).format(**self.values)


@dataclass(frozen=True)
class Period:
    """Local days ``first`` to ``last``, both included."""

    first: date
    last: date

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """[start of ``first``, start of the day after ``last``) as aware UTC moments."""
        return _midnight(self.first, tz), _midnight(self.last + timedelta(days=1), tz)


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(timezone.utc)


def parse_day(value: str, key: str) -> date:
    """``YYYY-MM-DD`` (a real date between the years 2000 and 2100) or ``BadFilter(key)``."""
    value = value.strip()
    if not _DAY.fullmatch(value):
        raise BadFilter(key)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadFilter(key) from None
    if not 2000 <= day.year <= 2100:
        raise BadFilter(key)
    return day


def _day_or_none(query: Mapping[str, str], name: str) -> date | None:
    value = query.get(name, "")
    return parse_day(value, f"filter_bad_{name}") if value.strip() else None


def _checked(period: Period) -> Period:
    if period.first > period.last:
        raise BadFilter("filter_from_after_to")
    if (period.last - period.first).days >= MAX_PERIOD_DAYS:
        raise BadFilter("filter_too_long", n=MAX_PERIOD_DAYS)
    return period


def statistics_period(query: Mapping[str, str], today: date) -> Period:
    """``?from=&to=``; without ``to`` up to today, without ``from`` the last 12 ISO weeks up to ``to``."""
    last = _day_or_none(query, "to") or today
    first = _day_or_none(query, "from")
    if first is None:
        first = last - timedelta(days=last.weekday(), weeks=DEFAULT_WEEKS - 1)
    return _checked(Period(first, last))


def optional_period(query: Mapping[str, str]) -> tuple[date | None, date | None]:
    """``?from=&to=`` where either end may be left out (the audit log: all time by default)."""
    first, last = _day_or_none(query, "from"), _day_or_none(query, "to")
    if first is not None and last is not None and first > last:
        raise BadFilter("filter_from_after_to")
    return first, last


def page_number(query: Mapping[str, str]) -> int:
    value = query.get("page", "").strip()
    if not value:
        return 1
    if not _PAGE.fullmatch(value) or int(value) > MAX_PAGE:
        raise BadFilter("filter_bad_page", n=MAX_PAGE)
    return int(value)
