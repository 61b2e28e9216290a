"""Committee scoring: weighted scores, normalisation, aggregates, outliers, ratings."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lib.scoring import (
    Aggregation,
    Scale,
    ScoringError,
    aggregate,
    normalise,
    rate,
    round_score,
    spread,
    summarise,
    trimmed_mean,
    weighted_score,
)
from lib.tests._settings import PROPERTY

SCORES = st.floats(1.0, 5.0, allow_nan=False)
SCALES = st.tuples(st.integers(-5, 5), st.integers(1, 20)).map(
    lambda t: Scale(float(t[0]), float(t[0] + t[1]))
)


@PROPERTY
@given(
    st.dictionaries(st.sampled_from("abcde"), st.integers(1, 5), min_size=1), st.data()
)
def test_it_keeps_the_weighted_score_on_the_scale(
    scores: dict[str, int], data: st.DataObject
) -> None:
    weights = {c: data.draw(st.floats(0.1, 10.0)) for c in scores}
    assert 1.0 - 1e-9 <= weighted_score(scores, weights) <= 5.0 + 1e-9


@PROPERTY
@given(SCORES, SCORES, SCALES)
def test_it_rates_monotonically_in_the_score(a: float, b: float, scale: Scale) -> None:
    low, high = sorted([a, b])
    order = "SABC"
    on_scale = [scale.from_1_to_5(v) for v in (low, high)]
    assert order.index(rate(on_scale[1], scale)) <= order.index(
        rate(on_scale[0], scale)
    )


@PROPERTY
@given(st.lists(SCORES, min_size=1, max_size=12), st.floats(0.0, 0.49))
def test_it_keeps_the_trimmed_mean_between_min_and_max(
    values: list[float], proportion: float
) -> None:
    assert min(values) - 1e-9 <= trimmed_mean(values, proportion) <= max(values) + 1e-9


@PROPERTY
@given(
    st.lists(SCORES, min_size=2, max_size=8, unique=True),
    st.floats(-2.0, 2.0).filter(lambda d: abs(d) > 1e-3),
)
def test_it_makes_a_harsh_and_a_lenient_reviewer_weigh_the_same(
    base: list[float], bias: float
) -> None:
    assume(max(base) - min(base) > 1e-3)
    wide = Scale(-10.0, 15.0)
    weighted = {}
    for n, value in enumerate(base):
        weighted[(f"i{n}", "fair")] = value
        weighted[(f"i{n}", "biased")] = value + bias
    adjusted = normalise(weighted, wide)
    for n in range(len(base)):
        assert adjusted[(f"i{n}", "fair")] == pytest.approx(
            adjusted[(f"i{n}", "biased")]
        )


@PROPERTY
@given(
    st.dictionaries(
        st.tuples(st.sampled_from(["i1", "i2", "i3"]), st.sampled_from("abcd")),
        SCORES,
        min_size=1,
    ),
    st.booleans(),
    st.sampled_from(list(Aggregation)),
)
def test_it_summarises_every_item_on_the_scale(
    weighted: dict[tuple[str, str], float], normalised: bool, method: Aggregation
) -> None:
    summaries = summarise(weighted, Scale(), method, normalised=normalised)
    assert set(summaries) == {item for item, _ in weighted}
    for summary in summaries.values():
        assert 1.0 <= summary.score <= 5.0
        assert summary.rating == rate(summary.score)
        assert summary.reviewers == len(summary.reviewer_results)
        assert summary.std >= 0 and summary.range >= 0


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (5.0, "S"),
        (4.5, "S"),
        (4.4996, "S"),
        (4.4994, "A"),
        (3.5, "A"),
        (3.499, "B"),
        (2.5, "B"),
        (2.4999, "B"),
        (2.4994, "C"),
        (1.0, "C"),
    ],
)
def test_it_rates_by_the_documented_thresholds(score: float, rating: str) -> None:
    assert rate(score) == rating


def test_it_scales_the_thresholds_to_other_scales() -> None:
    ten = Scale(0.0, 10.0)
    assert rate(8.75, ten) == "S"
    assert rate(8.74, ten) == "A"
    assert rate(6.25, ten) == "A"
    assert rate(3.74, ten) == "C"


def test_it_weights_the_criteria() -> None:
    assert weighted_score({"a": 5, "b": 2}, {"a": 3, "b": 1}) == pytest.approx(4.25)


def test_it_refuses_a_missing_or_off_scale_score() -> None:
    with pytest.raises(ScoringError) as caught:
        weighted_score({"a": 5}, {"a": 1, "b": 1})
    assert caught.value.code == "scoring.missing"
    with pytest.raises(ScoringError) as caught:
        weighted_score({"a": 6}, {"a": 1})
    assert caught.value.code == "scoring.off_scale"
    assert "1〜5" in caught.value.message_ja


def test_it_trims_one_score_at_each_end_of_five() -> None:
    assert trimmed_mean([1, 4, 4, 4, 5]) == pytest.approx(4.0)
    assert aggregate([1, 4, 4, 4, 5], Aggregation.MEAN) == pytest.approx(3.6)
    assert trimmed_mean([2, 4, 5]) == pytest.approx(11 / 3)


def test_it_measures_the_spread() -> None:
    assert spread([2.0, 4.0]) == (1.0, 2.0)
    assert spread([3.0]) == (0.0, 0.0)


def test_it_flags_a_score_far_from_the_item_median() -> None:
    weighted = {("x", "a"): 4.0, ("x", "b"): 4.2, ("x", "c"): 3.8, ("x", "d"): 1.5}
    summary = summarise(weighted)["x"]
    assert summary.outliers == ("d",)
    assert summary.reviewer_results["d"].deviation == pytest.approx(-2.4)


def test_it_centres_a_reviewer_with_a_single_item() -> None:
    weighted = {("x", "a"): 5.0, ("y", "b"): 3.0, ("z", "b"): 1.0}
    adjusted = normalise(weighted)
    assert adjusted[("x", "a")] == pytest.approx(3.0)


def test_it_rounds_half_up_to_three_decimals() -> None:
    assert round_score(4.4995) == 4.5
    assert round_score(2.0004) == 2.0


def test_it_refuses_an_empty_scale() -> None:
    with pytest.raises(ScoringError):
        Scale(5.0, 5.0)
