"""What the engine does to be fast must not change what it answers (``bot.dialogue.engine``, ``speedups``).

The engine keeps the last tracker of a conversation and hands the product's
own parse to Rasa instead of parsing again; both are checked here against the
slow path on the real model and the real actions.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.dialogue.engine import DialogueEngine
from tests.chat.conftest import Talk

pytestmark = pytest.mark.model

SCRIPT = ["Hei!", "Hvem er behandlingsansvarlig?", "Jeg vil ha innsyn i opplysningene dere har om meg.", "/affirm",
          "kari.nordmann@example.no"]


def _shape(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The events without their times (each turn has its own clock)."""
    return [(e["event"], e.get("name"), e.get("value"), e.get("text"), (e.get("parse_data") or {}).get("intent"))
            for e in events]


async def test_a_kept_tracker_answers_as_a_rebuilt_one(classifier, action_server) -> None:  # type: ignore[no-untyped-def]
    engine = DialogueEngine(classifier, action_server[0])  # one engine per model: it owns the processor
    kept, rebuilt = Talk(engine, sender="kept"), Talk(engine, sender="rebuilt")
    for text in SCRIPT:
        engine._kept.pop("rebuilt", None)  # every turn of this one from the stored events alone
        assert [r.text for r in await kept.say(text)] == [r.text for r in await rebuilt.say(text)], text
    assert _shape(kept.events) == _shape(rebuilt.events)
    assert kept.slots["email"] == rebuilt.slots["email"] == "kari.nordmann@example.no"


async def test_events_the_channel_did_not_keep_are_not_answered_from_memory(talk: Talk) -> None:
    await talk.say("Hei!")
    stored = list(talk.events)  # what the channel saved after the first turn
    await talk.say("Jeg vil ha innsyn i opplysningene dere har om meg.")
    talk.events = stored  # the second turn's save failed: the channel still has the first turn only
    await talk.say("Hvem er behandlingsansvarlig?")
    said = [e["text"] for e in talk.events if e["event"] == "user"]
    assert said == ["Hei!", "Hvem er behandlingsansvarlig?"]


async def test_the_model_reads_a_message_once(classifier, action_server, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    model, processor = classifier.model, classifier.model.agent.processor
    runs: list[list[str]] = []
    rasa_parses: list[str] = []
    real_parse, real_rasa = model.parse, processor._rasa_parse_message

    def counting_parse(texts: list[str], **options: Any) -> Any:
        runs.append(list(texts))
        assert options == {"messages": 1, "spam": False, "asked": False}  # no spam detector for the chat
        return real_parse(texts, **options)

    async def counting_rasa(message: Any, *args: Any) -> Any:
        rasa_parses.append(message.text)
        return await real_rasa(message, *args)

    monkeypatch.setattr(model, "parse", counting_parse)
    monkeypatch.setattr(processor, "parse_message", processor.parse_message)  # put back after the test
    monkeypatch.setattr(processor, "_rasa_parse_message", counting_rasa)
    talk = Talk(DialogueEngine(classifier, action_server[0]))  # wraps the counting parse
    summary = await talk.texts("Jeg vil ha innsyn i opplysningene dere har om meg.")
    assert "innsyn" in summary
    assert runs == [["Jeg vil ha innsyn i opplysningene dere har om meg."]]  # one model run, one text
    assert rasa_parses == []  # Rasa did not parse it again
    user = [e for e in talk.events if e["event"] == "user"][-1]
    assert user["parse_data"]["intent"]["name"].startswith("request_")
    assert "parse" not in user["metadata"] and "parse" not in user["parse_data"]["metadata"]  # kept once, not thrice
    assert user["metadata"]["reading"]["requests"] == ["access"]
    await talk.say("/affirm")  # a button payload: Rasa's own (pattern) parse, not the model
    assert len(runs) == 1 and rasa_parses == ["/affirm"]


def test_action_server_answers_are_still_validated() -> None:
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    from bot.dialogue import speedups

    speedups.install()
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "a", "value": 1}], "responses": []})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": [{"event": "no_such_event"}]})


@pytest.mark.parametrize("result", [
    {"events": [{"event": "slot", "name": "a", "value": 1}, {"event": "active_loop", "name": None}], "responses": []},
    {"events": [{"event": "bot", "text": "hei", "metadata": {"utter_action": "utter_x"}}], "responses": [{"text": "x"}]},
    {"events": [], "responses": []},
    {"events": [{"event": "user", "text": "hei", "parse_data": {"intent": {"name": "greet", "confidence": 1.0}}}]},
    {"events": [{"event": "slot", "name": "a"}]},  # no value
    {"events": [{"event": "slot", "value": 1, "name": 3}]},  # name not a string
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "a", "value": 1}]},  # no event name
    {"events": [{"event": 5}]},
    {"events": "not a list"},
    {"events": [{"event": "action", "name": "action_x", "confidence": "high"}]},
    {"responses": "not a list"},
])
def test_the_per_type_check_agrees_with_the_full_schema(result: dict[str, Any]) -> None:
    """``speedups._fits`` (each event against its own type's schema) accepts exactly what the full schema does."""
    from bot.dialogue import speedups

    full = speedups._validators()[0]
    assert speedups._fits(result) == full.is_valid(result)
