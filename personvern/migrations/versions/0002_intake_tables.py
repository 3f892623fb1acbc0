"""intake tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

The email intake's processing ledger (``intake_messages``: one row per
Message-ID, whose unique key lets several intake instances share one
database) and its durable outbox (``intake_outbox``).  Their models are in
``intake.tables``.  Databases where an earlier intake created these tables
itself (``create_all``) keep them: the tables are only created when absent.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _absent(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    if _absent("intake_messages"):
        op.create_table(
            "intake_messages",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("dedupe_key", sa.String(length=998), nullable=False),
            sa.Column("spool_id", sa.String(length=80), nullable=False),
            sa.Column("worker", sa.String(length=200), nullable=False),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("case_reference", sa.String(length=24), nullable=True),
            sa.Column("outcome", sa.String(length=40), nullable=True),
            sa.Column("sender", sa.String(length=320), nullable=True),
            sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("dedupe_key"),
        )
    if _absent("intake_outbox"):
        op.create_table(
            "intake_outbox",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("message_id", sa.String(length=998), nullable=False),
            sa.Column("case_reference", sa.String(length=24), nullable=True),
            sa.Column("recipient", sa.String(length=320), nullable=False),
            sa.Column("kind", sa.String(length=32), nullable=False),
            sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("attempts", sa.Integer(), nullable=False),
            sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("claimed_by", sa.String(length=200), nullable=True),
            sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
            sa.Column("last_error", sa.String(length=500), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("message_id"),
        )
        with op.batch_alter_table("intake_outbox", schema=None) as batch_op:
            batch_op.create_index("ix_intake_outbox_case_reference", ["case_reference"], unique=False)
            batch_op.create_index("ix_intake_outbox_recipient", ["recipient"], unique=False)
            batch_op.create_index("ix_intake_outbox_status", ["status"], unique=False)
            batch_op.create_index("ix_intake_outbox_recipient_created", ["recipient", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_table("intake_outbox")
    op.drop_table("intake_messages")
