"""Staff corrections of the understood request types, as labelled examples for training.

A correction is an audit event (``request_types_corrected``) on a case; the
example is the masked text of the case's first inbound message with the types
a person chose.  Masked text only: what staff see, never the clear text.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from bot.cases.enums import Direction
from bot.cases.models import AuditEvent, Case, Message
from bot.cases.store_transaction import Transaction

__all__ = ["LabelledExample", "labelled_examples"]


@dataclass(frozen=True)
class LabelledExample:
    reference: str
    language: str | None
    text: str
    understood: list[str]
    corrected: list[str]

    def as_json(self) -> dict[str, object]:
        return {
            "reference": self.reference,
            "language": self.language,
            "text": self.text,
            "understood": self.understood,
            "request_types": self.corrected,
        }


async def labelled_examples(tx: Transaction) -> list[LabelledExample]:
    """The latest correction per case still in the store, oldest case first."""
    events = await tx.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.action == "request_types_corrected", AuditEvent.case_id.is_not(None))
        .order_by(AuditEvent.id)
    )
    latest: dict[int, AuditEvent] = {}
    first_understood: dict[int, list[str]] = {}
    for event in events:
        assert event.case_id is not None
        first_understood.setdefault(event.case_id, list(event.detail.get("understood", [])))
        latest[event.case_id] = event
    examples = []
    for case_id, event in latest.items():
        case = await tx.session.get(Case, case_id)
        first = await tx.session.scalar(
            sa.select(Message)
            .where(Message.case_id == case_id, Message.direction == Direction.INBOUND)
            .order_by(Message.id)
            .limit(1)
        )
        if case is None or first is None or not first.masked_text:
            continue
        examples.append(
            LabelledExample(
                case.reference, case.language, first.masked_text, first_understood[case_id], list(event.detail["corrected"])
            )
        )
    return examples
