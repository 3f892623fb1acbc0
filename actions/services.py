"""What the actions need from the core, handed in once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.cases import CaseService
from bot.cases.models import utcnow
from bot.config import Settings
from bot.outgoing import Mailer
from bot.verification import Verifier

__all__ = ["ActionServices", "configure", "services"]


@dataclass
class ActionServices:
    settings: Settings
    cases: CaseService
    verifier: Verifier
    mailer: Mailer
    clock: Callable[[], datetime] = field(default=utcnow)


_current: ActionServices | None = None


def configure(value: ActionServices | None) -> None:
    """Set (or, with None, clear) the services every action uses."""
    global _current
    _current = value


def services() -> ActionServices:
    if _current is None:
        raise RuntimeError("the actions have no services: start the action server with `python -m personvern.chat_actions`")
    return _current
