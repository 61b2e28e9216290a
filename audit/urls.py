"""The officer's audit pages, mounted at /audit/."""

from __future__ import annotations

from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.AuditEntryListView.as_view(), name="entry_list"),
    path("export.csv", views.export_csv, name="entry_export"),
    path("<int:pk>/", views.AuditEntryDetailView.as_view(), name="entry_detail"),
]
