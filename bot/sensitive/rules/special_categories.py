"""GDPR art. 9 special categories and art. 10 (criminal) from the word lists.

The matching itself lives in ``bot.sensitive.pipelines``; this rule only turns its
hits into findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..pipelines import category_hits
from ..scan import Scan

__all__ = ["check"]


def check(scan: Scan) -> Iterator[Finding]:
    """Findings for health, religion, ethnicity, political, union, sexual_orientation,
    genetic, biometric and criminal."""
    for hit in category_hits(scan.text, scan.language):
        yield Finding(hit.category, hit.start, hit.end, hit.confidence)
