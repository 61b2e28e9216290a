from __future__ import annotations

from django.contrib import admin

from programmes.models import (
    BudgetFigure,
    Organisation,
    Programme,
    PromotionCouncil,
    Region,
    SpecialZone,
    StaffAssignment,
    Subsidy,
    Theme,
)


@admin.register(Subsidy)
class SubsidyAdmin(admin.ModelAdmin):
    list_display = ["name_ja", "start_fy", "lead_division"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "start_fy", "duration_years"]


@admin.register(BudgetFigure)
class BudgetFigureAdmin(admin.ModelAdmin):
    list_display = ["fiscal_year", "kind", "programme", "amount_yen", "certainty"]
    list_filter = ["kind", "programme", "fiscal_year"]
    list_select_related = ["programme"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "name_en"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_ja", "kind", "corporate_number", "prefecture", "certainty"]
    list_filter = ["kind", "certainty"]
    list_select_related = ["prefecture"]
    search_fields = ["name_ja", "name_en", "corporate_number"]


class StaffInline(admin.TabularInline):
    model = StaffAssignment
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_ja",
        "programme",
        "main_prefecture",
        "start_fy",
        "planned_end_fy",
        "status",
        "name_certainty",
    ]
    list_filter = [
        "programme",
        "status",
        "start_fy",
        "name_certainty",
        "safety_security",
    ]
    list_select_related = ["programme", "main_prefecture"]
    search_fields = ["code", "name_ja", "cluster_name_ja"]
    filter_horizontal = ["prefectures", "themes"]
    autocomplete_fields = ["core_institution"]
    inlines = [StaffInline]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ["region", "role", "person_name", "from_fy", "to_fy"]
    list_filter = ["role"]
    list_select_related = ["region"]


@admin.register(SpecialZone)
class SpecialZoneAdmin(admin.ModelAdmin):
    list_display = ["name_ja", "applicant_ja", "prefecture"]
    filter_horizontal = ["regions"]


@admin.register(PromotionCouncil)
class PromotionCouncilAdmin(admin.ModelAdmin):
    list_display = ["name_ja", "established_fy", "is_synthetic"]
    filter_horizontal = ["regions"]
