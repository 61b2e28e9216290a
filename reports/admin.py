"""Admin for reports: the workflow's records are shown, its rows not edited here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reports.models import (
    Activity,
    AnnualReport,
    Commercialization,
    Fund,
    JointResearch,
    ParticipantCount,
    ParticipatingCompany,
    PatentApplication,
    ReportVersion,
    StatusChange,
    YearlyOutcome,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through the audited report workflow.

    Sheet rows and versions come from imports (each import is audited with
    the rows it replaced), the status history from the workflow's steps, and
    the yearly outcomes are recomputed when a report is accepted. Editing them
    here would skip the audit trail and leave the published figures' caches
    keyed to a data version that did not move.
    """

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["region", "fiscal_year", "status", "due_date", "is_synthetic"]
    list_filter = ["status", "fiscal_year", "region__programme"]
    list_select_related = ["region"]
    search_fields = ["region__name_ja", "region__code"]
    # The state moves only through the workflow (submit, return, accept),
    # which checks the step, records it and refreshes the aggregates.
    readonly_fields = ["status", "current_version", "accepted_version", "lock_version"]


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = ["report", "number", "created", "submitted_at"]
    list_select_related = ["report__region"]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["report", "old_status", "new_status", "actor", "at"]
    list_select_related = ["report__region", "actor"]


class SheetRowAdmin(ReadOnlyAdmin):
    list_select_related = ["version__report__region"]
    raw_id_fields = ["version"]


@admin.register(PatentApplication)
class PatentApplicationAdmin(SheetRowAdmin):
    list_display = ["application_number", "title", "filed_on", "foreign"]
    search_fields = ["application_number", "title"]


@admin.register(Commercialization)
class CommercializationAdmin(SheetRowAdmin):
    list_display = ["kind", "name", "company", "date"]


@admin.register(ParticipantCount)
class ParticipantCountAdmin(SheetRowAdmin):
    list_display = ["version", "sector", "researchers"]


@admin.register(ParticipatingCompany)
class ParticipatingCompanyAdmin(SheetRowAdmin):
    list_display = ["name", "corporate_number"]


@admin.register(JointResearch)
class JointResearchAdmin(SheetRowAdmin):
    list_display = ["title", "theme", "safety_security", "started_on"]


@admin.register(Activity)
class ActivityAdmin(SheetRowAdmin):
    list_display = ["kind", "title", "held_on", "participants"]


@admin.register(Fund)
class FundAdmin(SheetRowAdmin):
    list_display = ["version", "source", "amount_yen"]


@admin.register(YearlyOutcome)
class YearlyOutcomeAdmin(ReadOnlyAdmin):
    list_display = ["region", "fiscal_year", "kind", "value"]
    list_filter = ["kind", "fiscal_year"]
    list_select_related = ["region"]
