"""The model process's turn server (``bot.dialogue.server``) and its client (``DialogueProcess``), on the real
model and actions: turns without the events when the engine kept them, with them when it did not, and several
conversations at once."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.engine import DialogueEngine
from bot.dialogue.process import DialogueProcess, DialogueUnavailable
from bot.dialogue.server import start_turn_server

pytestmark = pytest.mark.model

META = {"language": "nb", "client": "client-key-1"}
SCRIPT = ["Hei!", "Hvem er behandlingsansvarlig?", "Jeg vil ha innsyn i opplysningene dere har om meg.", "/affirm"]


class Starts:
    """Stands in for the ``ClassifierProcess`` whose child serves the turns: counts the restarts asked for."""

    def __init__(self) -> None:
        self.calls = 0

    def start(self) -> str:
        self.calls += 1
        return "model"


def _shape(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(e["event"], e.get("name"), e.get("value"), e.get("text")) for e in events]


@pytest.fixture
def served(classifier, action_server, tmp_path: Path) -> tuple[DialogueEngine, DialogueProcess, Starts]:  # type: ignore[no-untyped-def]
    engine = DialogueEngine(classifier, action_server[0])
    socket = str(tmp_path / "turns.sock")
    start_turn_server(engine, socket)
    starts = Starts()
    return engine, DialogueProcess(starts, socket), starts  # type: ignore[arg-type]


async def test_events_go_over_only_when_the_engine_did_not_keep_them(served, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    engine, dialogue, _ = served
    sent: list[dict[str, Any]] = []
    post = dialogue._post

    async def recording(body: dict[str, Any]) -> Any:
        sent.append(body)
        return await post(body)

    monkeypatch.setattr(dialogue, "_post", recording)
    events: list[dict[str, Any]] = []
    for text in SCRIPT[:3]:
        turn = await dialogue.turn("visitor-a", events, text, META)
        events = turn.events
    assert all("events" not in body for body in sent)  # three turns, the events never sent
    assert [e["text"] for e in events if e["event"] == "user"] == SCRIPT[:3]
    assert "innsyn" in turn.replies[0].text

    engine._kept.clear()  # as after a restart of the model process, or a turn served by another instance
    sent.clear()
    turn = await dialogue.turn("visitor-a", events, "/affirm", META)
    assert [("events" in body) for body in sent] == [False, True]  # refused (409), then sent with the events
    assert _shape(turn.events[: len(events)]) == _shape(events)
    assert turn.slots["requests"] == ["access"]
    await dialogue.close()


async def test_conversations_run_at_once_and_each_keeps_its_own_events(served) -> None:  # type: ignore[no-untyped-def]
    _, dialogue, _ = served

    async def talk(sender: str) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        for text in SCRIPT:
            events = (await dialogue.turn(sender, events, text, META)).events
        return events

    results = await asyncio.gather(*(talk(f"visitor-{n}") for n in range(6)))
    shapes = {repr(_shape(events)) for events in results}
    assert len(shapes) == 1  # the same conversation six times, none mixed with another
    assert [e["text"] for e in results[0] if e["event"] == "user"] == SCRIPT
    await dialogue.close()


async def test_a_model_process_that_does_not_answer_is_unavailable_after_one_restart(tmp_path: Path) -> None:
    starts = Starts()
    dialogue = DialogueProcess(starts, str(tmp_path / "nobody.sock"))  # type: ignore[arg-type]
    with pytest.raises(DialogueUnavailable):
        await dialogue.turn("visitor-z", [], "Hei!", META)
    assert starts.calls == 1
    await dialogue.close()
