"""Account workflows shared by the commands (and, later, an officer's page)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from programmes.models import Region

__all__ = ["UserResult", "generate_password", "save_user"]


@dataclass(frozen=True)
class UserResult:
    user: User
    created: bool
    #: Set only when a password was generated: to be shown once, never stored.
    generated_password: str | None


def generate_password() -> str:
    """A random password that passes the password policy (about 128 bits)."""
    return secrets.token_urlsafe(16)


def save_user(
    username: str,
    role: str,
    region_codes: Sequence[str] = (),
    password: str | None = None,
    display_name: str = "",
) -> UserResult:
    """Create the user or bring an existing one to this role and these regions.

    Idempotent: the same call twice changes nothing the second time. A role
    or region change logs the user out everywhere (accounts.signals).
    """
    regions = _regions(region_codes)
    _check_role_regions(role, regions)
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username)
        generated = None
        if password is None and created:
            password = generated = generate_password()
        if password is not None:
            validate_password(password, user)
            user.set_password(password)
        user.role = role
        if display_name:
            user.display_name = display_name
        user.save()
        if set(user.regions.values_list("pk", flat=True)) != {r.pk for r in regions}:
            user.regions.set(regions)
    return UserResult(user=user, created=created, generated_password=generated)


def _regions(codes: Sequence[str]) -> list[Region]:
    regions = list(Region.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {region.code for region in regions})
    if missing:
        raise ValidationError(
            _("地域コードが見つかりません: {codes}").format(codes=", ".join(missing))
        )
    return regions


def _check_role_regions(role: str, regions: list[Region]) -> None:
    if role not in User.Role.values:
        raise ValidationError(_("役割が不正です: {role}").format(role=role))
    if role == User.Role.REGION and not regions:
        raise ValidationError(
            _("地域担当者には --region で地域を1つ以上指定してください。")
        )
    if role != User.Role.REGION and regions:
        raise ValidationError(_("担当地域を持てるのは地域担当者だけです。"))
