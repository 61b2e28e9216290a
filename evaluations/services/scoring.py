"""Recording a reviewer's score sheet for one item."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.policy import is_officer, is_reviewer
from evaluations.choices import EvaluationState
from evaluations.errors import WorkflowError
from evaluations.models import (
    Assignment,
    CommitteeMember,
    Criterion,
    Evaluation,
    EvaluationItem,
    Score,
)
from evaluations.services._common import (
    Actor,
    actor_user,
    is_system,
    record,
    record_bulk,
    require_officer,
)
from evaluations.services.assignments import conflicts_for, reason_text

__all__ = ["record_paper_sheets", "record_scores"]

#: (item, member) → criterion code → score
Sheets = Mapping[tuple[EvaluationItem, CommitteeMember], Mapping[str, int]]


@transaction.atomic
def record_scores(
    item: EvaluationItem,
    actor: Actor,
    values: Mapping[str, int],
    *,
    member: CommitteeMember | None = None,
    comment_ja: str = "",
) -> Assignment:
    """Store a full score sheet (criterion code → score) for one item.

    A reviewer scores only items assigned to them; an officer (or the system,
    ``actor=None``) may enter a member's paper sheet by naming the ``member``.
    Scores are accepted only while the evaluation is open for scoring, and a
    sheet may be corrected until it closes.
    """
    evaluation = Evaluation.objects.select_for_update().get(pk=item.evaluation_id)
    assignment = _assignment_for(item, actor, member)
    _require_open(evaluation)
    _require_free_of_conflict(assignment, conflicts_for(evaluation))
    criteria = {c.code: c for c in evaluation.criteria.all()}
    _check_values(evaluation, criteria, values)
    before = _sheet_values(assignment)
    _save_scores(assignment, criteria, values)
    record(
        assignment,
        before,
        {"scores": {code: values[code] for code in criteria}, "comment": comment_ja},
        actor,
        str(_("採点")),
        "scores",
    )
    assignment.comment_ja = comment_ja
    assignment.submitted_at = timezone.now()
    assignment.entered_by = actor_user(actor) if _is_proxy(actor, assignment) else None
    assignment.save(
        update_fields=["comment_ja", "submitted_at", "entered_by", "last_updated"]
    )
    return assignment


@transaction.atomic
def record_paper_sheets(evaluation: Evaluation, actor: Actor, sheets: Sheets) -> int:
    """The secretariat enters many paper sheets at once (紙の評価票の一括入力).

    All or nothing: every sheet is checked like :func:`record_scores` before
    anything is written. Returns the number of sheets stored.
    """
    require_officer(actor)
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_open(locked)
    criteria = {c.code: c for c in locked.criteria.all()}
    assignments = {
        (a.item_id, a.member_id): a
        for a in Assignment.objects.filter(item__evaluation=locked)
    }
    conflicts = conflicts_for(locked)
    chosen = []
    for (item, member), values in sheets.items():
        assignment = assignments.get((item.pk, member.pk))
        if assignment is None:
            raise PermissionDenied(_("この評価対象の採点は割り当てられていません。"))
        _require_free_of_conflict(assignment, conflicts)
        _check_values(locked, criteria, values)
        chosen.append((assignment, values))
    _save_many(chosen, criteria, actor)
    pairs = [[a.item_id, a.member_id] for a, _values in chosen]
    record_bulk(locked, actor, "paper_sheets", pairs, str(_("評価票の一括入力")))
    return len(chosen)


def _save_many(
    chosen: list[tuple[Assignment, Mapping[str, int]]],
    criteria: Mapping[str, Criterion],
    actor: Actor,
) -> None:
    Score.objects.filter(assignment__in=[a for a, _values in chosen]).delete()
    Score.objects.bulk_create(
        Score(assignment=a, criterion=criterion, value=values[code])
        for a, values in chosen
        for code, criterion in criteria.items()
    )
    now = timezone.now()
    for assignment, _values in chosen:
        assignment.submitted_at = now
        assignment.entered_by = actor_user(actor)
    Assignment.objects.bulk_update(
        [a for a, _values in chosen], ["submitted_at", "entered_by"]
    )


def _require_open(evaluation: Evaluation) -> None:
    if evaluation.state != EvaluationState.OPEN:
        raise WorkflowError(
            "scoring.not_open",
            _("評点は「採点中」の評価にだけ入力できます（現在: {}）。").format(
                EvaluationState(evaluation.state).label
            ),
        )


def _require_free_of_conflict(
    assignment: Assignment, conflicts: Mapping[tuple[str, str], tuple[object, ...]]
) -> None:
    """A member with a conflict never scores the item, assigned or not."""
    reasons = conflicts.get((str(assignment.item_id), str(assignment.member_id)))
    if reasons:
        raise WorkflowError(
            "scoring.conflict",
            _(
                "「{member}」は「{item}」と利害関係があるため採点できません（{why}）。"
                "事業担当官に連絡してください。"
            ).format(
                member=assignment.member.name_ja,
                item=assignment.item.label,
                why=reason_text(reasons),
            ),
        )


def _assignment_for(
    item: EvaluationItem, actor: Actor, member: CommitteeMember | None
) -> Assignment:
    """The sheet the actor may fill in, or PermissionDenied."""
    # No default ordering: it joins the nullable region, which cannot be locked.
    assignments = Assignment.objects.select_for_update().filter(item=item).order_by()
    if is_reviewer(actor):
        found = assignments.filter(member__user=actor).first()
    elif is_system(actor) or is_officer(actor):
        found = assignments.filter(member=member).first() if member else None
    else:
        found = None
    if found is None:
        raise PermissionDenied(_("この評価対象の採点は割り当てられていません。"))
    return found


def _is_proxy(actor: Actor, assignment: Assignment) -> bool:
    user = actor_user(actor)
    return user is not None and assignment.member.user_id != user.pk


def _check_values(
    evaluation: Evaluation,
    criteria: Mapping[str, Criterion],
    values: Mapping[str, int],
) -> None:
    """Every criterion scored, nothing unknown, every value a whole point on scale."""
    errors: dict[str, str] = {}
    for code in sorted(set(values) - set(criteria)):
        errors[code] = str(_("この評価項目はありません。"))
    for code in criteria:
        message = _value_error(values.get(code), evaluation)
        if message:
            errors[code] = message
    if errors:
        raise ValidationError(errors)


def _value_error(value: object, evaluation: Evaluation) -> str:
    if value is None:
        return str(_("評点を入力してください。"))
    low, high = evaluation.scale_min, evaluation.scale_max
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not low <= value <= high
    ):
        return str(
            _("評点は{low}〜{high}の整数で入力してください。").format(
                low=evaluation.scale_min, high=evaluation.scale_max
            )
        )
    return ""


def _sheet_values(assignment: Assignment) -> dict[str, object]:
    """The sheet as stored before a change, for the audit entry."""
    scores = dict(
        Score.objects.filter(assignment=assignment).values_list(
            "criterion__code", "value"
        )
    )
    return {"scores": scores, "comment": assignment.comment_ja}


def _save_scores(
    assignment: Assignment, criteria: Mapping[str, Criterion], values: Mapping[str, int]
) -> None:
    Score.objects.filter(assignment=assignment).delete()
    Score.objects.bulk_create(
        Score(assignment=assignment, criterion=criterion, value=values[code])
        for code, criterion in criteria.items()
    )
