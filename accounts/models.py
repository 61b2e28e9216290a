"""People who sign in to Chiiki and the role that decides what they may do."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A ministry officer, a region's staff member or a committee reviewer."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("事業担当官")
        REGION = "region", _("地域担当者")
        REVIEWER = "reviewer", _("評価委員")

    role = models.CharField(
        _("役割"), max_length=16, choices=Role.choices, default=Role.REGION
    )
    display_name = models.CharField(_("表示名"), max_length=100, blank=True)
    regions = models.ManyToManyField(
        "programmes.Region",
        verbose_name=_("担当地域"),
        blank=True,
        related_name="staff_users",
        help_text=_("地域担当者が報告を編集できる地域"),
    )

    class Meta:
        verbose_name = _("ユーザー")
        verbose_name_plural = _("ユーザー")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_officer(self) -> bool:
        return self.role == self.Role.OFFICER
