"""Django admin for the evaluation data; history tables are read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

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


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["name_ja", "committee", "title_ja", "user", "is_chair"]
    list_filter = ["committee", "is_synthetic"]
    filter_horizontal = ["organisations", "prefectures"]
    search_fields = ["name_ja", "title_ja"]


@admin.register(DeclaredConflict)
class DeclaredConflictAdmin(admin.ModelAdmin):
    list_display = ["member", "region", "proposal", "reason_ja"]
    list_select_related = ["member", "region", "proposal"]


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


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    """State changes go through the services (with history); not editable here."""

    list_display = ["title_ja", "kind", "programme", "fiscal_year", "state"]
    list_filter = ["kind", "state", "programme", "fiscal_year", "is_synthetic"]
    readonly_fields = ["state", "opened_at", "closed_at", "published_at"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name_ja", "evaluation", "code", "weight", "order"]


@admin.register(EvaluationItem)
class EvaluationItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "evaluation", "region", "proposal"]
    list_filter = ["evaluation"]
    list_select_related = ["evaluation", "region", "proposal"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["item", "member", "method", "submitted_at", "is_outlier"]
    list_filter = ["item__evaluation", "method", "is_outlier"]
    list_select_related = ["item__region", "item__proposal", "member"]
    readonly_fields = ["weighted_score", "adjusted_score", "is_outlier"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
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
