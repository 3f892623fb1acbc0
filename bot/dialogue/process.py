"""The dialogue in the model's child process (``bot.nlu.process.ClassifierProcess``).

``ClassifierProcess(..., setup=dialogue_setup(action_url, socket_path))``
builds a ``DialogueEngine`` in the child from the classifier loaded there and
serves its turns on a Unix socket (``bot.dialogue.server``); then
``DialogueProcess(process, socket_path).turn(...)`` sends turns to it, with the
conversation's events only when the engine there did not keep them.  Turns
run concurrently there (one waits for the action server while another is
read), beside the classify calls the child takes from its pool.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

import aiohttp

from bot.dialogue import Turn
from bot.dialogue.engine import DialogueEngine
from bot.dialogue.server import PATH, start_turn_server
from bot.errors import ClassifierUnavailable
from bot.nlu.classifier import Classifier
from bot.nlu.process import ClassifierProcess, Setup

__all__ = ["DialogueFailed", "DialogueProcess", "DialogueUnavailable", "dialogue_setup"]

log = logging.getLogger(__name__)
TURN_TIMEOUT = aiohttp.ClientTimeout(total=120)  # a turn waits for the action server (its own timeouts are shorter)


class DialogueUnavailable(ClassifierUnavailable):
    """The model process cannot run the chat's dialogue."""


class DialogueFailed(RuntimeError):
    """A turn failed in the model process for a reason that retrying will not mend (logged there)."""


def _start(action_url: str, socket_path: str, classifier: Classifier) -> None:
    try:
        engine = DialogueEngine(classifier, action_url)
        start_turn_server(engine, socket_path)
    except (ValueError, RuntimeError) as exc:  # a model without the dialogue: classification still works
        log.error("no chat dialogue in this process: %s", exc)


def dialogue_setup(action_url: str, socket_path: str) -> Setup:
    """The ``setup`` for ``ClassifierProcess`` that serves the dialogue's turns from the child."""
    return functools.partial(_start, action_url, socket_path)


class DialogueProcess:
    """``bot.dialogue.Dialogue`` over the model's child process."""

    def __init__(self, process: ClassifierProcess, socket_path: str) -> None:
        self._process = process
        self._socket_path = socket_path
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.UnixConnector(path=self._socket_path, limit=0)
            self._session = aiohttp.ClientSession(connector=connector, timeout=TURN_TIMEOUT)
        return self._session

    async def turn(self, sender: str, events: list[dict[str, Any]], text: str, metadata: dict[str, Any]) -> Turn:
        body: dict[str, Any] = {"sender": sender, "text": text, "metadata": metadata, "count": len(events),
                                "last": events[-1].get("timestamp") if events else None}
        status, answer = await self._post(body)
        if status == 409:  # the model process does not hold this conversation: send it
            status, answer = await self._post({**body, "events": events})
        if status != 200:
            if answer.get("transient"):
                raise DialogueUnavailable(f"the chat's turn failed for now ({answer.get('error')})")
            raise DialogueFailed(f"the chat's turn failed in the model process ({answer.get('error')})")
        turn = Turn.from_json({**answer, "events": [*events, *answer["new_events"]]})
        return turn

    async def _post(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        for attempt in (1, 2):
            try:
                async with self._client().post(f"http://model{PATH}", json=body) as response:
                    return response.status, await response.json()
            except (aiohttp.ClientConnectionError, asyncio.TimeoutError) as exc:
                if attempt == 2:
                    raise DialogueUnavailable("the model process does not answer the chat's turns") from exc
                # Not started yet, or died: the pool starts a new child (which serves again) on its next call.
                log.warning("the dialogue's turn server did not answer (%s); making sure the model process runs",
                            type(exc).__name__)
                await asyncio.to_thread(self._process.start)
        raise AssertionError("unreachable")  # pragma: no cover

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
