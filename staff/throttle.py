"""Failed-login throttling, per account and per client address, that says nothing about accounts.

Five failures for one account name, or from one address, within fifteen
minutes refuse every further attempt from it until the oldest of them falls
out of the window; refused attempts are not verified and do not count.  An
account name that does not exist is throttled exactly like one that does, so
neither the message nor the timing tells them apart.  An attempt counts as a
failure from the moment it starts, so parallel guesses cannot slip past the
limit while the password hash is being checked; a success takes it back.

Kept in memory: one service process serves the staff interface.
"""

from __future__ import annotations

import contextlib
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta

__all__ = ["LoginThrottle"]

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
SWEEP_ABOVE = 10_000  # keys kept before stale ones are swept out


@dataclass
class LoginThrottle:
    max_failures: int = MAX_FAILURES
    window: float = WINDOW.total_seconds()
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    @staticmethod
    def keys(account: str, address: str) -> tuple[str, str]:
        return f"account:{account.strip().lower()}", f"address:{address}"

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def begin(self, account: str, address: str, now: float) -> bool:
        """Start an attempt: False (refuse it) when the account or the address is throttled."""
        keys = self.keys(account, address)
        if any(len(self._recent(key, now)) >= self.max_failures for key in keys):
            return False
        if len(self._failures) > SWEEP_ABOVE:
            for key in list(self._failures):
                self._recent(key, now)
        for key in keys:
            self._failures.setdefault(key, deque()).append(now)
        return True

    def succeeded(self, account: str, address: str, now: float) -> None:
        """The attempt begun at ``now`` signed in: the account starts afresh, the address gets it back."""
        account_key, address_key = self.keys(account, address)
        self._failures.pop(account_key, None)
        times = self._failures.get(address_key)
        if times is not None:
            with contextlib.suppress(ValueError):  # already out of the window
                times.remove(now)
            if not times:
                del self._failures[address_key]
