"""Exact splitting of a published total over regions (largest-remainder method).

The seed gives only national totals (≈1,500 researchers, > 500 patents, 107億円
of regional funds). The demo spreads each total over the regions with random
integer weights; this split keeps the sum exact, which rounding each share
separately would not.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["split_exact"]


def split_exact(total: int, weights: Sequence[int]) -> list[int]:
    """Shares of ``total`` proportional to ``weights`` that add up to ``total``.

    Each share is the floor of its quota; the units left over go to the largest
    remainders, ties to the earlier weight, so the result is deterministic.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    if not weights or any(weight < 0 for weight in weights) or sum(weights) == 0:
        raise ValueError("weights must be non-negative with a positive sum")
    whole = sum(weights)
    shares = [total * weight // whole for weight in weights]
    remainders = [total * weight % whole for weight in weights]
    left = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for index in by_remainder[:left]:
        shares[index] += 1
    return shares
