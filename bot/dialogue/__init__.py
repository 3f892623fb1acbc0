"""The chat's dialogue: Rasa 3.6 (rules, forms, responses) on the one trained model.

The dialogue runs where the model already is, in the NLU child process
(``bot.dialogue.process.DialogueProcess``), so every channel shares one model
in memory.  The channel owns the conversation's state: it hands the engine
the stored events with each turn and keeps what comes back (encrypted: the
chat's own table), so the engine stores nothing and any number of web
processes can serve one site.  Text reaches the engine masked
(``bot.sensitive``): no sensitive value ever enters Rasa's events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["Button", "Dialogue", "Reply", "Turn"]


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One bot message: plain text (never HTML) and optional buttons."""

    text: str
    buttons: tuple[Button, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.buttons:
            out["buttons"] = [{"title": b.title, "payload": b.payload} for b in self.buttons]
        return out


@dataclass(frozen=True)
class Turn:
    """What one visitor message did: the conversation's events afterwards, the replies, the slots."""

    events: list[dict[str, Any]]
    replies: list[Reply]
    slots: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Turn:
        replies = [
            Reply(r["text"], tuple(Button(b["title"], b["payload"]) for b in r.get("buttons", ())))
            for r in data["replies"]
        ]
        return cls(events=data["events"], replies=replies, slots=data["slots"])


class Dialogue(Protocol):
    async def turn(
        self, sender: str, events: list[dict[str, Any]], text: str, metadata: dict[str, Any]
    ) -> Turn:
        """Run one visitor message (already masked) on the conversation ``events``."""
        ...
