"""URLs of the registry's public pages, mounted at /regions/."""

from __future__ import annotations

from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.RegionListView.as_view(), name="region_list"),
    path("<str:code>/", views.RegionDetailView.as_view(), name="region_detail"),
]
