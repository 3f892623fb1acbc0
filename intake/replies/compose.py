"""Compose automatic replies and turn them into safe outbound messages.

Nothing from the inbound mail is copied into our headers except the sender's
address and display name (validated by ``email.headerregistry.Address``) and
Message-ID tokens (``<...>`` without whitespace); the subject is ours.  The
stdlib's ``policy.default`` refuses CR/LF in header values, so header
injection is impossible by construction.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from intake.headers import LOOP_HEADER
from intake.replies.texts import CATEGORY_WORDS, MONTHS, REQUEST_WORDS, TEXTS

__all__ = [
    "Content",
    "ReplyDraft",
    "ReplyKind",
    "compose_reply",
    "build_message",
    "format_date",
    "outbound_message_id",
    "sensitive_quote",
]



class ReplyKind(str, enum.Enum):
    """The automatic replies."""

    ACKNOWLEDGEMENT = "acknowledgement"  # a request: received, reference, the 14-day date
    ANSWER = "answer"  # a question: the statement's section
    POINTER = "pointer"  # out of scope: where to turn instead
    WARNING = "warning"  # sensitive data in a follow-up: email is not the channel for it
    RECEIPT = "receipt"  # may be a request, not confidently one: registered, a person reads it (no promises)



@dataclass(frozen=True)
class ReplyDraft:
    kind: ReplyKind
    language: str
    reference: str
    subject: str
    body: str


def format_date(day: date, language: str) -> str:
    """``16. mars 2026`` / ``16 March 2026``."""
    month = MONTHS[language][day.month - 1]
    return f"{day.day} {month} {day.year}" if language == "en" else f"{day.day}. {month} {day.year}"


def _join(items: Sequence[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {TEXTS[language]['and']} {items[-1]}"


def _quote(text: str, width: int = 70) -> str:
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if lines:
            lines.append(">")
        lines.extend(f"> {line}" for line in textwrap.wrap(paragraph, width) or [""])
    return "\n".join(lines)


def sensitive_quote(statement: Any, language: str) -> str:
    """The statement's own words that sensitive data must not be sent by email and email is unencrypted."""
    section = statement.section("e-post-og-telefon", language)
    chosen = [p for p in section.paragraphs if "sensitiv" in p.lower()]
    return _quote("\n\n".join(chosen))


def _acknowledgement(
    t: dict[str, str],
    language: str,
    reference: str,
    statement: Any,
    requests: list[str],
    other_rights: list[str],
    section_id: str | None,
    due: date | None,
    legal_due: date | None,
) -> list[str]:
    """What was understood, the 14-day date for the four rights, the legal date for the others."""
    words = [REQUEST_WORDS[language][r] for r in (*requests, *other_rights) if r in REQUEST_WORDS[language]]
    parts = [t["registered"].format(reference=reference)]
    if words:
        parts.append(t["understood"].format(requests=_join(words, language)))
    if due is not None and requests:
        parts.append(t["deadline"].format(date=format_date(due, language)))
    if other_rights and legal_due is not None:
        parts.append(t["other_rights"].format(date=format_date(legal_due, language)))
    if section_id:
        section = statement.section(section_id, language)
        parts.append(t["quote_intro"].format(title=section.title) + "\n\n" + section.quote())
    parts.append(t["next"].format(reference=reference))
    return parts


def compose_reply(
    kind: ReplyKind | str,
    *,
    language: str,
    reference: str,
    statement: Any,
    name: str = "",
    requests: Iterable[str] = (),
    section_id: str | None = None,
    due: date | None = None,
    categories: Iterable[str] = (),
    other_rights: Iterable[str] = (),
    legal_due: date | None = None,
) -> ReplyDraft:
    """The subject and plain-text body of one automatic reply."""
    try:
        kind = ReplyKind(kind)
    except ValueError:
        raise ValueError(f"unknown reply kind {kind!r}") from None
    language = language if language in TEXTS else "nb"
    t = TEXTS[language]
    categories = list(dict.fromkeys(categories))
    parts: list[str] = [t["greeting"].format(name=name) if name else t["greeting_anonymous"]]

    requests, other_rights = list(requests), list(other_rights)
    if kind == "acknowledgement":
        parts += _acknowledgement(t, language, reference, statement, requests, other_rights, section_id, due, legal_due)
    elif kind == "answer":
        if not section_id:
            raise ValueError("an answer needs the statement section it quotes")
        section = statement.section(section_id, language)
        parts.append(t["answer_intro"].format(title=section.title) + "\n\n" + section.quote())
        parts.append(t["answer_next"].format(reference=reference))
    elif kind == "pointer":
        parts.append(t["pointer"].format(reference=reference))
    elif kind == "receipt":
        if legal_due is None:
            raise ValueError("a receipt names the legal deadline")
        parts.append(t["receipt"].format(reference=reference, date=format_date(legal_due, language)))

    if categories:
        named = [CATEGORY_WORDS[language].get(c, c.replace("_", " ")) for c in categories]
        parts.append(t["warning"].format(categories=", ".join(named)) + "\n\n" + sensitive_quote(statement, language))
        parts.append(t["warning_advice"])
    elif kind == "warning":
        raise ValueError("a warning needs the sensitive categories found")

    parts.append(t["signature"])
    parts.append(t["automatic_note"])
    subject_key = f"subject_{kind.value}"
    subject = f"[{reference}] {t[subject_key]}"
    return ReplyDraft(kind, language, reference, subject, "\n\n".join(parts) + "\n")


def outbound_message_id(reference: str, seed: str, secret: str, hostname: str) -> str:
    """Our Message-ID: carries the case reference; deterministic per inbound mail, unguessable.

    Deterministic so that a resumed run queues the same reply once (the outbox
    has a unique index); keyed with the secret so nobody can predict our ids.
    """
    token = hmac.new(secret.encode(), seed.encode("utf-8", "surrogateescape"), hashlib.sha256).hexdigest()[:24]
    return f"<{reference}.{token}@{hostname}>"


class Content(Protocol):
    """What ``build_message`` needs of a reply or a letter (``bot.outgoing.Letter``)."""

    @property
    def subject(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def language(self) -> str: ...


def build_message(
    draft: Content,
    *,
    from_address: str,
    to_address: str,
    to_name: str = "",
    message_id: str,
    in_reply_to: str = "",
    references: Sequence[str] = (),
    loop_token: str = "",
    now: datetime | None = None,
    timezone: str = "Europe/Oslo",
    automatic: bool = True,
) -> EmailMessage:
    """An RFC 5322 message for the outbox; RFC 3834 headers on ``automatic`` mail (not on a person's reply)."""
    msg = EmailMessage()
    local, _, domain = from_address.partition("@")
    msg["From"] = Address(display_name="Cantec personvern", username=local, domain=domain)
    to_local, _, to_domain = to_address.partition("@")
    try:
        msg["To"] = Address(display_name=to_name, username=to_local, domain=to_domain)
    except (ValueError, IndexError, TypeError):
        msg["To"] = Address(username=to_local, domain=to_domain)
    msg["Subject"] = draft.subject
    msg["Date"] = format_datetime((now or datetime.now(ZoneInfo(timezone))).astimezone(ZoneInfo(timezone)))
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    chain = [*references[-9:], in_reply_to] if in_reply_to else list(references[-10:])
    chain = list(dict.fromkeys(c for c in chain if c))
    if chain:
        msg["References"] = " ".join(chain)
    if automatic:
        msg["Auto-Submitted"] = "auto-replied"
        msg["X-Auto-Response-Suppress"] = "All"
        msg["Precedence"] = "auto_reply"
    msg[LOOP_HEADER] = loop_token or domain
    msg.set_content(draft.body, charset="utf-8", cte="quoted-printable")
    msg["Content-Language"] = draft.language  # after set_content, which resets Content-* headers
    return msg
