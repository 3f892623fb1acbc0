"""What callers hand the case store: frozen value objects, validated on construction."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.cases.enums import ActorKind, CaseStatus, Channel, Direction, RequestType

__all__ = [
    "Actor",
    "Attachment",
    "AuditFilter",
    "CaseFilter",
    "CaseRequest",
    "ORDERABLE_COLUMNS",
    "NewMessage",
    "Requester",
    "normalize_email",
    "parse_message_ids",
]

ORDERABLE_COLUMNS: tuple[str, ...] = ("due_internal", "due_legal", "received_at")

_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def normalize_email(address: str) -> str:
    """Addresses compare case-insensitively (in practice every provider treats the local part so)."""
    address = address.strip().lower()
    if "@" not in address:
        raise ValueError("requester email must contain '@'")
    return address


def parse_message_ids(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Message-IDs from a header value or a list, each in ``<...>`` form, order kept, no repeats."""
    if value is None:
        return ()
    parts = [value] if isinstance(value, str) else list(value)
    found: list[str] = []
    for part in parts:
        ids = _MESSAGE_ID.findall(part) or [f"<{p.strip('<>')}>" for p in part.split() if p.strip("<>")]
        found.extend(i for i in ids if i not in found)
    return tuple(found)


@dataclass(frozen=True)
class Actor:
    """Who an audit event is about: a staff user (by id), the requester, or the system itself."""

    kind: ActorKind
    staff_user_id: int | None = None

    def __post_init__(self) -> None:
        if (self.kind is ActorKind.STAFF) != (self.staff_user_id is not None):
            raise ValueError("a staff actor needs a staff_user_id, and only a staff actor has one")

    @classmethod
    def staff(cls, staff_user_id: int) -> Actor:
        return cls(ActorKind.STAFF, staff_user_id)

    @classmethod
    def system(cls) -> Actor:
        return cls(ActorKind.SYSTEM)

    @classmethod
    def requester(cls) -> Actor:
        return cls(ActorKind.REQUESTER)


@dataclass(frozen=True)
class Requester:
    email: str
    name: str | None = None
    identity_verified: bool = False
    identity_method: str | None = None  # how identity was verified, e.g. "id-document"


@dataclass(frozen=True)
class Attachment:
    """Metadata only; attachment bytes stay inside the (encrypted) raw mail."""

    filename: str | None
    content_type: str
    size: int

    def as_json(self) -> dict[str, object]:
        def clean(value: str | None) -> str | None:  # PostgreSQL JSON cannot hold NUL either
            return value.replace("\x00", "\ufffd") if value else value

        return {"filename": clean(self.filename), "content_type": clean(self.content_type), "size": self.size}


@dataclass(frozen=True)
class NewMessage:
    """One message to keep on a case.  ``masked_text`` comes from the sensitive-data detector."""

    direction: Direction
    channel: Channel
    text: str
    masked_text: str | None = None
    subject: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    raw_mail: bytes | None = None  # original RFC 5322 bytes; stored encrypted
    raw_location: str | None = None  # where the raw mail is kept when not in the database
    at: datetime | None = None  # when it was received/sent; defaults to now
    author_staff_id: int | None = None  # for outbound messages and notes
    sender: str | None = None  # inbound: the sender's address (the threading rule fills it in)
    from_other_address: bool = False  # inbound from someone other than the requester (bot.cases.threads)


@dataclass(frozen=True)
class CaseRequest:
    """What an inbound message asks for, as the understanding layer classified it."""

    requester: Requester
    request_types: frozenset[RequestType]
    channel: Channel
    language: str | None = None
    sensitive_categories: frozenset[str] = frozenset()  # category names, never the values
    received_at: datetime | None = None
    reference: str | None = None  # a reference the channel already knows (e.g. chat)
    review_reason: str | None = None  # a new case must be read by a person first (e.g. "unclear")

    def __post_init__(self) -> None:
        if not self.request_types:
            raise ValueError("a case request needs at least one request type (use 'other')")


@dataclass(frozen=True)
class CaseFilter:
    """Filters for ``CaseService.list_cases``; unset fields do not filter."""

    statuses: frozenset[CaseStatus] | None = None
    request_type: RequestType | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    channel: Channel | None = None
    requester_email: str | None = None
    received_from: datetime | None = None
    received_until: datetime | None = None
    language: str | None = None
    sensitive: bool | None = None  # True: a sensitive-data category was detected; False: none
    identity_verified: bool | None = None
    needs_review: bool = False
    due_from: datetime | None = None  # the 14-day deadline (due_internal) in [due_from, due_until)
    due_until: datetime | None = None
    search: str | None = None  # a reference (whole or its start) or part of the requester's address
    order_by: str = "due_internal"  # due_internal | due_legal | received_at
    descending: bool = False
    limit: int = 100
    offset: int = 0

    def __post_init__(self) -> None:
        if self.order_by not in ORDERABLE_COLUMNS:
            raise ValueError(f"order_by must be one of {ORDERABLE_COLUMNS}")


MAX_AUDIT_PAGE = 10_000


@dataclass(frozen=True)
class AuditFilter:
    """Filters for ``CaseService.audit_events`` (newest first); unset fields do not filter.

    ``since``/``until`` bound ``created_at`` as [since, until); ``actions`` is any of them.
    """

    case_reference: str | None = None
    staff_user_id: int | None = None
    actions: frozenset[str] | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_AUDIT_PAGE:
            raise ValueError(f"limit must be 1..{MAX_AUDIT_PAGE}")
        if self.offset < 0:
            raise ValueError("offset must not be negative")
        for moment in (self.since, self.until):
            if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
                raise ValueError("audit filter times must be aware datetimes")
