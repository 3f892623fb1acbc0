"""The audit log: one case's (any role that may read the case) and all of it (admins only), with CSV.

Filters: staff user, action(s) and period (local days), newest first, 100 a
page.  "Who looked at what unmasked, when and why" is the preset
``?action=unmasked_viewed&action=raw_mail_viewed``, one click from the menu;
each row shows the case, who, when and the reason they gave.  The admin rule is
checked here, on the server, for the page and its CSV alike.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from yarl import URL

from bot.cases import AuditEvent, AuditFilter, CaseNotFound, StaffUser
from bot.cases.references import REFERENCE_PATTERN
from staff.csv_export import Cell, csv_response
from staff.errors import Refused
from staff.formatting import local_time
from staff.keys import CASES
from staff.periods import BadFilter, Period, optional_period, page_number
from staff.render import page, texts
from staff.roles import require_admin

__all__ = ["PAGE_SIZE", "PRIVILEGED_ACTIONS", "audit_csv", "audit_page", "case_audit_page"]

PAGE_SIZE = 100
CSV_BATCH, CSV_MAX_ROWS = 1000, 100_000
PRIVILEGED_ACTIONS = ("unmasked_viewed", "raw_mail_viewed")
EXTRA_ACTIONS = ("case_purged",)  # recorded by the store, without a text in the case vocabulary
MAX_ACTIONS = 30


@dataclass(frozen=True)
class Query:
    """The filter as asked for: what the form shows again and what the links carry on."""

    user: int | None
    actions: tuple[str, ...]
    first: str
    last: str
    page: int

    def pairs(self, page: int | None = None) -> list[tuple[str, str]]:
        found = [("user", str(self.user))] if self.user is not None else []
        found += [("action", a) for a in self.actions]
        found += [(name, v) for name, v in (("from", self.first), ("to", self.last)) if v]
        return found + ([("page", str(page))] if page and page > 1 else [])


@dataclass(frozen=True)
class Row:
    when: str
    at: datetime
    reference: str | None
    who: str
    action: str
    action_label: str
    reason: str | None
    details: list[tuple[str, str]]


def action_names(t: Mapping[str, Any]) -> dict[str, str]:
    names = dict(t["action"])
    names.update({a: str(t["audit_action_extra"].get(a, a)) for a in EXTRA_ACTIONS if a not in names})
    return names


def _actions(request: web.Request) -> tuple[str, ...]:
    wanted = request.query.getall("action", [])
    if len(wanted) > MAX_ACTIONS or any(not a.replace("_", "").isalnum() or len(a) > 64 for a in wanted):
        raise BadFilter("filter_bad_action")
    return tuple(dict.fromkeys(a.strip() for a in wanted if a.strip()))


def _user(request: web.Request, staff: Mapping[int, StaffUser]) -> int | None:
    value = request.query.get("user", "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 12 or int(value) not in staff:
        raise BadFilter("filter_bad_user")
    return int(value)


def _parse(request: web.Request, staff: Mapping[int, StaffUser], tz: ZoneInfo) -> tuple[Query, AuditFilter]:
    """The query string as a ``Query`` and the case store's ``AuditFilter``; ``BadFilter`` when wrong."""
    first, last = optional_period(request.query)
    query = Query(
        user=_user(request, staff),
        actions=_actions(request),
        first=first.isoformat() if first else "",
        last=last.isoformat() if last else "",
        page=page_number(request.query),
    )
    since = Period(first, first).bounds(tz)[0] if first else None
    until = Period(last, last).bounds(tz)[1] if last else None
    found = AuditFilter(
        case_reference=request.match_info.get("reference"),
        staff_user_id=query.user,
        actions=frozenset(query.actions) or None,
        since=since,
        until=until,
        limit=PAGE_SIZE,
        offset=(query.page - 1) * PAGE_SIZE,
    )
    return query, found


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _who(event: AuditEvent, staff: Mapping[int, StaffUser], t: Mapping[str, Any]) -> str:
    if event.actor_staff_id is not None:
        user = staff.get(event.actor_staff_id)
        return user.name if user is not None else str(t["staff_user"]).format(id=event.actor_staff_id)
    return str(t["actor"].get(event.actor_kind.value, event.actor_kind.value))


def row(event: AuditEvent, staff: Mapping[int, StaffUser], tz: ZoneInfo, t: dict[str, Any]) -> Row:
    detail = event.detail if isinstance(event.detail, dict) else {}
    reason = detail.get("reason")
    return Row(
        when=local_time(event.created_at, tz, t),
        at=event.created_at,
        reference=event.case_reference,
        who=_who(event, staff, t),
        action=event.action,
        action_label=action_names(t).get(event.action, event.action),
        reason=_value(reason) if reason not in (None, "") else None,
        details=[(str(k), _value(v)) for k, v in sorted(detail.items()) if k != "reason" and v not in (None, [], {})],
    )


def _pages(base: URL, query: Query, total: int) -> dict[str, Any]:
    last = max(1, -(-total // PAGE_SIZE))
    return {
        "number": query.page,
        "count": last,
        "previous": base.with_query(query.pairs(query.page - 1)) if query.page > 1 else None,
        "next": base.with_query(query.pairs(query.page + 1)) if query.page < last else None,
    }


async def _render(request: web.Request, base: URL, extra: dict[str, Any]) -> web.StreamResponse:
    cases = request.app[CASES]
    _lang, t = texts(request)
    staff = {u.id: u for u in await cases.list_staff_users()}
    context: dict[str, Any] = {
        **extra,
        "staff": sorted(staff.values(), key=lambda u: (u.name.casefold(), u.id)),
        "actions": sorted(action_names(t).items(), key=lambda pair: pair[1].casefold()),
        "action_url": base,
        "privileged_url": base.with_query([("action", a) for a in PRIVILEGED_ACTIONS]),
        "all_url": base,
    }
    try:
        query, filters = _parse(request, staff, cases.tz)
    except BadFilter as exc:
        bad = Query(None, (), request.query.get("from", "")[:40], request.query.get("to", "")[:40], 1)
        context.update(error=exc.message(t), q=bad, rows=None)
        return await page(request, "audit.html", context, status=400)
    found = await cases.audit_events(filters)
    context.update(
        error=None,
        q=query,
        rows=[row(e, staff, cases.tz, t) for e in found.events],
        total=found.total,
        pages=_pages(base, query, found.total),
        privileged=set(query.actions) == set(PRIVILEGED_ACTIONS),
    )
    return await page(request, "audit.html", context)


async def audit_page(request: web.Request) -> web.StreamResponse:
    """GET /staff/audit: every case's trail, for admins only."""
    require_admin(request)
    base = request.app.router["audit"].url_for()
    csv_url = request.app.router["audit-csv"].url_for()
    return await _render(request, base, {"reference": None, "csv_url": csv_url, "purged": False})


async def case_audit_page(request: web.Request) -> web.StreamResponse:
    """GET /staff/cases/{reference}/audit: one case's trail, for anyone who may read the case."""
    reference = request.match_info["reference"].strip().upper()
    if not REFERENCE_PATTERN.fullmatch(reference):
        raise Refused(404)
    cases = request.app[CASES]
    try:
        await cases.get_case(reference, with_messages=False)
        purged = False
    except CaseNotFound:  # purged: its trail outlives it; never existed: nothing to show
        if not (await cases.audit_events(AuditFilter(case_reference=reference, limit=1))).total:
            raise
        purged = True
    base = request.app.router["case-audit"].url_for(reference=reference)
    return await _render(request, base, {"reference": reference, "csv_url": None, "purged": purged})


def _csv_row(r: Row, event: AuditEvent, staff: Mapping[int, StaffUser]) -> list[Cell]:
    user = staff.get(event.actor_staff_id) if event.actor_staff_id is not None else None
    details = {k: v for k, v in (event.detail or {}).items() if k != "reason"}
    return [
        r.at.isoformat(),
        r.reference,
        r.action,
        r.action_label,
        event.actor_kind.value,
        event.actor_staff_id,
        r.who if event.actor_staff_id is not None else None,
        user.email if user is not None else None,
        r.reason,
        json.dumps(details, ensure_ascii=False, sort_keys=True) if details else None,
    ]


async def audit_csv(request: web.Request) -> web.StreamResponse:
    """GET /staff/audit.csv: the filtered view, every page of it (up to 100 000 rows), admins only."""
    require_admin(request)
    cases = request.app[CASES]
    _lang, t = texts(request)
    staff = {u.id: u for u in await cases.list_staff_users()}
    try:
        _query, filters = _parse(request, staff, cases.tz)
    except BadFilter as exc:
        return await page(request, "error.html", {"status": 400, "message": exc.message(t)}, status=400)
    rows: list[Sequence[Cell]] = []
    offset = 0
    while offset < CSV_MAX_ROWS:
        batch = await cases.audit_events(dataclasses.replace(filters, limit=CSV_BATCH, offset=offset))
        rows += [_csv_row(row(e, staff, cases.tz, t), e, staff) for e in batch.events]
        offset += CSV_BATCH
        if offset >= batch.total:
            break
    header = ["time", "case", "action", "action_label", "actor", "staff_user_id", "staff_user", "staff_email",
              "reason", "details"]
    return csv_response(header, rows, "revisjonslogg.csv")

