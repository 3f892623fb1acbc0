"""chat verification

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09

The website chat (issue 13).  ``chat_verifications`` and ``chat_code_sends``
are the core's one-time codes (``bot.verification.tables``): a visitor proves
an email address by a six-digit code; only keyed hashes are stored (code,
challenge id, address, client address).  ``chat_conversations`` is the chat
channel's own table (``chat.tables``): each conversation's dialogue state and
transcript, encrypted, keyed by a hash of the sender id.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_verifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_key", sa.String(length=64), nullable=False),
        sa.Column("address_key", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("resends", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("challenge_key"),
    )
    op.create_index("ix_chat_verifications_address_key", "chat_verifications", ["address_key"])
    op.create_table(
        "chat_code_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address_key", sa.String(length=64), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_chat_code_sends_address_key", "chat_code_sends", ["address_key"])
    op.create_index("ix_chat_code_sends_client_key", "chat_code_sends", ["client_key"])
    op.create_index("ix_chat_code_sends_sent_at", "chat_code_sends", ["sent_at"])
    op.create_table(
        "chat_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_key", sa.String(length=64), nullable=False),
        sa.Column("state_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("case_reference", sa.String(length=24), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sender_key"),
    )
    op.create_index("ix_chat_conversations_case_reference", "chat_conversations", ["case_reference"])
    op.create_index("ix_chat_conversations_updated_at", "chat_conversations", ["updated_at"])


def downgrade() -> None:
    op.drop_table("chat_conversations")
    op.drop_table("chat_code_sends")
    op.drop_table("chat_verifications")
