"""Score, open, close, publish and allocate each leave an audit entry with the
values before and after (issue 5, audit)."""

from __future__ import annotations

import pytest

from audit.models import AuditEntry
from evaluations.choices import EvaluationState
from evaluations.services import (
    AllocationRequest,
    close_evaluation,
    open_for_scoring,
    publish,
    record_scores,
    run_allocation,
)
from evaluations.tests.factories import make_panel, score_everything
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TRANSITION = AuditEntry.Action.TRANSITION


def _last(obj: object, key: str) -> AuditEntry:
    entries = AuditEntry.objects.for_object(obj).filter(action=TRANSITION)
    return [e for e in entries.order_by("pk") if key in (e.after or {})][-1]


def test_each_step_leaves_its_record_with_before_and_after() -> None:
    officer = make_user("officer")
    panel = make_panel(regions=2, members=2, min_reviewers=1)
    evaluation = panel.evaluation

    open_for_scoring(evaluation, officer)
    entry = _last(evaluation, "state")
    assert (entry.before, entry.after) == ({"state": "draft"}, {"state": "open"})
    assert entry.user == officer

    item = panel.items[0]
    sheet = item.assignments.select_related("member__user").first()
    codes = list(evaluation.criteria.values_list("code", flat=True))
    record_scores(item, sheet.member.user, dict.fromkeys(codes, 2))
    record_scores(item, sheet.member.user, dict.fromkeys(codes, 4), comment_ja="良")
    entry = _last(sheet, "scores")
    assert entry.before["scores"] == dict.fromkeys(codes, 2)
    assert entry.after == {"scores": dict.fromkeys(codes, 4), "comment": "良"}
    assert entry.user == sheet.member.user

    score_everything(panel, lambda item, member: 3)
    close_evaluation(evaluation, officer)
    entry = _last(evaluation, "state")
    assert (entry.before, entry.after) == ({"state": "open"}, {"state": "closed"})

    publish(evaluation, officer)
    entry = _last(evaluation, "state")
    assert entry.after == {"state": EvaluationState.PUBLISHED}

    run = run_allocation(
        AllocationRequest(
            programme=evaluation.programme,
            fiscal_year=2005,
            budget_yen=2_000_000_000,
            evaluation=evaluation,
            base_yen=1_000_000_000,
        ),
        officer,
        label_ja="監査テスト",
    )
    entry = _last(run, "amounts")
    assert entry.before == {}
    assert entry.after["budget_yen"] == 2_000_000_000
    assert sum(entry.after["amounts"].values()) == 2_000_000_000
    assert entry.user == officer
