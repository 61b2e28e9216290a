"""The demo evaluations: the seed's cohorts, synthetic and idempotent."""

from __future__ import annotations

import pytest

from accounts.models import User
from audit.models import AuditEntry
from evaluations.choices import (
    AllocationStatus,
    CityAreaDecision,
    EvaluationState,
    EvaluationType,
)
from evaluations.demo import load_evaluation_demo
from evaluations.models import (
    AllocationRun,
    CommitteeMember,
    Evaluation,
    ItemResult,
    RegionPlan,
    Score,
)
from geo.models import Prefecture
from lib.money import YEN_PER_OKU
from tests.factories import make_programme, make_region, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohorts() -> None:
    """What the main loader creates: 12 KC regions and 19 City Areas of FY2002,
    plus later regions that must not be picked up."""
    kc = make_programme(code="KC", annual_amount_per_region_yen=5 * YEN_PER_OKU)
    ca = make_programme(code="CA", annual_amount_per_region_yen=YEN_PER_OKU)
    codes = [p.code for p in Prefecture.objects.order_by("code")]
    for n in range(12):
        prefecture = Prefecture.objects.get(code=codes[n * 3])
        make_region(
            programme=kc, start_fy=2002, planned_end_fy=2006, main_prefecture=prefecture
        )
    make_region(programme=kc, start_fy=2003, planned_end_fy=2007)
    for n in range(19):
        prefecture = Prefecture.objects.get(code=codes[n * 2])
        make_region(
            programme=ca, start_fy=2002, planned_end_fy=2004, main_prefecture=prefecture
        )
    make_region(programme=ca, start_fy=2003, planned_end_fy=2005)
    make_user(User.Role.REVIEWER, username="reviewer")


def test_it_loads_the_interim_and_final_evaluations(cohorts: None) -> None:
    load_evaluation_demo()
    interim = Evaluation.objects.get(kind=EvaluationType.INTERIM)
    final = Evaluation.objects.get(kind=EvaluationType.FINAL)
    assert (interim.fiscal_year, interim.state) == (2004, EvaluationState.PUBLISHED)
    assert (final.fiscal_year, final.state) == (2005, EvaluationState.PUBLISHED)
    assert interim.items.count() == 12
    assert final.items.count() == 19
    assert interim.is_synthetic and final.is_synthetic
    assert "合成" in interim.summary_ja
    assert ItemResult.objects.filter(item__evaluation=interim).count() == 12
    assert len({r.rating for r in ItemResult.objects.all()}) >= 3
    decisions = set(
        ItemResult.objects.filter(item__evaluation=final).values_list(
            "decision", flat=True
        )
    )
    assert decisions == {CityAreaDecision.CONTINUE, CityAreaDecision.END}


def test_it_derives_the_fy2005_allocation_from_the_interim_ratings(
    cohorts: None,
) -> None:
    load_evaluation_demo()
    run = AllocationRun.objects.get()
    assert (run.fiscal_year, run.status, run.is_synthetic) == (
        2005,
        AllocationStatus.ADOPTED,
        True,
    )
    assert run.budget_yen == 60 * YEN_PER_OKU
    assert sum(run.lines.values_list("amount_yen", flat=True)) == 60 * YEN_PER_OKU
    assert run.lines.count() == 12
    for line in run.lines.all():
        assert 350_000_000 <= line.amount_yen <= 650_000_000
    assert "12 地域 × 5億円 = 60億円" in run.note_ja


def test_it_seats_the_demo_reviewer_on_the_committee(cohorts: None) -> None:
    load_evaluation_demo()
    member = CommitteeMember.objects.get(user__username="reviewer")
    assert member.name_ja == "評価委員A（仮名）"
    assert CommitteeMember.objects.count() == 8
    draft = Evaluation.objects.get(kind=EvaluationType.CONTINUATION)
    assert draft.state == EvaluationState.DRAFT
    assert draft.items.filter(assignments__member=member).exists()


def test_it_revises_the_plans_of_weaker_regions(cohorts: None) -> None:
    load_evaluation_demo()
    revised = RegionPlan.objects.filter(number=2)
    assert revised.exists()
    for plan in revised:
        assert plan.evaluation_item.result.rating in ("B", "C")
        assert plan.requested_changes_ja


def test_it_is_idempotent(cohorts: None) -> None:
    load_evaluation_demo()
    counts = (Score.objects.count(), AuditEntry.objects.count())
    load_evaluation_demo()
    assert (Score.objects.count(), AuditEntry.objects.count()) == counts
    assert Evaluation.objects.count() == 3


def test_it_does_nothing_before_the_regions_exist() -> None:
    load_evaluation_demo()
    assert not Evaluation.objects.exists()
