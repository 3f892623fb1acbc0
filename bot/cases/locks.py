"""Serialise "look, then write" decisions that no unique constraint can guard.

"Is there already an open case of this person for this request?" and "how many
automatic replies did this address get today?" are reads followed by a
write; two transactions doing the read at once both decide to write.  On
PostgreSQL a transaction-scoped advisory lock on a key (the requester's
address) makes the second wait for the first's commit.  On SQLite every write
transaction here is ``BEGIN IMMEDIATE`` (``bot.cases.engine``): they are
serial already, so nothing is needed.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

__all__ = ["lock_for_decision", "lock_key"]


async def lock_for_decision(executor: AsyncSession | AsyncConnection, namespace: str, key: str) -> None:
    """Hold a lock on ``namespace:key`` until the current transaction ends."""
    bind = executor.bind if isinstance(executor, AsyncSession) else executor
    if bind is None or bind.dialect.name != "postgresql":
        return
    await executor.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(namespace, key)})


def lock_key(namespace: str, key: str) -> int:
    """A signed 64-bit key: the address itself never reaches the server (nor its logs), NUL and all."""
    digest = hashlib.blake2b(f"{namespace}:{key}".encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
