"""Sliding-window rate limits kept in memory (one web process serves the chat of an instance)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

__all__ = ["RateLimit"]

SWEEP_ABOVE = 10_000


@dataclass
class RateLimit:
    """At most ``limit`` events per ``window`` seconds per key."""

    limit: int
    window: float
    _times: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._times.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._times[key]
        return times

    def retry_after(self, key: str, now: float) -> float | None:
        """None when an event for ``key`` may happen now (and counts it), else seconds to wait."""
        times = self._recent(key, now)
        if len(times) >= self.limit:
            return max(1.0, times[0] + self.window - now)
        if len(self._times) > SWEEP_ABOVE:
            for stale in list(self._times):
                self._recent(stale, now)
        self._times.setdefault(key, deque()).append(now)
        return None
