"""The policy evaluation sheet (事業評価書), generated from live data."""

from __future__ import annotations

from django.apps import AppConfig


class SheetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sheets"
    verbose_name = "事業評価書"

    def ready(self) -> None:
        from sheets.rules import register_rules

        register_rules()
