"""Staff password hashing with argon2id (argon2-cffi's RFC 9106 low-memory profile)."""

from __future__ import annotations

import functools
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "generate_password",
    "hash_password",
    "needs_rehash",
    "spend_verification_time",
    "verify_password",
]

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # the staff sign-in reads no more than this

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a staff password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValueError(f"a staff password may have at most {MAX_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def generate_password() -> str:
    """A random one-time password (24 URL-safe characters, 144 bits) for a new account or a reset."""
    return secrets.token_urlsafe(18)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong password or a malformed hash."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    return _hasher.check_needs_rehash(stored_hash)


@functools.lru_cache(maxsize=1)
def _dummy_hash(parameters: str) -> str:
    return _hasher.hash("no such staff user")


def spend_verification_time(password: str) -> bool:
    """Verify against a dummy hash so an unknown email takes as long as a wrong password (no user probing)."""
    verify_password(_dummy_hash(repr(_hasher)), password)
    return False
