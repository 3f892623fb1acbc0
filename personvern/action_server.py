"""Running the chat's action server (``personvern.chat_actions``) as a child of ``personvern run``.

It starts with the service and stops with it: Ctrl-C reaches the whole
process group, and on any other exit it is sent SIGTERM.  ``ready`` waits
until its ``/health`` answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator

import aiohttp

from bot.config import Settings

__all__ = ["ActionServer", "action_server"]

log = logging.getLogger("personvern")
STOP_SECONDS = 10.0


class ActionServer:
    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process = process
        self.port = port

    async def ready(self, timeout: float = 120.0) -> None:
        """Wait until the server answers ``/health`` (it loads rasa-sdk and the core's services)."""
        url = f"http://127.0.0.1:{self.port}/health"
        deadline = asyncio.get_running_loop().time() + timeout
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
            while True:
                if self.process.returncode is not None:
                    raise RuntimeError(f"the chat action server exited with status {self.process.returncode}")
                with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
                    async with session.get(url) as response:
                        if response.status == 200:
                            return
                if asyncio.get_running_loop().time() > deadline:
                    raise RuntimeError("the chat action server did not start in time")
                await asyncio.sleep(0.2)

    async def stop(self) -> None:
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), STOP_SECONDS)
            except asyncio.TimeoutError:
                log.warning("the chat action server did not stop; killing it")
                self.process.kill()
                await self.process.wait()


@contextlib.asynccontextmanager
async def action_server(settings: Settings) -> AsyncIterator[ActionServer]:
    """The action server on ``nlu.action_port`` (127.0.0.1), stopped on exit."""
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "personvern.chat_actions")
    server = ActionServer(process, settings.nlu.action_port)
    try:
        yield server
    finally:
        await server.stop()
