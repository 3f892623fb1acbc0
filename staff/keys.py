"""The keys under which the staff app keeps its services, and what a request carries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import jinja2
from aiohttp import web

from bot.cases import CaseService
from bot.config import Settings
from bot.outgoing import Mailer
from staff.presence import Presence

__all__ = ["CASES", "CLOCK", "JINJA", "MAILER", "PRESENCE", "QUEUE_REFRESH", "SETTINGS", "USER", "Clock"]

Clock = Callable[[], datetime]
"""Returns the current moment as an aware datetime (tests pass a settable one)."""

SETTINGS = web.AppKey("staff_settings", Settings)
CASES = web.AppKey("staff_cases", CaseService)
CLOCK: web.AppKey[Clock] = web.AppKey("staff_clock")
JINJA = web.AppKey("staff_jinja", jinja2.Environment)
MAILER: web.AppKey[Mailer | None] = web.AppKey("staff_mailer")
PRESENCE = web.AppKey("staff_presence", Presence)
QUEUE_REFRESH = web.AppKey("staff_queue_refresh", float)  # seconds between the queue page's row fetches

USER = "staff.user"
"""``request[USER]``: the signed-in ``StaffUser`` (set by ``staff.auth.require_login``)."""
