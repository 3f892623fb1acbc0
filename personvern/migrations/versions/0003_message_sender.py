"""message sender and the other-address flag

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

One threading rule for every channel (``bot.cases.threads``): a message that
cites a case from an address other than its requester's is attached to that
case flagged ``from_other_address``; ``sender`` keeps which address it came
from, so staff can see it and a re-delivery is recognised.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("sender", sa.String(length=320), nullable=True))
        batch.add_column(
            sa.Column("from_other_address", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("from_other_address")
        batch.drop_column("sender")
