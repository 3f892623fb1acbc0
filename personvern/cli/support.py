"""Shared plumbing for the `personvern` commands that use the case store (staff, cases, purge)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import asyncpg
from sqlalchemy.exc import DBAPIError

from bot.cases import CaseError, CaseService
from bot.cases.engine import describe_database_error as describe_driver_error
from bot.config import ConfigError, load_settings
from bot.errors import DatabaseError, PersonvernError, SchemaOutOfDate, TransientError
from personvern.schema import require_schema

__all__ = ["DATABASE_ERRORS", "describe_database_error", "local_time", "run_with_service"]

# What a database away or refusing raises: the core's mapped families, and what
# can escape the mapping on connect (asyncpg's connect errors are not wrapped).
DATABASE_ERRORS: tuple[type[BaseException], ...] = (
    TransientError, DatabaseError, DBAPIError, OSError, asyncpg.PostgresError,
)


def run_with_service(work: Callable[[CaseService], Awaitable[int]]) -> int:
    """Run ``work`` against the configured case store; report errors without tracebacks or data."""

    async def main() -> int:
        async with CaseService.from_settings(load_settings(optional_secrets=True)) as service:
            await require_schema(service.engine)
            return await work(service)

    try:
        return asyncio.run(main())
    except (CaseError, SchemaOutOfDate) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"configuration error: {exc} (for the local service started by `make run`: PERSONVERN_MODE=local)",
              file=sys.stderr)
        return 2
    except DATABASE_ERRORS as exc:
        print(
            f"database error: {describe_database_error(exc)} (has `personvern db upgrade` been run?)",
            file=sys.stderr,
        )
        return 1


def describe_database_error(exc: BaseException) -> str:
    """A mapped error's own text (already free of statement parameters), else the driver's first line."""
    if isinstance(exc, PersonvernError):
        return str(exc)
    return describe_driver_error(exc)


def local_time(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else "-"
