"""Committee members on items: conflicts, automatic and manual assignment.

The conflict rules and the assignment algorithm are pure (``lib.assignment``);
this module gathers their inputs from the database. An item's parties are its
core institution (中核機関), its participating organisations — for a region the
organisations of its HQ staff and coordinators, for a proposal its listed
participants — and its prefectures. A conflict declared against a region
covers that region's own item and every proposal item of the region.

Conflicts bind at once (issue 13): declaring one removes the member's
assignments to the items it covers in draft and open evaluations, scores
included (the audit entry keeps them), and every step that meets a conflicted
assignment some other way — a member's new affiliation, a reopened
evaluation — removes it or refuses to go on; scoring by a conflicted member
is refused. Closed and published evaluations keep their history.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    Score,
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
    "ConflictedAssignment",
    "assign_reviewer",
    "assign_reviewers",
    "conflict_reasons",
    "conflicted_assignments",
    "conflicts_for",
    "coverage_problems",
    "declare_conflict",
    "drop_conflicted_assignments",
    "reason_text",
    "unassign_reviewer",
    "withdraw_conflict",
]

ASSIGNABLE_STATES = (EvaluationState.DRAFT, EvaluationState.OPEN)


@dataclass(frozen=True)
class AssignmentOutcome:
    """What an automatic assignment created and which items stay short."""

    created: list[Assignment]
    shortfalls: list[Shortfall]
    #: conflicted assignments removed before topping up
    removed: int = 0

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
    """The automatic plan on top of the assignments that still hold.

    A conflicted assignment (or one of a member no longer on the panel) is
    left out, as if already removed: the plan is what the evaluation needs
    once :func:`drop_conflicted_assignments` has run, and it never raises.
    """
    conflicts = conflicts_for(evaluation)
    items = [str(pk) for pk in evaluation.items.values_list("pk", flat=True)]
    members = [
        str(pk) for pk in evaluation.committee.members.values_list("pk", flat=True)
    ]
    known = set(members)
    existing = [
        pair
        for pair in _existing_pairs(evaluation)
        if pair not in conflicts and pair[1] in known
    ]
    return assign(
        items,
        members,
        minimum=evaluation.min_reviewers,
        conflicts=conflicts,
        existing=existing,
        max_load=evaluation.max_load,
    )


def _existing_pairs(evaluation: Evaluation) -> list[Pair]:
    rows = Assignment.objects.filter(item__evaluation=evaluation).values_list(
        "item_id", "member_id"
    )
    return [(str(i), str(m)) for i, m in rows]


@transaction.atomic
def assign_reviewers(evaluation: Evaluation, actor: Actor) -> AssignmentOutcome:
    """Top every item up to the minimum, free of conflicts, balancing the load."""
    require_officer(actor)
    evaluation = _assignable(evaluation)
    removed = drop_conflicted_assignments(evaluation, actor)
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
    return AssignmentOutcome(created, _labelled(evaluation, plan.shortfalls), removed)


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
            ).format(member=member.name_ja, item=item.label, why=reason_text(reasons)),
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
    """A member (or an officer for them) declares a conflict with an item.

    It binds at once: the member's assignments to the items it covers are
    removed from every draft or open evaluation (see the module docstring).
    """
    _require_self_or_officer(
        member, actor, _("本人または事業担当官だけが申告できます。")
    )
    conflict = DeclaredConflict(
        member=member, region=region, proposal=proposal, reason_ja=reason_ja
    )
    conflict.full_clean()
    conflict.save()
    for evaluation in _open_evaluations(member):
        drop_conflicted_assignments(evaluation, actor)
    return conflict


@transaction.atomic
def withdraw_conflict(conflict: DeclaredConflict, actor: Actor) -> None:
    """Withdraw a declaration (audited); the member may be assigned again."""
    _require_self_or_officer(
        conflict.member, actor, _("本人または事業担当官だけが取り下げられます。")
    )
    conflict.delete()


@dataclass(frozen=True)
class ConflictedAssignment:
    """An assignment that a conflict now forbids, with the reasons."""

    assignment: Assignment
    reasons: tuple[ConflictReason, ...]

    @property
    def message_ja(self) -> str:
        return str(_("「{member}」は「{item}」と利害関係があります（{why}）。")).format(
            member=self.assignment.member.name_ja,
            item=self.assignment.item.label,
            why=reason_text(self.reasons),
        )


def conflicted_assignments(evaluation: Evaluation) -> list[ConflictedAssignment]:
    """The evaluation's assignments that a conflict forbids (none, normally)."""
    conflicts = conflicts_for(evaluation)
    if not conflicts:
        return []
    assignments = Assignment.objects.filter(item__evaluation=evaluation)
    assignments = assignments.select_related(
        "member", "item__region", "item__proposal"
    ).order_by("pk")
    return [
        ConflictedAssignment(a, conflicts[(str(a.item_id), str(a.member_id))])
        for a in assignments
        if (str(a.item_id), str(a.member_id)) in conflicts
    ]


def drop_conflicted_assignments(evaluation: Evaluation, actor: Actor) -> int:
    """Remove every conflicted assignment of a draft or open evaluation.

    Scores go with them; one audit entry on the evaluation lists each removed
    pair with its reasons and scores (each deletion is audited as well).
    Closed and published evaluations are history and stay as they are.
    Returns the number removed. Runs inside the caller's transaction.
    """
    if evaluation.state not in ASSIGNABLE_STATES:
        return 0
    found = conflicted_assignments(evaluation)
    if not found:
        return 0
    scores = _scores_of([c.assignment for c in found])
    rows = [
        {
            "item": c.assignment.item_id,
            "member": c.assignment.member_id,
            "reasons": [str(r) for r in c.reasons],
            "scores": scores.get(c.assignment.pk, {}),
        }
        for c in found
    ]
    record_bulk(
        evaluation,
        actor,
        "assignments_removed",
        rows,
        str(_("利害関係による割当ての解除")),
    )
    for conflicted in found:
        conflicted.assignment.delete()
    return len(found)


def conflict_reasons(
    item: EvaluationItem, member: CommitteeMember
) -> tuple[ConflictReason, ...]:
    """Why ``member`` may not review ``item`` (empty: no conflict)."""
    return conflicts_for(item.evaluation).get((str(item.pk), str(member.pk)), ())


def _scores_of(assignments: Iterable[Assignment]) -> dict[int, dict[str, int]]:
    scores: dict[int, dict[str, int]] = {}
    rows = Score.objects.filter(assignment__in=list(assignments)).values_list(
        "assignment_id", "criterion__code", "value"
    )
    for assignment_id, code, value in rows:
        scores.setdefault(assignment_id, {})[code] = value
    return scores


def _open_evaluations(member: CommitteeMember) -> list[Evaluation]:
    """The member's committee's evaluations whose assignments may still change."""
    return list(
        Evaluation.objects.select_for_update()
        .filter(committee_id=member.committee_id, state__in=ASSIGNABLE_STATES)
        .order_by("pk")
    )


def _require_self_or_officer(
    member: CommitteeMember, actor: Actor, message: object
) -> None:
    own = member.user_id is not None and member.user_id == getattr(actor, "pk", None)
    if not (is_system(actor) or is_officer(actor) or own):
        raise PermissionDenied(message)


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
    """Declared conflicts as (item, member) pairs: a proposal conflict covers
    its item, a region conflict the region's item and its proposals' items."""
    declared = list(
        DeclaredConflict.objects.filter(
            member__committee=evaluation.committee
        ).values_list("region_id", "proposal_id", "member_id")
    )
    if not declared:
        return set()
    pairs = set()
    for item_pk, item_region, item_proposal in _item_subjects(evaluation):
        for region_id, proposal_id, member_id in declared:
            same_region = region_id is not None and region_id == item_region
            same_proposal = proposal_id is not None and proposal_id == item_proposal
            if same_region or same_proposal:
                pairs.add((str(item_pk), str(member_id)))
    return pairs


def _item_subjects(evaluation: Evaluation) -> list[tuple[int, int | None, int | None]]:
    """(item, its region or its proposal's region, its proposal) per item."""
    rows = evaluation.items.values_list(
        "pk", "region_id", "proposal__region_id", "proposal_id"
    )
    return [(pk, region or via, proposal) for pk, region, via, proposal in rows]


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


def reason_text(reasons: tuple[ConflictReason, ...]) -> str:
    """The reasons in Japanese, joined (「中核機関に所属・利害関係の申告あり」)."""
    return "・".join(CONFLICT_LABELS_JA[r] for r in reasons)
