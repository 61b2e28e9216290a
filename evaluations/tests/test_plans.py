"""Plan versions: a revision after the interim evaluation keeps the requests."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import User
from evaluations.choices import EvaluationType
from evaluations.errors import WorkflowError
from evaluations.services import create_plan, revise_plan, set_comment
from evaluations.tests.factories import make_closed_panel, make_panel
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_it_keeps_the_revision_as_a_new_version_with_the_requests() -> None:
    panel = make_closed_panel()
    item = panel.items[0]
    staff = make_user(User.Role.REGION, regions=[item.region])
    first = create_plan(item.region, staff, title_ja="5か年計画", body_ja="当初")
    set_comment(
        item,
        None,
        committee_comment_ja="概ね順調",
        requested_changes_ja="テーマを重点化すること",
    )
    revised = revise_plan(item, staff, body_ja="重点化した計画")
    assert (first.number, revised.number) == (1, 2)
    assert revised.title_ja == "5か年計画"
    assert revised.requested_changes_ja == "テーマを重点化すること"
    assert revised.evaluation_item == item
    assert revised.created_by == staff
    first.refresh_from_db()
    assert first.body_ja == "当初"


def test_it_refuses_other_regions_staff_and_reviewers() -> None:
    panel = make_closed_panel()
    item = panel.items[0]
    for user in (make_user(User.Role.REGION), make_user(User.Role.REVIEWER)):
        with pytest.raises(PermissionDenied):
            revise_plan(item, user, body_ja="x")


def test_it_revises_only_after_a_closed_interim_evaluation() -> None:
    draft = make_panel()
    with pytest.raises(WorkflowError) as caught:
        revise_plan(draft.items[0], None, body_ja="x")
    assert caught.value.code == "plan.not_closed"
    final = make_closed_panel(kind=EvaluationType.FINAL)
    with pytest.raises(WorkflowError) as caught:
        revise_plan(final.items[0], None, body_ja="x")
    assert caught.value.code == "plan.not_interim"
