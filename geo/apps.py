from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "geo"
    verbose_name = _("地理")

    def ready(self) -> None:
        # Access rules live next to the models; the policy imports no app.
        from geo.rules import register_rules

        register_rules()
