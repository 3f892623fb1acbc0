"""Step 1 - parse: raw bytes to headers, readable text and an attachment list.

Real mail is often broken, so every header is read defensively (a malformed
encoded-word or address never raises), bodies are decoded with the declared
charset and then utf-8/windows-1252 fallbacks (``bot.mailtext``), and HTML-only
mail is turned into text with inscriptis.  If the message cannot be parsed at
all the context still carries the raw bytes and a ``parse_error``, so the mail
becomes a case for staff triage instead of disappearing.
"""

from __future__ import annotations

import email
import hashlib
import logging
import re
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr

from bot.mailtext import html_to_text, part_text
from intake.pipeline.context import Attachment, MessageContext, Services

__all__ = ["parse_message", "header", "message_ids", "authentication_failed"]

log = logging.getLogger(__name__)

_MSGID = re.compile(r"<[^<>\s]{1,900}>")
_AUTH_FAIL = re.compile(r"\b(dkim|spf|dmarc)\s*=\s*(fail|softfail|permerror)\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def header(msg: Message, name: str) -> str:
    """A header's decoded value, or "" - never an exception, whatever the bytes."""
    try:
        value = msg.get(name)
        text = "" if value is None else str(value)
    except Exception:  # the default policy's parser has corner cases that raise
        text = _raw_header(msg, name)
    return _CONTROL.sub("", text.replace("\r", " ").replace("\n", " ")).strip()


def _raw_header(msg: Message, name: str) -> str:
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            try:
                return str(make_header(decode_header(str(value))))
            except Exception:
                return str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return ""


def message_ids(value: str) -> tuple[str, ...]:
    """The ``<id@host>`` tokens in a Message-ID/In-Reply-To/References value."""
    return tuple(_MSGID.findall(value))


def authentication_failed(msg: Message) -> bool:
    """True when an upstream Authentication-Results header reports a DKIM/SPF/DMARC failure."""
    for key, value in msg.raw_items():
        if key.lower() == "authentication-results" and _AUTH_FAIL.search(str(value)):
            return True
    return False


def _address(value: str) -> tuple[str, str]:
    try:
        pairs = getaddresses([value])
    except Exception:
        pairs = [parseaddr(value)]
    for name, addr in pairs:
        if "@" in addr:
            return name.strip(), addr.strip().lower()
    return "", ""


def _body_part(msg: EmailMessage) -> Message | None:
    try:
        body = msg.get_body(preferencelist=("plain", "html"))
    except Exception:
        body = None
    if body is not None:
        return body
    for part in msg.walk():
        if part.get_content_maintype() == "text" and not part.is_attachment():
            return part
    return None


def _attachments(msg: EmailMessage, body: Message | None) -> list[Attachment]:
    found: list[Attachment] = []
    for part in msg.walk():
        if part.is_multipart() or part is body:
            continue
        if part.get_content_maintype() == "text" and not part.is_attachment() and not part.get_filename():
            continue  # alternative text/html of the body
        try:
            payload = part.get_payload(decode=True) or b""
        except Exception:
            payload = b""
        try:
            filename = part.get_filename() or ""
        except Exception:
            filename = ""
        found.append(Attachment(_CONTROL.sub("", filename)[:255], part.get_content_type(), len(payload)))
    return found


def _parse(ctx: MessageContext) -> None:
    msg = email.message_from_bytes(ctx.raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    ctx.message = msg
    ids = message_ids(header(msg, "Message-ID"))
    ctx.message_id = ids[0] if ids else None
    ctx.subject = header(msg, "Subject")
    ctx.sender_name, ctx.sender = _address(header(msg, "From"))
    if not ctx.sender:
        ctx.sender = ctx.envelope.mail_from.strip("<>").lower()
    reply_ids = message_ids(header(msg, "In-Reply-To"))
    ctx.in_reply_to = reply_ids[0] if reply_ids else ""
    ctx.references = message_ids(header(msg, "References"))
    ctx.verified = not authentication_failed(msg)
    body = _body_part(msg)
    if body is not None:
        text = part_text(body)
        if body.get_content_subtype() == "html":
            ctx.html_only = True
            text = html_to_text(text)
        ctx.text = text.replace("\r\n", "\n").strip()
    ctx.attachments = _attachments(msg, body)


async def parse_message(ctx: MessageContext, services: Services) -> None:
    ctx.dedupe_key = "sha256:" + hashlib.sha256(ctx.raw).hexdigest()
    try:
        _parse(ctx)
    except Exception as exc:  # anything at all: the raw mail still goes to staff
        ctx.parse_error = f"{type(exc).__name__}"
        ctx.sender = ctx.sender or ctx.envelope.mail_from.strip("<>").lower()
        ctx.notes.append(f"message could not be parsed ({type(exc).__name__}); raw mail kept for triage")
        log.warning("spool %s: unparsable message (%s)", ctx.spool_id, type(exc).__name__)
    if ctx.message_id:
        ctx.dedupe_key = ctx.message_id
