"""Django admin for the evaluation data; history tables are read-only.

Committee data changes only where it is audited and allowed (issue 13):
scores and assignments only through the scoring and assignment services
(read-only here); the rubric only while its evaluation is a draft (every
criterion save is audited by ``audit.signals``, see ``EvaluationsConfig``);
a member's new affiliation or a declared conflict removes the assignments it
forbids at once, through the same service the web uses.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from evaluations.choices import EvaluationState
from evaluations.models import (
    AllocationLine,
    AllocationRun,
    Assignment,
    Call,
    Committee,
    CommitteeMember,
    Criterion,
    DecisionChange,
    DeclaredConflict,
    Evaluation,
    EvaluationItem,
    EvaluationTransition,
    ItemResult,
    Proposal,
    ProposalAttachment,
    ProposalTransition,
    RegionPlan,
    Score,
)
from evaluations.services import drop_conflicted_assignments
from evaluations.services.assignments import ASSIGNABLE_STATES


class ReadOnlyAdmin(admin.ModelAdmin):
    """For append-only history: browse, never edit."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    fields = ["name_ja", "title_ja", "user", "is_chair", "is_synthetic"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name_ja", "is_synthetic"]
    inlines = [MemberInline]


def _bind_conflicts(request: HttpRequest, committee_id: int) -> None:
    """Remove the assignments a changed affiliation or declaration forbids."""
    evaluations = Evaluation.objects.select_for_update().filter(
        committee_id=committee_id, state__in=ASSIGNABLE_STATES
    )
    for evaluation in evaluations.order_by("pk"):
        drop_conflicted_assignments(evaluation, request.user)


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["name_ja", "committee", "title_ja", "user", "is_chair"]
    list_filter = ["committee", "is_synthetic"]
    filter_horizontal = ["organisations", "prefectures"]
    search_fields = ["name_ja", "title_ja"]

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            _bind_conflicts(request, form.instance.committee_id)


@admin.register(DeclaredConflict)
class DeclaredConflictAdmin(admin.ModelAdmin):
    list_display = ["member", "region", "proposal", "reason_ja"]
    list_select_related = ["member", "region", "proposal"]

    def save_model(
        self, request: HttpRequest, obj: DeclaredConflict, form: Any, change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            _bind_conflicts(request, obj.member.committee_id)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title_ja", "programme", "fiscal_year", "track", "closes_on"]
    list_filter = ["programme", "fiscal_year"]


class AttachmentInline(admin.TabularInline):
    model = ProposalAttachment
    extra = 0
    readonly_fields = ["size_bytes", "uploaded_by", "uploaded_at"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = [
        "title_ja",
        "call",
        "applicant_ja",
        "status",
        "requested_amount_yen",
    ]
    list_filter = ["call", "status", "is_synthetic"]
    search_fields = ["title_ja", "applicant_ja"]
    filter_horizontal = ["participants", "prefectures"]
    inlines = [AttachmentInline]


@admin.register(ProposalAttachment)
class ProposalAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "proposal", "size_bytes", "uploaded_at"]


@admin.register(ProposalTransition)
class ProposalTransitionAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "old_status", "new_status", "actor", "at"]


def _is_draft(evaluation: Evaluation | None) -> bool:
    return evaluation is None or evaluation.state == EvaluationState.DRAFT


class CriterionInline(admin.TabularInline):
    """The rubric: editable while the evaluation is a draft, frozen after."""

    model = Criterion
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)


#: What decides the results: fixed once scoring opens.
RULE_FIELDS = [
    "kind",
    "programme",
    "fiscal_year",
    "committee",
    "call",
    "scale_min",
    "scale_max",
    "aggregation",
    "trim_proportion",
    "normalise_reviewers",
    "min_reviewers",
    "max_load",
    "same_prefecture_conflict",
]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    """State changes go through the services (with history); not editable here.
    The rules and the rubric are frozen once scoring opens; a published
    evaluation is read-only as a whole. Saves are audited (ChangeLoggedModel).
    """

    list_display = ["title_ja", "kind", "programme", "fiscal_year", "state"]
    list_filter = ["kind", "state", "programme", "fiscal_year", "is_synthetic"]
    readonly_fields = ["state", "opened_at", "closed_at", "published_at"]
    inlines = [CriterionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        return fields if _is_draft(obj) else fields + RULE_FIELDS

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        published = obj is not None and obj.state == EvaluationState.PUBLISHED
        return not published and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    """A rubric line; changes only while its evaluation is a draft (audited)."""

    list_display = ["name_ja", "evaluation", "code", "weight", "order"]
    list_select_related = ["evaluation"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        draft = obj is None or _is_draft(obj.evaluation)
        return draft and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        draft = obj is None or _is_draft(obj.evaluation)
        return draft and super().has_delete_permission(request, obj)


@admin.register(EvaluationItem)
class EvaluationItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "evaluation", "region", "proposal"]
    list_filter = ["evaluation"]
    list_select_related = ["evaluation", "region", "proposal"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    """Assignments change only through the services, which check conflicts."""

    list_display = ["item", "member", "method", "submitted_at", "is_outlier"]
    list_filter = ["item__evaluation", "method", "is_outlier"]
    list_select_related = ["item__region", "item__proposal", "member"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    """A reviewer's score changes only through their own sheet (audited)."""

    list_display = ["assignment", "criterion", "value"]
    list_filter = ["criterion__evaluation"]


@admin.register(ItemResult)
class ItemResultAdmin(ReadOnlyAdmin):
    list_display = ["item", "rank", "score", "rating", "std", "decision"]
    list_filter = ["item__evaluation", "rating", "decision"]


@admin.register(EvaluationTransition)
class EvaluationTransitionAdmin(ReadOnlyAdmin):
    list_display = ["evaluation", "old_state", "new_state", "actor", "at"]
    list_filter = ["new_state"]


@admin.register(DecisionChange)
class DecisionChangeAdmin(ReadOnlyAdmin):
    list_display = ["result", "old_decision", "new_decision", "actor", "at"]


class LineInline(admin.TabularInline):
    model = AllocationLine
    extra = 0
    can_delete = False
    readonly_fields = [
        "region",
        "rating",
        "score",
        "weight",
        "base_yen",
        "floor_yen",
        "ceiling_yen",
        "raw_share_yen",
        "target_yen",
        "amount_yen",
        "bound",
    ]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    list_display = ["label_ja", "programme", "fiscal_year", "status", "budget_yen"]
    list_filter = ["programme", "fiscal_year", "status", "is_synthetic"]
    readonly_fields = ["status", "level"]
    inlines = [LineInline]


@admin.register(AllocationLine)
class AllocationLineAdmin(ReadOnlyAdmin):
    list_display = ["run", "region", "rating", "weight", "amount_yen", "bound"]
    list_filter = ["run", "bound"]


@admin.register(RegionPlan)
class RegionPlanAdmin(admin.ModelAdmin):
    list_display = ["region", "number", "title_ja", "evaluation_item", "created"]
    list_filter = ["is_synthetic"]
    list_select_related = ["region"]
