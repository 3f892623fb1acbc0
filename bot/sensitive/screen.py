"""A cheap pre-pass that lets long texts skip spaCy where no list word occurs.

Tokenizing costs most for words spaCy has never seen, and a long message (a pasted
thread, a log, an attachment's text) is mostly such words and mostly harmless. Every
term and pattern has an *anchor*, its longest word; no match can exist in a sentence
without some form of an anchor in it. The screen splits a long text into sentences,
keeps those holding an anchor (plus one sentence either side, for context words), and
only those go through spaCy. Short messages are not screened at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .lexicon import MAX_WORD

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .lexicon import Norms

__all__ = ["COMMON", "Screen", "pattern_anchor", "sentences"]

_WORD = re.compile(r"[\w'’-]+")
_PART = re.compile(r"\w+")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*|[.!?\n]+")
MAX_CACHE = 200_000
#: Function words that make poor anchors: a sentence holding only these is common.
COMMON = frozenset(
    (
        "jeg", "eg", "meg", "min", "mi", "mitt", "mine", "er", "var", "ble", "blei", "vart", "blitt", "har",
        "hadde", "fikk", "fått", "til", "av", "i", "på", "med", "for", "som", "en", "ei", "et", "ein", "eit",
        "den", "det", "de", "han", "hun", "ho", "mor", "far", "om", "etter", "fra", "frå", "og", "å", "be",
        "ber", "bad", "me", "my", "am", "is", "are", "was", "were", "been", "have", "has", "had", "with", "as",
        "a", "an", "the", "of", "in", "to", "on", "at", "his", "her",
    )
)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence-like piece, covering the text without gaps."""
    for match in _SENTENCE.finditer(text):
        yield match.span()


class Screen:
    """Decides which sentences of a long text can hold a match."""

    def __init__(self, norms: Norms) -> None:
        self.norms = norms
        self.norm_anchors: set[str] = set()
        self.literal_anchors: set[str] = set()
        self._cache: dict[str, bool] = {}

    def add_normed(self, doc: Doc) -> None:
        """Anchor a NORM-matched phrase: its longest base word that is not a function word."""
        norms = [t.norm_ for t in doc]
        self.norm_anchors.add(max(norms, key=lambda n: (n not in COMMON, len(n))))

    def add_literal(self, doc: Doc) -> None:
        """Anchor a phrase matched on its exact text: its longest run of letters."""
        words = [w for t in doc for w in _PART.findall(t.lower_)] or [doc.text.lower()]
        self.literal_anchors.add(max(words, key=lambda w: (w not in COMMON, len(w))))

    def add_words(self, words: Iterable[str]) -> None:
        """Anchor a pattern by all the words of one of its tokens (see ``pattern_anchor``)."""
        for word in words:
            lower = word.lower()
            self.norm_anchors.add(self.norms.norm_of(lower) or lower)
            parts = _PART.findall(lower)
            if parts and parts != [lower]:
                self.literal_anchors.add(max(parts, key=len))

    def _is_anchor(self, word: str) -> bool:
        known = self._cache.get(word)
        if known is not None:
            return known
        parts = [*_PART.findall(word), *word.split("-")]
        candidates = {word, *parts} if len(word) <= MAX_WORD else {p for p in parts if len(p) <= MAX_WORD}
        found = any(
            c in self.literal_anchors or (self.norms.norm_of(c) or c) in self.norm_anchors for c in candidates if c
        )
        if len(self._cache) < MAX_CACHE:
            self._cache[word] = found
        return found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Merged (start, end) ranges worth scanning: anchor sentences and their neighbours."""
        pieces = list(sentences(text))
        active = [any(self._is_anchor(w) for w in _WORD.findall(text[s:e].lower())) for s, e in pieces]
        keep = [
            active[i] or (i > 0 and active[i - 1]) or (i + 1 < len(active) and active[i + 1])
            for i in range(len(pieces))
        ]
        ranges: list[tuple[int, int]] = []
        for (start, end), wanted in zip(pieces, keep, strict=True):
            if not wanted:
                continue
            if ranges and ranges[-1][1] == start:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
        return ranges


def pattern_anchor(pattern: list[dict[str, Any]]) -> list[str]:
    """The words of a pattern's most telling required token: the one with the fewest
    function words among its choices, then the longest shortest choice."""
    best: tuple[tuple[int, int], list[str]] | None = None
    for token in pattern:
        if token.get("OP") in ("?", "*"):
            continue
        for key in ("NORM", "LOWER", "TEXT", "ORTH"):
            value = token.get(key)
            if isinstance(value, str):
                words = [value]
            elif isinstance(value, dict):
                words = list(value.get("IN", ()))
            else:
                continue
            if not words:
                continue
            score = (-sum(w.lower() in COMMON for w in words), min(map(len, words)))
            if best is None or score > best[0]:
                best = (score, words)
    if best is None:
        raise ValueError(f"pattern without a required word token: {pattern!r}")
    return best[1]
