"""The queue's address bar: a view, filters, a search and a page, parsed and checked, as a ``CaseFilter``.

Everything comes from the query string, so a view is a link staff can share
and bookmark; a value we do not know is a 400 (never silently ignored).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from multidict import MultiMapping

from bot.cases import OPEN_STATUSES, CaseFilter, CaseStatus, Channel, RequestType
from staff.errors import Refused
from staff.formatting import SOON_DAYS

__all__ = ["PAGE_SIZE", "VIEWS", "QueueQuery", "case_filter", "parse_query", "view_filter"]

PAGE_SIZE = 50
VIEWS = ("mine", "unassigned", "due_soon", "overdue", "review", "open", "all")
LANGUAGES = ("nb", "nn", "en")
YES_NO = {"yes": True, "no": False}
MAX_SEARCH = 200
MAX_PAGE = 100_000


@dataclass(frozen=True)
class QueueQuery:
    view: str = "open"
    status: CaseStatus | None = None
    request_type: RequestType | None = None
    channel: Channel | None = None
    language: str | None = None
    sensitive: bool | None = None
    verified: bool | None = None
    search: str = ""
    page: int = 1

    def params(self, **changes: object) -> str:
        """This query (with ``changes``) as a query string, defaults left out: for links."""
        query = dataclasses.replace(self, **changes)  # type: ignore[arg-type]
        pairs = {
            "view": query.view if query.view != "open" else None,
            "status": query.status.value if query.status else None,
            "type": query.request_type.value if query.request_type else None,
            "channel": query.channel.value if query.channel else None,
            "language": query.language,
            "sensitive": _yes_no(query.sensitive),
            "verified": _yes_no(query.verified),
            "q": query.search or None,
            "page": str(query.page) if query.page > 1 else None,
        }
        return urlencode({k: v for k, v in pairs.items() if v is not None})

    @property
    def filtered(self) -> bool:
        """Any filter or search beyond the view."""
        return self != QueueQuery(view=self.view, page=self.page)


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _choice(raw: str | None, allowed: dict[str, object]) -> object | None:
    if raw is None or raw == "":
        return None
    if raw not in allowed:
        raise Refused(400, "error_400_filter")
    return allowed[raw]


def parse_query(params: MultiMapping[str]) -> QueueQuery:
    """``Refused(400)`` for a value outside the vocabularies, a page that is no number, an overlong search."""
    view = params.get("view") or "open"
    if view not in VIEWS:
        raise Refused(400, "error_400_filter")
    page_text = params.get("page") or "1"
    if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
        raise Refused(400, "error_400_filter")
    search = (params.get("q") or "").strip()
    if len(search) > MAX_SEARCH or "\x00" in search:
        raise Refused(400, "error_400_filter")
    return QueueQuery(
        view=view,
        status=_choice(params.get("status"), {s.value: s for s in CaseStatus}),  # type: ignore[arg-type]
        request_type=_choice(params.get("type"), {t.value: t for t in RequestType}),  # type: ignore[arg-type]
        channel=_choice(params.get("channel"), {c.value: c for c in Channel}),  # type: ignore[arg-type]
        language=_choice(params.get("language"), {lang: lang for lang in LANGUAGES}),  # type: ignore[arg-type]
        sensitive=_choice(params.get("sensitive"), YES_NO),  # type: ignore[arg-type]
        verified=_choice(params.get("verified"), YES_NO),  # type: ignore[arg-type]
        search=search,
        page=int(page_text),
    )


def view_filter(view: str, user_id: int, now: datetime) -> CaseFilter:
    """The cases of one default view, soonest 14-day deadline first."""
    base = CaseFilter(statuses=OPEN_STATUSES, order_by="due_internal")
    if view == "mine":
        return dataclasses.replace(base, assignee_id=user_id)
    if view == "unassigned":
        return dataclasses.replace(base, unassigned=True)
    if view == "due_soon":
        return dataclasses.replace(base, due_from=now, due_until=now + timedelta(days=SOON_DAYS))
    if view == "overdue":
        return dataclasses.replace(base, due_until=now)
    if view == "review":
        return dataclasses.replace(base, needs_review=True)
    if view == "all":  # closed ones too: for looking a case up
        return dataclasses.replace(base, statuses=None)
    return base


def case_filter(query: QueueQuery, user_id: int, now: datetime) -> CaseFilter:
    """The view narrowed by the filters, one page of it."""
    f = view_filter(query.view, user_id, now)
    if query.status is not None:
        f = dataclasses.replace(f, statuses=frozenset({query.status}) & (f.statuses or frozenset({query.status})))
    return dataclasses.replace(
        f,
        request_type=query.request_type,
        channel=query.channel,
        language=query.language,
        sensitive=query.sensitive,
        identity_verified=query.verified,
        search=query.search or None,
        limit=PAGE_SIZE,
        offset=(query.page - 1) * PAGE_SIZE,
    )
