"""``DialogueEngine``: one visitor message through Rasa's processor, on events the channel keeps.

Built in the process that holds the model (``bot.dialogue.process``) from the
``Classifier`` already loaded there, so the dialogue and the NLU share one
model.  Per turn: the stored events become a tracker in an in-memory tracker
store, the channel's facts (language, sensitive categories found) are set as
slots, the product's reading of the (masked) text goes into the message's
metadata and decides the intent (``bot.dialogue.understanding``), Rasa runs its
rules, forms and the custom actions (the rasa-sdk action server), and the
tracker's events go back to the channel; nothing stays here.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.dialogue import Button, Reply, Turn
from bot.dialogue.understanding import adjust_parse, button_or_text, special_reading
from bot.nlu.classifier import Classifier

__all__ = ["DialogueEngine"]

log = logging.getLogger(__name__)
CHANNEL_SLOTS = ("language", "client")  # set by the channel before each message


def _reply(message: dict[str, Any]) -> Reply:
    buttons = tuple(Button(str(b.get("title", "")), str(b.get("payload", ""))) for b in message.get("buttons") or ())
    return Reply(str(message.get("text") or ""), buttons)


class DialogueEngine:
    """The model's Rasa agent with its dialogue, driven one message at a time."""

    def __init__(self, classifier: Classifier, action_url: str) -> None:
        from rasa.core.tracker_store import InMemoryTrackerStore
        from rasa.utils.endpoints import EndpointConfig

        self._classifier = classifier
        agent = classifier.model.agent
        processor = agent.processor
        if processor is None or not processor.model_metadata.training_type.name.endswith(("CORE", "BOTH")):
            raise ValueError("the model has no dialogue: train it with `make model`")
        self._domain = processor.domain
        self._store = InMemoryTrackerStore(self._domain)
        endpoint = EndpointConfig(url=action_url, enable_selective_domain=True)  # see domain/chat.yml
        agent.action_endpoint = processor.action_endpoint = endpoint
        agent.tracker_store = processor.tracker_store = self._store
        known = set(self._domain.intents)
        # Once per agent: a second engine on the same classifier wraps Rasa's own parse, not ours.
        original = getattr(processor, "_rasa_parse_message", processor.parse_message)
        processor._rasa_parse_message = original

        async def parse_message(message: Any, tracker: Any = None, only_output_properties: bool = True) -> Any:
            parse = await original(message, tracker, only_output_properties)
            return adjust_parse(parse, (message.metadata or {}).get("reading"), known)

        processor.parse_message = parse_message
        self._processor = processor
        self._loop: asyncio.AbstractEventLoop | None = None

    def turn_blocking(self, sender: str, events: list[dict[str, Any]], text: str, metadata: dict[str, Any]) -> Turn:
        """``turn`` on this process's own event loop (the model process has none running)."""
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop.run_until_complete(self.turn(sender, events, text, metadata))

    def _reading(self, text: str, language: str | None) -> dict[str, Any] | None:
        if text.startswith("/"):
            return None
        found = self._classifier.classify(text, language=language, scan=False)
        return {
            "requests": found.requests,
            "other_rights": found.other_rights,
            "intent": found.intent,
            "confidence": found.confidence,
            "section": found.section,
            "doubt": found.doubt,
            **special_reading(text),
        }

    async def turn(self, sender: str, events: list[dict[str, Any]], text: str, metadata: dict[str, Any]) -> Turn:
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
        from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

        tracker = DialogueStateTracker.from_dict(sender, events, self._domain.slots)
        for event in self._channel_events(tracker, metadata):
            tracker.update(event)
        await self._store.save(tracker)
        text = button_or_text(text)
        meta = {**metadata, "reading": self._reading(text, metadata.get("language"))}
        output = CollectingOutputChannel()
        try:
            await self._processor.handle_message(UserMessage(text, output, sender, input_channel="chat", metadata=meta))
            after = await self._store.retrieve(sender)
        finally:
            self._store.store.pop(sender, None)
        if after is None:  # pragma: no cover - saved above
            raise RuntimeError("the tracker vanished during the turn")
        replies = [_reply(m) for m in output.messages]
        if not replies:  # an action failed (the action server away): say so rather than nothing
            replies.append(await self._response("utter_service_unavailable", after))
        if metadata.get("sensitive"):
            replies.insert(0, await self._response("utter_sensitive_warning", after))
        state = after.current_state(EventVerbosity.ALL)
        return Turn(events=state["events"], replies=replies, slots=after.current_slot_values())

    @staticmethod
    def _channel_events(tracker: Any, metadata: dict[str, Any]) -> list[Any]:
        """The channel's facts as slot events; a new conversation gets its session start first.

        Rasa starts a session only on a tracker without events, and its rules
        expect the session start before the first message, so a new tracker
        gets it here, with the slots after it (they never influence predictions).
        """
        from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet

        out: list[Any] = []
        for slot in CHANNEL_SLOTS:
            if metadata.get(slot) is not None and tracker.get_slot(slot) != metadata[slot]:
                out.append(SlotSet(slot, metadata[slot]))
        known = sorted(tracker.get_slot("sensitive_categories") or [])
        found = sorted(set(known) | set(metadata.get("sensitive") or []))
        if found != known:
            out.append(SlotSet("sensitive_categories", found))
        if not tracker.events:
            out = [ActionExecuted("action_session_start"), SessionStarted(), *out, ActionExecuted("action_listen")]
        return out

    async def _response(self, name: str, tracker: Any) -> Reply:
        """A response of the domain, in the conversation's language."""
        message = await self._processor.nlg.generate(name, tracker, "chat")
        return _reply(message or {"text": ""})
