"""The one percentile every benchmark reports: nearest rank, on the values as measured.

Five benchmarks once had five formulas (three interpolations of an index, two
nearest ranks), so a p95 in one section of ``reports/bench.json`` did not mean
the same as in the next.  Nearest rank is the ``ceil(q * n)``-th smallest
value: always a latency that was observed, and the maximum for ``q = 1``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["nearest_rank"]


def nearest_rank(values: Sequence[float], q: float) -> float:
    """The ``ceil(q * n)``-th smallest of ``values`` (``0 < q <= 1``); NaN when there are none."""
    if not 0 < q <= 1:
        raise ValueError(f"q must be in (0, 1], not {q}")
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(0, math.ceil(round(q * len(ordered), 9)) - 1)]
