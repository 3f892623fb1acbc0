"""Chat sessions without server state: an unguessable sender id, bound to a signed cookie.

``POST /chat/session`` hands out a random sender id and sets the cookie
``personvern_chat`` = ``<last seen>.<HMAC(secret, sender, last seen)>``.  A turn
is accepted only with the cookie that belongs to its sender id and was used
within ``[chat] session_minutes``; each turn renews it.  Nothing is stored, so
a session survives a restart of the service and works on every instance
that has the secret; a guessed or copied sender id without its cookie is
refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["COOKIE", "SessionKeys"]

COOKIE = "personvern_chat"


class SessionKeys:
    """Signing and checking the session cookie, and the keyed hashes the chat stores instead of ids."""

    def __init__(self, secret: str, idle_seconds: float) -> None:
        if not secret:
            raise ValueError("the chat needs the service secret (PERSONVERN_SECRET_KEY)")
        self._key = hmac.new(secret.encode(), b"personvern chat sessions v1", hashlib.sha256).digest()
        self.idle_seconds = idle_seconds

    def digest(self, label: str, value: str) -> str:
        return hmac.new(self._key, f"{label}\x1f{value}".encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()

    @staticmethod
    def new_sender() -> str:
        return secrets.token_urlsafe(24)

    def cookie(self, sender: str, now: float) -> str:
        stamp = str(int(now))
        return f"{stamp}.{self.digest('cookie', f'{sender}|{stamp}')}"

    def valid(self, sender: str, cookie: str | None, now: float) -> bool:
        """The cookie belongs to ``sender`` and was renewed within the idle time."""
        if not cookie or "." not in cookie or not sender:
            return False
        stamp, signature = cookie.split(".", 1)
        if not stamp.isdigit() or not hmac.compare_digest(signature, self.digest("cookie", f"{sender}|{stamp}")):
            return False
        return 0 <= now - int(stamp) <= self.idle_seconds
