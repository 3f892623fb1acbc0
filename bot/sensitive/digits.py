"""Finding numbers written with or without separators, and what words stand near them.

Identity and account numbers are written ``01019012345``, ``010190 12345``,
``1234.56.78903`` or ``4111 1111 1111 1111``. We find maximal runs of digit groups
joined by one separator character, then let rules try the windows of whole groups
laid out the way such numbers are written (each rule names its layouts). The regex has no nested quantifiers over the same
characters, so scanning is linear in the text length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .datafiles import load_json

__all__ = ["DigitRun", "NumberWindow", "digit_runs", "nearest_context"]

MIN_DIGITS = 11  # the shortest number any rule looks for
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

    def windows(self, text: str, layouts: frozenset[tuple[int, ...]]) -> Iterator[NumberWindow]:
        """Every window of whole groups whose group sizes are one of ``layouts``.

        Only the layouts people write ("010190 12345", "1234.56.78903", "4111 1111 …")
        are tried, so a run of a million short groups costs a lookup or two per group.
        """
        by_first = _layouts_by_first_size(layouts)
        groups = self.groups
        count = len(groups)
        sizes = [e - s for s, e in groups]
        for first, size in enumerate(sizes):
            for layout in by_first.get(size, ()):
                last = first + len(layout)
                if last > count or tuple(sizes[first:last]) != layout:
                    continue
                parts = groups[first:last]
                yield NumberWindow(
                    start=parts[0][0],
                    end=parts[-1][1],
                    digits="".join(text[a:b] for a, b in parts),
                    layout=layout,
                    whole_run=first == 0 and last == count,
                )


@cache
def _layouts_by_first_size(layouts: frozenset[tuple[int, ...]]) -> dict[int, tuple[tuple[int, ...], ...]]:
    table: dict[int, list[tuple[int, ...]]] = {}
    for layout in sorted(layouts):
        table.setdefault(layout[0], []).append(layout)
    return {size: tuple(found) for size, found in table.items()}


def digit_runs(text: str) -> list[DigitRun]:
    """Runs of digit groups not glued to letters (``ID123…`` or ``123abc`` are skipped)."""
    runs: list[DigitRun] = []
    for match in _RUN.finditer(text):
        start, end = match.span()
        if (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
            continue
        if end - start < MIN_DIGITS:
            continue  # too short for any rule, separators included
        runs.append(DigitRun(tuple(g.span() for g in _GROUP.finditer(text, start, end))))
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
    following = pattern.search(text, end, min(len(text), end + AFTER))
    if following is not None:
        after = (following.start() - end + 10, following.lastgroup or "")
        if best is None or after[0] < best[0]:
            best = after
    return None if best is None else best[1]
