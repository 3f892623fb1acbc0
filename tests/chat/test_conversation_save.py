"""The conversation and its transcript on the case are saved together: both or neither (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.cases import Actor, CaseRequest, CaseService, CaseStatus, Channel, NotAllowed, Requester, RequestType
from bot.cases.models import utcnow
from bot.crypto import cipher_for
from bot.dialogue import Reply, Turn
from chat.conversation import ChatService
from chat.store import ConversationStore
from tests.support.db import *  # noqa: F403
from tests.support.db import TEST_RAW_MAIL_KEY


class CaseOpeningDialogue:
    """Appends the visitor's text as an event and reports the case the (real) actions would have opened."""

    def __init__(self, reference: str) -> None:
        self.reference = reference

    async def turn(self, sender: str, events: list[dict[str, Any]], text: str, metadata: dict[str, Any]) -> Turn:
        return Turn(events=[*events, {"event": "user", "text": text}], replies=[Reply(f"svar på {text}")],
                    slots={"case_reference": self.reference})


async def test_a_turn_whose_transcript_is_refused_keeps_nothing(case_service: CaseService) -> None:
    request = CaseRequest(requester=Requester(email="ola.testesen@example.org"),
                          request_types=frozenset({RequestType.ACCESS}), channel=Channel.CHAT, language="nb")
    reference = (await case_service.open_or_find_case_for_thread(request)).case.reference
    store = ConversationStore(case_service.engine, cipher_for(TEST_RAW_MAIL_KEY))
    chat = ChatService(CaseOpeningDialogue(reference), store, case_service, hostname="test", clock=utcnow)

    await chat.turn("s", "key", "første", language="nb", client="c")
    saved = await store.load("key")
    assert (len(saved.events), saved.posted, saved.case_reference) == (1, 2, reference)

    await case_service.transition(reference, CaseStatus.SPAM, actor=Actor.system(), reason="test")
    await case_service.transition(reference, CaseStatus.CLOSED, actor=Actor.system(), reason="test")
    with pytest.raises(NotAllowed):  # a closed case takes no outbound message: the reply cannot be posted
        await chat.turn("s", "key", "andre", language="nb", client="c")
    saved = await store.load("key")
    assert (len(saved.events), saved.posted) == (1, 2)  # the failed turn left the conversation as it was
    case = await case_service.get_case(reference)
    assert sorted(str(m.masked_text) for m in case.messages if m.channel is Channel.CHAT) == ["første", "svar på første"]
