"""A message being scanned, with the work that several rules share done once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .digits import DigitRun, digit_runs

__all__ = ["Scan"]


@dataclass
class Scan:
    """The text, its language hint and lazily computed shared views of it."""

    text: str
    language: str | None

    @cached_property
    def digit_runs(self) -> list[DigitRun]:
        """Groups of digits joined by single spaces, dots or hyphens."""
        return digit_runs(self.text)
