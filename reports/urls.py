"""URLs of the annual-report pages, mounted at /reports/."""

from __future__ import annotations

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("template.xlsx", views.template_xlsx, name="template_xlsx"),
    path("template-csv.zip", views.template_csv, name="template_csv"),
    path("<str:code>/<int:fy>/", views.report_detail, name="detail"),
    path("<str:code>/<int:fy>/diff/", views.report_diff, name="diff"),
    path("<str:code>/<int:fy>/upload/", views.report_upload, name="upload"),
    path(
        "<str:code>/<int:fy>/imports/<int:job>/",
        views.import_progress,
        name="import_progress",
    ),
    path("<str:code>/<int:fy>/prefill/", views.report_prefill, name="prefill"),
    path("<str:code>/<int:fy>/submit/", views.report_submit, name="submit"),
    path("<str:code>/<int:fy>/accept/", views.report_accept, name="accept"),
    path("<str:code>/<int:fy>/return/", views.report_return, name="return"),
]
