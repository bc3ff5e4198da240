"""Small helpers the benchmarks share to print figures beside their targets."""

from __future__ import annotations

import math


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` 0.5 for the median, 0.99 for p99)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def versus(ours: float, target: float, unit: str, *, lower_is_better: bool = True) -> str:
    """`12.3 ms (target ≤ 10 ms, ratio 1.23 ✗)`: our figure, the target and ours / target."""
    ratio = ours / target if target else math.inf
    met = ours <= target if lower_is_better else ours >= target
    sign = "≤" if lower_is_better else "≥"
    verdict = "✓" if met else "✗"
    return f"{ours:.2f} {unit} (target {sign} {target:g} {unit}, ratio {ratio:.2f} {verdict})"
