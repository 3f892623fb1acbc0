"""Staff sessions: an encrypted cookie (aiohttp-session), idle and absolute expiry, logout.

The cookie holds the staff user's id, a random session id, the login time,
the last time it was used and the CSRF token, encrypted and authenticated
with a Fernet key derived from ``settings.secret_key``.  It is ``HttpOnly``,
``SameSite=Lax``, limited to ``/staff`` and ``Secure`` whenever the request
came over TLS.  Every request checks both expiries against the app's clock.

A cookie is a bearer token the server does not store, so logging out also
puts its session id on a revocation list (in memory, until the session
could have expired anyway): a copy of the cookie kept from before the
logout is refused too.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from aiohttp import web
from aiohttp_session import Session, get_session, new_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage
from cryptography.fernet import Fernet

__all__ = [
    "ABSOLUTE_LIFETIME",
    "CSRF",
    "COOKIE_NAME",
    "IDLE_TIMEOUT",
    "Revocations",
    "UID",
    "StaffCookieStorage",
    "csrf_token",
    "end_session",
    "fernet_key",
    "rotate_session",
    "session_state",
    "start_session",
    "started_before",
]

COOKIE_NAME = "personvern_staff"
COOKIE_PATH = "/staff"
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_LIFETIME = timedelta(hours=10)

UID, SID, LOGIN_AT, SEEN_AT, CSRF = "uid", "sid", "login_at", "seen_at", "csrf"


def fernet_key(secret_key: str) -> bytes:
    """A Fernet key of its own for the session cookie (not the raw-mail key), from the app secret."""
    digest = hashlib.sha256(b"personvern staff session cookie\x00" + secret_key.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest)


class StaffCookieStorage(EncryptedCookieStorage):
    """``EncryptedCookieStorage`` (Fernet) with ``Secure`` set per request, whenever it came over TLS.

    No ``Max-Age``: the cookie ends with the browser, and the expiries are checked
    on the server against the times inside it (``session_state``).
    """

    def __init__(self, secret_key: str) -> None:
        super().__init__(
            Fernet(fernet_key(secret_key)), cookie_name=COOKIE_NAME, path=COOKIE_PATH, httponly=True, samesite="Lax"
        )

    async def save_session(self, request: web.Request, response: web.StreamResponse, session: Session) -> None:
        await super().save_session(request, response, session)
        cookie = response.cookies.get(COOKIE_NAME)
        if cookie is not None and cookie.value and request.secure:
            cookie["secure"] = True


@dataclass
class Revocations:
    """Session ids that logged out, each kept until the moment it would have expired anyway."""

    _until: dict[str, float] = field(default_factory=dict)

    def revoke(self, sid: str, until: float, now: float) -> None:
        self._until = {s: t for s, t in self._until.items() if t > now}
        self._until[sid] = until

    def revoked(self, sid: str) -> bool:
        return sid in self._until


async def start_session(request: web.Request, staff_user_id: int, now: float) -> Session:
    """A brand-new session for a user who just signed in (new id, new CSRF token)."""
    session = await new_session(request)
    session.update({UID: staff_user_id, SID: secrets.token_urlsafe(18), LOGIN_AT: now, SEEN_AT: now})
    session[CSRF] = secrets.token_urlsafe(32)
    return session


def started_before(session: Session, moment: float | None) -> bool:
    """True when this session signed in before ``moment`` (a timestamp): a password change or reset ended it."""
    login_at = session.get(LOGIN_AT)
    return moment is not None and (not isinstance(login_at, (int, float)) or login_at < moment)


def csrf_token(session: Session) -> str:
    """This session's CSRF token, made on first use (the login form needs one before sign-in)."""
    token = session.get(CSRF)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[CSRF] = token
    return token


def session_state(session: Session, now: float, revocations: Revocations) -> int | None:
    """The signed-in user's id if the session is alive (and marks it used), else None."""
    uid, sid = session.get(UID), session.get(SID)
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not isinstance(uid, int) or not isinstance(sid, str):
        return None
    if not isinstance(login_at, (int, float)) or not isinstance(seen_at, (int, float)):
        return None
    if revocations.revoked(sid):
        return None
    if now - seen_at > IDLE_TIMEOUT.total_seconds() or now - login_at > ABSOLUTE_LIFETIME.total_seconds():
        return None
    if now < login_at - 60:  # from the future: a clock gone wrong, not a session to trust
        return None
    session[SEEN_AT] = now
    return uid


async def end_session(request: web.Request, now: float, revocations: Revocations) -> None:
    """Log out: forget the cookie and refuse any copy of it from now on."""
    session = await get_session(request)
    sid, login_at = session.get(SID), session.get(LOGIN_AT)
    if isinstance(sid, str) and isinstance(login_at, (int, float)):
        revocations.revoke(sid, login_at + ABSOLUTE_LIFETIME.total_seconds(), now)
    session.invalidate()


async def rotate_session(request: web.Request, staff_user_id: int, now: float, revocations: Revocations) -> Session:
    """A new session id and CSRF token for the same user (after a password change); the old id is revoked."""
    await end_session(request, now, revocations)
    return await start_session(request, staff_user_id, now)
