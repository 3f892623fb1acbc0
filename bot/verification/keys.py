"""Keyed hashes: HMAC-SHA256 under a key derived from the service secret, one purpose per label."""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["Keyed", "new_challenge", "new_code"]

CODE_DIGITS = 6


def new_code() -> str:
    """Six uniformly random digits (leading zeros kept)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def new_challenge() -> str:
    """An unguessable challenge id (144 random bits)."""
    return secrets.token_urlsafe(18)


class Keyed:
    """``digest(label, *parts)``: a hex HMAC; the same parts under another label give another value."""

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("verification needs the service secret (PERSONVERN_SECRET_KEY)")
        self._key = hmac.new(secret.encode("utf-8"), b"personvern chat verification v1", hashlib.sha256).digest()

    def digest(self, label: str, *parts: str) -> str:
        message = "\x1f".join((label, *parts)).encode("utf-8", "surrogatepass")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def same(self, a: str, b: str) -> bool:
        return hmac.compare_digest(a, b)
