from __future__ import annotations

from django.urls import path

from impact import views

app_name = "impact"

urlpatterns = [
    path("", views.evidence, name="evidence"),
    path("datasets/<slug:key>.csv", views.dataset_download, name="dataset_download"),
]
