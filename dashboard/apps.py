from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("ダッシュボード")

    def ready(self) -> None:
        # Computed figures are cached per data version (chiiki/caching.py);
        # model changes made in this process invalidate them at once.
        from chiiki.caching import connect_signals

        connect_signals()
