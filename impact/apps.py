from __future__ import annotations

from django.apps import AppConfig


class ImpactConfig(AppConfig):
    """Evidence (EBPM): comparison datasets and staggered DID estimates."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "impact"
    verbose_name = "効果検証（EBPM）"
