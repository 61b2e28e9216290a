"""Recording a score sheet: only when open, only by the assigned member."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from evaluations.choices import EvaluationState
from evaluations.errors import WorkflowError
from evaluations.models import Score
from evaluations.services import close_evaluation, open_for_scoring, record_scores
from evaluations.tests.factories import Panel, make_closed_panel, make_panel
from tests.factories import make_user

pytestmark = pytest.mark.django_db

FULL = {"progress": 4, "results": 3, "impact": 5, "organisation": 2}


def _open_panel() -> Panel:
    panel = make_panel(regions=2, members=3, min_reviewers=2)
    open_for_scoring(panel.evaluation, None)
    return panel


def _assigned_and_not(panel: Panel):  # noqa: ANN202 - (member, item, other item)
    member = panel.members[0]
    mine = [i for i in panel.items if i.assignments.filter(member=member).exists()]
    others = [i for i in panel.items if i not in mine]
    return member, mine, others


def test_it_records_a_full_sheet_of_the_assigned_reviewer() -> None:
    panel = _open_panel()
    member, mine, _ = _assigned_and_not(panel)
    sheet = record_scores(mine[0], member.user, FULL, comment_ja="良好")
    assert sheet.submitted_at is not None
    assert sheet.entered_by is None
    assert dict(sheet.scores.values_list("criterion__code", "value")) == FULL


def test_it_lets_the_reviewer_correct_the_sheet_while_open() -> None:
    panel = _open_panel()
    member, mine, _ = _assigned_and_not(panel)
    record_scores(mine[0], member.user, FULL)
    record_scores(mine[0], member.user, {**FULL, "progress": 1})
    assert (
        Score.objects.filter(assignment__item=mine[0], assignment__member=member)
        .get(criterion__code="progress")
        .value
        == 1
    )


def test_it_refuses_a_reviewer_scoring_an_unassigned_item() -> None:
    panel = make_panel(regions=3, members=3, min_reviewers=1)
    open_for_scoring(panel.evaluation, None)
    member, _, others = _assigned_and_not(panel)
    assert others, "with 3 items, 3 members and 1 reviewer each, one is not mine"
    with pytest.raises(PermissionDenied):
        record_scores(others[0], member.user, FULL)
    assert not Score.objects.filter(assignment__member=member).exists()


@pytest.mark.parametrize("state", [EvaluationState.DRAFT, EvaluationState.CLOSED])
def test_it_refuses_scores_when_the_evaluation_is_not_open(state: str) -> None:
    panel = make_closed_panel() if state == EvaluationState.CLOSED else make_panel()
    member, mine, _ = _assigned_and_not(panel)
    before = Score.objects.count()
    with pytest.raises(WorkflowError) as caught:
        record_scores(mine[0], member.user, FULL)
    assert caught.value.code == "scoring.not_open"
    assert Score.objects.count() == before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({**FULL, "progress": 6}, "progress"),
        ({**FULL, "progress": 0}, "progress"),
        ({k: v for k, v in FULL.items() if k != "impact"}, "impact"),
        ({**FULL, "novelty": 3}, "novelty"),
        ({**FULL, "results": "3"}, "results"),
    ],
)
def test_it_refuses_an_invalid_sheet_field_by_field(values: dict, field: str) -> None:
    panel = _open_panel()
    member, mine, _ = _assigned_and_not(panel)
    with pytest.raises(ValidationError) as caught:
        record_scores(mine[0], member.user, values)
    assert field in caught.value.message_dict
    assert not Score.objects.exists()


def test_it_lets_an_officer_enter_a_paper_sheet_for_a_member() -> None:
    panel = _open_panel()
    officer = make_user(User.Role.OFFICER)
    member, mine, _ = _assigned_and_not(panel)
    sheet = record_scores(mine[0], officer, FULL, member=member)
    assert sheet.entered_by == officer
    assert sheet.member == member


def test_it_refuses_region_staff_and_members_of_nothing() -> None:
    panel = _open_panel()
    _, mine, _ = _assigned_and_not(panel)
    for user in (make_user(User.Role.REGION), make_user(User.Role.REVIEWER)):
        with pytest.raises(PermissionDenied):
            record_scores(mine[0], user, FULL)


def test_it_closes_with_the_recorded_sheets() -> None:
    panel = _open_panel()
    for item in panel.items:
        for sheet in panel.sheet(item):
            record_scores(item, sheet.member.user, FULL)
    close_evaluation(panel.evaluation, None)
    result = panel.items[0].result
    assert float(result.score) == pytest.approx(3.5)
    assert result.rating == "A"
