"""A case: its header, its timeline, and the actions the state machine and the user's role allow."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from aiohttp_session import get_session

from bot.cases import Case, CaseStatus, NotAllowed, RequestType, StaffUser
from staff.errors import Refused
from staff.formatting import Deadline, deadline, local_time
from staff.keys import CASES, CLOCK, PRESENCE, USER
from staff.render import page, texts
from staff.roles import require_handler
from staff.views import offers
from staff.views.timeline import timeline

__all__ = ["FLASH", "CaseHeader", "can_pick_up", "case_page", "case_header", "pick_up", "render_case"]

FLASH = "flash"


@dataclass(frozen=True)
class CaseHeader:
    reference: str
    requester_name: str | None
    requester_email: str
    identity: str
    request_types: list[str]
    status: str
    channel: str
    language: str
    assignee: str | None
    received: str
    due_internal: Deadline
    due_legal: Deadline
    extension: str | None
    needs_review: bool


def can_pick_up(case: Case, user: StaffUser) -> bool:
    """Offered to a handler on an open case nobody has, or one given to them that is still new."""
    if not user.role.can_handle_cases or not case.is_open:
        return False
    return case.assignee_id is None or (case.assignee_id == user.id and case.status is CaseStatus.NEW)


def _identity(case: Case, t: dict[str, Any]) -> str:
    if not case.identity_verified:
        return str(t["identity_unverified"])
    if case.identity_method:
        return str(t["identity_verified_how"]).format(method=case.identity_method)
    return str(t["identity_verified"])


def case_header(case: Case, now: datetime, tz: ZoneInfo, t: dict[str, Any]) -> CaseHeader:
    extension = None
    if case.extension_months:
        extension = str(t["extension_text"]).format(n=case.extension_months, reason=case.extension_reason or "")
    return CaseHeader(
        reference=case.reference,
        requester_name=case.requester_name,
        requester_email=case.requester_email,
        identity=_identity(case, t),
        request_types=[t["request_type"].get(rt.value, rt.value) for rt in sorted(case.request_types)],
        status=t["status"].get(case.status.value, case.status.value),
        channel=t["channel_name"].get(case.channel.value, case.channel.value),
        language=t["language_name"].get(case.language or "", case.language or t["unknown"]),
        assignee=case.assignee.name if case.assignee is not None else None,
        received=local_time(case.received_at, tz, t),
        due_internal=deadline(case.due_internal, now, tz, t, is_open=case.is_open),
        due_legal=deadline(case.due_legal, now, tz, t, is_open=case.is_open),
        extension=extension,
        needs_review=bool(case.review_reason),
    )


async def case_page(request: web.Request) -> web.StreamResponse:
    return await render_case(request, request.match_info["reference"])


def _actions(case: Case, user: StaffUser, now: datetime, t: dict[str, Any]) -> dict[str, Any]:
    """What the page offers; the POST handlers ask ``offers`` the same questions."""
    return {
        "can_pick_up": can_pick_up(case, user),
        "can_assign": offers.can_assign(case, user),
        "status_targets": [
            (s.value, t["status"].get(s.value, s.value))
            for s in offers.status_targets(case, user)
            if s is not CaseStatus.DUPLICATE
        ],
        "can_merge": CaseStatus.DUPLICATE in offers.status_targets(case, user),
        "can_reopen": offers.can_reopen(case, user),
        "can_extend": offers.can_extend(case, user, now),
        "can_note": bool(user.role.can_handle_cases),
        "can_correct_types": offers.can_correct_types(case, user),
        "can_reply": offers.can_reply(case, user),
        "can_unmask": offers.can_see_unmasked(user),
        "type_choices": [
            (rt.value, t["request_type"].get(rt.value, rt.value), rt in case.request_types) for rt in RequestType
        ],
    }


async def render_case(
    request: web.Request, reference: str, *, unmasked: Mapping[int, str] | None = None
) -> web.StreamResponse:
    """The case page; ``unmasked`` texts (already on the audit trail) are shown in this response only."""
    cases = request.app[CASES]
    case = await cases.get_case(reference, with_messages=True)
    events = await cases.audit_trail(case.reference)
    staff_users = await cases.list_staff_users()
    names = {u.id: u.name for u in staff_users}
    _lang, t = texts(request)
    user: StaffUser = request[USER]
    flash = (await get_session(request)).pop(FLASH, None)
    now = request.app[CLOCK]()
    presence = request.app[PRESENCE]
    presence.viewed(case.reference, user.id, user.name, now)
    return await page(
        request,
        "case.html",
        {
            "case": case_header(case, now, cases.tz, t),
            "timeline": timeline(case.messages, events, cases.tz, t, names),
            "handlers": [(u.id, u.name) for u in staff_users if u.active and u.role.can_handle_cases],
            "assignee_id": case.assignee_id,
            "unmasked": dict(unmasked or {}),
            "viewing": presence.others(case.reference, user.id, now),
            "flash": t.get(flash) if isinstance(flash, str) else None,
            **_actions(case, user, now, t),
        },
    )


async def pick_up(request: web.Request) -> web.StreamResponse:
    """POST: take the case.  The role is checked here and again by the case store, which has the last word."""
    cases = request.app[CASES]
    user = require_handler(request)
    case = await cases.get_case(request.match_info["reference"], with_messages=False)
    if not can_pick_up(case, user):
        raise Refused(409)
    try:
        await cases.pick_up(case.reference, user.id)
    except NotAllowed:
        now_assigned = (await cases.get_case(case.reference, with_messages=False)).assignee_id
        if now_assigned not in (None, user.id):  # someone else was quicker
            raise Refused(409) from None
        raise
    (await get_session(request))[FLASH] = "picked_up"
    raise web.HTTPSeeOther(request.app.router["case"].url_for(reference=case.reference))
