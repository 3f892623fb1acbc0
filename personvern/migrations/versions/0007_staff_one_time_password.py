"""staff one-time passwords

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

A password made for someone else (the first admin of ``make run``, a new user
added on the admin page, a reset) is one-time: ``staff_users.must_change_password``
is true until its owner chooses their own, and the staff interface opens
nothing but the account page until then.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("must_change_password")
