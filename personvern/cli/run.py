"""``personvern run``: start the whole service in one process on loopback defaults.

Every channel is a component started and stopped together (``personvern.service``);
Ctrl-C or SIGTERM stops them cleanly.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable

from bot.config import Settings

# Imports inside the command functions: see personvern/cli/__init__.py (start-up time).
__all__ = ["register", "serve_until_signalled"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("run", help="start the whole service (make run)")
    p.set_defaults(func=run)


def serve_until_signalled(serve: Callable[[Settings, asyncio.Event], Awaitable[None]]) -> int:
    """Configure logging, load settings and run ``serve`` until SIGINT/SIGTERM.

    A bad setting, a missing secret or a taken port ends it with one line
    naming what to change (exit status 2), not a traceback.
    """
    from bot.config import ConfigError, load_settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(settings, stop)

    try:
        asyncio.run(main())
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def run(args: argparse.Namespace) -> int:
    from personvern.service import serve

    return serve_until_signalled(serve)
