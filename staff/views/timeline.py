"""A case's timeline: its messages (masked text only) and its audit events, in order."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.cases import ActorKind, AuditEvent, Direction, Message
from staff.formatting import local_time, size

__all__ = ["AttachmentRow", "Entry", "timeline"]


@dataclass(frozen=True)
class AttachmentRow:
    name: str | None
    content_type: str
    size: str


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: ``kind`` is ``message`` or ``event``."""

    kind: str
    at: datetime
    when: str
    title: str
    who: str | None = None
    direction: str | None = None
    subject: str | None = None
    sender: str | None = None
    from_other_address: bool = False
    masked_text: str | None = None
    attachments: list[AttachmentRow] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)
    message_pk: int | None = None
    has_raw: bool = False  # the original mail is in the store (``raw_location == "db"``)


def _staff_name(staff_id: int | None, names: Mapping[int, str], t: dict[str, Any]) -> str | None:
    if staff_id is None:
        return None
    return names.get(staff_id) or str(t["staff_user"]).format(id=staff_id)


def _attachments(raw: Any, t: dict[str, Any]) -> list[AttachmentRow]:
    rows = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        filename, content_type, n = item.get("filename"), item.get("content_type"), item.get("size")
        rows.append(
            AttachmentRow(
                name=str(filename) if filename else None,
                content_type=str(content_type or ""),
                size=size(n if isinstance(n, int) else None, t),
            )
        )
    return rows


def message_entry(message: Message, tz: ZoneInfo, t: dict[str, Any], names: Mapping[int, str]) -> Entry:
    """Never the encrypted text: only what the sensitive-data detector masked (or a notice that there is none)."""
    return Entry(
        kind="message",
        at=message.created_at,
        when=local_time(message.created_at, tz, t),
        title=t["direction"].get(message.direction.value, message.direction.value),
        who=_staff_name(message.author_staff_id, names, t),
        direction=message.direction.value,
        subject=message.subject,
        sender=message.sender if message.direction is Direction.INBOUND else None,
        from_other_address=bool(message.from_other_address),
        masked_text=message.masked_text,
        attachments=_attachments(message.attachments, t),
        message_pk=message.id,
        has_raw=message.raw_location == "db",
    )


def _detail_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def event_entry(event: AuditEvent, tz: ZoneInfo, t: dict[str, Any], names: Mapping[int, str]) -> Entry:
    if event.actor_kind is ActorKind.STAFF:
        who = _staff_name(event.actor_staff_id, names, t)
    else:
        who = t["actor"].get(event.actor_kind.value, event.actor_kind.value)
    detail = event.detail if isinstance(event.detail, dict) else {}
    return Entry(
        kind="event",
        at=event.created_at,
        when=local_time(event.created_at, tz, t),
        title=t["action"].get(event.action, event.action),
        who=who,
        details=[(str(k), _detail_value(v)) for k, v in sorted(detail.items()) if v not in (None, [], {})],
    )


def timeline(
    messages: Sequence[Message],
    events: Sequence[AuditEvent],
    tz: ZoneInfo,
    t: dict[str, Any],
    names: Mapping[int, str],
) -> list[Entry]:
    """Oldest first; a message comes before the events recorded with it at the same moment."""
    keyed = [((m.created_at, 0, m.id), message_entry(m, tz, t, names)) for m in messages]
    keyed += [((e.created_at, 1, e.id), event_entry(e, tz, t, names)) for e in events]
    return [entry for _key, entry in sorted(keyed, key=lambda pair: pair[0])]
