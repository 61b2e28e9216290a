from __future__ import annotations

from django.contrib import admin

from geo.models import DesignatedCity, Prefecture


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "name_en", "block", "st_policy_outline_fy"]
    list_filter = ["block"]
    search_fields = ["code", "name_ja", "name_en"]


@admin.register(DesignatedCity)
class DesignatedCityAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "prefecture", "designated_on"]
    list_select_related = ["prefecture"]
    search_fields = ["code", "name_ja", "name_en"]
