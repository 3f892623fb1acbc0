"""Every benchmark's p95 is the same nearest rank (``scripts.percentile``)."""

from __future__ import annotations

import math

import pytest

from scripts.percentile import nearest_rank


def test_nearest_rank_is_an_observed_value_at_the_ceiling_rank() -> None:
    twenty = [float(v) for v in range(20, 0, -1)]  # unsorted on purpose
    assert nearest_rank(twenty, 0.95) == 19.0  # ceil(0.95 * 20) = 19th smallest
    assert nearest_rank(twenty, 0.5) == 10.0 and nearest_rank(twenty, 1.0) == 20.0
    assert nearest_rank(list(map(float, range(1, 101))), 0.95) == 95.0  # not 95.05 or 96
    assert nearest_rank([7.0], 0.95) == 7.0
    assert nearest_rank([0.1, 0.3, 0.2], 0.95) == 0.3


def test_no_values_and_a_bad_rank_are_said_plainly() -> None:
    assert math.isnan(nearest_rank([], 0.95))
    with pytest.raises(ValueError, match="q must be in"):
        nearest_rank([1.0], 0.0)
