"""The intake's own tables: the processing ledger and the outbox.

They live beside the case store's tables in the same database but in their own
``MetaData``, so the intake does not reach into the case store's models.  The
schema itself is the case store's Alembic history (revision ``0002``), so
``personvern db upgrade`` creates everything; ``require_schema`` refuses to
start on a database that has not been upgraded.

``intake_messages`` is what lets several intake instances share one database:
its unique ``dedupe_key`` (the Message-ID, or a hash of the raw bytes when
there is none) is claimed with an INSERT before a message is processed, so a
message delivered twice - to the same or another instance - is processed once.
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

__all__ = ["metadata", "intake_messages", "outbox", "utcnow", "UTC"]

metadata = sa.MetaData()
UTC = timezone.utc


def utcnow() -> datetime:
    return datetime.now(UTC)


class _UTC(sa.types.TypeDecorator):
    """Aware UTC datetimes on SQLite too."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


intake_messages = sa.Table(
    "intake_messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("dedupe_key", sa.String(998), nullable=False, unique=True),
    sa.Column("spool_id", sa.String(80), nullable=False),
    sa.Column("worker", sa.String(200), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # processing | done
    sa.Column("case_reference", sa.String(24)),
    sa.Column("outcome", sa.String(40)),  # what the pipeline decided, e.g. "new-case", "threaded", "automatic"
    sa.Column("sender", sa.String(320)),
    sa.Column("received_at", _UTC, nullable=False),
    sa.Column("started_at", _UTC, nullable=False),
    sa.Column("finished_at", _UTC),
)

outbox = sa.Table(
    "intake_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("message_id", sa.String(998), nullable=False, unique=True),
    sa.Column("case_reference", sa.String(24), index=True),
    sa.Column("recipient", sa.String(320), nullable=False, index=True),  # lower-cased
    sa.Column("kind", sa.String(32), nullable=False),  # acknowledgement, answer, pointer, warning
    sa.Column("ciphertext", sa.LargeBinary, nullable=False),  # the rendered message, Fernet-encrypted
    sa.Column("status", sa.String(16), nullable=False, index=True),  # pending | sent | failed
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("next_attempt_at", _UTC, nullable=False),
    sa.Column("claimed_by", sa.String(200)),
    sa.Column("claimed_until", _UTC),
    sa.Column("last_error", sa.String(500)),
    sa.Column("created_at", _UTC, nullable=False),
    sa.Column("sent_at", _UTC),
)
sa.Index("ix_intake_outbox_recipient_created", outbox.c.recipient, outbox.c.created_at)
