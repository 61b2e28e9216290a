"""Who sees what: the access ladder over evaluations, sheets, scores, results."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from accounts.policy import Action, can, get_object_for_user, scope
from evaluations import access
from evaluations.models import Assignment, EvaluationItem, ItemResult, Score
from evaluations.services import close_evaluation, open_for_scoring, publish
from evaluations.tests.factories import (
    Panel,
    make_closed_panel,
    make_panel,
    score_everything,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _open_scored_panel() -> Panel:
    """Three items, one reviewer each, all sheets in, still open."""
    panel = make_panel(regions=3, members=3, min_reviewers=1)
    open_for_scoring(panel.evaluation, None)
    score_everything(panel, lambda item, member: 4)
    return panel


def _mine(panel: Panel, user: User) -> tuple[EvaluationItem, EvaluationItem]:
    mine = EvaluationItem.objects.get(
        evaluation=panel.evaluation, assignments__member__user=user
    )
    other = EvaluationItem.objects.exclude(pk=mine.pk).filter(
        evaluation=panel.evaluation
    )[0]
    return mine, other


def test_it_shows_a_reviewer_only_their_items_and_own_scores_while_open() -> None:
    panel = _open_scored_panel()
    reviewer = panel.members[0].user
    mine, other = _mine(panel, reviewer)
    assert list(access.items_for(reviewer)) == [mine]
    assert {s.assignment.member.user for s in access.scores_for(reviewer)} == {reviewer}
    assert access.scores_for(reviewer).count() == 4
    assert not access.results_for(reviewer).exists()


def test_it_answers_404_for_an_unassigned_item_or_another_reviewers_sheet() -> None:
    """Invisible answers exactly like missing, so ids cannot be enumerated."""
    panel = _open_scored_panel()
    reviewer = panel.members[0].user
    mine, other = _mine(panel, reviewer)
    assert access.get_item_for_user(reviewer, mine.pk) == mine
    with pytest.raises(Http404):
        access.get_item_for_user(reviewer, other.pk)
    foreign = Assignment.objects.get(item=other)
    with pytest.raises(Http404):
        access.get_assignment_for_user(reviewer, foreign.pk)
    with pytest.raises(Http404):
        access.get_item_for_user(reviewer, 10**9)


def test_it_lets_only_the_assigned_reviewer_score_while_open() -> None:
    panel = _open_scored_panel()
    reviewer = panel.members[0].user
    sheet = Assignment.objects.get(member__user=reviewer)
    assert access.get_assignment_for_user(reviewer, sheet.pk, "score") == sheet
    assert can(reviewer, Action.SCORE, sheet)
    assert not can(panel.members[1].user, Action.SCORE, sheet)
    close_evaluation(panel.evaluation, None)
    with pytest.raises(PermissionDenied):
        access.get_assignment_for_user(reviewer, sheet.pk, "score")


def test_it_shows_the_panel_its_sheets_and_results_after_closing() -> None:
    panel = _open_scored_panel()
    close_evaluation(panel.evaluation, None)
    reviewer = panel.members[0].user
    mine, _ = _mine(panel, reviewer)
    assert [r.item for r in access.results_for(reviewer)] == [mine]
    assert access.assignments_for(reviewer).count() == 1


def test_it_never_shows_region_staff_or_the_public_a_score() -> None:
    panel = make_closed_panel()
    publish(panel.evaluation, None)
    region_user = make_user(User.Role.REGION, regions=[panel.items[0].region])
    for user in (region_user, AnonymousUser()):
        assert not access.scores_for(user).exists()
        assert not access.assignments_for(user).exists()
        assert not can(user, Action.VIEW, Score)
        assert not can(user, Action.VIEW, Assignment)
        assert access.results_for(user).count() == len(panel.items)


def test_it_shows_the_public_only_published_aggregates() -> None:
    panel = make_closed_panel()
    anonymous = AnonymousUser()
    assert not access.evaluations_for(anonymous).exists()
    assert not access.items_for(anonymous).exists()
    assert not access.results_for(anonymous).exists()
    with pytest.raises(Http404):
        access.get_evaluation_for_user(anonymous, panel.evaluation.pk)
    publish(panel.evaluation, None)
    assert list(access.evaluations_for(anonymous)) == [panel.evaluation]
    assert access.results_for(anonymous).count() == ItemResult.objects.count()


def test_it_lets_region_staff_follow_their_own_region_without_results() -> None:
    panel = _open_scored_panel()
    item = panel.items[0]
    staff = make_user(User.Role.REGION, regions=[item.region])
    assert list(access.items_for(staff)) == [item]
    close_evaluation(panel.evaluation, None)
    assert not access.results_for(staff).exists()


def test_it_shows_officers_everything() -> None:
    _open_scored_panel()
    officer = make_user(User.Role.OFFICER)
    assert access.items_for(officer).count() == 3
    assert access.scores_for(officer).count() == Score.objects.count()


def test_it_registers_the_same_scopes_with_the_policy() -> None:
    panel = _open_scored_panel()
    reviewer = panel.members[0].user
    mine, other = _mine(panel, reviewer)
    assert list(scope(reviewer, EvaluationItem.objects.all())) == [mine]
    assert can(reviewer, Action.VIEW, mine) and not can(reviewer, Action.VIEW, other)
    assert get_object_for_user(reviewer, EvaluationItem, pk=mine.pk) == mine
    assert not can(reviewer, Action.CLOSE, panel.evaluation)
    assert can(make_user(User.Role.OFFICER), Action.CLOSE, panel.evaluation)
