"""Dates, deadlines and sizes as staff read them: local time, Norwegian style, in words.

Pure functions of (value, now, time zone, texts), so they are tested without a server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["Deadline", "deadline", "local_date", "local_time", "size"]

SOON_DAYS = 3  # "due within 3 days": shown as soon, in words and colour


@dataclass(frozen=True)
class Deadline:
    """A deadline for display: the date, the days left in words and a class for colour."""

    date: str
    words: str
    state: str  # "overdue" | "soon" | "ok" | "closed"


def local_date(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y")


def local_time(moment: datetime, tz: ZoneInfo, texts: dict[str, Any]) -> str:
    local = moment.astimezone(tz)
    return f"{local:%d.%m.%Y} {texts['at_time']} {local:%H:%M}"


def days_left_words(days: int, texts: dict[str, Any]) -> str:
    if days > 1:
        return str(texts["due_days_left"]).format(n=days)
    if days == 1:
        return str(texts["due_one_day_left"])
    if days == 0:
        return str(texts["due_today"])
    if days == -1:
        return str(texts["due_one_day_over"])
    return str(texts["due_days_over"]).format(n=-days)


def deadline(due: datetime, now: datetime, tz: ZoneInfo, texts: dict[str, Any], *, is_open: bool = True) -> Deadline:
    """Days are calendar days in the office's time zone, as the deadlines themselves are.

    A deadline is the last second of its local day, so "frist i dag" until midnight,
    then "1 dag over fristen".
    """
    date = local_date(due, tz)
    if not is_open:
        return Deadline(date, "", "closed")
    days = (due.astimezone(tz).date() - now.astimezone(tz).date()).days
    if now > due:
        days = min(days, -1)  # past the last second, even in a skewed clock's same day
    state = "overdue" if days < 0 else "soon" if days <= SOON_DAYS else "ok"
    return Deadline(date, days_left_words(days, texts), state)


def size(n: int | None, texts: dict[str, Any]) -> str:
    """``512 byte``, ``12,3 kB``, ``1,2 MB`` (decimal comma)."""
    if n is None or n < 0:
        return ""
    if n == 1:
        return str(texts["byte_one"])
    if n < 1000:
        return str(texts["bytes"]).format(n=n)
    for unit, scale in (("kB", 1000), ("MB", 1000**2), ("GB", 1000**3)):
        if n < scale * 1000 or unit == "GB":
            return f"{n / scale:.1f} {unit}".replace(".", ",")
    raise AssertionError("unreachable")  # pragma: no cover
