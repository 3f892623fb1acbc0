"""One turn at a time per conversation, also across instances (a Redis lock per sender).

Two ``ChatService`` instances on one store stand for two web processes; a slow
dialogue that appends an event per turn shows both interleaving (turns
overlap, updates are lost) and its absence.  Redis: the local server
(``PERSONVERN_TEST_REDIS_URL``, default redis://127.0.0.1:6379/15).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from bot.cases import CaseService
from bot.cases.models import utcnow
from bot.crypto import cipher_for
from bot.dialogue import Reply, Turn
from chat.conversation import ChatService
from chat.locks import LocalLocks, RedisLocks, SenderLocks, TurnBusy
from chat.store import ConversationStore
from chat.tables import conversations
from tests.support.db import *  # noqa: F403
from tests.support.db import TEST_RAW_MAIL_KEY

REDIS_URL = os.environ.get("PERSONVERN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TURNS = 8


class SlowDialogue:
    """Appends one event per turn after a pause; records when each turn ran."""

    def __init__(self, spans: list[tuple[float, float]]) -> None:
        self.spans = spans

    async def turn(self, sender: str, events: list[dict[str, Any]], text: str, metadata: dict[str, Any]) -> Turn:
        started = time.monotonic()
        await asyncio.sleep(0.03)
        self.spans.append((started, time.monotonic()))
        return Turn(events=[*events, {"event": "user", "text": text}], replies=[Reply("ok")])


def _overlaps(spans: list[tuple[float, float]]) -> bool:
    ordered = sorted(spans)
    return any(later[0] < earlier[1] for earlier, later in zip(ordered, ordered[1:], strict=False))


@pytest_asyncio.fixture
async def redis_url() -> AsyncIterator[str]:
    import redis.asyncio

    client = redis.asyncio.Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no Redis at {REDIS_URL}: {type(exc).__name__}")
    await client.flushdb()
    yield REDIS_URL
    await client.flushdb()
    await client.close()


async def _two_instances(
    case_service: CaseService, locks: list[SenderLocks]
) -> tuple[list[tuple[float, float]], int, list[BaseException]]:
    """The turns' spans, the events stored in the end, and the turns that failed."""
    async with case_service.engine.begin() as conn:
        await conn.execute(conversations.delete())
    store = ConversationStore(case_service.engine, cipher_for(TEST_RAW_MAIL_KEY))
    spans: list[tuple[float, float]] = []
    services = [ChatService(SlowDialogue(spans), store, case_service, hostname="test", clock=utcnow,
                            locks=lock) for lock in locks]
    outcomes = await asyncio.gather(
        *(services[n % 2].turn("s", "sender-key", f"melding {n}", language="nb", client="c") for n in range(TURNS)),
        return_exceptions=True,
    )
    failed = [o for o in outcomes if isinstance(o, BaseException)]
    return spans, len((await store.load("sender-key")).events), failed


async def test_two_instances_never_interleave_one_conversation_with_redis(
    case_service: CaseService, redis_url: str
) -> None:
    locks = [RedisLocks(redis_url), RedisLocks(redis_url)]
    try:
        spans, events, failed = await _two_instances(case_service, list(locks))
    finally:
        for lock in locks:
            await lock.close()
    assert not failed and len(spans) == TURNS and not _overlaps(spans)
    assert events == TURNS  # every turn saw the one before it


async def test_without_a_shared_lock_two_instances_interleave(case_service: CaseService) -> None:
    spans, events, failed = await _two_instances(case_service, [LocalLocks(), LocalLocks()])
    # what the Redis lock prevents: overlapping turns, lost updates (or, on PostgreSQL, both
    # instances inserting the new conversation at once)
    assert _overlaps(spans) and (events < TURNS or failed)


async def test_a_turn_waiting_too_long_is_busy(redis_url: str) -> None:
    first, second = RedisLocks(redis_url), RedisLocks(redis_url, wait_seconds=0.1)
    try:
        async with first.hold("k"):
            with pytest.raises(TurnBusy):
                async with second.hold("k"):
                    pass
        async with second.hold("k"):  # free again
            pass
    finally:
        await first.close()
        await second.close()


async def test_a_dead_instance_frees_the_conversation_after_its_lease(redis_url: str) -> None:
    dead, alive = RedisLocks(redis_url, lease_seconds=0.2), RedisLocks(redis_url, wait_seconds=2)
    try:
        lock = dead._redis.lock("personvern:chat:turn:k", timeout=0.2)
        assert await lock.acquire()  # taken and never released
        started = time.monotonic()
        async with alive.hold("k"):
            assert time.monotonic() - started < 1.5
    finally:
        await dead.close()
        await alive.close()


async def test_the_chat_app_takes_the_redis_lock_when_configured(case_service: CaseService, redis_url: str) -> None:
    import dataclasses

    from bot.config import load_settings
    from chat import create_chat_app
    from chat.keys import SERVICE

    base = load_settings(env={"PERSONVERN_MODE": "local", "PERSONVERN_SECRET_KEY": "s",
                              "PERSONVERN_CHAT_REDIS_URL": redis_url})
    assert base.chat.redis_url == redis_url
    app = create_chat_app(base, dialogue=SlowDialogue([]), cases=case_service)
    assert isinstance(app[SERVICE]._locks, RedisLocks)
    plain = create_chat_app(dataclasses.replace(base, chat=dataclasses.replace(base.chat, redis_url="")),
                            dialogue=SlowDialogue([]), cases=case_service)
    assert isinstance(plain[SERVICE]._locks, LocalLocks)
    await app[SERVICE]._locks.close()
