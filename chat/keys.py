"""The chat app's typed keys and its rate limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from bot.config import ChatSettings, Settings
from chat.conversation import ChatService
from chat.limits import RateLimit
from chat.sessions import SessionKeys

__all__ = ["LIMITS", "Limits", "ORIGINS", "SERVICE", "SESSION_KEYS", "SETTINGS", "TIME"]


@dataclass
class Limits:
    turns_per_session: RateLimit
    turns_per_client: RateLimit
    sessions_per_client: RateLimit

    @classmethod
    def from_settings(cls, chat: ChatSettings) -> Limits:
        return cls(
            RateLimit(chat.turns_per_minute_per_session, 60.0),
            RateLimit(chat.turns_per_minute_per_client, 60.0),
            RateLimit(chat.sessions_per_hour_per_client, 3600.0),
        )


SETTINGS = web.AppKey("chat_settings", Settings)
SERVICE = web.AppKey("chat_service", ChatService)
SESSION_KEYS = web.AppKey("chat_session_keys", SessionKeys)
ORIGINS = web.AppKey("chat_origins", frozenset)
LIMITS = web.AppKey("chat_limits", Limits)
TIME: web.AppKey[Callable[[], float]] = web.AppKey("chat_time")
