"""URLs of the sheets pages, mounted at /sheets/."""

from __future__ import annotations

from django.urls import path

from sheets import views

app_name = "sheets"

urlpatterns = [
    path("", views.sheet_index, name="index"),
    path("compare/", views.sheet_compare, name="compare"),
    path("sources/outcomes/", views.source_outcomes, name="source_outcomes"),
    path("sources/budgets/", views.source_budgets, name="source_budgets"),
    path("sources/benchmarks/", views.source_benchmarks, name="source_benchmarks"),
    path("sources/evaluations/", views.source_evaluations, name="source_evaluations"),
    path("<int:fy>/", views.sheet_detail, name="detail"),
    path("<int:fy>/edit/", views.sheet_edit, name="edit"),
    path("<int:fy>/publish/", views.sheet_publish, name="publish"),
    path("<int:fy>/sheet.<str:fmt>", views.sheet_download, name="download"),
]
