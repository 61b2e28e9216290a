from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "geo"
    verbose_name = _("地理")

    def ready(self) -> None:
        # Access rules live next to the models; the policy imports no app.
        from audit.signals import register as audit
        from geo.models import DesignatedCity, Prefecture
        from geo.rules import register_rules

        register_rules()
        # Reference data the targets read (6-2-7's policy outlines): audited
        # though it lacks ChangeLoggedModel's timestamps.
        audit(Prefecture)
        audit(DesignatedCity)
