"""Text preparation for classification: normalising and splitting into sentences.

Sentence-level classification is how one message yields several requests
("send me a copy and then delete everything"): each sentence is classified on
its own and the request types are united with the whole message's.
"""

from __future__ import annotations

import re

__all__ = ["normalise", "segments"]

_WS = re.compile(r"[ \t\r\f\v\u00a0]+")
# Sentence ends, line breaks, and "and then"-style joins between two requests.
_SPLIT = re.compile(
    r"(?<=[.!?])\s+|\n+|;\s*|"
    r",?\s+\b(?:and then|and also|and afterwards|og så|og deretter|og etterpå|og etterpå|og deretter|og da|og i tillegg|samt)\b\s+",
    re.IGNORECASE,
)
_MAX_CHARS = 4000


def normalise(text: str) -> str:
    """Collapse runs of spaces, drop empty lines, cap the length the model sees."""
    lines = (_WS.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)[:_MAX_CHARS]


def segments(text: str, min_words: int = 2, max_segments: int = 12) -> list[str]:
    """The message's sentences with at least ``min_words`` words, in order, the first ``max_segments``.

    The cap matters for letters: an identity block and an "(a)-(h)" list can
    fill twelve segments before the sentence that asks (``nlu.max_sentences``).
    """
    parts = (p.strip(" ,-–") for p in _SPLIT.split(normalise(text)) if p)
    kept = [p for p in parts if len(p.split()) >= min_words]
    return kept[:max_segments]
