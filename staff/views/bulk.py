"""Bulk actions on the cases ticked in the queue: assign, mark spam (no reply goes out), close as duplicate.

Each case is changed in its own transaction, as if done one by one: a case
the state machine does not allow (already closed, say) is skipped and
counted, the rest go through, and the queue says how many of each.
"""

from __future__ import annotations

from aiohttp import web
from aiohttp_session import get_session

from bot.cases import Actor, CaseStatus, IllegalTransition
from bot.cases.references import REFERENCE_PATTERN
from bot.errors import PermanentError
from staff.errors import Refused
from staff.keys import CASES
from staff.roles import require_handler
from staff.views.forms import form, one_line
from staff.views.queue import FLASH

__all__ = ["MAX_BULK", "bulk"]

MAX_BULK = 200
ACTIONS = ("assign", "spam", "duplicate")


def _back(target: str) -> str:
    """Where to return: a queue address of ours only (never an open redirect)."""
    if not target.startswith("/staff/") or target.startswith("//") or "\\" in target or "\n" in target:
        return "/staff/"
    return target


def _references(values: list[str | bytes | web.FileField]) -> list[str]:
    refs = [v.strip().upper() for v in values if isinstance(v, str)]
    if not refs or len(refs) > MAX_BULK or len(refs) != len(values):
        raise Refused(400, "error_400_bulk")
    if not all(REFERENCE_PATTERN.fullmatch(r) for r in refs):
        raise Refused(400, "error_400_bulk")
    return list(dict.fromkeys(refs))


async def bulk(request: web.Request) -> web.StreamResponse:
    user = require_handler(request)
    data = await form(request)
    action = one_line(data, "action")
    if action not in ACTIONS:
        raise Refused(400, "error_400_bulk")
    references = _references(data.getall("case", []))
    cases = request.app[CASES]
    actor = Actor.staff(user.id)
    if action == "assign":
        chosen = one_line(data, "assignee", required=False)
        handlers = {u.id for u in await cases.list_staff_users() if u.active and u.role.can_handle_cases}
        if chosen and (not chosen.isdigit() or int(chosen) not in handlers):
            raise Refused(400)
        assignee = int(chosen) if chosen else None
    elif action == "duplicate":
        original = one_line(data, "duplicate_of").upper()
        if not REFERENCE_PATTERN.fullmatch(original):
            raise Refused(400, "error_400_reference")
        await cases.get_case(original, with_messages=False)  # 404 when it does not exist
    done = skipped = 0
    for reference in references:
        try:
            if action == "assign":
                await cases.assign(reference, assignee, actor=actor)
            elif action == "spam":
                await cases.transition(reference, CaseStatus.SPAM, actor=actor)
            else:
                if reference == original:
                    raise IllegalTransition(reference, "duplicate", "itself")
                await cases.transition(reference, CaseStatus.DUPLICATE, actor=actor, duplicate_of=original)
            done += 1
        except PermanentError:  # not allowed in its state, gone, or itself: skipped and counted
            skipped += 1
    (await get_session(request))[FLASH] = {"done": done, "skipped": skipped}
    raise web.HTTPSeeOther(_back(one_line(data, "back", required=False) or "/staff/"))
