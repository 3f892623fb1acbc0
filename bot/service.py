"""The running service: every component of ``make run``, started and stopped together."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from bot.config import Settings
from bot.web import create_app

__all__ = ["serve"]

log = logging.getLogger("personvern")


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run until ``stop`` is set."""
    runner = web.AppRunner(create_app(settings), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.web.host, settings.web.port)
    await site.start()
    log.info("web and API on http://%s:%s (POST /api/classify)", settings.web.host, settings.web.port)
    log.info("ready; Ctrl-C stops")
    try:
        await stop.wait()
    finally:
        log.info("stopping")
        await runner.cleanup()
