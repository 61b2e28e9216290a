"""Conflicts of interest bind at once, and no state of them answers 500 (issue 13).

Declaring a conflict removes the member's assignment (scores included, the
audit entry keeps them); a conflict that arises another way (a new
affiliation) blocks scoring with a Japanese message on the web and a 409 over
the API until the officer's 自動割当て removes it; a region's conflict covers
its proposals; the officer's pages and the assign endpoints never fail.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from accounts.models import User
from accounts.tokens import issue_token
from audit.models import AuditEntry
from evaluations.errors import WorkflowError
from evaluations.models import Assignment, Evaluation, Score
from evaluations.services import (
    assign_reviewer,
    assign_reviewers,
    close_evaluation,
    conflicted_assignments,
    conflicts_for,
    declare_conflict,
    open_for_scoring,
    record_scores,
    reopen,
    withdraw_conflict,
)
from evaluations.tests.factories import (
    Panel,
    make_evaluation,
    make_item,
    make_panel,
    make_proposal,
    make_reviewer_member,
    score_everything,
)
from lib.assignment import ConflictReason
from tests.factories import make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

SCORES = {"progress": 4, "results": 4, "impact": 3, "organisation": 3}


def _api(user: User) -> dict[str, Any]:
    return {"headers": {"Authorization": f"Bearer {issue_token(user).plaintext}"}}


def _web(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _assigned(panel: Panel) -> Assignment:
    return Assignment.objects.select_related("item__region", "member__user").first()


def _removal_entries(evaluation: Evaluation) -> list[AuditEntry]:
    return [
        entry
        for entry in AuditEntry.objects.for_object(evaluation)
        if entry.after and "assignments_removed" in entry.after
    ]


def test_it_removes_the_assignment_when_an_assigned_member_declares() -> None:
    panel = make_panel(regions=1, members=2, min_reviewers=1)
    assignment = _assigned(panel)
    member, item = assignment.member, assignment.item

    declare_conflict(member, member.user, region=item.region, reason_ja="共同研究者")

    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    (entry,) = _removal_entries(panel.evaluation)
    assert entry.reason == "利害関係による割当ての解除"
    row = entry.after["assignments_removed"][0]
    assert (row["item"], row["member"], row["reasons"]) == (
        item.pk,
        member.pk,
        [ConflictReason.DECLARED.value],
    )
    assert AuditEntry.objects.for_object(assignment).filter(action="delete").exists()


def test_it_removes_a_scored_assignment_and_keeps_the_scores_in_the_audit() -> None:
    panel = make_panel(regions=1, members=2, min_reviewers=1)
    open_for_scoring(panel.evaluation, None)
    score_everything(panel, lambda item, member: 4)
    assignment = _assigned(panel)
    reviewer = assignment.member.user
    url = f"/api/v1/evaluations/{panel.evaluation.pk}/items/{assignment.item_id}/scores"

    declare_conflict(assignment.member, None, region=assignment.item.region)

    assert not Score.objects.filter(assignment_id=assignment.pk).exists()
    (entry,) = _removal_entries(panel.evaluation)
    assert entry.after["assignments_removed"][0]["scores"] == {
        code: 4 for code in SCORES
    }
    # The item is no longer theirs: the page and the API act as if it were not.
    response = Client().post(
        url, json.dumps({"scores": SCORES}), "application/json", **_api(reviewer)
    )
    assert response.status_code == 404
    page = _web(reviewer).get(f"/evaluations/items/{assignment.item_id}/")
    assert page.status_code == 404


def test_a_region_conflict_covers_the_regions_proposals() -> None:
    evaluation = make_evaluation(min_reviewers=1)
    region = make_region(programme=evaluation.programme)
    item = make_item(evaluation, proposal=make_proposal(region=region))
    member = make_reviewer_member(evaluation.committee)
    make_reviewer_member(evaluation.committee)
    assign_reviewer(item, member, None)

    declare_conflict(member, None, region=region)

    assert conflicts_for(evaluation)[(str(item.pk), str(member.pk))] == (
        ConflictReason.DECLARED,
    )
    assert not Assignment.objects.filter(item=item, member=member).exists()
    with pytest.raises(WorkflowError) as caught:
        assign_reviewer(item, member, None)
    assert caught.value.code == "assignment.conflict"


def _affiliate(assignment: Assignment) -> None:
    """The member joins the region's core institution after being assigned
    (an affiliation entered outside the admin's hook, e.g. by a data load)."""
    region = assignment.item.region
    region.core_institution = make_organisation()
    region.save(update_fields=["core_institution"])
    assignment.member.organisations.add(region.core_institution)


def test_a_conflict_from_a_new_affiliation_blocks_scoring_with_a_message() -> None:
    panel = make_panel(regions=1, members=2, min_reviewers=1)
    open_for_scoring(panel.evaluation, None)
    assignment = _assigned(panel)
    reviewer, item = assignment.member.user, assignment.item
    _affiliate(assignment)

    with pytest.raises(WorkflowError) as caught:
        record_scores(item, reviewer, SCORES)
    assert caught.value.code == "scoring.conflict"
    assert "利害関係があるため採点できません" in caught.value.message

    url = f"/api/v1/evaluations/{panel.evaluation.pk}/items/{item.pk}/scores"
    response = Client().post(
        url, json.dumps({"scores": SCORES}), "application/json", **_api(reviewer)
    )
    assert response.status_code == 409
    assert response.json()["code"] == "scoring.conflict"
    assert "中核機関に所属" in response.json()["detail"]

    web = _web(reviewer)
    page = web.get(f"/evaluations/items/{item.pk}/").content.decode()
    assert "利害関係があるため、この評価対象は採点できません" in page
    assert "score_progress" not in page
    posted = web.post(
        f"/evaluations/items/{item.pk}/score/",
        {f"score_{code}": value for code, value in SCORES.items()},
    )
    assert posted.status_code == 200
    assert "利害関係があるため採点できません" in posted.content.decode()
    assert not Score.objects.filter(assignment=assignment).exists()


def test_the_officer_sees_and_clears_a_conflicted_assignment_without_a_500() -> None:
    panel = make_panel(regions=2, members=3, min_reviewers=1)
    assignment = _assigned(panel)
    _affiliate(assignment)
    officer = make_user(User.Role.OFFICER)
    web = _web(officer)
    detail = f"/evaluations/{panel.evaluation.pk}/"

    page = web.get(detail)
    assert page.status_code == 200
    assert "利害関係のある割当て" in page.content.decode()
    with pytest.raises(WorkflowError) as caught:
        open_for_scoring(panel.evaluation, None)
    assert caught.value.code == "evaluation.conflicted"

    response = web.post(f"/evaluations/{panel.evaluation.pk}/assign/")
    assert response.status_code == 302
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert web.get(detail).status_code == 200
    assert conflicted_assignments(panel.evaluation) == []
    assert open_for_scoring(panel.evaluation, None).state == "open"


def test_the_assign_api_removes_conflicted_assignments() -> None:
    panel = make_panel(regions=2, members=3, min_reviewers=1)
    assignment = _assigned(panel)
    _affiliate(assignment)
    officer = make_user(User.Role.OFFICER)

    response = Client().post(
        f"/api/v1/evaluations/{panel.evaluation.pk}/assign", **_api(officer)
    )

    assert response.status_code == 200
    assert response.json()["removed"] == 1
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert Assignment.objects.filter(item=assignment.item).count() == 1


def test_a_closed_evaluation_keeps_its_history_until_reopened() -> None:
    panel = make_panel(regions=1, members=2, min_reviewers=1)
    open_for_scoring(panel.evaluation, None)
    score_everything(panel, lambda item, member: 3)
    close_evaluation(panel.evaluation, None)
    assignment = _assigned(panel)

    declare_conflict(assignment.member, None, region=assignment.item.region)
    assert Assignment.objects.filter(pk=assignment.pk).exists()

    reopen(panel.evaluation, None, "利害関係の申告を受けて再採点")
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_only_the_member_or_an_officer_declares_and_withdraws() -> None:
    panel = make_panel(regions=1, members=2, min_reviewers=1)
    member, other = panel.members
    region = panel.items[0].region
    with pytest.raises(PermissionDenied):
        declare_conflict(member, other.user, region=region)
    conflict = declare_conflict(member, member.user, region=region)
    with pytest.raises(PermissionDenied):
        withdraw_conflict(conflict, other.user)
    withdraw_conflict(conflict, make_user(User.Role.OFFICER))
    assert conflicts_for(panel.evaluation) == {}
    assign_reviewers(panel.evaluation, None)
    assert Assignment.objects.filter(item=panel.items[0]).count() == 1
