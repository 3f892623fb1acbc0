"""``personvern run``: start the whole service in one process on loopback defaults.

Every channel is a component started and stopped together; Ctrl-C stops them
cleanly.  Which components exist grows with the product (web/API now; the
email intake, outbox and local sink relay join them in ``bot.service``).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("run", help="start the whole service (make run)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.service import serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load_settings()

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(settings, stop)

    asyncio.run(main())
    return 0
