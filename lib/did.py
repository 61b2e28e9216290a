"""Staggered difference-in-differences: Callaway & Sant'Anna (2021) group-time ATTs.

Why our own code: the reference implementations (R ``did``, Python ``csdid``)
pull in plotting and statistics stacks far larger than Chiiki, and without
covariates the estimator is a handful of means. This module is tested against
``csdid`` on the same data to 1e-6 (``lib/tests/test_did.py``) and timed
beside it (``bench/did.py``).

What it computes, for a balanced panel without covariates (:mod:`lib.did_panel`):

* ``ATT(g, t)`` for every cohort ``g`` (first treated year) and year ``t``:
  the change of the cohort's mean outcome from its base year minus the same
  change among the controls. The base year is the last year before treatment
  for post-treatment cells and the year before ``t`` for pre-treatment cells
  (R ``did``'s ``base_period = "varying"``). Controls are the never-treated
  units, or (``notyet``) those not yet treated by ``t``.
* each cell's influence function (one value per unit), so that every
  aggregate gets an analytic standard error: ``se = sqrt(mean(IF²) / n)``;
* aggregations as in R ``did::aggte``: ``simple`` (post cells weighted by cohort
  size), ``group`` (per cohort, then weighted by cohort size; C&S's
  recommended overall ATT) and ``dynamic`` (event time ``e = t - g``), with the
  influence of the estimated cohort weights included;
* a multiplier bootstrap (Rademacher weights, seedable) for bootstrap standard
  errors and the critical value of a simultaneous confidence band;
* the Wald pre-test that all pre-treatment ``ATT(g, t)`` are zero.

Sample rules follow R ``did``: cohorts first treated after the last year count
as never treated; units treated in the first year are dropped (no pre-period);
with ``notyet`` and no never-treated units, the years from the last cohort's
start on are dropped and that cohort serves only as a control.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from scipy.stats import chi2, norm

from lib.did_panel import Panel, PanelError
from lib.twfe import Twfe, twfe

__all__ = [
    "Aggregation",
    "Bootstrap",
    "Control",
    "Estimate",
    "GroupTime",
    "Pretest",
    "aggregate",
    "att_gt",
    "estimate",
    "multiplier_bootstrap",
    "pretest",
    "pretest_event",
]

Control = Literal["never", "notyet"]
AggregationKind = Literal["simple", "group", "dynamic"]


@dataclass(frozen=True)
class GroupTime:
    """All ``ATT(g, t)`` cells of one panel, with their influence functions.

    ``inf`` has one row per unit and one column per cell; ``unit_group`` is each
    unit's cohort after the sample rules (0 = never treated).
    """

    groups: np.ndarray  # cohort of each cell
    years: np.ndarray  # calendar year of each cell
    base_years: np.ndarray  # the year each cell is differenced against
    att: np.ndarray
    inf: np.ndarray  # (n_units, n_cells)
    unit_group: np.ndarray
    control: Control
    notes: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        return int(self.inf.shape[0])

    @property
    def se(self) -> np.ndarray:
        return _se(self.inf)

    @property
    def post(self) -> np.ndarray:
        return self.years >= self.groups


@dataclass(frozen=True)
class Aggregation:
    """ATTs aggregated by ``keys`` (cohorts or event times) plus one overall ATT.

    ``overall_inf`` and ``inf`` are unit-level influence functions, the input
    of analytic standard errors and of the multiplier bootstrap.
    """

    kind: AggregationKind
    keys: np.ndarray
    att: np.ndarray
    inf: np.ndarray  # (n_units, n_keys)
    overall_att: float
    overall_inf: np.ndarray  # (n_units,)

    @property
    def se(self) -> np.ndarray:
        return _se(self.inf)

    @property
    def overall_se(self) -> float:
        return float(_se(self.overall_inf[:, None])[0])


@dataclass(frozen=True)
class Bootstrap:
    """Multiplier-bootstrap standard errors and the simultaneous critical value."""

    se: np.ndarray
    crit: float
    draws: int
    seed: int


@dataclass(frozen=True)
class Pretest:
    """Wald test that every pre-treatment ``ATT(g, t)`` is zero (parallel trends)."""

    statistic: float | None
    df: int
    p_value: float | None
    notes: tuple[str, ...] = field(default=())


def _se(inf: np.ndarray) -> np.ndarray:
    n = inf.shape[0]
    se: np.ndarray = np.sqrt(np.mean(inf**2, axis=0) / n)
    return se


def _sample(
    panel: Panel, control: Control, anticipation: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Apply R ``did``'s sample rules; return ``(y, G, years, cohorts, notes)``."""
    years = panel.years
    y = panel.y
    groups = panel.first_treated.copy()
    notes: list[str] = []
    groups[groups > years[-1] + anticipation] = 0
    if not (groups == 0).any():
        if control == "never":
            raise PanelError(
                "no_never_treated",
                "対照群に未処置（first_treated が0または空）の単位がありません。"
                "--control notyet を使うか、未処置の単位を加えてください。",
                "No never-treated units for --control never; use --control "
                "notyet or add never-treated units.",
            )
        latest = int(groups.max())
        keep = years < latest - anticipation
        years, y = years[keep], y[:, keep]
        notes.append(
            "未処置の単位がないため、最後のコホート（{}年）を対照とし、"
            "{}年以降を除きました。".format(latest, latest - anticipation)
        )
    cohorts = np.unique(groups[groups > 0])
    if years.size:
        cohorts = cohorts[cohorts > years[0] + anticipation]
    if not (groups == 0).any():
        cohorts = cohorts[cohorts < groups.max()]
    first_treated = (groups > 0) & (groups <= (years[0] if years.size else 0))
    if first_treated.any():
        notes.append(
            "初年度から処置済みの{}単位を除きました（処置前の期間がないため）。".format(
                int(first_treated.sum())
            )
        )
        y, groups = y[~first_treated], groups[~first_treated]
    if cohorts.size == 0 or years.size < 2:
        raise PanelError(
            "no_pre_period",
            "処置前の期間を持つコホートがありません（全ての処置単位が初年度から"
            "処置されているか、処置された単位がありません）。",
            "No cohort has a pre-treatment period (every treated unit is treated "
            "from the first year, or no unit is treated).",
        )
    return y, groups, years, cohorts, notes


def _controls(
    groups: np.ndarray, g: int, t: int, control: Control, ant: int
) -> np.ndarray:
    never: np.ndarray = groups == 0
    if control == "never":
        return never
    later: np.ndarray = (groups > t + ant) & (groups != g)
    either: np.ndarray = never | later
    return either


def att_gt(
    panel: Panel, control: Control = "never", anticipation: int = 0
) -> GroupTime:
    """Every ``ATT(g, t)`` with its influence function (see the module docstring).

    For one cell, with ``ΔY`` the change from the base year, ``D`` the cohort's
    units and ``C`` the controls: ``ATT = mean(ΔY|D) − mean(ΔY|C)`` and
    ``IF_i = n·(D_i(ΔY_i − m_D)/n_D − C_i(ΔY_i − m_C)/n_C)``.
    """
    y, groups, years, cohorts, notes = _sample(panel, control, anticipation)
    n = y.shape[0]
    cols: list[np.ndarray] = []
    rows: list[tuple[int, int, int, float]] = []
    for g in cohorts:
        last_pre = int(np.nonzero(years + anticipation < g)[0][-1])
        treated = groups == g
        for ti in range(1, years.size):
            t = int(years[ti])
            bi = last_pre if g - anticipation <= t else ti - 1
            controls = _controls(groups, int(g), t, control, anticipation)
            delta = y[:, ti] - y[:, bi]
            n_d, n_c = int(treated.sum()), int(controls.sum())
            if n_c == 0:
                rows.append((int(g), t, int(years[bi]), np.nan))
                cols.append(np.full(n, np.nan))
                continue
            m_d = float(delta[treated].mean())
            m_c = float(delta[controls].mean())
            inf = n * (treated * (delta - m_d) / n_d - controls * (delta - m_c) / n_c)
            rows.append((int(g), t, int(years[bi]), m_d - m_c))
            cols.append(inf)
    table = np.array(rows, dtype=float)
    return GroupTime(
        groups=table[:, 0].astype(np.int64),
        years=table[:, 1].astype(np.int64),
        base_years=table[:, 2].astype(np.int64),
        att=table[:, 3],
        inf=np.column_stack(cols),
        unit_group=groups,
        control=control,
        notes=tuple(notes),
    )


def _weight_influence(
    unit_group: np.ndarray, pg: np.ndarray, cell_groups: np.ndarray
) -> np.ndarray:
    """Influence of estimating the cohort-share weights (R ``did``'s ``wif``)."""
    indicator = (unit_group[:, None] == cell_groups[None, :]).astype(float)
    centred = indicator - pg[None, :]
    total = pg.sum()
    wif: np.ndarray = centred / total - np.outer(centred.sum(axis=1), pg / total**2)
    return wif


def _cohort_shares(gt: GroupTime, cohorts: np.ndarray) -> np.ndarray:
    return np.array([np.mean(gt.unit_group == g) for g in cohorts])


def _combine(
    gt: GroupTime,
    which: np.ndarray,
    weights: np.ndarray,
    wif: np.ndarray | None = None,
) -> tuple[float, np.ndarray]:
    """Weighted sum of cells ``which`` and its influence function."""
    att = float(gt.att[which] @ weights)
    inf: np.ndarray = gt.inf[:, which] @ weights
    if wif is not None:
        inf = inf + wif @ gt.att[which]
    return att, inf


def _share_weighted(gt: GroupTime, which: np.ndarray) -> tuple[float, np.ndarray]:
    """Cells weighted by their cohort's share of units, weights estimated."""
    pg = _cohort_shares(gt, gt.groups[which])
    wif = _weight_influence(gt.unit_group, pg, gt.groups[which])
    return _combine(gt, which, pg / pg.sum(), wif)


def _stack(parts: list[tuple[float, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([p[0] for p in parts]), np.column_stack([p[1] for p in parts])


def _aggregate_group(gt: GroupTime, post: np.ndarray) -> Aggregation:
    keys = np.unique(gt.groups[post])
    parts = []
    for g in keys:
        which = np.nonzero(post & (gt.groups == g))[0]
        parts.append(_combine(gt, which, np.full(which.size, 1.0 / which.size)))
    att, inf = _stack(parts)
    pg = _cohort_shares(gt, keys)
    wif = _weight_influence(gt.unit_group, pg, keys)
    overall = float(att @ (pg / pg.sum()))
    overall_inf = inf @ (pg / pg.sum()) + wif @ att
    return Aggregation("group", keys, att, inf, overall, overall_inf)


def _aggregate_dynamic(gt: GroupTime, valid: np.ndarray) -> Aggregation:
    event = gt.years - gt.groups
    keys = np.unique(event[valid])
    parts = [_share_weighted(gt, np.nonzero(valid & (event == e))[0]) for e in keys]
    att, inf = _stack(parts)
    after = keys >= 0
    overall = float(att[after].mean())
    return Aggregation("dynamic", keys, att, inf, overall, inf[:, after].mean(axis=1))


def aggregate(gt: GroupTime, kind: AggregationKind) -> Aggregation:
    """Aggregate the cells as R ``did::aggte(type=kind)`` does (no balancing).

    ``group``'s overall ATT averages each cohort's mean post-treatment effect
    weighted by cohort size; ``dynamic``'s averages the event times ``e ≥ 0``.
    """
    valid = ~np.isnan(gt.att)
    post = valid & gt.post
    if kind == "group":
        return _aggregate_group(gt, post)
    if kind == "dynamic":
        return _aggregate_dynamic(gt, valid)
    att, inf = _share_weighted(gt, np.nonzero(post)[0])
    return Aggregation(kind, np.array([0]), np.array([att]), inf[:, None], att, inf)


def multiplier_bootstrap(
    inf: np.ndarray, *, draws: int = 999, seed: int = 0, alpha: float = 0.05
) -> Bootstrap:
    """Rademacher multiplier bootstrap as in R ``did``'s ``mboot``.

    Each draw multiplies every unit's influence by ±1; the spread of the draws
    (interquartile range scaled to a normal's) gives the standard errors, and
    the ``1 − alpha`` quantile of the largest standardised deviation the
    critical value of a band that covers all columns at once. A critical value
    below the pointwise normal one (possible with one column) is raised to it.
    """
    n, k = inf.shape
    rng = np.random.default_rng(seed)
    chunk = max(1, 4_000_000 // max(n, 1))
    parts = []
    for start in range(0, draws, chunk):
        size = min(chunk, draws - start)
        signs = rng.integers(0, 2, size=(size, n), dtype=np.int8) * 2 - 1
        parts.append(signs.astype(np.float64) @ inf)
    bres = np.vstack(parts) / np.sqrt(n)
    q75, q25 = np.quantile(bres, [0.75, 0.25], axis=0, method="inverted_cdf")
    sigma = (q75 - q25) / (norm.ppf(0.75) - norm.ppf(0.25))
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.abs(bres / np.where(sigma > 0, sigma, np.nan))
    scaled = np.nan_to_num(scaled, nan=-np.inf)
    top = scaled.max(axis=1)
    top = top[np.isfinite(top)]
    pointwise = float(norm.ppf(1 - alpha / 2))
    crit = (
        float(np.quantile(top, 1 - alpha, method="inverted_cdf"))
        if top.size
        else pointwise
    )
    return Bootstrap(
        se=sigma / np.sqrt(n), crit=max(crit, pointwise), draws=draws, seed=seed
    )


def _wald(att: np.ndarray, inf: np.ndarray) -> Pretest:
    """``W = n·θ'V⁻¹θ`` with ``V`` the influence functions' covariance, χ²(k)."""
    se = _se(inf)
    keep = (se > 0) & np.isfinite(se) & ~np.isnan(att)
    att, inf = att[keep], inf[:, keep]
    if att.size == 0:
        return Pretest(None, 0, None, ("処置前の期間がなく、検定できません。",))
    n = inf.shape[0]
    cov = inf.T @ inf / n
    if 1.0 / np.linalg.cond(cov, p=1) <= np.finfo(float).eps:
        note = "共分散行列が特異で、検定できません。"
        return Pretest(None, int(att.size), None, (note,))
    stat = float(n * att @ np.linalg.solve(cov, att))
    return Pretest(stat, int(att.size), float(chi2.sf(stat, att.size)))


def pretest(gt: GroupTime, anticipation: int = 0) -> Pretest:
    """Wald pre-test over every pre-treatment cell, as R ``did`` reports it.

    With few units per cohort its covariance matrix is poorly estimated and
    the test rejects too often; :func:`pretest_event` is the one Chiiki shows.
    """
    pre = (gt.groups - anticipation > gt.years) & ~np.isnan(gt.att)
    return _wald(gt.att[pre], gt.inf[:, pre])


def pretest_event(by_event: Aggregation) -> Pretest:
    """Wald test that every pre-treatment event-time ATT (``e < 0``) is zero.

    Fewer, better-estimated parameters than the cell-level test, so it keeps
    its size with the 47 prefectures' small cohorts.
    """
    pre = by_event.keys < 0
    return _wald(by_event.att[pre], by_event.inf[:, pre])


@dataclass(frozen=True)
class Estimate:
    """Everything the evidence page, the API and ``manage.py impact`` show."""

    gt: GroupTime
    simple: Aggregation
    by_cohort: Aggregation
    by_event: Aggregation
    event_bootstrap: Bootstrap
    cohort_bootstrap: Bootstrap
    pre: Pretest
    pre_event: Pretest
    naive: Twfe
    alpha: float

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary; intervals are pointwise analytic ``±z·se``, the
        event-time and cohort ``band_*`` simultaneous (bootstrap)."""
        z = float(norm.ppf(1 - self.alpha / 2))

        def interval(att: float, se: float) -> dict[str, float]:
            return {"att": att, "se": se, "lower": att - z * se, "upper": att + z * se}

        def rows(
            agg: Aggregation, boot: Bootstrap, key: str
        ) -> list[dict[str, object]]:
            out: list[dict[str, object]] = []
            for i, k in enumerate(agg.keys):
                row: dict[str, object] = {key: int(k)}
                row.update(interval(float(agg.att[i]), float(agg.se[i])))
                half = boot.crit * float(boot.se[i])
                row["band_lower"] = float(agg.att[i]) - half
                row["band_upper"] = float(agg.att[i]) + half
                out.append(row)
            return out

        gt = self.gt
        return {
            "control": gt.control,
            "n_units": gt.n,
            "alpha": self.alpha,
            "overall": interval(self.by_cohort.overall_att, self.by_cohort.overall_se),
            "simple": interval(self.simple.overall_att, self.simple.overall_se),
            "event_overall": interval(
                self.by_event.overall_att, self.by_event.overall_se
            ),
            "cohorts": rows(self.by_cohort, self.cohort_bootstrap, "cohort"),
            "event_time": rows(self.by_event, self.event_bootstrap, "event_time"),
            "bootstrap": {
                "draws": self.event_bootstrap.draws,
                "seed": self.event_bootstrap.seed,
                "critical_value": self.event_bootstrap.crit,
            },
            "pretest": _pretest_dict(
                self.pre_event, self.event_bootstrap, self.by_event
            ),
            "pretest_cells": _pretest_dict(self.pre),
            "twfe": {
                **interval(self.naive.beta, self.naive.se),
                "n_clusters": self.naive.n_clusters,
            },
            "group_time": [
                {
                    "cohort": int(g),
                    "year": int(t),
                    "base_year": int(b),
                    "att": float(a),
                    "se": float(s),
                }
                for g, t, b, a, s in zip(
                    gt.groups, gt.years, gt.base_years, gt.att, gt.se, strict=True
                )
            ],
            "notes": list(gt.notes) + list(self.pre_event.notes),
        }


def _pretest_dict(
    test: Pretest, boot: Bootstrap | None = None, agg: Aggregation | None = None
) -> dict[str, object]:
    out: dict[str, object] = {
        "statistic": test.statistic,
        "df": test.df,
        "p_value": test.p_value,
    }
    if boot is not None and agg is not None:
        pre = agg.keys < 0
        half = boot.crit * boot.se[pre]
        covers = np.abs(agg.att[pre]) <= half
        out["bands_cover_zero"] = bool(covers.all())
    return out


def estimate(
    panel: Panel,
    control: Control = "never",
    *,
    draws: int = 999,
    seed: int = 0,
    alpha: float = 0.05,
) -> Estimate:
    """ATT(g, t), the three aggregations, bootstrap bands and the pre-test."""
    gt = att_gt(panel, control)
    by_event = aggregate(gt, "dynamic")
    by_cohort = aggregate(gt, "group")
    return Estimate(
        gt=gt,
        simple=aggregate(gt, "simple"),
        by_cohort=by_cohort,
        by_event=by_event,
        event_bootstrap=multiplier_bootstrap(
            by_event.inf, draws=draws, seed=seed, alpha=alpha
        ),
        cohort_bootstrap=multiplier_bootstrap(
            by_cohort.inf, draws=draws, seed=seed + 1, alpha=alpha
        ),
        pre=pretest(gt),
        pre_event=pretest_event(by_event),
        naive=twfe(panel),
        alpha=alpha,
    )
