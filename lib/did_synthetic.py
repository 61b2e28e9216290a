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

__all__ = ["planted_rows", "synthetic_rows"]


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
    never = rng.random(len(units)) < never_share
    first = np.where(never, 0, rng.choice(np.asarray(cohorts), size=len(units)))
    return planted_rows(
        units,
        years,
        [int(g) for g in first],
        effect=effect,
        rng=rng,
        noise=noise,
        level=level,
    )


def planted_rows(
    units: Sequence[str],
    years: Sequence[int],
    first_treated: Sequence[int],
    *,
    effect: float,
    rng: np.random.Generator,
    noise: float = 1.0,
    level: float = 0.0,
    spread: float = 1.0,
) -> list[PanelRow]:
    """Rows for given first treated years (0 = never): unit effects
    ``N(level, spread²)``, a common trend, noise and the planted effect."""
    n, t = len(units), len(years)
    first = np.asarray(first_treated, dtype=np.int64)
    alpha = rng.normal(level, spread, n)
    lam = 0.1 * spread * np.arange(t) + rng.normal(0.0, 0.5 * noise + 0.5, t)
    year_arr = np.asarray(years)
    treated = (first[:, None] > 0) & (year_arr[None, :] >= first[:, None])
    y = alpha[:, None] + lam[None, :] + effect * treated
    y = y + rng.normal(0.0, noise, (n, t))
    return [
        PanelRow(unit, int(year), float(y[i, j]), int(first[i]))
        for i, unit in enumerate(units)
        for j, year in enumerate(years)
    ]
