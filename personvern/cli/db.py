"""``personvern db upgrade|current``: manage the case store's schema (Alembic migrations)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.cases.engine import create_engine_from_settings, resolve_url
from bot.config import ConfigError, load_settings
from personvern.cli.support import DATABASE_ERRORS, describe_database_error
from personvern.schema import current_revision, head_revision, upgrade

__all__ = ["register"]


def _upgrade(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(need_secrets=False)  # migrations touch no stored text
        url = resolve_url(settings.database.url, settings.var_path)
        shown = url.render_as_string(hide_password=True)
        upgrade(url, args.revision)
    except DATABASE_ERRORS + (ConfigError,) as exc:
        print(f"error: cannot migrate: {describe_database_error(exc)}", file=sys.stderr)
        return 1
    print(f"database {shown} is at revision {args.revision}")
    return 0


async def _current() -> tuple[str | None, str | None]:
    engine = create_engine_from_settings(load_settings(need_secrets=False))
    try:
        return await current_revision(engine), head_revision()
    finally:
        await engine.dispose()


def _show_current(args: argparse.Namespace) -> int:
    try:
        current, head = asyncio.run(_current())
    except DATABASE_ERRORS + (ConfigError,) as exc:
        print(f"error: {describe_database_error(exc)}", file=sys.stderr)
        return 1
    print(f"current: {current or '(empty database)'}")
    print(f"head:    {head}")
    return 0 if current == head else 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="case store schema: upgrade, current")
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION")
    sub.required = True
    up = sub.add_parser("upgrade", help="apply migrations (creates the SQLite file under var/ if needed)")
    up.add_argument("--revision", default="head", help="target revision (default: head)")
    up.set_defaults(func=_upgrade)
    cur = sub.add_parser("current", help="show the database's revision; exit 1 when behind head")
    cur.set_defaults(func=_show_current)
