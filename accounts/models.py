"""People who sign in to Chiiki, the role that decides what they may do, and
the API tokens they use from scripts."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeLoggedModel


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
    session_generation = models.PositiveIntegerField(
        _("セッション世代"),
        default=0,
        editable=False,
        help_text=_("役割・担当地域が変わると増え、すべてのログインが無効になる"),
    )

    class Meta:
        verbose_name = _("ユーザー")
        verbose_name_plural = _("ユーザー")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_officer(self) -> bool:
        return self.role == self.Role.OFFICER

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's hash, plus the generation: bumping it logs out every session.

        Generation 0 keeps Django's own value so existing sessions survive the
        upgrade that introduced the field.
        """
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = self.password
        if self.session_generation:
            value = f"{self.password}:{self.session_generation}"
        return salted_hmac(
            key_salt, value, secret=secret, algorithm="sha256"
        ).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        """Neither revoked nor expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(ChangeLoggedModel):
    """A Bearer token for the API, shown once; only its SHA-256 hash is stored."""

    audit_exclude: ClassVar[frozenset[str]] = frozenset({"secret_hash"})

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ユーザー"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("識別子"), max_length=16, unique=True)
    secret_hash = models.CharField(_("ハッシュ"), max_length=64)
    expires_at = models.DateTimeField(_("有効期限"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最終使用日時"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("失効日時"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("APIトークン")
        verbose_name_plural = _("APIトークン")
        ordering = ["user", "-created"]

    def __str__(self) -> str:
        return f"{self.user} {self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
