"""Conversations kept encrypted in ``chat_conversations`` (``chat.tables``), keyed by a hash of the sender id."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cases.engine import snapshot, transaction
from bot.crypto import TextCipher
from chat.tables import conversations

__all__ = ["Conversation", "ConversationStore"]


@dataclass
class Conversation:
    """One visitor's conversation: the dialogue's events (masked text) and the transcript for the case."""

    events: list[dict[str, Any]] = field(default_factory=list)
    transcript: list[dict[str, Any]] = field(default_factory=list)  # {"direction", "text", "masked", "at"}
    posted: int = 0  # transcript entries already on the case
    case_reference: str | None = None
    language: str | None = None


class ConversationStore:
    def __init__(self, engine: AsyncEngine, cipher: TextCipher) -> None:
        self.engine = engine
        self._cipher = cipher

    async def load(self, sender_key: str) -> Conversation:
        async with snapshot(self.engine) as conn:
            token = (
                await conn.execute(
                    sa.select(conversations.c.state_ciphertext).where(conversations.c.sender_key == sender_key)
                )
            ).scalar_one_or_none()
        if token is None:
            return Conversation()
        return Conversation(**json.loads(self._cipher.decrypt_text(token)))

    async def save(self, sender_key: str, conversation: Conversation, now: datetime, *, within: Any = None) -> None:
        """Store ``conversation`` in a transaction of its own, or in the caller's (``within``: a connection
        or session), as the chat does when the transcript goes onto the case in the same turn."""
        # fields(), not asdict(): asdict deep-copies every event before it is dumped
        state = {f.name: getattr(conversation, f.name) for f in fields(conversation)}
        token = self._cipher.encrypt_text(json.dumps(state, ensure_ascii=False, separators=(",", ":")))
        values = {"state_ciphertext": token, "case_reference": conversation.case_reference, "updated_at": now}
        if within is not None:
            await self._write(within, sender_key, values, now)
            return
        async with transaction(self.engine) as conn:
            await self._write(conn, sender_key, values, now)

    @staticmethod
    async def _write(conn: Any, sender_key: str, values: dict[str, Any], now: datetime) -> None:
        updated = await conn.execute(
            conversations.update().where(conversations.c.sender_key == sender_key).values(**values)
        )
        if updated.rowcount == 0:
            await conn.execute(conversations.insert().values(sender_key=sender_key, created_at=now, **values))

    async def purge(self, before: datetime) -> int:
        """Forget conversations untouched since ``before`` (their transcript is on the case, if any)."""
        async with transaction(self.engine) as conn:
            result = await conn.execute(conversations.delete().where(conversations.c.updated_at < before))
        return int(result.rowcount or 0)
