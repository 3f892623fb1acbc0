"""The queue: the default views with their counts, filters, search and pages, soonest 14-day deadline first.

``?fragment=rows`` answers with the table rows only (same filters): the
queue page's script polls it, so new cases appear without a reload.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from aiohttp_session import get_session

from bot.cases import Case, CaseFilter, CaseStatus, Channel, RequestType, StaffUser
from staff.formatting import Deadline, deadline
from staff.keys import CASES, CLOCK, PRESENCE, QUEUE_REFRESH, USER
from staff.render import page, texts
from staff.views.queue_query import PAGE_SIZE, VIEWS, case_filter, parse_query, view_filter

__all__ = ["QueueRow", "queue", "queue_row"]

FLASH = "queue_flash"


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
    needs_review: bool
    sensitive: bool
    viewing: list[str]


def queue_row(case: Case, now: datetime, tz: ZoneInfo, t: dict[str, Any], viewing: list[str] | None = None) -> QueueRow:
    return QueueRow(
        reference=case.reference,
        requester_name=case.requester_name,
        requester_email=case.requester_email,
        request_types=[t["request_type"].get(rt.value, rt.value) for rt in sorted(case.request_types)],
        status=t["status"].get(case.status.value, case.status.value),
        assignee=case.assignee.name if case.assignee is not None else None,
        due_internal=deadline(case.due_internal, now, tz, t, is_open=case.is_open),
        due_legal=deadline(case.due_legal, now, tz, t, is_open=case.is_open),
        needs_review=bool(case.review_reason),
        sensitive=bool(case.sensitive_categories),
        viewing=viewing or [],
    )


def _choices(t: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    return {
        "status": [(s.value, t["status"][s.value]) for s in CaseStatus],
        "type": [(r.value, t["request_type"][r.value]) for r in RequestType],
        "channel": [(c.value, t["channel_name"][c.value]) for c in Channel],
        "language": [(code, t["language_name"][code]) for code in ("nb", "nn", "en")],
        "yes_no": [("yes", t["yes"]), ("no", t["no"])],
    }


SHOWN = "shown"  # the count of what this page lists, beside the views' counts (not a view name)


def _counted(wanted: CaseFilter, user: StaffUser, now: datetime, *, fragment: bool) -> dict[str, CaseFilter]:
    """What one counting pass counts: what is shown, and for a whole page every view too."""
    views = {} if fragment else {v: view_filter(v, user.id, now) for v in VIEWS}
    return {**views, SHOWN: wanted}


async def queue(request: web.Request) -> web.StreamResponse:
    query = parse_query(request.query)
    cases = request.app[CASES]
    user: StaffUser = request[USER]
    now = request.app[CLOCK]()
    _lang, t = texts(request)
    wanted = case_filter(query, user.id, now)
    fragment = request.query.get("fragment") == "rows"
    found, counts = await asyncio.gather(
        cases.list_cases(wanted), cases.count_each(_counted(wanted, user, now, fragment=fragment))
    )
    total = counts.pop(SHOWN)
    presence = request.app[PRESENCE]
    rows = [queue_row(c, now, cases.tz, t, presence.others(c.reference, user.id, now)) for c in found]
    if fragment:
        context = {"rows": rows, "query": query, "can_bulk": bool(user.role.can_handle_cases)}
        response = await page(request, "_queue_rows.html", context)
        response.headers["X-Queue-Total"] = str(total)
        return response
    pages = max(1, -(-total // PAGE_SIZE))
    flash = (await get_session(request)).pop(FLASH, None)
    context = {
        "rows": rows,
        "query": query,
        "total": total,
        "pages": pages,
        "views": [(v, t["view"][v], n) for v, n in counts.items()],
        "choices": _choices(t),
        "handlers": [(u.id, u.name) for u in await cases.list_staff_users() if u.active and u.role.can_handle_cases],
        "can_bulk": bool(user.role.can_handle_cases),
        "refresh_ms": int(request.app[QUEUE_REFRESH] * 1000),
        "flash": flash if isinstance(flash, dict) else None,
    }
    return await page(request, "queue.html", context)
