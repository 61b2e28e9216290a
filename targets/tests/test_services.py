"""evaluate_targets: progress, forecast, judgement words and their settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from programmes.models import Programme
from reports.models import YearlyOutcome
from targets.choices import Judgement
from targets.models import Metric, PolicyGoal, Target
from targets.services import (
    configured_thresholds,
    evaluate_targets,
    overall_judgement,
)
from tests.factories import make_programme, make_region

pytestmark = pytest.mark.django_db

PATENTS = {"outcome": "patent_applications", "start_fy": 2002}


@pytest.fixture
def kc() -> Programme:
    return make_programme(code="KC")


def report(
    programme: Programme, flows: dict[int, int], kind: str = "patent_applications"
) -> None:
    region = make_region(programme=programme, start_fy=2002, planned_end_fy=2006)
    YearlyOutcome.objects.bulk_create(
        YearlyOutcome(region=region, fiscal_year=fy, kind=kind, value=value)
        for fy, value in flows.items()
    )


def target(*metrics: tuple[str, dict[str, Any], int], deadline: int = 2006) -> Target:
    goal, _ = PolicyGoal.objects.get_or_create(code="6-2", title_ja="地域")
    target = Target.objects.create(
        goal=goal,
        code=f"6-2-{Target.objects.count() + 1}",
        text_ja="目標",
        deadline_fy=deadline,
    )
    for index, (kind, params, goal_value) in enumerate(metrics):
        Metric.objects.create(
            target=target,
            key=f"m{index}",
            label_ja=f"指標{index}",
            kind=kind,
            params=params,
            goal_value=Decimal(goal_value),
        )
    return target


def test_it_judges_a_target_on_track_as_likely(kc: Programme) -> None:
    report(kc, {2002: 100, 2003: 200, 2004: 300})
    target(("cumulative_sum", PATENTS, 1500))

    [result] = evaluate_targets(2004)

    metric = result.headline
    assert metric is not None
    assert metric.value == 600
    assert metric.progress == pytest.approx(40.0)
    # Flows on a line: 400 and 500 to come, exactly.
    assert metric.forecast == pytest.approx(1500)
    assert metric.probability == 1.0
    assert metric.judgement is Judgement.LIKELY
    assert [p.fiscal_year for p in metric.path] == [2005, 2006]


def test_it_judges_a_flat_series_far_below_the_goal_difficult(kc: Programme) -> None:
    report(kc, {2002: 10, 2003: 11, 2004: 10})
    target(("cumulative_sum", PATENTS, 2000))

    [result] = evaluate_targets(2004)

    assert result.judgement is Judgement.DIFFICULT
    assert result.headline.probability < 0.01  # type: ignore[union-attr]


def test_it_says_insufficient_data_with_two_years(kc: Programme) -> None:
    report(kc, {2002: 10, 2003: 11})
    target(("cumulative_sum", PATENTS, 2000))

    [result] = evaluate_targets(2003)

    assert result.judgement is Judgement.INSUFFICIENT_DATA
    assert result.headline.forecast is None  # type: ignore[union-attr]
    assert result.headline.value == 21  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("total", "word"),
    [
        (3120, Judgement.EXCEEDED),  # 156 %
        (2000, Judgement.ACHIEVED),
        (1400, Judgement.PARTLY),  # 70 %
        (900, Judgement.NOT_ACHIEVED),
    ],
)
def test_it_uses_the_achievement_wording_after_the_deadline(
    kc: Programme, total: int, word: Judgement
) -> None:
    report(kc, {2005: total - 100, 2006: 100, 2007: 5000})
    target(("cumulative_sum", {**PATENTS, "start_fy": 2005}, 2000))

    [result] = evaluate_targets(2007)

    metric = result.headline
    assert metric is not None and metric.is_final
    assert metric.deadline_value == total  # the deadline's, not FY2007's
    assert metric.judgement is word
    assert metric.forecast is None


def test_it_caps_the_progress_of_threshold_kinds(kc: Programme) -> None:
    report(kc, {2002: 10, 2003: 50, 2004: 90, 2005: 95, 2006: 99}, kind="companies")
    target(("yoy_increase", {"outcome": "companies"}, 1))

    [result] = evaluate_targets(2006)

    assert result.headline.progress == 100.0  # type: ignore[union-attr]
    assert result.judgement is Judgement.ACHIEVED  # met, not "more than planned"


def test_it_judges_a_target_by_its_weakest_metric(kc: Programme) -> None:
    report(kc, {2002: 100, 2003: 200, 2004: 300})
    target(("cumulative_sum", PATENTS, 1000), ("cumulative_sum", PATENTS, 100_000))

    [result] = evaluate_targets(2004)

    assert [m.judgement for m in result.metrics] == [
        Judgement.LIKELY,
        Judgement.DIFFICULT,
    ]
    assert result.judgement is Judgement.DIFFICULT
    assert result.as_dict()["judgement"] == "達成見込み"  # the headline's
    assert result.as_dict()["overall_judgement"] == "達成困難"


@pytest.mark.parametrize(
    ("words", "overall"),
    [
        ([Judgement.EXCEEDED, Judgement.ACHIEVED], Judgement.ACHIEVED),
        ([Judgement.EXCEEDED, Judgement.NOT_ACHIEVED], Judgement.PARTLY),
        ([Judgement.PARTLY, Judgement.NOT_ACHIEVED], Judgement.NOT_ACHIEVED),
        ([Judgement.LIKELY, Judgement.INSUFFICIENT_DATA], Judgement.LIKELY),
        ([Judgement.INSUFFICIENT_DATA], Judgement.INSUFFICIENT_DATA),
        ([], Judgement.INSUFFICIENT_DATA),
    ],
)
def test_it_combines_judgements_like_mext(
    words: list[Judgement], overall: Judgement
) -> None:
    assert overall_judgement(words) is overall


def test_it_reads_the_thresholds_from_the_settings(kc: Programme) -> None:
    report(kc, {2002: 100, 2003: 220, 2004: 290})
    target(("cumulative_sum", PATENTS, 1350))

    [default] = evaluate_targets(2004)
    with override_settings(CHIIKI_TARGET_JUDGEMENT={"likely_probability": 0.9}):
        assert configured_thresholds().likely_probability == 0.9
        [strict] = evaluate_targets(2004)

    assert 0.8 <= default.headline.probability < 0.9  # type: ignore[union-attr,operator]
    assert default.judgement is Judgement.LIKELY
    assert strict.judgement is Judgement.ROUGHLY


@pytest.mark.parametrize(
    "value",
    [{"likeliness": 0.9}, {"likely_probability": 0.3, "roughly_probability": 0.5}],
)
def test_it_refuses_bad_threshold_settings(value: dict[str, float]) -> None:
    with override_settings(CHIIKI_TARGET_JUDGEMENT=value):
        with pytest.raises(ImproperlyConfigured):
            configured_thresholds()


def test_it_evaluates_every_target_in_a_bounded_number_of_queries(
    kc: Programme, django_assert_max_num_queries: Any
) -> None:
    report(kc, {2002: 1, 2003: 2, 2004: 3})
    for _ in range(5):
        target(("cumulative_sum", PATENTS, 10))

    # + 1: the data version the result is cached under (chiiki/caching.py);
    # + 7: the reports' completeness per programme and FY (targets/completeness.py).
    with django_assert_max_num_queries(4 + 5 + 7):
        evaluate_targets(2004)
