"""The database schema of the whole product: one Alembic history, configured in code.

The history lives here, in the composition root, because it spans every
package's tables: the case store's (``bot.cases.models``) and each channel's
(``intake.tables``); ``migrations/env.py`` imports all of them, so no core
package needs to know a channel's tables.  ``upgrade(url)`` is what
``personvern db upgrade`` runs; ``upgrade_async`` does the same on an engine
from inside an event loop (tests, start-up in local mode); ``require_schema``
refuses to start a service on a database that is behind; ``wait_for_schema``
lets a second process (the chat's action server) wait until the first has
migrated it.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cases.engine import connection as read_connection
from bot.cases.engine import transaction
from bot.errors import SchemaOutOfDate, TransientError

__all__ = ["alembic_config", "current_revision", "head_revision", "require_schema", "upgrade", "upgrade_async",
           "wait_for_schema"]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
log = logging.getLogger(__name__)


def alembic_config(url: str | URL | None = None, connection: Connection | None = None) -> Config:
    """An Alembic ``Config`` for the case store, bound to a URL or to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        rendered = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))  # configparser interpolation
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade(url: str | URL, revision: str = "head") -> None:
    """Migrate the database at ``url`` (runs its own event loop: call it from sync code)."""
    command.upgrade(alembic_config(url), revision)


def _upgrade_on(connection: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection=connection), revision)


def _current_on(connection: Connection) -> str | None:
    revision: str | None = MigrationContext.configure(connection).get_current_revision()
    return revision


async def upgrade_async(engine: AsyncEngine, revision: str = "head") -> None:
    async with transaction(engine) as conn:
        await conn.run_sync(_upgrade_on, revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    async with read_connection(engine) as conn:
        revision: str | None = await conn.run_sync(_current_on)
        return revision


async def require_schema(engine: AsyncEngine) -> None:
    """Fail fast unless the database is migrated to head (``personvern db upgrade``).

    Without this an old schema would surface as an error on the first
    message, which the intake treats as an outage and retries forever.
    """
    current, head = await current_revision(engine), head_revision()
    if current != head:
        raise SchemaOutOfDate(
            f"database schema is at {current or 'nothing'}, not {head}: run 'personvern db upgrade'"
        )


async def wait_for_schema(engine: AsyncEngine, *, first_delay: float = 0.5, max_delay: float = 10.0) -> None:
    """Return once the database is at head, never migrating it: another process does that.

    The chat's action server starts beside the main service, which migrates
    only once its model is loaded; a query before then would fail on a table
    that does not exist yet.  Waiting is normal at start-up, so it is logged once.
    """
    delay = first_delay
    while True:
        try:
            await require_schema(engine)
            return
        except (SchemaOutOfDate, TransientError) as exc:
            if delay == first_delay:
                log.info("waiting for the database to be migrated (%s)", type(exc).__name__)
        await asyncio.sleep(delay)
        delay = min(max_delay, delay * 2)
