"""Replying to the requester: a template in the case's language, edited, scanned, sent through the outbox.

The form carries a one-time ``draft`` token, which is the outbox key: sending
the same form twice (a double click, a resubmitted POST) queues one mail.
Before anything is sent the text is scanned for sensitive data; a finding
stops the send and the form comes back with a warning naming the categories
(never the values), and sending then needs a deliberate confirmation.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from aiohttp import web
from aiohttp_session import get_session

from bot import sensitive
from bot.cases import Actor, Case, CaseStatus, Direction, StaffUser
from bot.cases.state import is_allowed
from bot.outgoing import Letter, LetterKind
from staff import replies
from staff.errors import Refused
from staff.keys import CASES, MAILER
from staff.render import page, texts
from staff.roles import require_handler
from staff.views import offers
from staff.views.case import FLASH
from staff.views.forms import form, one_line, text_field

__all__ = ["compose", "send"]

NEXT_STATUSES = (CaseStatus.AWAITING_REQUESTER, CaseStatus.RESOLVED)
DRAFT_TOKEN = secrets.token_urlsafe


async def _case(request: web.Request, user: StaffUser) -> Case:
    case = await request.app[CASES].get_case(request.match_info["reference"], with_messages=True)
    if not offers.can_reply(case, user):
        raise Refused(409)
    return case


def _filled(case: Case, user: StaffUser, name: str, tz: Any) -> replies.FilledTemplate:
    return replies.fill(
        name,
        case.language or "nb",
        reference=case.reference,
        requester_name=case.requester_name,
        staff_name=user.name,
        due=case.due_internal.astimezone(tz).date(),
        legal_due=case.due_legal.astimezone(tz).date(),
        reason=case.extension_reason,
    )


async def _form_page(request: web.Request, case: Case, values: dict[str, Any], *, status: int = 200) -> web.Response:
    _lang, t = texts(request)
    context = {
        "reference": case.reference,
        "requester": case.requester_email,
        "language": t["language_name"].get(case.language or "nb", case.language or "nb"),
        "templates": [(n, t["template"][n]) for n in replies.TEMPLATE_NAMES],
        "next_statuses": [(s.value, t["status"][s.value]) for s in NEXT_STATUSES],
        "mail_available": request.app[MAILER] is not None,
        "findings": [],
        "next_status": CaseStatus.AWAITING_REQUESTER.value,
        **values,
    }
    return await page(request, "reply.html", context, status=status)


async def compose(request: web.Request) -> web.StreamResponse:
    user = require_handler(request)
    case = await _case(request, user)
    name = request.query.get("template", replies.TEMPLATE_NAMES[0])
    if name not in replies.TEMPLATE_NAMES:
        raise Refused(400)
    filled = _filled(case, user, name, request.app[CASES].tz)
    values = {"template": name, "subject": filled.subject, "body": filled.body, "draft": DRAFT_TOKEN(24)}
    return await _form_page(request, case, values)


def _last_inbound(case: Case) -> tuple[str | None, tuple[str, ...]]:
    inbound = [m for m in case.messages if m.direction is Direction.INBOUND and m.message_id]
    if not inbound:
        return None, ()
    last = inbound[-1]
    return last.message_id, last.references


async def send(request: web.Request) -> web.StreamResponse:
    user = require_handler(request)
    case = await _case(request, user)
    data = await form(request)
    subject, body = one_line(data, "subject"), text_field(data, "body")
    draft, next_status = one_line(data, "draft"), one_line(data, "next_status")
    if next_status not in {s.value for s in NEXT_STATUSES} or not 16 <= len(draft) <= 64:
        raise Refused(400)
    if case.reference not in subject:  # the reference is how the answer to this mail threads
        subject = f"{subject} ({case.reference})"
    language = case.language if case.language in replies.LANGUAGES else "nb"
    findings = await asyncio.to_thread(sensitive.detect, f"{subject}\n{body}", language)
    values = {"subject": subject, "body": body, "draft": draft, "next_status": next_status, "template": ""}
    if findings and data.get("confirm_sensitive") != "yes":
        _lang, t = texts(request)
        categories = sorted({t["category"].get(f.category, f.category) for f in findings})
        return await _form_page(request, case, {**values, "findings": categories}, status=422)
    mailer = request.app[MAILER]
    if mailer is None:
        raise Refused(503, "error_no_mailer")
    in_reply_to, references = _last_inbound(case)
    letter = Letter(
        kind=LetterKind.STAFF_REPLY,
        to_address=case.requester_email,
        to_name=case.requester_name,
        subject=subject,
        body=body,
        language=language,
        case_reference=case.reference,
        in_reply_to=in_reply_to,
        references=references,
        author_id=user.id,
    )
    await mailer.send(letter, key=f"staff-reply|{draft}")
    await _move_on(request, case, CaseStatus(next_status), user)
    (await get_session(request))[FLASH] = "flash_reply_sent"
    raise web.HTTPSeeOther(request.app.router["case"].url_for(reference=case.reference))


async def _move_on(request: web.Request, case: Case, target: CaseStatus, user: StaffUser) -> None:
    """The status the handler chose; a resent form finds the case there already and leaves it."""
    cases = request.app[CASES]
    current = (await cases.get_case(case.reference, with_messages=False)).status
    actor = Actor.staff(user.id)
    if current is CaseStatus.NEW:
        await cases.pick_up(case.reference, user.id)
        current = CaseStatus.IN_PROGRESS
    if current is not target and is_allowed(current, target):
        await cases.transition(case.reference, target, actor=actor)
