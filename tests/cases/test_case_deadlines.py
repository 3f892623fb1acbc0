"""Deadline arithmetic in Europe/Oslo: month ends, leap years, daylight-saving changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.cases.deadlines import add_months, due_internal, due_legal, next_working_day

OSLO = ZoneInfo("Europe/Oslo")
UTC = timezone.utc


def oslo(*args: int) -> datetime:
    return datetime(*args, tzinfo=OSLO)


def local(moment: datetime) -> datetime:
    return moment.astimezone(OSLO)


@pytest.mark.parametrize(
    ("received", "expected_day"),
    [
        (oslo(2025, 1, 31, 12), date(2025, 2, 28)),  # January 31 + 1 month: February is shorter
        (oslo(2024, 1, 31, 12), date(2024, 2, 29)),  # ... and in a leap year
        (oslo(2024, 2, 29, 12), date(2024, 4, 2)),  # leap day; 29 March 2024 is Good Friday -> after Easter Monday
        (oslo(2025, 3, 31, 12), date(2025, 4, 30)),
        (oslo(2025, 12, 31, 23, 30), date(2026, 2, 2)),  # across the new year; 31 Jan 2026 is a Saturday
        (oslo(2025, 5, 15, 0, 0), date(2025, 6, 16)),  # 15 June 2025 is a Sunday
    ],
)
def test_legal_deadline_is_one_calendar_month_ending_at_local_midnight(received, expected_day):
    due = due_legal(received, OSLO)
    assert due.tzinfo is not None and due.utcoffset() == timedelta(0)
    assert local(due).date() == expected_day
    assert (local(due).hour, local(due).minute, local(due).second) == (23, 59, 59)


def test_receipt_day_is_the_oslo_day_not_the_utc_day():
    # 23:30 UTC on 14 March is already 15 March in Oslo.
    received = datetime(2025, 3, 14, 23, 30, tzinfo=UTC)
    assert local(due_internal(received, OSLO)).date() == date(2025, 3, 29)
    assert local(due_legal(received, OSLO)).date() == date(2025, 4, 15)


def test_internal_deadline_across_spring_forward():
    # Summer time starts on Sunday 30 March 2025 (02:00 -> 03:00).
    received = oslo(2025, 3, 20, 10)
    due = due_internal(received, OSLO)
    assert local(due) == oslo(2025, 4, 3, 23, 59, 59)
    assert due == datetime(2025, 4, 3, 21, 59, 59, tzinfo=UTC)  # CEST, UTC+2
    assert due - received == timedelta(days=14, hours=13, minutes=59, seconds=59) - timedelta(hours=1)


def test_internal_deadline_across_fall_back():
    # Winter time returns on Sunday 26 October 2025 (03:00 -> 02:00).
    received = oslo(2025, 10, 20, 10)
    due = due_internal(received, OSLO)
    assert due == datetime(2025, 11, 3, 22, 59, 59, tzinfo=UTC)  # CET, UTC+1
    assert due - received == timedelta(days=14, hours=14, minutes=59, seconds=59)


def test_received_inside_the_skipped_and_the_repeated_hour():
    skipped = datetime(2025, 3, 30, 0, 30, tzinfo=UTC)  # 02:30 local does not exist; this is 01:30 CET
    repeated = datetime(2025, 10, 26, 0, 30, tzinfo=UTC)  # 02:30 CEST, the first of two 02:30s
    assert local(due_internal(skipped, OSLO)).date() == date(2025, 4, 13)
    assert local(due_legal(repeated, OSLO)).date() == date(2025, 11, 26)


def test_extension_counts_from_receipt_and_clamps():
    received = oslo(2025, 1, 31, 12)
    assert local(due_legal(received, OSLO, 2)).date() == date(2025, 4, 30)  # not Feb 28 + 2 months
    assert local(due_legal(received, OSLO, 1)).date() == date(2025, 3, 31)
    with pytest.raises(ValueError):
        due_legal(received, OSLO, 3)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        due_internal(datetime(2025, 1, 1, 12), OSLO)


def test_add_months_backwards_for_retention():
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert add_months(date(2025, 1, 15), -12) == date(2024, 1, 15)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 1), timezones=st.just(UTC)))
def test_deadlines_are_ordered_and_end_on_a_local_day_end(received):
    internal, legal = due_internal(received, OSLO), due_legal(received, OSLO)
    extended = due_legal(received, OSLO, 2)
    assert received < internal and received < legal < extended
    assert local(internal).date() - local(received).date() == timedelta(days=14)
    for due in (internal, legal, extended):
        assert local(due).time().isoformat() == "23:59:59"
    # One month is 28 to 31 days after the local receipt date, moved to a working day
    # (at most five days: Maundy Thursday to Easter Monday).
    assert 28 <= (local(legal).date() - local(received).date()).days <= 36
    assert next_working_day(local(legal).date()) == local(legal).date()


def test_a_legal_deadline_on_a_weekend_or_public_holiday_moves_to_the_next_working_day() -> None:
    """Regulation 1182/71 art. 3(4); the 14-day promise stays a calendar date."""
    # Received Thu 2 April 2026 (Maundy Thursday): one month is Sat 2 May -> Mon 4 May.
    received = datetime(2026, 4, 2, 10, 0, tzinfo=OSLO)
    assert local(due_legal(received, OSLO)).date() == date(2026, 5, 4)
    # Received Wed 25 Nov 2026: one month is Fri 25 Dec (Christmas Day) -> 26th is a holiday too, then Sunday -> Mon 28.
    received = datetime(2026, 11, 25, 10, 0, tzinfo=OSLO)
    assert local(due_legal(received, OSLO)).date() == date(2026, 12, 28)
    # Received 1 Dec 2026: 14 days is Tue 15 Dec, legal Fri 1 Jan (New Year) -> Mon 4 Jan 2027.
    received = datetime(2026, 12, 1, 10, 0, tzinfo=OSLO)
    assert local(due_internal(received, OSLO)).date() == date(2026, 12, 15)
    assert local(due_legal(received, OSLO)).date() == date(2027, 1, 4)
    # A working day stays put: received Tue 3 March 2026 -> Fri 3 April is Good Friday -> Tue 7 April (Easter Monday).
    received = datetime(2026, 3, 3, 10, 0, tzinfo=OSLO)
    assert local(due_legal(received, OSLO)).date() == date(2026, 4, 7)
    assert local(due_legal(datetime(2026, 2, 10, 10, 0, tzinfo=OSLO), OSLO)).date() == date(2026, 3, 10)
