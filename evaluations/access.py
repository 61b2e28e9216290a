"""Who may see which evaluation data: querysets scoped per user.

Views, the API and commands fetch evaluation data only through these helpers
(until the project-wide policy module in ``accounts`` takes them over):

* **officer** — everything;
* **reviewer** — evaluations and items assigned to them once scoring opens,
  their own score sheets; after the evaluation closes also the other members'
  sheets and the results for the items they reviewed (for the committee's
  deliberation); otherwise what the public sees;
* **region staff** — never any score; results only once published, plus
  their own regions' items (without results) while under review;
* **public** — published evaluations, their items and aggregate results;
  adopted allocations based on published (or no) evaluations.

Individual scores (``Score``, ``Assignment`` with its weighted and adjusted
scores) are never public, not even after publication.

Reading something that is not visible raises ``Http404`` exactly like a
missing primary key, as ``accounts.policy`` does for the rest of the site, so
hidden (draft) ids cannot be enumerated (issue 13); a visible object whose
action is refused raises ``PermissionDenied`` (403). ``evaluations.rules``
registers these scopes with the policy. Role tests come from
``accounts.policy``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.policy import is_officer, is_region_user, is_reviewer, region_ids
from evaluations.choices import AllocationStatus, EvaluationState
from evaluations.models import (
    AllocationRun,
    Assignment,
    Evaluation,
    EvaluationItem,
    ItemResult,
    Proposal,
    Score,
)

__all__ = [
    "allocations_for",
    "assignments_for",
    "can_score",
    "can_view_item",
    "evaluations_for",
    "get_assignment_for_user",
    "get_evaluation_for_user",
    "get_item_for_user",
    "is_officer",
    "items_for",
    "proposals_for",
    "results_for",
    "scores_for",
]

State = EvaluationState
AFTER_CLOSE = (State.CLOSED, State.PUBLISHED)
SCORING_STARTED = (State.OPEN, State.CLOSED, State.PUBLISHED)


# --- querysets ----------------------------------------------------------------


def evaluations_for(user: Any) -> QuerySet[Evaluation]:
    evaluations = Evaluation.objects.all()
    if is_officer(user):
        return evaluations
    visible = Q(state=State.PUBLISHED)
    if is_reviewer(user):
        visible |= Q(state__in=SCORING_STARTED, items__assignments__member__user=user)
    if is_region_user(user):
        visible |= Q(state__in=SCORING_STARTED, items__region__in=region_ids(user))
    return evaluations.filter(visible).distinct()


def items_for(user: Any) -> QuerySet[EvaluationItem]:
    items = EvaluationItem.objects.select_related("evaluation", "region", "proposal")
    if is_officer(user):
        return items
    visible = Q(evaluation__state=State.PUBLISHED)
    if is_reviewer(user):
        visible |= Q(
            evaluation__state__in=SCORING_STARTED, assignments__member__user=user
        )
    if is_region_user(user):
        visible |= Q(evaluation__state__in=SCORING_STARTED, region__in=region_ids(user))
    return items.filter(visible).distinct()


def assignments_for(user: Any) -> QuerySet[Assignment]:
    """Score sheets: officers all; a reviewer their own (+ panel's after close)."""
    assignments = Assignment.objects.select_related("item__evaluation", "member")
    if is_officer(user):
        return assignments
    if not is_reviewer(user):
        return assignments.none()
    own = Q(member__user=user, item__evaluation__state__in=SCORING_STARTED)
    reviewed = EvaluationItem.objects.filter(assignments__member__user=user)
    panel = Q(item__in=reviewed, item__evaluation__state__in=AFTER_CLOSE)
    return assignments.filter(own | panel).distinct()


def scores_for(user: Any) -> QuerySet[Score]:
    """Individual scores: never public, never for region staff."""
    return Score.objects.filter(assignment__in=assignments_for(user))


def results_for(user: Any) -> QuerySet[ItemResult]:
    results = ItemResult.objects.select_related("item__evaluation", "item__region")
    if is_officer(user):
        return results
    visible = Q(item__evaluation__state=State.PUBLISHED)
    if is_reviewer(user):
        visible |= Q(
            item__evaluation__state=State.CLOSED,
            item__assignments__member__user=user,
        )
    return results.filter(visible).distinct()


def allocations_for(user: Any) -> QuerySet[AllocationRun]:
    runs = AllocationRun.objects.select_related("programme", "evaluation")
    if is_officer(user):
        return runs
    return runs.filter(
        Q(evaluation__isnull=True) | Q(evaluation__state=State.PUBLISHED),
        status=AllocationStatus.ADOPTED,
    )


def proposals_for(user: Any) -> QuerySet[Proposal]:
    proposals = Proposal.objects.select_related("call", "region")
    if is_officer(user):
        return proposals
    visible = Q(evaluation_items__evaluation__state=State.PUBLISHED)
    if is_reviewer(user):
        visible |= Q(
            evaluation_items__evaluation__state__in=SCORING_STARTED,
            evaluation_items__assignments__member__user=user,
        )
    if is_region_user(user):
        visible |= Q(region__in=region_ids(user)) | Q(submitted_by=user)
    return proposals.filter(visible).distinct()


# --- single objects -------------------------------------------------------------


def can_view_item(user: Any, item: EvaluationItem) -> bool:
    return items_for(user).filter(pk=item.pk).exists()


def can_score(user: Any, assignment: Assignment) -> bool:
    """Only the assigned member scores, and only while scoring is open."""
    return (
        is_reviewer(user)
        and assignment.member.user_id == user.pk
        and assignment.item.evaluation.state == State.OPEN
    )


def get_evaluation_for_user(user: Any, pk: int) -> Evaluation:
    return _get_visible(Evaluation.objects.all(), evaluations_for(user), pk)


def get_item_for_user(user: Any, pk: int) -> EvaluationItem:
    return _get_visible(EvaluationItem.objects.all(), items_for(user), pk)


def get_assignment_for_user(user: Any, pk: int, action: str = "view") -> Assignment:
    """A score sheet to read (``view``) or fill in (``score``)."""
    assignment = _get_visible(Assignment.objects.all(), assignments_for(user), pk)
    if action == "score" and not can_score(user, assignment):
        raise PermissionDenied(_("この評価票に採点する権限がありません。"))
    return assignment


def _get_visible(everything: QuerySet[Any], visible: QuerySet[Any], pk: int) -> Any:
    """The visible object ``pk``; 404 alike for missing and invisible ones."""
    found = visible.filter(pk=pk).first()
    if found is not None:
        return found
    raise Http404
