"""Why a code was not issued or re-sent (``PermanentError``: the same call now fails the same way)."""

from __future__ import annotations

from bot.errors import PermanentError

__all__ = ["ResendLimitReached", "TooManyCodes", "UnknownChallenge", "VerificationRefused"]


class VerificationRefused(PermanentError):
    """A code was not issued or re-sent."""


class TooManyCodes(VerificationRefused):
    """Too many codes for this address or from this client within the hour."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ResendLimitReached(VerificationRefused):
    """The code of this challenge was re-sent as often as allowed."""


class UnknownChallenge(VerificationRefused):
    """No such challenge for this address, or it is no longer usable (expired, locked, used)."""
