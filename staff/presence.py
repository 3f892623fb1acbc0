"""Who has a case open right now: so two handlers do not answer the same person twice.

Kept in this process's memory (a case page view counts for ``WINDOW``); with
several web instances each knows its own viewers only, which is a hint, not
a lock (the case store's assignee and optimistic versions are the locks).
"""

from __future__ import annotations

from datetime import datetime, timedelta

__all__ = ["Presence"]

WINDOW = timedelta(minutes=5)
MAX_CASES = 10_000  # bounded: a crawl through every case cannot grow it without end


class Presence:
    def __init__(self) -> None:
        self._seen: dict[str, dict[int, tuple[str, datetime]]] = {}

    def viewed(self, reference: str, user_id: int, name: str, now: datetime) -> None:
        if len(self._seen) >= MAX_CASES:
            self._prune(now)
        self._seen.setdefault(reference, {})[user_id] = (name, now)

    def others(self, reference: str, user_id: int, now: datetime) -> list[str]:
        """Names of the other staff who viewed the case within the window."""
        viewers = self._seen.get(reference, {})
        return sorted(name for uid, (name, at) in viewers.items() if uid != user_id and now - at <= WINDOW)

    def _prune(self, now: datetime) -> None:
        for reference in list(self._seen):
            fresh = {uid: v for uid, v in self._seen[reference].items() if now - v[1] <= WINDOW}
            if fresh:
                self._seen[reference] = fresh
            else:
                del self._seen[reference]
        while len(self._seen) >= MAX_CASES:
            self._seen.pop(next(iter(self._seen)))
