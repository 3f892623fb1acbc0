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
import contextlib
import logging
from collections.abc import Awaitable, Callable
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

__all__ = ["alembic_config", "current_revision", "head_revision", "require_schema", "retry_until_ready", "upgrade",
           "upgrade_async", "wait_for_schema"]

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


async def retry_until_ready(
    check: Callable[[], Awaitable[None]],
    *,
    first_delay: float,
    max_delay: float,
    waiting: Callable[[Exception, float, int], None],
    or_until: asyncio.Event | None = None,
) -> None:
    """Run ``check`` until it succeeds, sleeping twice as long after each failure (up to
    ``max_delay``); ``waiting(error, delay, attempt)`` says why.  A database away or behind is
    worth waiting for (``TransientError``, ``SchemaOutOfDate``); anything else is raised.
    ``or_until`` set ends the wait early, without a successful check."""
    delay, attempt = first_delay, 0
    while not (or_until is not None and or_until.is_set()):
        try:
            await check()
            return
        except (TransientError, SchemaOutOfDate) as exc:
            waiting(exc, delay, attempt)
        if or_until is None:
            await asyncio.sleep(delay)
        else:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(or_until.wait(), delay)
        delay, attempt = min(max_delay, delay * 2), attempt + 1


async def wait_for_schema(engine: AsyncEngine, *, or_until: asyncio.Event | None = None, first_delay: float = 0.5,
                          max_delay: float = 10.0) -> None:
    """Return once the database is at head, never migrating it: another process does that; or,
    earlier, once ``or_until`` is set (something that proves the schema is there).

    The chat's action server starts beside the main service, which migrates
    only once its model is loaded; a query before then would fail on a table
    that does not exist yet.  Waiting is normal at start-up, so it is logged once.
    """

    def waiting(exc: Exception, delay: float, attempt: int) -> None:
        if attempt == 0:
            log.info("waiting for the database to be migrated (%s)", type(exc).__name__)

    await retry_until_ready(lambda: require_schema(engine), first_delay=first_delay, max_delay=max_delay,
                            waiting=waiting, or_until=or_until)
