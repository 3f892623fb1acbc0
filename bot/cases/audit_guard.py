"""Database-level guard that keeps ``audit_events`` append-only.

The ORM refuses updates and deletes of audit rows too, but triggers also stop
a stray ``UPDATE``/``DELETE`` in SQL (a migration, a console session, a bug
that bypasses the ORM).  Used both by ``metadata.create_all`` and by the
initial Alembic migration, so both paths produce the same schema.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapper

from bot.cases.errors import AuditTrailIsAppendOnly
from bot.cases.models import AuditEvent

__all__ = ["create_statements", "drop_statements"]

_MESSAGE = "audit_events is append-only"

_SQLITE_CREATE = [
    f"CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    f"CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_events_no_update",
    "DROP TRIGGER IF EXISTS audit_events_no_delete",
]

_POSTGRES_CREATE = [
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$",
    "CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
    "DROP TRIGGER IF EXISTS audit_events_no_update_delete ON audit_events",
    "DROP FUNCTION IF EXISTS audit_events_append_only()",
]


def create_statements(dialect_name: str) -> list[str]:
    return {"sqlite": _SQLITE_CREATE, "postgresql": _POSTGRES_CREATE}.get(dialect_name, [])


def drop_statements(dialect_name: str) -> list[str]:
    return {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP}.get(dialect_name, [])


def _refuse(mapper: Mapper, connection: sa.engine.Connection, target: AuditEvent) -> None:
    raise AuditTrailIsAppendOnly(f"{_MESSAGE}: refusing to change event {target.id}")


def _after_create(table: sa.Table, connection: sa.engine.Connection, **_: object) -> None:
    for statement in create_statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


event.listen(AuditEvent, "before_update", _refuse)
event.listen(AuditEvent, "before_delete", _refuse)
event.listen(AuditEvent.__table__, "after_create", _after_create)
