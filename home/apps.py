from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Each role's home after log-in: what is due, waiting or assigned."""

    name = "home"
    verbose_name = _("ホーム")

    def ready(self) -> None:
        from home.signals import connect

        connect()
