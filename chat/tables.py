"""The chat channel's own table: one row per conversation, everything in it encrypted.

``state_ciphertext`` holds the dialogue engine's events (with masked text
only: the chat masks before anything reaches the dialogue) and the
transcript (original and masked text, for the case), as JSON encrypted with
the one cipher (``bot.crypto``).  The sender id itself is not stored, only
its keyed hash, so the table cannot be used to resume someone's
conversation.  Migration ``0006`` creates it.
"""

from __future__ import annotations

import sqlalchemy as sa

from bot.cases.models import UTCDateTime

__all__ = ["conversations", "metadata"]

metadata = sa.MetaData()

conversations = sa.Table(
    "chat_conversations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_key", sa.String(64), nullable=False, unique=True),
    sa.Column("state_ciphertext", sa.LargeBinary, nullable=False),
    sa.Column("case_reference", sa.String(24), index=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False, index=True),
)
