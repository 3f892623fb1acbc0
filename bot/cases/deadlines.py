"""Deadline arithmetic in the office's time zone (Europe/Oslo).

Periods follow Regulation (EEC, Euratom) No 1182/71, the rule GDPR art. 12(3)
is read with: the day of receipt does not count, and a period ends when the
last hour of its last day expires.  A period of months ends on the day with
the same date in the last month, or on that month's last day when it is
shorter (received 31 January -> due 28/29 February).  Days are calendar days
in local time, so a daylight-saving change inside the period neither adds nor
removes an hour from the requester's deadline.  Results are aware UTC
datetimes (the last second of the local day), which is how they are stored.

Art. 3(4) of the same regulation: a period whose last day is a Saturday, a
Sunday or a public holiday ends on the next working day, so the legal
deadline moves past Norwegian public holidays (the ``holidays`` package's
calendar, kept up to date upstream, not a list of ours).  The statement's
14-day promise stays a calendar date: it is a promise, not a legal period.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "INTERNAL_DAYS",
    "LEGAL_MONTHS",
    "MAX_EXTENSION_MONTHS",
    "add_months",
    "due_internal",
    "due_legal",
    "end_of_local_day",
    "local_date",
    "next_working_day",
]

INTERNAL_DAYS = 14  # the privacy statement's promise
LEGAL_MONTHS = 1  # GDPR art. 12(3)
MAX_EXTENSION_MONTHS = 2  # "extended by two further months where necessary"

_LAST_SECOND = time(23, 59, 59)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("deadline arithmetic needs an aware datetime (naive times are ambiguous)")
    return moment


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    """The calendar day ``moment`` falls on in ``tz``."""
    return _aware(moment).astimezone(tz).date()


def end_of_local_day(day: date, tz: ZoneInfo) -> datetime:
    """The last second of ``day`` in ``tz``, as aware UTC."""
    return datetime.combine(day, _LAST_SECOND, tzinfo=tz).astimezone(timezone.utc)


def add_months(day: date, months: int) -> date:
    """Same date ``months`` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NO", years=year))


def next_working_day(day: date) -> date:
    """``day`` itself if it is a Norwegian working day, else the first one after it."""
    while day.weekday() >= 5 or day in _public_holidays(day.year):
        day += timedelta(days=1)
    return day


def due_internal(received: datetime, tz: ZoneInfo) -> datetime:
    """The statement's promise: the end of the 14th local day after receipt."""
    return end_of_local_day(local_date(received, tz) + timedelta(days=INTERNAL_DAYS), tz)


def due_legal(received: datetime, tz: ZoneInfo, extension_months: int = 0) -> datetime:
    """GDPR art. 12(3): one calendar month after receipt, plus any extension (counted from receipt)."""
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"an extension is 1..{MAX_EXTENSION_MONTHS} months, not {extension_months}")
    last_day = add_months(local_date(received, tz), LEGAL_MONTHS + extension_months)
    return end_of_local_day(next_working_day(last_day), tz)
