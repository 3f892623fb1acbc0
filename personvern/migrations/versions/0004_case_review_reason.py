"""case review reason

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

The understanding layer's safety net (issue 10): a message that may be a
request but is not confidently one opens a case marked for review, with the
legal deadline running; ``review_reason`` says why.  The new request types
(objection, restriction, portability, automated_decision) need no change:
request types are stored as VARCHAR(32) without a CHECK constraint.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("review_reason", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("review_reason")
