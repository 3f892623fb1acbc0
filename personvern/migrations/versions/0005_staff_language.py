"""staff language

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-09

The staff web interface speaks Norwegian Bokmål and English (issue 12): each
staff user's choice is kept on ``staff_users.language`` (``nb``/``en``, as the
interface's ``staff.texts``); NULL means the interface's default, Bokmål.
``staff_users.sessions_valid_from``: sessions that signed in before it are
over (set when the password changes or is reset and when the user is
disabled), so ending a user's sessions survives restarts and holds on every
instance.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("sessions_valid_from", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("sessions_valid_from")
        batch.drop_column("language")
