"""傾斜配分 from evaluation results, stored runs, what-if, City Area decisions."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import User
from evaluations.choices import (
    AllocationStatus,
    AllocationWeighting,
    CityAreaDecision,
    EvaluationType,
    Rating,
)
from evaluations.errors import WorkflowError
from evaluations.models import AllocationRun, DecisionChange, ItemResult
from evaluations.services import (
    AllocationRequest,
    allocation_what_if,
    close_evaluation,
    compute_allocation,
    decide_city_areas,
    open_for_scoring,
    publish,
    run_allocation,
)
from evaluations.tests.factories import (
    Panel,
    make_closed_panel,
    make_panel,
    score_everything,
)
from lib.allocation import AllocationError, Bound
from lib.money import YEN_PER_OKU
from programmes.models import Region
from tests.factories import make_programme, make_region, make_user

pytestmark = pytest.mark.django_db
BASE = 5 * YEN_PER_OKU


def _rated_panel(kind: str = EvaluationType.INTERIM) -> Panel:
    """Four regions (FY2002–2006) scored 5, 4, 3 and 1 → ratings S, A, B, C."""
    programme = make_programme(annual_amount_per_region_yen=BASE)
    panel = make_panel(
        regions=4, members=2, min_reviewers=2, programme=programme, kind=kind
    )
    Region.objects.filter(evaluation_items__in=panel.items).update(planned_end_fy=2006)
    levels = dict(zip((i.pk for i in panel.items), (5, 4, 3, 1), strict=True))
    open_for_scoring(panel.evaluation, None)
    score_everything(panel, lambda item, member: levels[item.pk])
    close_evaluation(panel.evaluation, None)
    panel.evaluation.refresh_from_db()
    return panel


def _request(panel: Panel, budget: int, **changes: object) -> AllocationRequest:
    return AllocationRequest(
        programme=panel.evaluation.programme,
        fiscal_year=2005,
        budget_yen=budget,
        evaluation=panel.evaluation,
        **changes,  # type: ignore[arg-type]
    )


def test_it_gives_better_rated_regions_more_and_spends_the_budget() -> None:
    panel = _rated_panel()
    outcome = compute_allocation(_request(panel, 4 * BASE))
    by_rating = {basis.rating: line for basis, line in outcome.rows()}
    assert [by_rating[r].amount_yen for r in "SABC"] == sorted(
        (by_rating[r].amount_yen for r in "SABC"), reverse=True
    )
    assert by_rating["C"].bound is Bound.FLOOR
    assert by_rating["C"].amount_yen == 350_000_000
    assert outcome.allocation.total_yen == 4 * BASE
    data = outcome.as_dict()
    assert data["total_yen"] == 4 * BASE
    assert data["regions"][0]["explanation_ja"].startswith("基準額")


def test_it_raises_the_documented_error_when_infeasible() -> None:
    panel = _rated_panel()
    with pytest.raises(AllocationError) as caught:
        compute_allocation(_request(panel, 10 * BASE))
    assert caught.value.code == "allocation.budget_above_ceilings"


def test_it_weights_by_score_or_equally_on_request() -> None:
    panel = _rated_panel()
    equal = compute_allocation(
        _request(panel, 4 * BASE, weighting=AllocationWeighting.EQUAL)
    )
    assert {line.amount_yen for line in equal.allocation.lines} == {BASE}
    by_score = compute_allocation(
        _request(panel, 4 * BASE, weighting=AllocationWeighting.SCORE)
    )
    weights = sorted(b.weight for b in by_score.bases.values())
    assert weights == pytest.approx([0.7, 1.0, 1.15, 1.3])


def test_it_refuses_an_evaluation_without_results() -> None:
    panel = make_panel()
    with pytest.raises(WorkflowError) as caught:
        compute_allocation(_request(panel, 3 * BASE))
    assert caught.value.code == "allocation.no_results"


def test_it_uses_the_latest_published_results_without_an_evaluation() -> None:
    panel = _rated_panel()
    programme = panel.evaluation.programme
    newcomer = make_region(programme=programme, start_fy=2004, planned_end_fy=2008)
    request = AllocationRequest(
        programme=programme, fiscal_year=2005, budget_yen=5 * BASE
    )
    unpublished = compute_allocation(request)
    assert len(unpublished.bases) == 5
    assert {b.rating for b in unpublished.bases.values()} == {""}
    publish(panel.evaluation, None)
    rated = compute_allocation(request)
    assert rated.bases[newcomer.code].rating == ""
    assert rated.bases[newcomer.code].weight == 1.0
    assert {b.rating for b in rated.bases.values()} == {"", "S", "A", "B", "C"}
    earlier = replace(request, fiscal_year=2004, budget_yen=5 * BASE)
    assert {b.rating for b in compute_allocation(earlier).bases.values()} == {""}


def test_it_stores_and_adopts_one_run_per_year() -> None:
    panel = _rated_panel()
    officer = make_user(User.Role.OFFICER)
    first = run_allocation(
        _request(panel, 4 * BASE), officer, label_ja="案1", adopt=True
    )
    second = run_allocation(
        _request(panel, 4 * BASE - YEN_PER_OKU), officer, label_ja="案2", adopt=True
    )
    first.refresh_from_db()
    assert (first.status, second.status) == (
        AllocationStatus.DRAFT,
        AllocationStatus.ADOPTED,
    )
    assert (
        sum(second.lines.values_list("amount_yen", flat=True)) == 4 * BASE - YEN_PER_OKU
    )
    assert second.lines.get(rating=Rating.C).bound == "floor"
    with pytest.raises(WorkflowError):
        run_allocation(_request(panel, 4 * BASE), officer, label_ja="案1")
    with pytest.raises(PermissionDenied):
        run_allocation(_request(panel, 4 * BASE), panel.members[0].user, label_ja="x")
    assert AllocationRun.objects.count() == 2


def test_it_compares_two_budgets_side_by_side() -> None:
    panel = _rated_panel()
    what_if = allocation_what_if(
        _request(panel, 4 * BASE), budget_yen=4 * BASE + 2 * 10**8
    )
    assert sum(d.difference_yen for d in what_if.deltas) == 2 * 10**8
    assert all(d.difference_yen >= 0 for d in what_if.deltas)


def test_it_decides_which_city_areas_continue() -> None:
    panel = _rated_panel(EvaluationType.FINAL)
    decisions = decide_city_areas(panel.evaluation, None, reason="委員会決定")
    assert sorted(decisions.values()) == ["continue", "continue", "end", "end"]
    continued = ItemResult.objects.filter(decision=CityAreaDecision.CONTINUE)
    assert {r.rating for r in continued} == {"S", "A"}
    assert DecisionChange.objects.count() == 4
    decide_city_areas(panel.evaluation, None)
    assert DecisionChange.objects.count() == 4


def test_it_decides_only_on_closed_final_evaluations() -> None:
    with pytest.raises(WorkflowError):
        decide_city_areas(_rated_panel().evaluation, None)
    with pytest.raises(WorkflowError):
        decide_city_areas(make_panel(kind=EvaluationType.FINAL).evaluation, None)


def test_it_keeps_results_of_closed_panels_usable() -> None:
    panel = make_closed_panel()
    request = AllocationRequest(
        programme=panel.evaluation.programme,
        fiscal_year=2005,
        budget_yen=3 * panel.evaluation.programme.annual_amount_per_region_yen,
        evaluation=panel.evaluation,
    )
    assert compute_allocation(request).allocation.total_yen == request.budget_yen
