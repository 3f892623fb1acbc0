"""What a handler does on a case: assign, change status, extend, note, correct types, merge, reopen.

Each is a POST that the CSRF middleware has checked; each checks the role
here and the case store checks it again (it has the last word).  Offered
actions come from ``staff.views.offers``, so a page never shows a button the
server would refuse; a forged or stale form gets 400/403/409 and changes nothing.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web
from aiohttp_session import get_session

from bot import sensitive
from bot.cases import Actor, Case, CaseStatus, RequestType, StaffUser
from bot.cases.deadlines import MAX_EXTENSION_MONTHS
from bot.cases.references import REFERENCE_PATTERN
from bot.outgoing import Letter, LetterKind
from staff import replies
from staff.errors import Refused
from staff.keys import CASES, CLOCK, MAILER
from staff.roles import require_handler
from staff.views import offers
from staff.views.case import FLASH
from staff.views.forms import form, one_line, text_field

__all__ = ["add_note", "assign", "change_status", "correct_types", "extend", "merge", "reopen"]



async def _case(request: web.Request) -> Case:
    return await request.app[CASES].get_case(request.match_info["reference"], with_messages=False)


async def _done(request: web.Request, reference: str, flash: str) -> web.StreamResponse:
    (await get_session(request))[FLASH] = flash
    raise web.HTTPSeeOther(request.app.router["case"].url_for(reference=reference))


async def assign(request: web.Request) -> web.StreamResponse:
    user = require_handler(request)
    case = await _case(request)
    if not offers.can_assign(case, user):
        raise Refused(409)
    chosen = one_line(await form(request), "assignee", required=False)
    if chosen and not chosen.isdigit():
        raise Refused(400)
    assignee = int(chosen) if chosen else None
    handlers = {u.id for u in await request.app[CASES].list_staff_users() if u.active and u.role.can_handle_cases}
    if assignee is not None and assignee not in handlers:
        raise Refused(400)
    await request.app[CASES].assign(case.reference, assignee, actor=Actor.staff(user.id))
    return await _done(request, case.reference, "flash_assigned")


async def _masked(text: str, case: Case) -> str:
    """What staff views show of a note: the detector's placeholders instead of sensitive values."""
    language = case.language if case.language in ("nb", "nn", "en") else None
    return await asyncio.to_thread(sensitive.mask_text, text, language)


def _status(value: str) -> CaseStatus:
    try:
        return CaseStatus(value)
    except ValueError:
        raise Refused(400) from None


async def change_status(request: web.Request) -> web.StreamResponse:
    user = require_handler(request)
    case = await _case(request)
    data = await form(request)
    target = _status(one_line(data, "status"))
    reason = text_field(data, "reason", required=target is CaseStatus.REJECTED)
    if target not in offers.status_targets(case, user):
        raise Refused(409)
    await request.app[CASES].transition(
        case.reference, target, actor=Actor.staff(user.id), reason=reason or None,
        masked_reason=await _masked(reason, case) if reason else None,
    )
    return await _done(request, case.reference, "flash_status")


async def reopen(request: web.Request) -> web.StreamResponse:
    """An automatically answered question that was really a request (or not answered well enough)."""
    user = require_handler(request)
    case = await _case(request)
    if not offers.can_reopen(case, user):
        raise Refused(409)
    reason = text_field(await form(request), "reason", required=False)
    await request.app[CASES].transition(
        case.reference, CaseStatus.IN_PROGRESS, actor=Actor.staff(user.id), reason=reason or None,
        masked_reason=await _masked(reason, case) if reason else None,
    )
    return await _done(request, case.reference, "flash_reopened")


async def merge(request: web.Request) -> web.StreamResponse:
    """Close this case as a duplicate of another (the other one is answered; this one is not)."""
    user = require_handler(request)
    case = await _case(request)
    target = one_line(await form(request), "duplicate_of").upper()
    if not REFERENCE_PATTERN.fullmatch(target) or target == case.reference:
        raise Refused(400, "error_400_reference")
    if CaseStatus.DUPLICATE not in offers.status_targets(case, user):
        raise Refused(409)
    # A target that does not exist is the store's CaseNotFound: a 404, nothing changed.
    await request.app[CASES].transition(
        case.reference, CaseStatus.DUPLICATE, actor=Actor.staff(user.id), duplicate_of=target
    )
    return await _done(request, case.reference, "flash_merged")


async def add_note(request: web.Request) -> web.StreamResponse:
    user = require_handler(request)
    case = await _case(request)
    text = text_field(await form(request), "note")
    await request.app[CASES].add_note(case.reference, user.id, text, await _masked(text, case))
    return await _done(request, case.reference, "flash_note")


async def correct_types(request: web.Request) -> web.StreamResponse:
    user = require_handler(request)
    case = await _case(request)
    values = (await form(request)).getall("request_type", [])
    try:
        chosen = {RequestType(v) for v in values if isinstance(v, str)}
    except ValueError:
        raise Refused(400) from None
    if not chosen or len(chosen) != len(values):
        raise Refused(400, "error_400_types")
    if not offers.can_correct_types(case, user):
        raise Refused(409)
    await request.app[CASES].correct_request_types(case.reference, chosen, actor=Actor.staff(user.id))
    return await _done(request, case.reference, "flash_types")


async def extend(request: web.Request) -> web.StreamResponse:
    """GDPR art. 12(3): extend once by 1-2 months with a reason, and tell the requester (queued notice)."""
    user = require_handler(request)
    case = await _case(request)
    data = await form(request)
    months = one_line(data, "months")
    if months not in {str(n) for n in range(1, MAX_EXTENSION_MONTHS + 1)}:
        raise Refused(400)
    reason = text_field(data, "reason", limit=2000)
    if not offers.can_extend(case, user, request.app[CLOCK]()):
        raise Refused(409)
    cases = request.app[CASES]
    extended = await cases.extend_deadline(case.reference, int(months), reason, actor=Actor.staff(user.id))
    mailer = request.app[MAILER]
    if mailer is None:
        return await _done(request, case.reference, "flash_extended_no_mail")
    await mailer.send(_extension_notice(extended, user, reason, cases.tz), key=f"extension|{case.reference}")
    return await _done(request, case.reference, "flash_extended")


def _extension_notice(case: Case, user: StaffUser, reason: str, tz: Any) -> Letter:
    language = case.language or "nb"
    filled = replies.fill(
        "extension_notice",
        language,
        reference=case.reference,
        requester_name=case.requester_name,
        staff_name=user.name,
        due=case.due_internal.astimezone(tz).date(),
        legal_due=case.due_legal.astimezone(tz).date(),
        reason=reason,
    )
    return Letter(
        kind=LetterKind.EXTENSION_NOTICE,
        to_address=case.requester_email,
        to_name=case.requester_name,
        subject=filled.subject,
        body=filled.body,
        language=language if language in replies.LANGUAGES else "nb",
        case_reference=case.reference,
        author_id=user.id,
    )
