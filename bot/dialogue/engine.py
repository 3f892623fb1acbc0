"""``DialogueEngine``: one visitor message through Rasa's processor, on events the channel keeps.

Built in the process that holds the model (``bot.dialogue.process``) from the
``Classifier`` already loaded there, so the dialogue and the NLU share one
model.  Per turn: the channel's stored events give the tracker (the live one
kept from the previous turn when the events are the same, else rebuilt), the
channel's facts (language, sensitive categories found) are set as slots, the
product's reading of the (masked) text and the model's parse of it go into the
message's metadata and decide the intent (``bot.dialogue.understanding``; the
model runs once a turn, not once for us and again for Rasa), Rasa runs its
rules, forms and the custom actions (the rasa-sdk action server), and the
tracker's events go back to the channel, which stores them: what stays here is
a bounded cache of masked trackers that is only used when it matches them.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import OrderedDict
from typing import Any

from bot.dialogue import Button, Reply, Turn, speedups
from bot.dialogue.understanding import adjust_parse, button_or_text, special_reading
from bot.nlu.classifier import Classifier
from bot.nlu.model import Parse

__all__ = ["DialogueEngine"]

log = logging.getLogger(__name__)
CHANNEL_SLOTS = ("language", "client")  # set by the channel before each message
LIVE_TRACKERS = 2000  # conversations whose tracker is kept between turns (masked text only)
LIVE_SECONDS = 30 * 60.0  # and for how long without a turn
RANKING_KEPT = 5  # intents of the model's ranking kept in a user event


def _reply(message: dict[str, Any]) -> Reply:
    buttons = tuple(Button(str(b.get("title", "")), str(b.get("payload", ""))) for b in message.get("buttons") or ())
    return Reply(str(message.get("text") or ""), buttons)


def _rasa_parse(text: str, parse: Parse) -> dict[str, Any]:
    """The model's parse in the form Rasa's ``parse_message`` returns."""
    return {
        "text": text,
        "intent": {"name": parse.intent, "confidence": parse.confidence},
        "entities": [dict(e) for e in parse.entities],
        # The top of the ranking only: every event is stored and sent to the action server with every
        # call, and the full ranking (every intent) made the user events most of a conversation's size.
        "intent_ranking": [{"name": n, "confidence": c} for n, c in parse.ranking[:RANKING_KEPT]],
    }


def _live_store(domain: Any) -> Any:
    """Rasa's tracker store for the turns: the tracker objects themselves, never (de)serialised.

    Rasa's in-memory store serialises the tracker to JSON on every save and
    rebuilds it from that text on every retrieval; a turn does both.
    """
    from rasa.core.tracker_store import TrackerStore

    class LiveTrackerStore(TrackerStore):  # type: ignore[misc]  # rasa is untyped
        def __init__(self) -> None:
            super().__init__(domain)
            self.live: dict[str, Any] = {}

        async def save(self, tracker: Any) -> None:
            self.live[tracker.sender_id] = tracker

        async def retrieve(self, sender_id: str) -> Any:
            return self.live.get(sender_id)

        async def keys(self) -> Any:
            return self.live.keys()

    return LiveTrackerStore()


class DialogueEngine:
    """The model's Rasa agent with its dialogue, driven one message at a time."""

    def __init__(self, classifier: Classifier, action_url: str) -> None:
        speedups.install()
        self._classifier = classifier
        agent = classifier.model.agent
        processor = agent.processor
        if processor is None or not processor.model_metadata.training_type.name.endswith(("CORE", "BOTH")):
            raise ValueError("the model has no dialogue: train it with `make model`")
        self._domain = processor.domain
        self._store = _live_store(self._domain)
        self._kept: OrderedDict[str, tuple[float, Any]] = OrderedDict()  # sender -> (last turn, tracker)
        endpoint = speedups.action_endpoint(action_url, enable_selective_domain=True)  # see domain/chat.yml
        agent.action_endpoint = processor.action_endpoint = endpoint
        agent.tracker_store = processor.tracker_store = self._store
        known = set(self._domain.intents)
        # Once per agent: a second engine on the same classifier wraps Rasa's own parse, not ours.
        original = getattr(processor, "_rasa_parse_message", processor.parse_message)
        processor._rasa_parse_message = original

        async def parse_message(message: Any, tracker: Any = None, only_output_properties: bool = True) -> Any:
            # Taken out, not read: the user event would otherwise carry the parse twice more (in its
            # metadata and its parse data's), stored with the conversation and sent on every action call.
            given = (message.metadata or {}).pop("parse", None)
            parse = given if given is not None else await original(message, tracker, only_output_properties)
            return adjust_parse(parse, (message.metadata or {}).get("reading"), known)

        processor.parse_message = parse_message
        self._processor = processor

    def _reading(self, text: str, language: str | None) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """The product's reading of ``text`` and the model's parse of it (none for a button payload)."""
        if text.startswith("/"):
            return None, None
        found, parse = self._classifier.classify_parsed(text, language=language, scan=False, spam=False)
        reading = {
            "requests": found.requests,
            "other_rights": found.other_rights,
            "intent": found.intent,
            "confidence": found.confidence,
            "section": found.section,
            "doubt": found.doubt,
            **special_reading(text),
        }
        return reading, _rasa_parse(text, parse)

    def _kept_tracker(self, sender: str, count: int, last: float | None) -> Any | None:
        """The tracker kept from this conversation's last turn, if it holds ``count`` events, the last at ``last``."""
        now = time.monotonic()
        while self._kept and (len(self._kept) > LIVE_TRACKERS or next(iter(self._kept.values()))[0] < now - LIVE_SECONDS):
            self._kept.popitem(last=False)
        _, kept = self._kept.pop(sender, (0.0, None))
        if kept is not None and count and len(kept.events) == count and kept.events[-1].timestamp == last:
            return kept
        return None

    def _tracker(self, sender: str, events: list[dict[str, Any]]) -> Any:
        """The tracker for ``events``: the one kept from the last turn if it holds exactly them."""
        from rasa.shared.core.trackers import DialogueStateTracker

        kept = self._kept_tracker(sender, len(events), events[-1].get("timestamp") if events else None)
        return kept if kept is not None else DialogueStateTracker.from_dict(sender, events, self._domain.slots)

    async def turn(self, sender: str, events: list[dict[str, Any]], text: str, metadata: dict[str, Any]) -> Turn:
        after, replies = await self._run(self._tracker(sender, events), text, metadata)
        return Turn(events=[e.as_dict() for e in after.events], replies=replies, slots=after.current_slot_values())

    async def continue_turn(
        self, sender: str, count: int, last: float | None, text: str, metadata: dict[str, Any]
    ) -> Turn | None:
        """``turn`` without the events: on the tracker kept from the conversation's last turn if it holds
        ``count`` events, the last at ``last`` (a new conversation when ``count`` is 0), else None.
        The answer's events are only the new ones (the channel has the rest)."""
        from rasa.shared.core.trackers import DialogueStateTracker

        tracker = self._kept_tracker(sender, count, last)
        if tracker is None:
            if count:
                return None
            tracker = DialogueStateTracker.from_dict(sender, [], self._domain.slots)
        after, replies = await self._run(tracker, text, metadata)
        new = [e.as_dict() for e in itertools.islice(after.events, count, None)]
        return Turn(events=new, replies=replies, slots=after.current_slot_values())

    async def _run(self, tracker: Any, text: str, metadata: dict[str, Any]) -> tuple[Any, list[Reply]]:
        """One message on ``tracker`` (kept afterwards); the tracker after it and the replies."""
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        sender = tracker.sender_id
        for event in self._channel_events(tracker, metadata):
            tracker.update(event)
        await self._store.save(tracker)
        text = button_or_text(text)
        reading, parse = self._reading(text, metadata.get("language"))
        meta = {**metadata, "reading": reading, "parse": parse}
        output = CollectingOutputChannel()
        try:
            await self._processor.handle_message(UserMessage(text, output, sender, input_channel="chat", metadata=meta))
            after = await self._store.retrieve(sender)
        finally:
            self._store.live.pop(sender, None)
        if after is None:  # pragma: no cover - saved above
            raise RuntimeError("the tracker vanished during the turn")
        replies = [_reply(m) for m in output.messages]
        if not replies:  # an action failed (the action server away): say so rather than nothing
            replies.append(await self._response("utter_service_unavailable", after))
        if metadata.get("sensitive"):
            replies.insert(0, await self._response("utter_sensitive_warning", after))
        self._kept[sender] = (time.monotonic(), after)
        return after, replies

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
