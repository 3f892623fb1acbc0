"""The queue: open cases, soonest 14-day deadline first, with both deadlines in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.cases import OPEN_STATUSES, Case, CaseFilter
from staff.formatting import Deadline, deadline
from staff.keys import CASES, CLOCK
from staff.render import page, texts

__all__ = ["QUEUE_LIMIT", "QueueRow", "queue", "queue_row"]

QUEUE_LIMIT = 500  # one page until the queue gets pagination and views


@dataclass(frozen=True)
class QueueRow:
    reference: str
    requester_name: str | None
    requester_email: str
    request_types: list[str]
    status: str
    assignee: str | None
    due_internal: Deadline
    due_legal: Deadline


def queue_row(case: Case, now: datetime, tz: ZoneInfo, t: dict[str, Any]) -> QueueRow:
    return QueueRow(
        reference=case.reference,
        requester_name=case.requester_name,
        requester_email=case.requester_email,
        request_types=[t["request_type"].get(rt.value, rt.value) for rt in sorted(case.request_types)],
        status=t["status"].get(case.status.value, case.status.value),
        assignee=case.assignee.name if case.assignee is not None else None,
        due_internal=deadline(case.due_internal, now, tz, t),
        due_legal=deadline(case.due_legal, now, tz, t),
    )


async def queue(request: web.Request) -> web.StreamResponse:
    cases = request.app[CASES]
    found = await cases.list_cases(
        CaseFilter(statuses=OPEN_STATUSES, order_by="due_internal", limit=QUEUE_LIMIT + 1)
    )
    _lang, t = texts(request)
    now = request.app[CLOCK]()
    rows = [queue_row(case, now, cases.tz, t) for case in found[:QUEUE_LIMIT]]
    return await page(
        request, "queue.html", {"rows": rows, "truncated": len(found) > QUEUE_LIMIT, "limit": QUEUE_LIMIT}
    )
