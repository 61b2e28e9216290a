"""Access rules of the evaluation models for ``accounts.policy``.

Every rule is built from the querysets of :mod:`evaluations.access`, so the
per-object check and the list scope agree by construction. Models without a
rule here (committee members, declared conflicts, history tables,
attachments) are officer-only by the policy's default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from accounts.policy import (
    Action,
    Rule,
    is_officer,
    is_region_user,
    is_reviewer,
    public_read_officer_write,
    region_ids,
    register,
)
from evaluations import access
from evaluations.choices import EvaluationState, ProposalStatus
from evaluations.models import (
    AllocationLine,
    AllocationRun,
    Assignment,
    Call,
    Committee,
    Criterion,
    Evaluation,
    EvaluationItem,
    ItemResult,
    Proposal,
    RegionPlan,
    Score,
)

__all__ = ["register_rules"]

Visible = Callable[[Any], QuerySet[Any]]


def _anyone(user: Any) -> bool:
    return True


def _panel(user: Any) -> bool:
    """Officers and reviewers may ask for score sheets at all; others never."""
    return is_officer(user) or is_reviewer(user)


def _rule(
    visible: Visible,
    can_list: Callable[[Any], bool] = _anyone,
    extra: dict[str, Visible] | None = None,
    can_add: Callable[[Any], bool] = is_officer,
) -> Rule:
    """VIEW through ``visible``, actions in ``extra`` through their querysets,
    ADD by ``can_add``; every other action is the officers'.

    Model-level questions (no object): VIEW asks ``can_list`` ("may this user
    open the list at all"), an ``extra`` action whether any object allows it.
    """
    extra = extra or {}

    def check(user: Any, action: str, obj: Any) -> bool:
        if action == Action.ADD:
            return can_add(user)
        allowed = visible if action == Action.VIEW else extra.get(action)
        if allowed is None:
            return is_officer(user)
        if obj is None:
            return can_list(user) if action == Action.VIEW else allowed(user).exists()
        return allowed(user).filter(pk=obj.pk).exists()

    def scope(user: Any, queryset: QuerySet[Any], action: str) -> QuerySet[Any]:
        if action == Action.ADD:
            return queryset if can_add(user) else queryset.none()
        allowed = visible if action == Action.VIEW else extra.get(action)
        if allowed is None:
            return queryset if is_officer(user) else queryset.none()
        return queryset.filter(pk__in=allowed(user).values("pk"))

    return Rule(check=check, scope=scope)


def _scorable_items(user: Any) -> QuerySet[EvaluationItem]:
    if not is_reviewer(user):
        return EvaluationItem.objects.none()
    return EvaluationItem.objects.filter(
        evaluation__state=EvaluationState.OPEN, assignments__member__user=user
    )


def _scorable_sheets(user: Any) -> QuerySet[Assignment]:
    if not is_reviewer(user):
        return Assignment.objects.none()
    return Assignment.objects.filter(
        member__user=user, item__evaluation__state=EvaluationState.OPEN
    )


def _criteria(user: Any) -> QuerySet[Criterion]:
    return Criterion.objects.filter(evaluation__in=access.evaluations_for(user))


def _lines(user: Any) -> QuerySet[AllocationLine]:
    return AllocationLine.objects.filter(run__in=access.allocations_for(user))


def _plans(user: Any) -> QuerySet[RegionPlan]:
    if is_officer(user):
        return RegionPlan.objects.all()
    return RegionPlan.objects.filter(region__in=region_ids(user))


def _editable_proposals(user: Any) -> QuerySet[Proposal]:
    """Region staff edit and submit their own drafts; officers everything."""
    if is_officer(user):
        return Proposal.objects.all()
    if not is_region_user(user):
        return Proposal.objects.none()
    own = Proposal.objects.filter(
        region__in=region_ids(user)
    ) | Proposal.objects.filter(region__isnull=True, submitted_by=user)
    return own.filter(status=ProposalStatus.DRAFT)


def register_rules() -> None:
    register(Evaluation, _rule(access.evaluations_for))
    register(
        EvaluationItem, _rule(access.items_for, extra={Action.SCORE: _scorable_items})
    )
    register(
        Assignment,
        _rule(access.assignments_for, _panel, {Action.SCORE: _scorable_sheets}),
    )
    register(Score, _rule(access.scores_for, _panel))
    register(ItemResult, _rule(access.results_for))
    register(Criterion, _rule(_criteria))
    register(AllocationRun, _rule(access.allocations_for))
    register(AllocationLine, _rule(_lines))
    register(RegionPlan, _rule(_plans, lambda u: is_officer(u) or is_region_user(u)))
    register(
        Proposal,
        _rule(
            access.proposals_for,
            extra={
                Action.CHANGE: _editable_proposals,
                Action.SUBMIT: _editable_proposals,
            },
            can_add=lambda u: is_officer(u) or is_region_user(u),
        ),
    )
    register(Call, public_read_officer_write())
    register(Committee, public_read_officer_write())
