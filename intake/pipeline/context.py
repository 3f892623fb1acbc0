"""The object every pipeline step reads and extends, and the services it may use.

A step is ``async def step(ctx: MessageContext, services: Services) -> None``.
Steps communicate only through the context, so each can be tested alone by
building a context by hand.  A step that decides nothing further should happen
(a duplicate) calls ``ctx.halt(reason)``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from intake.spool import Envelope

__all__ = ["Attachment", "MessageContext", "Services", "Step"]


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    size: int

    def to_json(self) -> dict[str, Any]:
        return {"filename": self.filename, "content_type": self.content_type, "size": self.size}


@dataclass
class MessageContext:
    """Everything learnt about one inbound message on its way through the pipeline."""

    spool_id: str
    raw: bytes
    envelope: Envelope
    received_at: datetime
    replies_enabled: bool = True

    # parse
    message: EmailMessage | None = None
    parse_error: str | None = None
    message_id: str | None = None
    dedupe_key: str = ""
    subject: str = ""
    sender: str = ""  # identity: From address, else envelope sender (never Reply-To)
    sender_name: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    text: str = ""  # the whole human-readable body
    html_only: bool = False
    attachments: list[Attachment] = field(default_factory=list)
    verified: bool = True  # False when upstream DKIM/SPF/DMARC failed

    # automatic mail
    automatic: str | None = None  # why no automatic reply may be sent
    bounce: bool = False
    bounced_recipients: tuple[str, ...] = ()

    # threading
    case_reference: str | None = None  # an existing case this mail belongs to
    threaded_by: str | None = None

    # understanding
    new_text: str = ""
    language: str = "nb"
    classification: Any = None  # bot.nlu Result
    findings: list[Any] = field(default_factory=list)
    sensitive_categories: tuple[str, ...] = ()
    masked_text: str | None = None
    masked_subject: str | None = None

    # outcome
    opened_case: bool = False
    case: Any = None  # the case store's view of the case (reference, due dates)
    outcome: str = ""
    reply_kind: str | None = None
    reply_message_id: str | None = None
    notes: list[str] = field(default_factory=list)
    halted: str | None = None
    ledger_finished: bool = False  # the reply's transaction already closed the ledger entry

    def halt(self, reason: str) -> None:
        self.halted = reason
        self.outcome = self.outcome or reason

    @property
    def requests(self) -> tuple[str, ...]:
        result = self.classification
        return tuple(getattr(result, "requests", ()) or ()) if result is not None else ()

    @property
    def intent(self) -> str | None:
        return getattr(self.classification, "intent", None) if self.classification is not None else None


@dataclass
class Services:
    """What steps may use; anything not configured is None and its step is skipped."""

    settings: Any
    ledger: Any = None  # intake.ledger.Ledger
    outbox: Any = None  # intake.outbox.Outbox
    cases: Any = None  # intake.cases.CaseGateway
    classifier: Any = None  # bot.nlu Classifier
    detector: Any = None  # module with detect()/mask() (bot.sensitive)
    statement: Any = None  # module with section(id, language)
    now: Callable[[], datetime] | None = None


Step = Callable[[MessageContext, Services], Awaitable[None]]
