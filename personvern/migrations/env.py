"""Alembic environment for the whole product: async engines, URL from the Config built in personvern.schema."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from bot.cases import audit_guard  # noqa: F401  (so autogenerate sees the same metadata the app uses)
from bot.cases.engine import create_engine_from_url
from bot.cases.models import metadata
from bot.verification.tables import metadata as verification_metadata
from chat.tables import metadata as chat_metadata
from intake.tables import metadata as intake_metadata

# Everything ``personvern db upgrade`` manages: the case store's, the verification codes',
# the email intake's and the chat's tables.
TARGET_METADATA = [metadata, verification_metadata, intake_metadata, chat_metadata]

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=TARGET_METADATA,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite can only ALTER via table copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    engine = create_engine_from_url(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


def main() -> None:
    connection = config.attributes.get("connection")
    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"), target_metadata=TARGET_METADATA, literal_binds=True
        )
        with context.begin_transaction():
            context.run_migrations()
    elif connection is not None:
        _run(connection)
    else:
        url = config.get_main_option("sqlalchemy.url")
        if not url:
            raise RuntimeError("no database URL: run migrations through `personvern db upgrade`")
        asyncio.run(_run_async(url))


main()
