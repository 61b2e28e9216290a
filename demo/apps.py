from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data set: sits above every domain app, so it may use them all."""

    name = "demo"
    verbose_name = _("デモデータ")
