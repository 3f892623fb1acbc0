"""The verification tables: the core's own ``MetaData`` (the case store's models stay apart).

Nothing here can be turned back into a code, a challenge id, an address or a
client address without the service secret: every one of them is stored as a
keyed hash (``bot.verification.keys``).  Migration ``0006`` creates them.
"""

from __future__ import annotations

import sqlalchemy as sa

from bot.cases.models import UTCDateTime

__all__ = ["code_sends", "metadata", "verifications"]

metadata = sa.MetaData()

verifications = sa.Table(
    "chat_verifications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("challenge_key", sa.String(64), nullable=False, unique=True),  # HMAC of the challenge id
    sa.Column("address_key", sa.String(64), nullable=False, index=True),  # HMAC of the normalised address
    sa.Column("code_hash", sa.String(64), nullable=False),  # HMAC of challenge id + code
    sa.Column("attempts", sa.Integer, nullable=False),  # wrong or right, counted before comparing
    sa.Column("resends", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("verified_at", UTCDateTime),
)

# One row per code mailed (first or re-sent): what the per-address and per-client limits count.
code_sends = sa.Table(
    "chat_code_sends",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("address_key", sa.String(64), nullable=False, index=True),
    sa.Column("client_key", sa.String(64), nullable=False, index=True),
    sa.Column("sent_at", UTCDateTime, nullable=False, index=True),
)
