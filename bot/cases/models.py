"""Tables of the case store (SQLAlchemy 1.4 declarative, used 2.0-style).

Mail bodies are only ever stored encrypted (``*_ciphertext``); the masked text
computed by the sensitive-data detector is stored in clear for display.
``audit_events`` deliberately has no foreign keys: it must outlive purged cases
and is append-only (guarded here and by database triggers, see ``audit_guard``).
"""

from __future__ import annotations

import enum
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeMeta, registry, relationship

from bot.cases.enums import OPEN_STATUSES, ActorKind, CaseStatus, Channel, Direction, RequestType, StaffRole

__all__ = [
    "AuditEvent",
    "Base",
    "Case",
    "CaseRequestType",
    "CleanString",
    "CleanText",
    "Message",
    "RawMail",
    "ReferenceCounter",
    "StaffUser",
    "UTCDateTime",
    "metadata",
    "utcnow",
]

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
_registry = registry(metadata=metadata)


class Base(metaclass=DeclarativeMeta):
    """The declarative base as a class, so a type checker sees the models as types
    (``declarative_base()`` returns a value SQLAlchemy 1.4 leaves untyped)."""

    __abstract__ = True
    registry = _registry
    metadata = _registry.metadata
    __table__: sa.Table  # set by the mapping
    if TYPE_CHECKING:

        def __init__(self, **columns: Any) -> None: ...

    else:
        __init__ = _registry.constructor  # keyword arguments set the mapped attributes


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(sa.types.TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite would otherwise hand back naive ones)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime given to the case store; use an aware (UTC) datetime")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class CleanText(sa.types.TypeDecorator):
    """Text PostgreSQL will accept from any mail: NUL becomes U+FFFD (PostgreSQL text cannot hold NUL)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return value.replace("\x00", "\ufffd") if value else value


class CleanString(CleanText):
    """``CleanText`` in a VARCHAR(n), cut to n characters (SQLite would keep more, PostgreSQL would refuse)."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        value = super().process_bind_param(value, dialect)
        length = self.impl.length
        return value[:length] if value and length else value


def _enum(cls: type[enum.Enum]) -> sa.Enum:
    """A VARCHAR holding the enum's values (no native enum type, no CHECK: cheap to extend)."""
    return sa.Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


class StaffUser(Base):
    __tablename__ = "staff_users"

    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(CleanString(320), nullable=False, unique=True)
    name = sa.Column(CleanString(200), nullable=False)
    role = sa.Column(_enum(StaffRole), nullable=False)
    password_hash = sa.Column(CleanString(255), nullable=False)
    active = sa.Column(sa.Boolean, nullable=False, default=True)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    last_login_at = sa.Column(UTCDateTime)
    language = sa.Column(CleanString(8))  # the staff interface's language for this user; None: the default
    sessions_valid_from = sa.Column(UTCDateTime)  # a session signed in before this is over (None: all are valid)
    # A password someone else chose or generated (first admin, added by an admin, reset): change it first.
    must_change_password = sa.Column(sa.Boolean, nullable=False, default=False, server_default=sa.false())

    def __repr__(self) -> str:  # no email: reprs end up in logs
        return f"<StaffUser {self.id} {self.role.value if self.role else None}>"


class ReferenceCounter(Base):
    """The last case number handed out per year; its row lock serialises reference allocation."""

    __tablename__ = "reference_counters"

    year = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
    last_value = sa.Column(sa.Integer, nullable=False)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        sa.Index("ix_cases_requester_status", "requester_email", "status"),
        sa.Index("ix_cases_status_due_internal", "status", "due_internal"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    reference = sa.Column(CleanString(24), nullable=False, unique=True)
    requester_email = sa.Column(CleanString(320), nullable=False)  # lower-cased
    requester_name = sa.Column(CleanString(200))
    identity_verified = sa.Column(sa.Boolean, nullable=False, default=False)
    identity_method = sa.Column(CleanString(100))  # how: e.g. "reply-from-registered-address", "id-document"
    channel = sa.Column(_enum(Channel), nullable=False)
    language = sa.Column(CleanString(8))  # nb, nn, en
    sensitive_categories = sa.Column(sa.JSON, nullable=False, default=list)  # category names, never values
    status = sa.Column(_enum(CaseStatus), nullable=False, default=CaseStatus.NEW)
    assignee_id = sa.Column(sa.Integer, sa.ForeignKey("staff_users.id", ondelete="SET NULL"))
    duplicate_of_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id", ondelete="SET NULL"))
    follows_up_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id", ondelete="SET NULL"))

    received_at = sa.Column(UTCDateTime, nullable=False)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    picked_up_at = sa.Column(UTCDateTime)
    resolved_at = sa.Column(UTCDateTime)
    closed_at = sa.Column(UTCDateTime)
    last_inbound_at = sa.Column(UTCDateTime)

    due_internal = sa.Column(UTCDateTime, nullable=False)
    due_legal = sa.Column(UTCDateTime, nullable=False)  # effective, including any extension
    extension_months = sa.Column(sa.Integer)
    extension_reason = sa.Column(CleanText)
    extended_at = sa.Column(UTCDateTime)

    version = sa.Column(sa.Integer, nullable=False)
    # Why a person must read the case before anything is promised (e.g. "unclear":
    # it may be a request, not confidently one); None when nothing needs review.
    review_reason = sa.Column(CleanString(64))

    request_type_rows = relationship(
        "CaseRequestType", lazy="selectin", cascade="all, delete-orphan", passive_deletes=True
    )
    assignee = relationship("StaffUser", lazy="selectin")
    messages = relationship(
        "Message",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Message.id",
        back_populates="case",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def request_types(self) -> frozenset[RequestType]:
        return frozenset(row.request_type for row in self.request_type_rows)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def __repr__(self) -> str:
        return f"<Case {self.reference} {self.status.value if self.status else None}>"


class CaseRequestType(Base):
    __tablename__ = "case_request_types"

    case_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    request_type = sa.Column(_enum(RequestType), primary_key=True)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (sa.UniqueConstraint("case_id", "message_id", name="uq_messages_case_id_message_id"),)

    id = sa.Column(sa.Integer, primary_key=True)
    case_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    direction = sa.Column(_enum(Direction), nullable=False)
    channel = sa.Column(_enum(Channel), nullable=False)
    message_id = sa.Column(CleanString(998), index=True)  # RFC 5322 Message-ID, with angle brackets
    in_reply_to = sa.Column(CleanString(998))
    references_header = sa.Column(CleanText)  # space-separated Message-IDs
    subject = sa.Column(CleanText)
    text_ciphertext = sa.Column(sa.LargeBinary, nullable=False)  # unmasked text, Fernet-encrypted
    masked_text = sa.Column(CleanText)  # from the sensitive-data detector; None when not computed
    attachments = sa.Column(sa.JSON, nullable=False, default=list)  # [{filename, content_type, size}]
    raw_location = sa.Column(
        CleanString(500)
    )  # "db" (raw_mails) or an external location such as a spool file
    author_staff_id = sa.Column(sa.Integer, sa.ForeignKey("staff_users.id", ondelete="SET NULL"))
    sender = sa.Column(CleanString(320))  # inbound: the sender's address, lower-cased
    # Inbound from an address that is not the case's requester (bot.cases.threads): shown flagged.
    from_other_address = sa.Column(sa.Boolean, nullable=False, default=False, server_default=sa.false())
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)

    case = relationship("Case", lazy="raise", back_populates="messages")
    raw_mail = relationship(
        "RawMail", lazy="raise", uselist=False, cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def references(self) -> tuple[str, ...]:
        return tuple((self.references_header or "").split())

    def __repr__(self) -> str:
        return f"<Message {self.id} {self.direction.value if self.direction else None} case={self.case_id}>"


class RawMail(Base):
    """The original RFC 5322 bytes of a mail, encrypted."""

    __tablename__ = "raw_mails"

    id = sa.Column(sa.Integer, primary_key=True)
    message_pk = sa.Column(
        sa.Integer, sa.ForeignKey("messages.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    ciphertext = sa.Column(sa.LargeBinary, nullable=False)
    size = sa.Column(sa.Integer, nullable=False)  # plaintext bytes


class AuditEvent(Base):
    """Who did what, when, on which case.  Rows are never updated or deleted."""

    __tablename__ = "audit_events"

    id = sa.Column(sa.Integer, primary_key=True)
    case_id = sa.Column(sa.Integer, index=True)  # no FK: the trail outlives purged cases
    case_reference = sa.Column(CleanString(24), index=True)
    actor_kind = sa.Column(_enum(ActorKind), nullable=False)
    actor_staff_id = sa.Column(sa.Integer)
    action = sa.Column(CleanString(64), nullable=False)
    detail = sa.Column(sa.JSON, nullable=False, default=dict)  # never message text or sensitive values
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} {self.case_reference}>"
