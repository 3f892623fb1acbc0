"""Errors of the sensitive-data detector.

``SensitiveDataError`` is the root; ``LexiconError`` means a shipped data file
(word list, rule order, placeholders) is malformed, which is a packaging bug rather
than something a message can trigger.
"""

from __future__ import annotations

from bot.errors import PermanentError

__all__ = ["LexiconError", "SensitiveDataError"]


class SensitiveDataError(PermanentError):
    """Base class for every error raised by :mod:`bot.sensitive`."""


class LexiconError(SensitiveDataError):
    """A data file under ``bot/sensitive/data`` is missing or malformed."""
