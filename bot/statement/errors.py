"""Errors raised by :mod:`bot.statement`.

Callers that only care whether a lookup worked catch :class:`StatementError`;
the subclasses say whether the caller asked for something that does not exist
(a programming or input error) or the packaged data itself is broken.
"""

from __future__ import annotations

from bot.errors import PermanentError

__all__ = ["StatementError", "UnknownSection", "UnknownLanguage", "StatementDataError"]


class StatementError(PermanentError):
    """Base class for every error about the privacy statement."""


class UnknownSection(StatementError, LookupError):
    """A section id that is not one of ``SECTION_IDS``."""


class UnknownLanguage(StatementError, LookupError):
    """A language code that is not one of ``LANGUAGES``."""


class StatementDataError(StatementError, ValueError):
    """A statement data file does not follow the expected Markdown subset."""
