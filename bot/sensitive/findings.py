"""The value a detector hands back: where something sensitive is, never what it is."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CATEGORIES", "Finding"]

#: Every category the detector can report, in the order the issue lists them.
#: Art. 9 GDPR special categories plus art. 10 (criminal) and the three number kinds.
CATEGORIES: tuple[str, ...] = (
    "national_id",
    "bank_account",
    "payment_card",
    "health",
    "religion",
    "ethnicity",
    "political",
    "union",
    "sexual_orientation",
    "genetic",
    "biometric",
    "criminal",
)

_KNOWN = frozenset(CATEGORIES)


@dataclass(frozen=True)
class Finding:
    """One sensitive span as character offsets into the scanned text.

    Deliberately holds no copy of the matched text, so a ``Finding`` can be logged,
    stored on a case or sent to the UI without leaking the value; callers that need
    the text slice it themselves (``text[f.start:f.end]``).
    """

    category: str
    start: int
    end: int
    confidence: float

    def __post_init__(self) -> None:
        if self.category not in _KNOWN:
            raise ValueError(f"unknown category {self.category!r}")
        if not 0 <= self.start < self.end:
            raise ValueError("a finding needs 0 <= start < end")
        if not 0.0 < self.confidence <= 1.0:
            raise ValueError("confidence must be in (0, 1]")
