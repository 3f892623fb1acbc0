"""Turning the lists' token patterns into phrases, because phrases are cheap to match.

spaCy's Matcher evaluates ``{"IN": [...]}`` predicates in Python for every token, which
cost ~0.1 ms per pattern on a 1 kB message; the PhraseMatcher is a hash lookup. A
pattern whose tokens only name words (``LOWER``/``NORM``/``TEXT``, a string or an
``IN`` list, optionally ``"OP": "?"``) is expanded into every phrase it stands for.
Patterns using anything else (``IS_TITLE``, ``LIKE_NUM``, wildcards) stay Matcher
patterns.
"""

from __future__ import annotations

import itertools
from typing import Any

from .errors import LexiconError

__all__ = ["MAX_PHRASES", "expand"]

MAX_PHRASES = 20_000
_WORD_KEYS = {"LOWER", "NORM", "TEXT", "ORTH"}


def _choices(token: dict[str, Any]) -> tuple[str, list[str]] | None:
    keys = set(token) - {"OP"}
    if len(keys) != 1 or token.get("OP", "?") != "?":
        return None
    (key,) = keys
    if key not in _WORD_KEYS:
        return None
    value = token[key]
    if isinstance(value, str):
        words = [value]
    elif isinstance(value, dict) and set(value) == {"IN"}:
        words = list(value["IN"])
    else:
        return None
    if "OP" in token:
        words.append("")
    return key, words


def expand(pattern: list[dict[str, Any]]) -> tuple[str, list[str]] | None:
    """("NORM" or "ORTH", phrases) for a word-only pattern, or None to keep it a pattern.

    Case-sensitive tokens (``TEXT``/``ORTH``) make the whole pattern an ``ORTH``
    pattern; its other words are then tried in lower case and capitalised.
    """
    slots = [_choices(token) for token in pattern]
    if not slots or any(slot is None for slot in slots):
        return None
    exact_case = any(key in ("TEXT", "ORTH") for key, _ in slots)  # type: ignore[misc]
    options: list[list[str]] = []
    for key, words in slots:  # type: ignore[misc]
        if exact_case and key not in ("TEXT", "ORTH"):
            words = sorted({w for word in words for w in (word, word[:1].upper() + word[1:])})
        options.append(words)
    count = 1
    for words in options:
        count *= len(words)
    if count > MAX_PHRASES:
        raise LexiconError(f"pattern expands to {count} phrases (max {MAX_PHRASES})")
    phrases = {" ".join(w for w in combo if w) for combo in itertools.product(*options)}
    phrases.discard("")
    return ("ORTH" if exact_case else "NORM"), sorted(phrases)
