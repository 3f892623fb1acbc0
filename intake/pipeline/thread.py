"""Step 4 - thread: does this mail belong to a case we already have?

Two signals, strongest first: In-Reply-To/References naming a Message-ID we
sent (looked up in the outbox; our ids also carry the reference), and a case
reference such as ``[PV-2026-0042]`` in the subject.  Both can be forged, so
a mail is only attached to a case whose requester is the sender; otherwise it
opens a new case noting the reference it mentioned.  Bounces are matched by
our Message-IDs quoted inside the delivery report.
"""

from __future__ import annotations

import re

from bot.cases.errors import CaseNotFound
from intake.pipeline.context import MessageContext, Services
from intake.pipeline.parse import message_ids

__all__ = ["thread_onto_case", "REFERENCE", "reference_in", "reference_from_message_id"]

REFERENCE = re.compile(r"\bPV-(\d{4})-(\d{3,8})\b", re.IGNORECASE)
_OUR_ID = re.compile(r"^<(PV-\d{4}-\d{3,8})\.[^@>]+@([^>]+)>$", re.IGNORECASE)


def reference_in(text: str) -> str | None:
    """The first case reference in a subject line, normalised (``PV-2026-0042``)."""
    match = REFERENCE.search(text)
    return f"PV-{match.group(1)}-{match.group(2)}" if match else None


def reference_from_message_id(message_id: str, hostname: str) -> str | None:
    """The case reference carried in one of our own Message-IDs."""
    match = _OUR_ID.match(message_id)
    if match and match.group(2).lower() == hostname.lower():
        return match.group(1).upper()
    return None


async def _reference_for_ids(ids: tuple[str, ...], services: Services) -> str | None:
    if not ids:
        return None
    if services.outbox is not None:
        found = await services.outbox.case_for_message_ids(ids)
        if found:
            return found
    hostname = services.settings.smtp.hostname
    for mid in ids:
        ref = reference_from_message_id(mid, hostname)
        if ref:
            return ref
    return None


async def _requester_of(reference: str, services: Services) -> str | None:
    if services.cases is None:
        return None
    try:
        case = await services.cases.get_case(reference, with_messages=False)
    except CaseNotFound:
        return None
    return str(case.requester_email)


async def thread_onto_case(ctx: MessageContext, services: Services) -> None:
    if ctx.case_reference:  # resumed run: the case exists already
        return
    if ctx.bounce:
        quoted = message_ids(ctx.raw.decode("utf-8", "replace"))
        ref = await _reference_for_ids(quoted, services)
        if ref:
            ctx.case_reference, ctx.threaded_by = ref, "bounce"
        return
    candidates: list[tuple[str, str]] = []
    header_ref = await _reference_for_ids((*ctx.references, ctx.in_reply_to) if ctx.in_reply_to else ctx.references, services)
    if header_ref:
        candidates.append((header_ref, "in-reply-to"))
    subject_ref = reference_in(ctx.subject)
    if subject_ref:
        candidates.append((subject_ref, "subject"))
    for ref, how in candidates:
        requester = await _requester_of(ref, services)
        if requester is None:
            continue  # no such case
        if requester.lower() != ctx.sender:
            ctx.notes.append(f"mentions case {ref}, which belongs to another requester")
            continue
        ctx.case_reference, ctx.threaded_by = ref, how
        return
