"""Committee members on items: conflicts, automatic and manual assignment.

The conflict rules and the assignment algorithm are pure (``lib.assignment``);
this module gathers their inputs from the database. An item's parties are its
core institution (中核機関), its participating organisations — for a region the
organisations of its HQ staff and coordinators, for a proposal its listed
participants — and its prefectures.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.policy import is_officer
from evaluations.choices import AssignmentMethod, EvaluationState
from evaluations.errors import WorkflowError
from evaluations.models import (
    Assignment,
    CommitteeMember,
    DeclaredConflict,
    Evaluation,
    EvaluationItem,
    Proposal,
)
from evaluations.services._common import (
    Actor,
    actor_user,
    is_system,
    record_bulk,
    require_officer,
)
from lib.assignment import (
    CONFLICT_LABELS_JA,
    AssignmentPlan,
    ConflictReason,
    ItemParties,
    Pair,
    ReviewerProfile,
    Shortfall,
    assign,
    find_conflicts,
)
from programmes.models import Region

__all__ = [
    "AssignmentOutcome",
    "assign_reviewer",
    "assign_reviewers",
    "conflicts_for",
    "coverage_problems",
    "declare_conflict",
    "unassign_reviewer",
]

ASSIGNABLE_STATES = (EvaluationState.DRAFT, EvaluationState.OPEN)


@dataclass(frozen=True)
class AssignmentOutcome:
    """What an automatic assignment created and which items stay short."""

    created: list[Assignment]
    shortfalls: list[Shortfall]

    @property
    def messages_ja(self) -> list[str]:
        return [s.message_ja for s in self.shortfalls]


def conflicts_for(evaluation: Evaluation) -> dict[Pair, tuple[ConflictReason, ...]]:
    """Every conflicted (item pk, member pk) pair of the evaluation, as strings."""
    items = _item_parties(evaluation)
    members = _member_profiles(evaluation)
    return find_conflicts(
        items,
        members,
        _declared_pairs(evaluation),
        evaluation.same_prefecture_conflict,
    )


def coverage_problems(evaluation: Evaluation) -> list[Shortfall]:
    """Items an automatic assignment could not bring up to the minimum, and why.

    A dry run of :func:`assign_reviewers` (nothing is written), so the officer
    sees the problems before pressing the button.
    """
    return _labelled(evaluation, _plan(evaluation).shortfalls)


def _plan(evaluation: Evaluation) -> AssignmentPlan:
    conflicts = conflicts_for(evaluation)
    return assign(
        [str(pk) for pk in evaluation.items.values_list("pk", flat=True)],
        [str(pk) for pk in evaluation.committee.members.values_list("pk", flat=True)],
        minimum=evaluation.min_reviewers,
        conflicts=conflicts,
        existing=[
            (str(i), str(m))
            for i, m in Assignment.objects.filter(
                item__evaluation=evaluation
            ).values_list("item_id", "member_id")
        ],
        max_load=evaluation.max_load,
    )


@transaction.atomic
def assign_reviewers(evaluation: Evaluation, actor: Actor) -> AssignmentOutcome:
    """Top every item up to the minimum, free of conflicts, balancing the load."""
    require_officer(actor)
    evaluation = _assignable(evaluation)
    plan = _plan(evaluation)
    created = Assignment.objects.bulk_create(
        Assignment(
            item_id=int(item),
            member_id=int(member),
            method=AssignmentMethod.AUTOMATIC,
            assigned_by=actor_user(actor),
        )
        for item, member in plan.assignments
    )
    pairs = [[int(item), int(member)] for item, member in plan.assignments]
    record_bulk(
        evaluation, actor, "assignments_added", pairs, str(_("委員の自動割当て"))
    )
    return AssignmentOutcome(created, _labelled(evaluation, plan.shortfalls))


@transaction.atomic
def assign_reviewer(
    item: EvaluationItem, member: CommitteeMember, actor: Actor
) -> Assignment:
    """Assign by hand; refused for a conflicted pair or a member of another panel."""
    require_officer(actor)
    evaluation = _assignable(item.evaluation)
    if member.committee_id != evaluation.committee_id:
        raise WorkflowError(
            "assignment.other_committee",
            _("この委員は評価を担当する委員会の委員ではありません。"),
        )
    reasons = conflicts_for(evaluation).get((str(item.pk), str(member.pk)))
    if reasons:
        raise WorkflowError(
            "assignment.conflict",
            _(
                "「{member}」は「{item}」と利害関係があるため割り当てられません（{why}）。"
            ).format(member=member.name_ja, item=item.label, why=_reason_text(reasons)),
        )
    if Assignment.objects.filter(item=item, member=member).exists():
        raise WorkflowError(
            "assignment.duplicate", _("この委員は既に割り当てられています。")
        )
    return Assignment.objects.create(
        item=item,
        member=member,
        method=AssignmentMethod.MANUAL,
        assigned_by=actor_user(actor),
    )


@transaction.atomic
def unassign_reviewer(assignment: Assignment, actor: Actor) -> None:
    """Remove an assignment that has no scores yet."""
    require_officer(actor)
    _assignable(assignment.item.evaluation)
    if assignment.scores.exists():
        raise WorkflowError(
            "assignment.scored",
            _("採点済みの割当ては解除できません。"),
        )
    assignment.delete()


@transaction.atomic
def declare_conflict(
    member: CommitteeMember,
    actor: Actor,
    *,
    region: Region | None = None,
    proposal: Proposal | None = None,
    reason_ja: str = "",
) -> DeclaredConflict:
    """A member (or an officer for them) declares a conflict with an item."""
    own = member.user_id is not None and member.user_id == getattr(actor, "pk", None)
    if not (is_system(actor) or is_officer(actor) or own):
        raise PermissionDenied(_("本人または事業担当官だけが申告できます。"))
    assigned = Assignment.objects.filter(member=member).exclude(
        item__evaluation__state=EvaluationState.PUBLISHED
    )
    if assigned.filter(item__region=region, item__proposal=proposal).exists():
        raise WorkflowError(
            "assignment.already_assigned",
            _(
                "この委員は既にこの対象に割り当てられています。先に割当てを解除してください。"
            ),
        )
    conflict = DeclaredConflict(
        member=member, region=region, proposal=proposal, reason_ja=reason_ja
    )
    conflict.full_clean()
    conflict.save()
    return conflict


# --- gathering the inputs -----------------------------------------------------


def _assignable(evaluation: Evaluation) -> Evaluation:
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if locked.state not in ASSIGNABLE_STATES:
        raise WorkflowError(
            "assignment.wrong_state",
            _("委員の割当ては準備中または採点中の評価でだけ変更できます。"),
        )
    return locked


def _item_parties(evaluation: Evaluation) -> list[ItemParties]:
    items = evaluation.items.select_related("region", "proposal").prefetch_related(
        "region__prefectures",
        "region__staff",
        "proposal__participants",
        "proposal__prefectures",
        "proposal__region__prefectures",
        "proposal__region__staff",
    )
    return [_parties(item) for item in items]


def _parties(item: EvaluationItem) -> ItemParties:
    core: set[int | None] = set()
    participants: set[int | None] = set()
    prefectures: set[str] = set()
    region = item.region or (item.proposal.region if item.proposal else None)
    if region is not None:
        core.add(region.core_institution_id)
        participants.update(s.organisation_id for s in region.staff.all())
        prefectures.update(p.pk for p in region.prefectures.all())
        prefectures.add(region.main_prefecture_id)
    if item.proposal is not None:
        core.add(item.proposal.core_institution_id)
        participants.update(o.pk for o in item.proposal.participants.all())
        prefectures.update(p.pk for p in item.proposal.prefectures.all())
        prefectures.add(item.proposal.main_prefecture_id)
    return ItemParties(
        str(item.pk),
        frozenset(str(o) for o in core if o is not None),
        frozenset(str(o) for o in participants if o is not None),
        frozenset(str(p) for p in prefectures),
    )


def _member_profiles(evaluation: Evaluation) -> list[ReviewerProfile]:
    members = evaluation.committee.members.prefetch_related(
        "organisations", "prefectures"
    )
    return [
        ReviewerProfile(
            str(m.pk),
            frozenset(str(o.pk) for o in m.organisations.all()),
            frozenset(str(p.pk) for p in m.prefectures.all()),
        )
        for m in members
    ]


def _declared_pairs(evaluation: Evaluation) -> set[Pair]:
    declared = list(
        DeclaredConflict.objects.filter(
            member__committee=evaluation.committee
        ).values_list("region_id", "proposal_id", "member_id")
    )
    pairs = set()
    for item in evaluation.items.all():
        for region_id, proposal_id, member_id in declared:
            same_region = region_id is not None and region_id == item.region_id
            same_proposal = proposal_id is not None and proposal_id == item.proposal_id
            if same_region or same_proposal:
                pairs.add((str(item.pk), str(member_id)))
    return pairs


def _labelled(
    evaluation: Evaluation, shortfalls: tuple[Shortfall, ...]
) -> list[Shortfall]:
    """Shortfalls with item labels and member names instead of primary keys."""
    items = {
        str(i.pk): i.label
        for i in evaluation.items.select_related("region", "proposal")
    }
    names = {str(m.pk): m.name_ja for m in evaluation.committee.members.all()}
    return [
        replace(
            s,
            item=items[s.item],
            conflicts=tuple((names[r], why) for r, why in s.conflicts),
        )
        for s in shortfalls
    ]


def _reason_text(reasons: tuple[ConflictReason, ...]) -> str:
    return "・".join(CONFLICT_LABELS_JA[r] for r in reasons)
