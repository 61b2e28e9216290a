"""The naive two-way fixed-effects DID, shown beside Callaway & Sant'Anna.

``y_it = α_i + λ_t + β·D_it + ε_it`` with ``D_it = 1`` from a unit's first
treated year on. With staggered adoption β mixes already-treated units into
the controls (Goodman-Bacon 2021), which is why Chiiki reports it only for
comparison. The unit effects are removed by demeaning within units
(Frisch–Waugh–Lovell), the year effects stay as dummies; the standard error
is clustered by unit with fixest's default small-sample factor
``G/(G−1) · (N−1)/(N−K)``, where ``K`` counts β and the year dummies (unit
effects are nested in the clusters). On the organ-donation data of Kessler &
Roth this gives −0.0225 (0.0061), the figures published in Huntington-Klein's
*The Effect*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lib.did_panel import Panel

__all__ = ["Twfe", "twfe"]


@dataclass(frozen=True)
class Twfe:
    """The TWFE coefficient on the treatment dummy and its clustered SE."""

    beta: float
    se: float
    n_obs: int
    n_clusters: int


def twfe(panel: Panel) -> Twfe:
    """Estimate β on a balanced panel (see the module docstring)."""
    n, t = panel.y.shape
    g = panel.first_treated
    treated = ((g[:, None] > 0) & (panel.years[None, :] >= g[:, None])).astype(float)
    years = np.tile(np.eye(t)[:, 1:], (n, 1)).reshape(n, t, t - 1)
    columns = np.concatenate([treated[:, :, None], years], axis=2)
    x = (columns - columns.mean(axis=1, keepdims=True)).reshape(n * t, t)
    y = (panel.y - panel.y.mean(axis=1, keepdims=True)).reshape(n * t)
    xtx_inv = np.linalg.pinv(x.T @ x)
    coef = xtx_inv @ (x.T @ y)
    resid = (y - x @ coef).reshape(n, t)
    scores = np.einsum("itk,it->ik", x.reshape(n, t, t), resid)
    meat = scores.T @ scores
    k = t  # β and t − 1 year dummies
    factor = n / (n - 1) * (n * t - 1) / (n * t - k)
    cov = factor * xtx_inv @ meat @ xtx_inv
    return Twfe(float(coef[0]), float(np.sqrt(cov[0, 0])), n * t, n)
