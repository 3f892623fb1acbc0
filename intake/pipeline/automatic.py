"""Step 3 - detect automatic mail, which must never get an automatic reply.

RFC 3834 and the conventions around it: ``Auto-Submitted`` other than ``no``,
``Precedence: bulk/junk/list``, mailing-list headers, Microsoft's
``X-Auto-Response-Suppress``, an empty return path, robot senders, our own
loop header and our own address.  Delivery status notifications are also
scanned with flufl.bounce so the failed recipients can be noted on the case.
"""

from __future__ import annotations

import email
import re

from flufl.bounce import all_failures

from intake.headers import LOOP_HEADER
from intake.pipeline.context import MessageContext, Services
from intake.pipeline.parse import header

__all__ = ["detect_automatic", "LOOP_HEADER", "automatic_reason"]

_ROBOT_LOCALPART = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|auto-?reply|listserv|majordomo)([+\-.].*)?$",
    re.IGNORECASE,
)


def automatic_reason(ctx: MessageContext, own_addresses: frozenset[str]) -> str | None:
    """Why this mail is automatic (a short reason), or None for a person's mail."""
    msg = ctx.message
    if ctx.envelope.mail_from.strip("<> ") == "" and ctx.envelope.source == "smtp":
        return "empty-return-path"
    if msg is None:
        return None
    if header(msg, LOOP_HEADER):
        return "loop"
    auto = header(msg, "Auto-Submitted").lower()
    if auto and auto.split(";")[0].strip() != "no":
        return f"auto-submitted:{auto.split(';')[0].strip()[:20]}"
    if header(msg, "Precedence").lower() in {"bulk", "junk", "list"}:
        return "precedence"
    if header(msg, "List-Id") or header(msg, "List-Unsubscribe"):
        return "mailing-list"
    if header(msg, "X-Auto-Response-Suppress"):
        return "auto-response-suppress"
    if header(msg, "X-Autoreply") or header(msg, "X-Autorespond"):
        return "autoreply-header"
    if header(msg, "Return-Path").strip("<> ") == "" and header(msg, "Return-Path"):
        return "empty-return-path"
    if ctx.sender in own_addresses:
        return "own-address"
    local = ctx.sender.split("@", 1)[0]
    if _ROBOT_LOCALPART.match(local):
        return "robot-sender"
    if msg.get_content_type() == "multipart/report":
        return "report"
    return None


def _bounce_recipients(raw: bytes) -> tuple[bool, tuple[str, ...]]:
    # flufl.bounce works on compat32 messages, as Mailman gives it.
    msg = email.message_from_bytes(raw)
    try:
        temporary, permanent = all_failures(msg)
    except Exception:
        return False, ()
    failed = sorted({a.decode("utf-8", "replace").lower() for a in (*temporary, *permanent)})
    return bool(failed), tuple(failed)


async def detect_automatic(ctx: MessageContext, services: Services) -> None:
    smtp = services.settings.smtp
    own = frozenset(a.lower() for a in (*smtp.mailboxes, smtp.from_address))
    ctx.automatic = automatic_reason(ctx, own)
    if ctx.automatic in {"empty-return-path", "robot-sender", "report"} or ctx.automatic is None and ctx.parse_error:
        ctx.bounce, ctx.bounced_recipients = _bounce_recipients(ctx.raw)
    if ctx.bounce and ctx.automatic is None:
        ctx.automatic = "bounce"
