"""The case store: every request becomes a tracked case with its messages, deadlines and audit trail.

Use ``CaseService`` (async) for every operation; build it with
``CaseService.from_settings(load_settings())`` or from an engine made by
``create_engine_from_settings``.  A channel that writes its own rows in the
same transaction uses ``CaseService.unit_of_work()`` (a ``UnitOfWork``).
The schema is managed by Alembic in the composition root
(``personvern db upgrade``, see ``personvern.schema``).
"""

from __future__ import annotations

from bot.cases.deadlines import due_internal, due_legal
from bot.cases.engine import create_engine_from_settings, create_engine_from_url, transaction
from bot.cases.enums import (
    OPEN_STATUSES,
    RIGHTS_REQUEST_TYPES,
    ActorKind,
    CaseStatus,
    Channel,
    Direction,
    RequestType,
    StaffRole,
)
from bot.cases.errors import (
    AuditTrailIsAppendOnly,
    CaseError,
    CaseNotFound,
    ConcurrentUpdate,
    DeadlineExtensionRefused,
    IllegalTransition,
    LastActiveAdmin,
    MailDecryptionFailed,
    NotAllowed,
    StaffUserExists,
    StaffUserNotFound,
)
from bot.cases.inputs import (
    Actor,
    Attachment,
    AuditFilter,
    CaseFilter,
    CaseRequest,
    NewMessage,
    Requester,
    parse_message_ids,
)
from bot.cases.models import AuditEvent, Case, Message, StaffUser
from bot.cases.references import find_reference
from bot.cases.results import (
    AuditPage,
    CaseStatistics,
    MatchKind,
    PurgeReport,
    StoredMessage,
    ThreadResult,
    UnmaskedMessage,
    WeekCount,
)
from bot.cases.service import CaseService
from bot.cases.state import TRANSITIONS
from bot.cases.unit_of_work import UnitOfWork
from bot.crypto import MailCipher

__all__ = [
    "OPEN_STATUSES",
    "RIGHTS_REQUEST_TYPES",
    "TRANSITIONS",
    "Actor",
    "ActorKind",
    "Attachment",
    "AuditEvent",
    "AuditFilter",
    "AuditPage",
    "AuditTrailIsAppendOnly",
    "Case",
    "CaseError",
    "CaseFilter",
    "CaseNotFound",
    "CaseRequest",
    "CaseService",
    "CaseStatistics",
    "CaseStatus",
    "Channel",
    "ConcurrentUpdate",
    "DeadlineExtensionRefused",
    "Direction",
    "IllegalTransition",
    "LastActiveAdmin",
    "MailCipher",
    "MailDecryptionFailed",
    "MatchKind",
    "Message",
    "NewMessage",
    "NotAllowed",
    "PurgeReport",
    "RequestType",
    "Requester",
    "StaffRole",
    "StaffUser",
    "StaffUserExists",
    "StaffUserNotFound",
    "StoredMessage",
    "ThreadResult",
    "UnitOfWork",
    "UnmaskedMessage",
    "WeekCount",
    "create_engine_from_settings",
    "create_engine_from_url",
    "transaction",
    "due_internal",
    "due_legal",
    "find_reference",
    "parse_message_ids",
]
