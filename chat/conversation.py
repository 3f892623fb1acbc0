"""``ChatService.turn``: one visitor message, masked before the dialogue sees it, kept encrypted.

The order of a turn: the language (the widget's choice, else the visitor's
own words, else the conversation's), the sensitive-data scan and masking
(``bot.sensitive``: only the masked text and the category names go to the
dialogue, so Rasa's events never hold a sensitive value), the dialogue turn
(``bot.dialogue.Dialogue``), then the conversation saved encrypted; once the
dialogue has opened a case, the transcript - original text encrypted, masked
text for staff - goes onto it as chat messages, each once (a Message-ID per
entry).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot import sensitive
from bot.cases import CaseService, Channel, Direction, NewMessage, UnitOfWork
from bot.dialogue import Dialogue, Reply
from bot.nlu.language import detect_language
from chat.locks import LocalLocks, SenderLocks
from chat.store import Conversation, ConversationStore

__all__ = ["ChatService", "LANGUAGES", "warm_up"]

log = logging.getLogger(__name__)
LANGUAGES = ("nb", "nn", "en")
DETECT_FROM_WORDS = 3  # shorter messages ("ja", "takk") say nothing reliable about the language


def _scan(text: str, language: str) -> tuple[str, list[str]]:
    findings = sensitive.detect(text, language)
    if not findings:
        return text, []
    return sensitive.mask(text, findings, language), sorted({f.category for f in findings})


_warm = threading.Event()  # the detectors are loaded


def warm_up() -> None:
    """Load the language detector and the sensitive-data detector now, not in a visitor's first turn
    (loading the language models takes about a second and holds the interpreter lock)."""
    _scan("Hei, jeg vil vite hva dere lagrer om meg.", detect_language("Hei, jeg vil vite hva dere lagrer om meg."))
    _warm.set()


class ChatService:
    def __init__(
        self,
        dialogue: Dialogue,
        store: ConversationStore,
        cases: CaseService,
        *,
        hostname: str,
        clock: Callable[[], datetime],
        locks: SenderLocks | None = None,
    ) -> None:
        self._dialogue = dialogue
        self._store = store
        self._cases = cases
        self._hostname = hostname
        self._clock = clock
        # One turn at a time per sender: in this process, or across instances (chat.locks).
        self._locks = locks or LocalLocks()

    async def turn(self, sender: str, sender_key: str, text: str, *, language: str | None, client: str) -> list[Reply]:
        """Run one message of ``sender`` (one at a time per sender); the replies to show."""
        async with self._locks.hold(sender_key):
            return await self._turn(sender, sender_key, text, language, client)

    def _language(self, conversation: Conversation, text: str, chosen: str | None) -> str:
        if chosen in LANGUAGES:
            return str(chosen)
        if len(text.split()) >= DETECT_FROM_WORDS and not text.startswith("/"):
            return detect_language(text)
        return conversation.language or "nb"

    async def _turn(self, sender: str, sender_key: str, text: str, chosen: str | None, client: str) -> list[Reply]:
        conversation = await self._store.load(sender_key)
        if _warm.is_set():  # on the loop: under 2 ms for the longest message, less than a thread hand-off
            language = self._language(conversation, text, chosen)
            masked, categories = _scan(text, language)
        else:  # the first use loads the detectors (about a second): not on the loop
            language = await asyncio.to_thread(self._language, conversation, text, chosen)
            masked, categories = await asyncio.to_thread(_scan, text, language)
        if categories:
            log.info("chat message with sensitive data (%s)", ", ".join(categories))  # categories, never values
        metadata = {"language": language, "client": client, "sensitive": categories}
        result = await self._dialogue.turn(sender, conversation.events, masked, metadata)
        now = self._clock()
        conversation.events, conversation.language = result.events, language
        conversation.transcript.append({"direction": "in", "text": text, "masked": masked, "at": now.isoformat()})
        conversation.transcript.extend(
            {"direction": "out", "text": r.text, "masked": r.text, "at": now.isoformat()} for r in result.replies
        )
        reference = result.slots.get("case_reference") or conversation.case_reference
        if reference:
            await self._save_with_transcript(conversation, str(reference), sender_key, now)
        else:
            await self._store.save(sender_key, conversation, now)
        return result.replies

    async def _save_with_transcript(self, conversation: Conversation, reference: str, sender_key: str,
                                    now: datetime) -> None:
        """The conversation saved, and its entries not yet on the case posted there, in one transaction;
        each entry has its own Message-ID (re-posting stores nothing twice)."""
        conversation.case_reference = reference
        posted, conversation.posted = conversation.posted, len(conversation.transcript)
        new = [self._message(conversation.transcript[index], index, sender_key)
               for index in range(posted, conversation.posted)]

        async def save(uow: UnitOfWork) -> None:
            if new:
                await uow.add_messages(reference, new)
            await self._store.save(sender_key, conversation, now, within=uow.session)

        await self._cases.run(save)  # a failure fails the turn: nothing of it is kept, the next one re-posts

    def _message(self, entry: dict[str, Any], index: int, sender_key: str) -> NewMessage:
        inbound = entry["direction"] == "in"
        return NewMessage(
            direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
            channel=Channel.CHAT,
            text=entry["text"],
            masked_text=entry["masked"],
            message_id=f"<chat.{sender_key[:32]}.{index}@{self._hostname}>",
            at=datetime.fromisoformat(entry["at"]),
        )
