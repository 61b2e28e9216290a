"""lib.did against the reference implementation (csdid), published figures and
planted effects.

csdid, differences (its data generator) and causaldata (the organ-donation
data) are dev dependencies; they are imported directly so that a missing one
fails the suite instead of skipping the comparison.
"""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pandas as pd
import pytest
from causaldata import organ_donations
from csdid.att_gt import ATTgt
from differences.tools.generate_data import generate_data
from hypothesis import given
from hypothesis import strategies as st

from lib import did
from lib.did_panel import Panel, PanelError, PanelRow, build_panel, read_panel_csv
from lib.did_synthetic import synthetic_rows
from lib.tests._settings import PROPERTY
from lib.twfe import twfe

TOL = 1e-6


@functools.cache
def _staggered_frame(seed: int, *, never: bool = True) -> pd.DataFrame:
    """A panel from differences' generator: 3 cohorts (one treated from the
    first year, which both implementations drop) and a never-treated group."""
    np.random.seed(seed)
    frame = generate_data(nentity=240, ntime=8, n_cohorts=3).reset_index()
    frame["g"] = frame["cohort"].fillna(0).astype(int)
    frame["id"] = frame["entity"].str[1:].astype(int)
    if not never:
        frame = frame[frame["g"] > 0]
    return frame


def _panel(frame: pd.DataFrame) -> Panel:
    columns = frame[["id", "time", "y", "g"]].itertuples(index=False)
    return build_panel(
        PanelRow(str(u), int(t), float(v), int(g)) for u, t, v, g in columns
    )


def _reference(frame: pd.DataFrame, control: str) -> ATTgt:
    group = {"never": "nevertreated", "notyet": "notyettreated"}[control]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ATTgt(
            yname="y",
            tname="time",
            idname="id",
            gname="g",
            data=frame.copy(),
            control_group=group,
        ).fit(est_method="dr", bstrap=False)


CASES = [(11, "never", True), (12, "notyet", True), (13, "notyet", False)]


@pytest.mark.parametrize(("seed", "control", "never"), CASES)
def test_it_matches_csdid_on_every_group_time_cell(seed, control, never):
    frame = _staggered_frame(seed, never=never)
    ref = _reference(frame, control).results
    gt = did.att_gt(_panel(frame), control)
    theirs = {
        (int(g), int(t)): (a, s)
        for g, t, a, s in zip(
            ref["group"], ref["year"], ref["att"], ref["se"], strict=True
        )
    }
    ours = {
        (int(g), int(t)): (a, s)
        for g, t, a, s in zip(gt.groups, gt.years, gt.att, gt.se, strict=True)
    }
    assert ours.keys() == theirs.keys()
    assert len(ours) >= 4
    for key, (att, se) in ours.items():
        assert att == pytest.approx(theirs[key][0], abs=TOL), key
        assert se == pytest.approx(theirs[key][1], abs=TOL), key


@pytest.mark.parametrize(("seed", "control", "never"), CASES)
@pytest.mark.parametrize(
    ("kind", "typec"),
    [("simple", "simple"), ("group", "group"), ("dynamic", "dynamic")],
)
def test_it_matches_csdid_aggregates_and_analytic_se(
    seed, control, never, kind, typec, capsys
):
    frame = _staggered_frame(seed, never=never)
    reference = _reference(frame, control).aggte(typec=typec, bstrap=False).atte
    agg = did.aggregate(did.att_gt(_panel(frame), control), kind)
    assert agg.overall_att == pytest.approx(reference["overall_att"], abs=TOL)
    assert agg.overall_se == pytest.approx(reference["overall_se"], abs=TOL)
    if kind != "simple":
        assert list(agg.keys) == [int(k) for k in reference["egt"]]
        np.testing.assert_allclose(agg.att, reference["att_egt"], rtol=0, atol=TOL)
        np.testing.assert_allclose(agg.se, reference["se_egt"], rtol=0, atol=TOL)


@pytest.mark.parametrize(("seed", "control", "never"), CASES)
def test_it_matches_csdids_parallel_trends_pretest(seed, control, never):
    frame = _staggered_frame(seed, never=never)
    mp = _reference(frame, control).MP
    pre = did.pretest(did.att_gt(_panel(frame), control))
    assert pre.statistic == pytest.approx(mp["W"], abs=TOL)
    assert round(pre.p_value, 5) == pytest.approx(mp["Wpval"], abs=TOL)


def test_it_reproduces_the_published_organ_donation_twfe():
    """Kessler & Roth's data as in *The Effect*: −0.0225, clustered SE 0.0061."""
    data = organ_donations.load_pandas().data
    rows = (
        PanelRow(state, int(quarter), float(rate), 4 if state == "California" else 0)
        for state, quarter, rate in data[["State", "Quarter_Num", "Rate"]].itertuples(
            index=False
        )
    )
    result = twfe(build_panel(rows))
    assert round(result.beta, 4) == -0.0225
    assert round(result.se, 4) == 0.0061
    assert result.n_clusters == 27


def test_it_covers_a_planted_effect_in_at_least_90_of_100_seeds():
    units = ["u{:03d}".format(i) for i in range(120)]
    years = list(range(2000, 2008))
    covered = 0
    for seed in range(100):
        rows = synthetic_rows(units, years, [2003, 2004, 2005], effect=2.0, seed=seed)
        est = did.aggregate(did.att_gt(build_panel(rows), "never"), "group")
        half = 1.959963984540054 * est.overall_se
        covered += abs(est.overall_att - 2.0) <= half
    assert covered >= 90


@PROPERTY
@given(
    effect=st.floats(-50, 50, allow_nan=False),
    seed=st.integers(0, 2**16),
    control=st.sampled_from(["never", "notyet"]),
)
def test_it_recovers_a_noise_free_effect_exactly(effect, seed, control):
    units = ["u{}".format(i) for i in range(30)]
    rows = synthetic_rows(
        units,
        range(2001, 2007),
        [2003, 2005],
        effect=effect,
        seed=seed,
        noise=0.0,
        never_share=0.4,
    )
    panel = build_panel(rows)
    if not (panel.first_treated == 0).any() or not (panel.first_treated > 0).any():
        return
    gt = did.att_gt(panel, control)
    np.testing.assert_allclose(gt.att[gt.post], effect, atol=1e-8)
    np.testing.assert_allclose(gt.att[~gt.post], 0.0, atol=1e-8)
    assert twfe(panel).beta == pytest.approx(effect, abs=1e-8)


def test_it_makes_a_reproducible_band_wider_than_pointwise():
    rows = synthetic_rows(
        ["u{}".format(i) for i in range(300)],
        range(2000, 2010),
        [2003, 2005, 2007],
        effect=1.0,
        seed=5,
    )
    agg = did.aggregate(did.att_gt(build_panel(rows), "never"), "dynamic")
    first = did.multiplier_bootstrap(agg.inf, draws=999, seed=42)
    again = did.multiplier_bootstrap(agg.inf, draws=999, seed=42)
    other = did.multiplier_bootstrap(agg.inf, draws=999, seed=43)
    assert first.crit == again.crit
    np.testing.assert_array_equal(first.se, again.se)
    assert not np.array_equal(first.se, other.se)
    assert 1.96 < first.crit < 4
    np.testing.assert_allclose(first.se, agg.se, rtol=0.15)


def test_it_bundles_the_estimate_with_twfe_beside_it():
    rows = synthetic_rows(
        ["u{}".format(i) for i in range(200)],
        range(2000, 2008),
        [2003, 2005],
        effect=3.0,
        seed=9,
    )
    summary = did.estimate(build_panel(rows), "notyet", draws=199, seed=1).as_dict()
    assert summary["control"] == "notyet"
    assert summary["overall"]["lower"] < 3.0 < summary["overall"]["upper"]
    assert summary["twfe"]["att"] == pytest.approx(3.0, abs=0.5)
    assert [row["cohort"] for row in summary["cohorts"]] == [2003, 2005]
    event = {row["event_time"]: row for row in summary["event_time"]}
    assert set(event) == set(range(-4, 5))
    assert event[0]["band_lower"] <= event[0]["lower"]
    assert summary["bootstrap"] == {
        "draws": 199,
        "seed": 1,
        "critical_value": summary["bootstrap"]["critical_value"],
    }


CSV = "unit,year,value,first_treated\n"


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ("unit,year,value\nA,2000,1\n", "missing_columns", "first_treated"),
        (CSV + "A,2000,1,0\nA,2000,2,0\n", "duplicate_unit_year", "重複"),
        (CSV + "A,2000,abc,0\n", "not_number", "2行目"),
        (CSV + "A,20x0,1,0\n", "not_integer", "year"),
        (CSV + "A,2000,1,2001\nA,2001,1,2002\n", "inconsistent_first_treated", "A"),
        (CSV, "empty", "データ行"),
        (CSV + "A,2000,nan,0\n", "not_number", "value"),
    ],
)
def test_it_refuses_bad_csv_in_japanese(text, code, fragment):
    with pytest.raises(PanelError) as caught:
        build_panel(read_panel_csv(text.encode()))
    assert caught.value.code == code
    assert fragment in caught.value.message_ja


def test_it_refuses_never_control_without_never_treated_units():
    rows = [
        PanelRow(u, y, 1.0, 2002 if u == "A" else 2003)
        for u in "AB"
        for y in range(2000, 2005)
    ]
    with pytest.raises(PanelError) as caught:
        did.att_gt(build_panel(rows), "never")
    assert caught.value.code == "no_never_treated"
    assert did.att_gt(build_panel(rows), "notyet").att.size > 0


def test_it_refuses_a_single_cohort_without_pre_period():
    rows = [
        PanelRow(u, y, float(y), 2000 if u == "A" else 0)
        for u in "AB"
        for y in range(2000, 2004)
    ]
    with pytest.raises(PanelError) as caught:
        did.att_gt(build_panel(rows), "never")
    assert caught.value.code == "no_pre_period"
    assert "処置前" in caught.value.message_ja


def test_it_drops_unbalanced_units_and_reads_cp932():
    lines = ["東京,2000,1,0", "東京,2001,2,0", "大阪,2000,1,2001", "大阪,2001,3,2001"]
    text = CSV + "\n".join([*lines, "京都,2000,1,0"]) + "\n"
    panel = build_panel(read_panel_csv(text.encode("cp932")))
    assert panel.units == ("大阪", "東京")
    assert panel.dropped_unbalanced == ("京都",)
    assert did.att_gt(panel, "never").att.tolist() == [1.0]
