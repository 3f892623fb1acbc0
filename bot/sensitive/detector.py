"""``detect``: run every rule over a message and reconcile what they found."""

from __future__ import annotations

import bisect

from .findings import Finding
from .pipelines import pipelines_for
from .rules import load_rules
from .scan import Scan

__all__ = ["NUMBER_CATEGORIES", "detect"]

NUMBER_CATEGORIES = frozenset({"national_id", "bank_account", "payment_card"})


def _resolve_numbers(ranked: list[tuple[int, Finding]]) -> list[Finding]:
    """One reading per digit span: higher confidence wins, then the earlier rule.

    Kept spans never overlap, so one sorted list and a binary search per candidate
    keep this O(n log n) however many numbers a long text holds.
    """
    starts: list[int] = []
    kept: list[Finding] = []
    for _, finding in sorted(ranked, key=lambda rf: (-rf[1].confidence, rf[0], rf[1].start)):
        i = bisect.bisect_left(starts, finding.start)
        if i > 0 and kept[i - 1].end > finding.start:
            continue
        if i < len(kept) and kept[i].start < finding.end:
            continue
        starts.insert(i, finding.start)
        kept.insert(i, finding)
    return kept


def _merge_same_category(findings: list[Finding]) -> list[Finding]:
    """Overlapping findings of one category become one span with the best confidence."""
    merged: list[Finding] = []
    open_by_category: dict[str, int] = {}
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        index = open_by_category.get(finding.category)
        if index is not None and merged[index].end > finding.start:
            last = merged[index]
            merged[index] = Finding(
                last.category, last.start, max(last.end, finding.end), max(last.confidence, finding.confidence)
            )
            continue
        open_by_category[finding.category] = len(merged)
        merged.append(finding)
    return merged


def detect(text: str, language: str | None = None) -> list[Finding]:
    """Sensitive spans in ``text``, sorted by start offset.

    ``language`` is "nb", "nn", "en" or None (try all word lists). Numbers are
    recognised in any language. The findings hold offsets only, never the text.
    """
    pipelines_for(language)  # validates the hint before any work
    if not text:
        return []
    scan = Scan(text, language)
    numbers: list[tuple[int, Finding]] = []
    others: list[Finding] = []
    for rank, (_, check) in enumerate(load_rules()):
        for finding in check(scan):
            if finding.category in NUMBER_CATEGORIES:
                numbers.append((rank, finding))
            else:
                others.append(finding)
    findings = _merge_same_category(_resolve_numbers(numbers) + others)
    return sorted(findings, key=lambda f: (f.start, f.end, f.category))
