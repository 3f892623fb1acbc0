"""Sensitive-data detector: GDPR art. 9/10 categories and Norwegian identity numbers.

``detect(text, language)`` returns :class:`Finding` offsets (never the matched text);
``mask(text, findings, language)`` replaces them with readable placeholders.
spaCy pipelines are built on first use and cached for the process.
"""

from __future__ import annotations

from .detector import detect
from .errors import LexiconError, SensitiveDataError
from .findings import CATEGORIES, Finding
from .masking import mask

__all__ = ["CATEGORIES", "Finding", "LexiconError", "SensitiveDataError", "detect", "mask", "mask_text"]


def mask_text(text: str, language: str | None = None) -> str:
    """``text`` with everything ``detect`` finds replaced: the masked copy staff see."""
    return mask(text, detect(text, language), language)
