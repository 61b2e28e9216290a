"""Synthetic staggered panels with a planted effect (合成).

One generator serves the coverage test, the benchmark and the demo's
comparison panel, so that "the planted effect" means the same thing in all
three: ``y_it = α_i + λ_t + effect·1[t ≥ g_i] + ε_it`` with unit effects
``α_i ~ N(0, 1)``, a linear trend plus noise for ``λ_t``, ``ε_it ~ N(0, noise²)``
and a constant effect from each unit's first treated year ``g_i`` on. Parallel
trends hold by construction, so a valid estimator must recover ``effect``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lib.did_panel import PanelRow

__all__ = ["synthetic_rows"]


def synthetic_rows(
    units: Sequence[str],
    years: Sequence[int],
    cohorts: Sequence[int],
    *,
    effect: float,
    seed: int,
    noise: float = 1.0,
    never_share: float = 0.3,
    level: float = 0.0,
) -> list[PanelRow]:
    """Rows of a balanced panel; each unit gets a cohort or, with probability
    ``never_share``, none (first_treated 0)."""
    rng = np.random.default_rng(seed)
    n, t = len(units), len(years)
    never = rng.random(n) < never_share
    first = np.where(never, 0, rng.choice(np.asarray(cohorts), size=n))
    alpha = rng.normal(0.0, 1.0, n)
    lam = 0.1 * np.arange(t) + rng.normal(0.0, 0.5, t)
    year_arr = np.asarray(years)
    treated = (first[:, None] > 0) & (year_arr[None, :] >= first[:, None])
    y = level + alpha[:, None] + lam[None, :] + effect * treated
    y = y + rng.normal(0.0, noise, (n, t))
    return [
        PanelRow(unit, int(year), float(y[i, j]), int(first[i]))
        for i, unit in enumerate(units)
        for j, year in enumerate(years)
    ]
