"""URLs of the targets' pages, mounted at /targets/."""

from __future__ import annotations

from django.urls import path

from targets import views

app_name = "targets"

urlpatterns = [
    path("", views.target_list, name="list"),
    path("new/", views.target_create, name="create"),
    path("<str:code>/", views.target_detail, name="detail"),
    path("<str:code>/edit/", views.target_edit, name="edit"),
]
