"""Root URL configuration: web pages, admin, the REST API and health."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from chiiki.api import api
from chiiki.health import healthz

urlpatterns = [
    path("", include("dashboard.urls")),
    path("regions/", include("programmes.urls")),
    path("targets/", include("targets.urls")),
    path("home/", include("home.urls")),
    path("reports/", include("reports.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("sheets/", include("sheets.urls")),
    path("evidence/", include("impact.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("audit/", include("audit.urls")),
    path("healthz", healthz, name="healthz"),
]

# Django's refusals while reading a body (too many files, too large) in Japanese,
# as JSON under /api/ (chiiki/request_guard.py).
handler400 = "chiiki.request_guard.bad_request"

# Japanese error pages in the site's layout (chiiki/errors.py).
handler403 = "chiiki.errors.permission_denied"
handler404 = "chiiki.errors.page_not_found"
handler500 = "chiiki.errors.server_error"
