"""The dialogue in the model's child process (``bot.nlu.process.ClassifierProcess``).

``ClassifierProcess(..., setup=dialogue_setup(action_url))`` builds a
``DialogueEngine`` in the child from the classifier loaded there; then
``DialogueProcess(process).turn(...)`` runs turns in it.  The child runs one
call at a time, and a turn is a few milliseconds of model and rule work plus
the action server's answer.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

from bot.dialogue import Turn
from bot.dialogue.engine import DialogueEngine
from bot.errors import ClassifierUnavailable
from bot.nlu.classifier import Classifier
from bot.nlu.process import ClassifierProcess, Setup

__all__ = ["DialogueProcess", "DialogueUnavailable", "dialogue_setup"]


class DialogueUnavailable(ClassifierUnavailable):
    """The model process cannot run the chat's dialogue."""

log = logging.getLogger(__name__)
_engine: DialogueEngine | None = None  # the child's own


def _start(action_url: str, classifier: Classifier) -> None:
    global _engine
    try:
        _engine = DialogueEngine(classifier, action_url)
    except ValueError as exc:  # a model without the dialogue: classification still works
        log.error("no chat dialogue in this process: %s", exc)


def dialogue_setup(action_url: str) -> Setup:
    """The ``setup`` for ``ClassifierProcess`` that builds the dialogue engine in the child."""
    return functools.partial(_start, action_url)


def _turn(sender: str, events: list[dict[str, Any]], text: str, metadata: dict[str, Any]) -> Turn:
    if _engine is None:
        raise DialogueUnavailable("the model process has no dialogue (an NLU-only model? run `make model`)")
    return _engine.turn_blocking(sender, events, text, metadata)


class DialogueProcess:
    """``bot.dialogue.Dialogue`` over the model's child process."""

    def __init__(self, process: ClassifierProcess) -> None:
        self._process = process

    async def turn(self, sender: str, events: list[dict[str, Any]], text: str, metadata: dict[str, Any]) -> Turn:
        result: Turn = await asyncio.to_thread(self._process.run, _turn, sender, events, text, metadata)
        return result
