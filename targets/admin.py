from __future__ import annotations

from django.contrib import admin

from targets.models import BenchmarkInstitution, Metric, PolicyGoal, Target


@admin.register(PolicyGoal)
class PolicyGoalAdmin(admin.ModelAdmin):
    list_display = ["code", "title_ja"]


class MetricInline(admin.StackedInline):
    model = Metric
    extra = 0


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal", "relation", "deadline_fy"]
    list_select_related = ["goal"]
    inlines = [MetricInline]


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["target", "key", "kind", "goal_value", "unit_ja"]
    list_select_related = ["target"]


@admin.register(BenchmarkInstitution)
class BenchmarkInstitutionAdmin(admin.ModelAdmin):
    list_display = ["name_ja", "fiscal_year", "patent_applications", "budget_yen"]
