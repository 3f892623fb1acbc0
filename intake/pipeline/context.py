"""The object every pipeline step reads and extends, and the services it may use.

A step is ``async def step(ctx: MessageContext, services: Services) -> None``.
Steps communicate only through the context, so each can be tested alone by
building a context by hand.  A step that decides nothing further should happen
(a duplicate) calls ``ctx.halt(reason)``.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any, Protocol

from bot.cases import CaseService, MatchKind
from bot.cases.models import Case
from bot.config import Settings
from bot.nlu.classifier import Classification, TextClassifier
from bot.sensitive import Finding
from bot.statement import Section
from intake.replies.compose import ReplyKind
from intake.spool import Envelope

if TYPE_CHECKING:  # the steps' own services, which import this module
    from intake.ledger import Ledger
    from intake.outbox import Outbox

__all__ = [
    "Attachment",
    "MessageContext",
    "Outcome",
    "ReplyKind",
    "SensitiveDetector",
    "Services",
    "Statement",
    "Step",
]


class Outcome(str, enum.Enum):
    """What the pipeline decided for a message (kept in the ledger's ``outcome``)."""

    NEW_CASE = "new-case"
    MATCHED_EXISTING_MESSAGE = "matched-existing_message"
    MATCHED_REFERENCE = "matched-reference"
    MATCHED_THREAD = "matched-thread"
    MATCHED_DUPLICATE = "matched-duplicate"
    MATCHED_OTHER_ADDRESS = "matched-other_address"
    BOUNCE_RECORDED = "bounce-recorded"
    DUPLICATE = "duplicate"  # the ledger had it already: not processed again
    PROCESSED = "processed"  # nothing recorded (no case store configured)

    @classmethod
    def of_match(cls, match: MatchKind) -> Outcome:
        if match in (MatchKind.NEW, MatchKind.FOLLOW_UP):
            return cls.NEW_CASE
        return cls(f"matched-{match.value}")

    @property
    def match(self) -> MatchKind | None:
        """The case store's match this outcome records, if any."""
        prefix = "matched-"
        return MatchKind(self.value[len(prefix) :]) if self.value.startswith(prefix) else None


class SensitiveDetector(Protocol):
    """``bot.sensitive`` as the pipeline uses it."""

    def detect(self, text: str, language: str | None = None) -> list[Finding]: ...

    def mask(self, text: str, findings: list[Finding], language: str | None = None) -> str: ...


class Statement(Protocol):
    """``bot.statement`` as the replies use it."""

    def section(self, section_id: str, language: str = ...) -> Section: ...


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
    threaded_by: MatchKind | None = None  # how the case store matched it (None: a new case)
    prior_outcome: Outcome | None = None  # a resumed run: what the interrupted one recorded
    from_other_address: bool = False  # cites a case of another requester (bot.cases.threads)

    # understanding
    new_text: str = ""
    language: str = "nb"
    classification: Classification | None = None
    findings: list[Finding] = field(default_factory=list)
    sensitive_categories: tuple[str, ...] = ()
    masked_text: str | None = None
    masked_subject: str | None = None

    # outcome
    opened_case: bool = False
    case: Case | None = None  # the case store's view of the case (reference, due dates)
    outcome: Outcome | None = None
    reply_kind: ReplyKind | None = None
    reply_message_id: str | None = None
    notes: list[str] = field(default_factory=list)
    halted: str | None = None
    ledger_finished: bool = False  # the reply's transaction already closed the ledger entry

    def halt(self, outcome: Outcome) -> None:
        self.halted = outcome.value
        self.outcome = self.outcome or outcome

    @property
    def requests(self) -> tuple[str, ...]:
        return tuple(self.classification.requests) if self.classification is not None else ()

    @property
    def other_rights(self) -> tuple[str, ...]:
        return tuple(self.classification.other_rights) if self.classification is not None else ()

    @property
    def rights(self) -> tuple[str, ...]:
        """Everything asked for: the four requests and the other rights."""
        return (*self.requests, *self.other_rights)

    @property
    def doubt(self) -> bool:
        """May be a request, not confidently one: a person reads it before anything is promised."""
        return self.classification.doubt if self.classification is not None else False

    @property
    def likely_spam(self) -> bool:
        """The understanding layer's spam detector is confident (whether or not something is asked)."""
        return self.classification.likely_spam if self.classification is not None else False

    @property
    def reads_like_spam(self) -> bool:
        """Asks (or may ask, in doubt) for something, and the spam detector is confident: a case for
        review, no reply - not even the receipt a message in doubt gets, which would be backscatter."""
        return (bool(self.rights) or self.doubt) and self.likely_spam

    @property
    def intent(self) -> str | None:
        return self.classification.intent if self.classification is not None else None


@dataclass
class Services:
    """What steps may use; anything not configured is None and its step is skipped."""

    settings: Settings
    ledger: Ledger | None = None
    outbox: Outbox | None = None
    cases: CaseService | None = None
    classifier: TextClassifier | None = None
    detector: SensitiveDetector | None = None
    statement: Statement | None = None
    now: Callable[[], datetime] | None = None


Step = Callable[[MessageContext, Services], Awaitable[None]]
