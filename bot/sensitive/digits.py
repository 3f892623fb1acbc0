"""Finding numbers written with or without separators, and what words stand near them.

Identity and account numbers are written ``01019012345``, ``010190 12345``,
``1234.56.78903`` or ``4111 1111 1111 1111``. We find maximal runs of digit groups
joined by one separator character, then let rules try every window of whole groups
with the digit count they need. The regex has no nested quantifiers over the same
characters, so scanning is linear in the text length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .datafiles import load_json

__all__ = ["DigitRun", "NumberWindow", "digit_runs", "nearest_context"]

_RUN = re.compile(r"\d+(?:[ \u00a0.\-]\d+)*")
_GROUP = re.compile(r"\d+")


@dataclass(frozen=True)
class NumberWindow:
    """Consecutive whole digit groups of one run: the candidate number."""

    start: int
    end: int
    digits: str
    layout: tuple[int, ...]
    whole_run: bool


@dataclass(frozen=True)
class DigitRun:
    """A maximal run of digit groups; ``groups`` are (start, end) offsets."""

    groups: tuple[tuple[int, int], ...]

    def windows(self, text: str, lengths: range | tuple[int, ...]) -> Iterator[NumberWindow]:
        """Every window of whole groups whose digit count is in ``lengths``."""
        longest = max(lengths)
        count = len(self.groups)
        for first in range(count):
            total = 0
            for last in range(first, count):
                total += self.groups[last][1] - self.groups[last][0]
                if total > longest:
                    break
                if total in lengths:
                    parts = self.groups[first : last + 1]
                    yield NumberWindow(
                        start=parts[0][0],
                        end=parts[-1][1],
                        digits="".join(text[s:e] for s, e in parts),
                        layout=tuple(e - s for s, e in parts),
                        whole_run=first == 0 and last == count - 1,
                    )


def digit_runs(text: str) -> list[DigitRun]:
    """Runs of digit groups not glued to letters (``ID123…`` or ``123abc`` are skipped)."""
    runs: list[DigitRun] = []
    for match in _RUN.finditer(text):
        start, end = match.span()
        if (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
            continue
        base = start
        groups = tuple((base + g.start(), base + g.end()) for g in _GROUP.finditer(match.group()))
        runs.append(DigitRun(groups))
    return runs


@cache
def _context_pattern() -> re.Pattern[str]:
    """One alternation with a named group per kind, so a window is searched once."""
    table: dict[str, list[str]] = load_json("number_context.json")["keywords"]
    groups = [
        f"(?P<{kind}>" + "|".join(sorted(words, key=len, reverse=True)) + ")" for kind, words in table.items()
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(groups) + ")", re.IGNORECASE)


BEFORE = 60
AFTER = 25


def nearest_context(text: str, start: int, end: int) -> str | None:
    """The kind of the keyword nearest to ``text[start:end]`` (e.g. "id", "bank"), if any.

    Looks a short way before and after the number; the closest keyword wins, so
    "kundenummer … kontonummer 1234.56.78903" reads as a bank account. A keyword
    after the number binds less tightly than one before it.
    """
    pattern = _context_pattern()
    before = text[max(0, start - BEFORE) : start]
    best: tuple[int, str] | None = None
    for m in pattern.finditer(before):
        best = (len(before) - m.end(), m.lastgroup or "")
    m = pattern.search(text, end, min(len(text), end + AFTER))
    if m is not None:
        after = (m.start() - end + 10, m.lastgroup or "")
        if best is None or after[0] < best[0]:
            best = after
    return None if best is None else best[1]
