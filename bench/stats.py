"""Small statistics helpers: medians and percentiles of measured samples."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear between closest ranks; None when empty."""
    data = sorted(v for v in values if v is not None)
    if not data:
        return None
    if len(data) == 1:
        return float(data[0])
    rank = (len(data) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return float(data[low] + (data[high] - data[low]) * (rank - low))


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50)


def summary(values: Sequence[float], digits: int = 1) -> dict:
    """n, median, p95, min, max of the samples, rounded."""
    data = [v for v in values if v is not None]

    def r(x: float | None) -> float | None:
        return None if x is None else round(x, digits)

    return {
        "n": len(data),
        "median": r(median(data)),
        "p95": r(percentile(data, 95)),
        "min": r(min(data)) if data else None,
        "max": r(max(data)) if data else None,
    }


def ratio(app: float | None, floor: float | None, digits: int = 2) -> float | None:
    if app is None or not floor:
        return None
    return round(app / floor, digits)
