"""One turn at a time per conversation: in this process, or across instances through Redis.

Two turns of one sender must never interleave - each reads the stored
conversation, runs the dialogue and writes it back, so interleaved turns would
lose one of them.  One instance needs only an ``asyncio.Lock`` per sender
(``LocalLocks``); several instances serving one site take a Redis lock per
sender as well (``RedisLocks``, when ``[chat] redis_url`` is set): the local
lock first, so one instance queues its own turns without polling Redis.

The Redis lock expires after ``lease_seconds`` (an instance that dies holding
it frees the conversation) and a waiting turn gives up after
``wait_seconds`` with ``TurnBusy`` (a 503: the visitor tries again).
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

from bot.errors import TransientError

__all__ = ["LocalLocks", "RedisLocks", "SenderLocks", "TurnBusy"]


class TurnBusy(TransientError):
    """Another turn of this conversation holds the lock for too long."""


class SenderLocks(Protocol):
    def hold(self, sender_key: str) -> Any:
        """An async context manager: this sender's turn runs alone while it is held."""
        ...


class LocalLocks:
    """An ``asyncio.Lock`` per sender, living as long as a turn holds or waits for it."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @asynccontextmanager
    async def hold(self, sender_key: str) -> AsyncIterator[None]:
        lock = self._locks.get(sender_key)
        if lock is None:
            lock = self._locks[sender_key] = asyncio.Lock()
        async with lock:
            yield


class RedisLocks:
    """The local lock, then a Redis lock ``personvern:chat:turn:<sender key>`` shared by every instance."""

    def __init__(self, url: str, *, lease_seconds: float = 60.0, wait_seconds: float = 30.0) -> None:
        import redis.asyncio

        self._redis = redis.asyncio.Redis.from_url(url)
        self._local = LocalLocks()
        self.lease_seconds, self.wait_seconds = lease_seconds, wait_seconds

    @asynccontextmanager
    async def hold(self, sender_key: str) -> AsyncIterator[None]:
        from redis.exceptions import LockError, RedisError

        async with self._local.hold(sender_key):
            lock = self._redis.lock(f"personvern:chat:turn:{sender_key}", timeout=self.lease_seconds,
                                    sleep=0.005, blocking_timeout=self.wait_seconds)
            try:
                acquired = await lock.acquire()
            except RedisError as exc:
                raise TurnBusy(f"the turn lock is not available: {type(exc).__name__}") from exc
            if not acquired:
                raise TurnBusy("another turn of this conversation is still running")
            try:
                yield
            finally:
                with contextlib.suppress(LockError):  # the lease ran out (a turn that long): nothing to free
                    await lock.release()

    async def close(self) -> None:
        await self._redis.aclose() if hasattr(self._redis, "aclose") else await self._redis.close()
