"""An evaluation's state machine: legal steps recorded, illegal ones refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from audit.models import AuditEntry
from evaluations.choices import Aggregation, EvaluationState, EvaluationType, Rating
from evaluations.errors import WorkflowError
from evaluations.models import Evaluation, EvaluationTransition, ItemResult
from evaluations.services import (
    CriterionSpec,
    close_evaluation,
    create_evaluation,
    decide_city_areas,
    open_for_scoring,
    publish,
    reopen,
    set_comment,
    set_rubric,
)
from evaluations.tests.factories import (
    make_closed_panel,
    make_committee,
    make_evaluation,
    make_panel,
    score_everything,
)
from tests.factories import make_programme, make_region, make_user

pytestmark = pytest.mark.django_db
State = EvaluationState


def _states(evaluation: Evaluation) -> list[tuple[str, str]]:
    return list(
        EvaluationTransition.objects.filter(evaluation=evaluation).values_list(
            "old_state", "new_state"
        )
    )


def test_it_creates_a_draft_with_rubric_items_and_history() -> None:
    officer = make_user(User.Role.OFFICER)
    programme = make_programme()
    regions = [make_region(programme=programme) for _ in range(2)]
    evaluation = create_evaluation(
        kind=EvaluationType.INTERIM,
        programme=programme,
        fiscal_year=2004,
        title_ja="中間評価",
        committee=make_committee(),
        criteria=[
            CriterionSpec("progress", "進捗", 3),
            CriterionSpec("results", "成果", 2),
        ],
        regions=regions,
        actor=officer,
    )
    assert evaluation.state == State.DRAFT
    assert list(evaluation.criteria.values_list("code", flat=True)) == [
        "progress",
        "results",
    ]
    assert evaluation.items.count() == 2
    assert _states(evaluation) == [("", State.DRAFT)]
    entries = AuditEntry.objects.for_object(evaluation).order_by("pk")
    created, items_added = entries
    assert (created.action, created.user) == (AuditEntry.Action.CREATE, None)
    assert items_added.after == {"items_added": [r.name_ja for r in regions]}
    assert items_added.user == officer


def test_it_refuses_creation_by_a_non_officer() -> None:
    with pytest.raises(PermissionDenied):
        create_evaluation(
            kind=EvaluationType.INTERIM,
            programme=make_programme(),
            fiscal_year=2004,
            title_ja="x",
            committee=make_committee(),
            criteria=[CriterionSpec("a", "a", 1)],
            actor=make_user(User.Role.REVIEWER),
        )


def test_it_walks_draft_open_closed_published_and_records_each_step() -> None:
    officer = make_user(User.Role.OFFICER)
    panel = make_panel()
    evaluation = panel.evaluation
    open_for_scoring(evaluation, officer, "委員会開催")
    score_everything(panel, lambda item, member: 4)
    close_evaluation(evaluation, officer)
    publish(evaluation, officer)
    evaluation.refresh_from_db()
    assert evaluation.state == State.PUBLISHED
    assert evaluation.opened_at and evaluation.closed_at and evaluation.published_at
    assert _states(evaluation) == [
        (State.DRAFT, State.OPEN),
        (State.OPEN, State.CLOSED),
        (State.CLOSED, State.PUBLISHED),
    ]
    first = EvaluationTransition.objects.filter(evaluation=evaluation).first()
    assert (first.actor, first.reason) == (officer, "委員会開催")
    transitions = AuditEntry.objects.for_object(evaluation).filter(
        action=AuditEntry.Action.TRANSITION
    )
    assert sorted(t.after["state"] for t in transitions) == [
        State.CLOSED,
        State.OPEN,
        State.PUBLISHED,
    ]


@pytest.mark.parametrize(
    ("step", "state"),
    [
        (close_evaluation, State.DRAFT),
        (publish, State.DRAFT),
        (publish, State.OPEN),
        (open_for_scoring, State.PUBLISHED),
        (close_evaluation, State.PUBLISHED),
    ],
)
def test_it_refuses_an_illegal_transition_and_changes_nothing(
    step: Callable[[Evaluation, None], Evaluation], state: str
) -> None:
    evaluation = make_evaluation(state=state)
    before = evaluation.snapshot()
    entries = AuditEntry.objects.count()
    with pytest.raises(WorkflowError) as caught:
        step(evaluation, None)
    assert caught.value.code == "evaluation.illegal_transition"
    assert "変えることはできません" in caught.value.message
    evaluation.refresh_from_db()
    assert evaluation.snapshot() == before
    assert not EvaluationTransition.objects.filter(evaluation=evaluation).exists()
    assert AuditEntry.objects.count() == entries


def test_it_refuses_to_open_while_an_item_lacks_reviewers() -> None:
    panel = make_panel(regions=2, members=1, min_reviewers=2)
    with pytest.raises(WorkflowError) as caught:
        open_for_scoring(panel.evaluation, None)
    assert caught.value.code == "evaluation.understaffed"
    assert panel.items[0].region.name_ja in caught.value.message
    panel.evaluation.refresh_from_db()
    assert panel.evaluation.state == State.DRAFT


def test_it_refuses_to_close_while_an_item_has_no_score_sheet() -> None:
    panel = make_panel(regions=2)
    open_for_scoring(panel.evaluation, None)
    with pytest.raises(WorkflowError) as caught:
        close_evaluation(panel.evaluation, None)
    assert caught.value.code == "evaluation.unscored"
    panel.evaluation.refresh_from_db()
    assert panel.evaluation.state == State.OPEN
    assert not ItemResult.objects.exists()


def test_it_computes_results_on_close() -> None:
    panel = make_panel(regions=2, members=3, min_reviewers=3)
    open_for_scoring(panel.evaluation, None)
    best, worst = panel.items
    score_everything(panel, lambda item, member: 5 if item == best else 2)
    close_evaluation(panel.evaluation, None)
    best_result, worst_result = (ItemResult.objects.get(item=i) for i in panel.items)
    assert (best_result.rating, best_result.rank, best_result.reviewer_count) == (
        Rating.S,
        1,
        3,
    )
    assert (worst_result.rating, worst_result.rank) == (Rating.C, 2)
    assert float(best_result.score) == 5.0
    assert float(worst_result.std) == 0.0
    sheet = best.assignments.first()
    assert float(sheet.weighted_score) == 5.0


def test_it_uses_the_trimmed_mean_and_flags_the_outlier() -> None:
    panel = make_panel(
        regions=1, members=5, min_reviewers=5, aggregation=Aggregation.TRIMMED_MEAN
    )
    open_for_scoring(panel.evaluation, None)
    harsh = panel.members[0]
    score_everything(panel, lambda item, member: 1 if member == harsh else 4)
    close_evaluation(panel.evaluation, None)
    result = ItemResult.objects.get()
    assert float(result.score) == 4.0
    assert float(result.raw_mean) == pytest.approx(3.4)
    assert result.outlier_count == 1
    assert harsh.assignments.get().is_outlier


def test_it_reopens_with_a_reason_and_discards_results() -> None:
    panel = make_closed_panel()
    with pytest.raises(WorkflowError):
        reopen(panel.evaluation, None, "  ")
    reopen(panel.evaluation, None, "評点の誤記訂正")
    panel.evaluation.refresh_from_db()
    assert panel.evaluation.state == State.OPEN
    assert panel.evaluation.closed_at is None
    assert not ItemResult.objects.exists()


def test_it_refuses_to_reopen_once_the_results_decided_something() -> None:
    panel = make_closed_panel(kind=EvaluationType.FINAL)
    decide_city_areas(panel.evaluation, None)
    with pytest.raises(WorkflowError) as caught:
        reopen(panel.evaluation, None, "訂正")
    assert caught.value.code == "evaluation.results_in_use"
    assert ItemResult.objects.filter(item__evaluation=panel.evaluation).exists()


def test_it_keeps_comments_editable_until_publication() -> None:
    panel = make_closed_panel()
    item = panel.items[0]
    set_comment(item, None, committee_comment_ja="順調", requested_changes_ja="重点化")
    item.refresh_from_db()
    assert item.requested_changes_ja == "重点化"
    publish(panel.evaluation, None)
    item.refresh_from_db()
    with pytest.raises(WorkflowError):
        set_comment(item, None, committee_comment_ja="変更")


def test_it_lets_the_officer_redefine_the_rubric_of_a_draft() -> None:
    evaluation = make_evaluation()
    set_rubric(
        evaluation,
        [CriterionSpec("a", "独自性", 1), CriterionSpec("b", "実現性", 2)],
        None,
    )
    assert list(evaluation.criteria.values_list("code", flat=True)) == ["a", "b"]
    with pytest.raises(ValidationError):
        set_rubric(
            evaluation, [CriterionSpec("a", "x", 1), CriterionSpec("a", "y", 1)], None
        )
    with pytest.raises(ValidationError):
        set_rubric(evaluation, [CriterionSpec("a", "x", 0)], None)
    open_panel = make_panel()
    open_for_scoring(open_panel.evaluation, None)
    with pytest.raises(WorkflowError):
        set_rubric(open_panel.evaluation, [CriterionSpec("a", "x", 1)], None)
