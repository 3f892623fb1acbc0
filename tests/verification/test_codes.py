"""One-time codes on both databases: hashes only, expiry, attempts, re-sends, rate limits, races."""

from __future__ import annotations

import asyncio
import hashlib
import re

import pytest
import sqlalchemy as sa

from bot.verification import (
    CheckResult,
    ResendLimitReached,
    TooManyCodes,
    UnknownChallenge,
    VerificationLimits,
    Verifier,
)
from bot.verification.keys import new_code
from bot.verification.tables import verifications
from tests.support.db import FakeClock

ADDRESS = "kari.nordmann@example.no"
CLIENT = "198.51.100.7"


async def _rows(verifier: Verifier) -> list[dict[str, object]]:
    async with verifier.engine.connect() as connection:
        result = await connection.execute(sa.select(verifications))
        return [dict(row._mapping) for row in result]


async def test_a_code_verifies_once_and_is_stored_only_as_a_keyed_hash(verifier: Verifier) -> None:
    issued = await verifier.issue(ADDRESS, client=CLIENT)
    assert re.fullmatch(r"\d{6}", issued.code)
    assert issued.code not in repr(issued)
    [row] = await _rows(verifier)
    stored = " ".join(str(v) for v in row.values())
    for secret in (issued.code, issued.challenge, ADDRESS, CLIENT):
        assert secret not in stored
    # A plain hash of the code (the brute-forceable kind) is not what is stored.
    assert hashlib.sha256(issued.code.encode()).hexdigest() != row["code_hash"]
    assert (await verifier.check(issued.challenge, ADDRESS.upper(), f" {issued.code[:3]} {issued.code[3:]} ")).verified
    replay = await verifier.check(issued.challenge, ADDRESS, issued.code)
    assert replay.result is CheckResult.UNKNOWN


async def test_the_code_belongs_to_its_challenge_and_address(verifier: Verifier) -> None:
    first = await verifier.issue(ADDRESS, client=CLIENT)
    second = await verifier.issue("ola@example.no", client=CLIENT)
    assert (await verifier.check(first.challenge, "ola@example.no", first.code)).result is CheckResult.UNKNOWN
    if first.code != second.code:
        assert (await verifier.check(second.challenge, "ola@example.no", first.code)).result is CheckResult.WRONG
    assert (await verifier.check("not-a-challenge", ADDRESS, first.code)).result is CheckResult.UNKNOWN


async def test_five_attempts_then_locked_even_with_the_right_code(verifier: Verifier) -> None:
    issued = await verifier.issue(ADDRESS, client=CLIENT)
    wrong = f"{(int(issued.code) + 1) % 10**6:06d}"
    lefts = [(await verifier.check(issued.challenge, ADDRESS, wrong)).attempts_left for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    last = await verifier.check(issued.challenge, ADDRESS, wrong)
    assert (last.result, last.attempts_left) == (CheckResult.LOCKED, 0)
    assert (await verifier.check(issued.challenge, ADDRESS, issued.code)).result is CheckResult.LOCKED
    with pytest.raises(UnknownChallenge):
        await verifier.resend(issued.challenge, ADDRESS, client=CLIENT)


async def test_parallel_guesses_get_five_tries_in_all(verifier: Verifier) -> None:
    issued = await verifier.issue(ADDRESS, client=CLIENT)
    guesses = [f"{(int(issued.code) + n) % 10**6:06d}" for n in range(1, 21)]
    results = await asyncio.gather(*(verifier.check(issued.challenge, ADDRESS, g) for g in guesses))
    assert sum(r.result is CheckResult.WRONG for r in results) == 4
    assert sum(r.result is CheckResult.LOCKED for r in results) == 16
    [row] = await _rows(verifier)
    assert row["attempts"] == 5


async def test_a_code_expires_after_15_minutes(verifier: Verifier, case_clock: FakeClock) -> None:
    issued = await verifier.issue(ADDRESS, client=CLIENT)
    case_clock.advance(minutes=14, seconds=59)
    assert (await verifier.check(issued.challenge, ADDRESS, "000000" if issued.code != "000000" else "111111")).result is CheckResult.WRONG
    case_clock.advance(seconds=1)
    assert (await verifier.check(issued.challenge, ADDRESS, issued.code)).result is CheckResult.EXPIRED


async def test_a_resend_replaces_the_code_restarts_the_clock_and_stops_after_three(
    verifier: Verifier, case_clock: FakeClock
) -> None:
    issued = await verifier.issue(ADDRESS, client=CLIENT)
    codes = [issued.code]
    for n in (1, 2, 3):
        case_clock.advance(minutes=10)
        again = await verifier.resend(issued.challenge, ADDRESS, client=CLIENT)
        assert again.resends == n and again.challenge == issued.challenge
        codes.append(again.code)
    with pytest.raises(ResendLimitReached):
        await verifier.resend(issued.challenge, ADDRESS, client=CLIENT)
    case_clock.advance(minutes=14)  # 44 minutes after the first code: the last one still works
    if codes[0] != codes[-1]:
        assert (await verifier.check(issued.challenge, ADDRESS, codes[0])).result is CheckResult.WRONG
    assert (await verifier.check(issued.challenge, ADDRESS, codes[-1])).verified


async def test_codes_are_rate_limited_per_address_and_per_client(verifier: Verifier, case_clock: FakeClock) -> None:
    for n in range(5):
        await verifier.issue(ADDRESS, client=f"203.0.113.{n}")
    with pytest.raises(TooManyCodes) as refused:
        await verifier.issue(ADDRESS.upper(), client="203.0.113.99")
    assert 0 < refused.value.retry_after <= 3600
    for n in range(10):
        await verifier.issue(f"person{n}@example.no", client=CLIENT)
    with pytest.raises(TooManyCodes):
        await verifier.issue("someone.else@example.no", client=CLIENT)
    case_clock.advance(hours=1, seconds=1)
    assert (await verifier.issue(ADDRESS, client=CLIENT)).code
    case_clock.advance(hours=1)
    assert await verifier.purge() == 15 + 15  # the first hour's challenges (long expired) and sends


async def test_resends_count_against_the_limits(verifier: Verifier, case_clock: FakeClock) -> None:
    strict = Verifier(verifier.engine, secret="test-secret-for-codes", clock=case_clock,
                      limits=VerificationLimits(per_address=2))
    issued = await strict.issue(ADDRESS, client=CLIENT)
    await strict.resend(issued.challenge, ADDRESS, client=CLIENT)
    with pytest.raises(TooManyCodes):
        await strict.resend(issued.challenge, ADDRESS, client=CLIENT)


async def test_parallel_requests_cannot_pass_the_address_limit(verifier: Verifier) -> None:
    outcomes = await asyncio.gather(
        *(verifier.issue(ADDRESS, client=f"192.0.2.{n}") for n in range(12)), return_exceptions=True
    )
    assert sum(not isinstance(o, BaseException) for o in outcomes) == 5
    assert all(isinstance(o, TooManyCodes) for o in outcomes if isinstance(o, BaseException))


def test_limits_come_from_the_chat_settings() -> None:
    from bot.config import ChatSettings

    limits = VerificationLimits.from_settings(ChatSettings(code_minutes=10, code_attempts=3))
    assert limits.ttl.total_seconds() == 600 and limits.max_attempts == 3 and limits.max_resends == 3


def test_codes_are_six_digits_and_spread() -> None:
    codes = {new_code() for _ in range(2000)}
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)
    assert len(codes) > 1990
    assert any(c.startswith("0") for c in codes)
