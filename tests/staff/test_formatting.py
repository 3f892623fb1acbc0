"""Deadlines in words, sizes, and the texts: pure functions, no server."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from bot.cases import due_internal
from staff.formatting import deadline, size
from staff.texts import NB, TEXTS
from staff.throttle import LoginThrottle

OSLO = ZoneInfo("Europe/Oslo")


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=timezone.utc)


def test_days_left_are_calendar_days_in_oslo_and_said_in_words() -> None:
    due = due_internal(_at(3), OSLO)  # received Monday 3 March: due the end of Monday 17 March, local time
    said = {day: deadline(due, _at(day), OSLO, NB) for day in (3, 14, 16, 17, 18, 20)}
    assert said[3].words == "14 dager igjen" and said[3].state == "ok" and said[3].date == "17.03.2025"
    assert said[14].words == "3 dager igjen" and said[14].state == "soon"
    assert said[16].words == "1 dag igjen" and said[16].state == "soon"
    assert said[17].words == "frist i dag" and said[17].state == "soon"
    assert said[18].words == "1 dag over fristen" and said[18].state == "overdue"
    assert said[20].words == "3 dager over fristen"
    late_evening = datetime(2025, 3, 17, 22, 30, tzinfo=timezone.utc)  # 23:30 in Oslo: still the day itself
    assert deadline(due, late_evening, OSLO, NB).words == "frist i dag"
    just_after = datetime(2025, 3, 17, 23, 0, 1, tzinfo=timezone.utc)  # 00:00:01 the next day in Oslo
    assert deadline(due, just_after, OSLO, NB).state == "overdue"
    assert deadline(due, _at(20), OSLO, NB, is_open=False).words == ""


def test_sizes_read_the_norwegian_way() -> None:
    assert [size(n, NB) for n in (0, 999, 1000, 12_345, 2_500_000, None)] == [
        "0 byte", "999 byte", "1,0 kB", "12,3 kB", "2,5 MB", ""
    ]


def test_one_byte_is_singular_in_english() -> None:
    from staff.texts import EN

    assert [size(n, EN) for n in (1, 2, 999)] == ["1 byte", "2 bytes", "999 bytes"]


def test_every_language_has_every_text() -> None:
    for language, texts in TEXTS.items():
        assert set(texts) == set(NB), language
        for key, value in NB.items():
            if isinstance(value, dict):
                assert set(texts[key]) == set(value), (language, key)


def test_the_throttle_counts_attempts_as_they_start_and_forgets_after_the_window() -> None:
    throttle = LoginThrottle()
    for n in range(5):
        assert throttle.begin("a@cantec.no", "10.0.0.1", float(n))
    assert not throttle.begin("A@Cantec.no ", "10.0.0.2", 5.0)  # the same account, however written
    assert not throttle.begin("b@cantec.no", "10.0.0.1", 5.0)  # the same address
    assert throttle.begin("b@cantec.no", "10.0.0.2", 5.0)
    throttle.succeeded("b@cantec.no", "10.0.0.2", 5.0)  # a success takes its attempt back
    assert "account:b@cantec.no" not in throttle._failures and "address:10.0.0.2" not in throttle._failures
    assert throttle.begin("a@cantec.no", "10.0.0.3", 900.5)  # 15 minutes after the first failure
