"""One-time codes that prove a chat visitor holds an email address (issue 13).

``Verifier.issue`` makes a six-digit code for an address and hands it back
once, to be mailed; the database keeps only keyed hashes (HMAC-SHA256 with
the service secret: a plain hash of a million possible codes is reversed in
a second).  ``Verifier.check`` counts an attempt before it compares, so
parallel guesses cannot pass the limit.  Limits (``[chat]`` settings):
codes expire after 15 minutes, 5 wrong attempts lock a challenge, a code is
re-sent at most 3 times, and new codes are rate-limited per address and per
client address.  The tables are the core's own (``bot.verification.tables``),
migrated by the one history in ``personvern/migrations``.
"""

from __future__ import annotations

from bot.verification.errors import (
    ResendLimitReached,
    TooManyCodes,
    UnknownChallenge,
    VerificationRefused,
)
from bot.verification.service import Check, CheckResult, IssuedCode, VerificationLimits, Verifier

__all__ = [
    "Check",
    "CheckResult",
    "IssuedCode",
    "ResendLimitReached",
    "TooManyCodes",
    "UnknownChallenge",
    "VerificationLimits",
    "VerificationRefused",
    "Verifier",
]
