"""Personas shared by the test suite: officer, region staff, reviewer, outsider."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from programmes.models import Region
from tests.factories import make_region, make_user


@dataclass
class Personas:
    officer: User
    region_user: User
    reviewer: User
    outsider: User
    region: Region
    other_region: Region


def make_personas() -> Personas:
    region = make_region(name_ja="札幌テスト地域")
    other_region = make_region(name_ja="福岡テスト地域", programme=region.programme)
    return Personas(
        officer=make_user(User.Role.OFFICER, username="alice"),
        region_user=make_user(User.Role.REGION, username="bob", regions=[region]),
        reviewer=make_user(User.Role.REVIEWER, username="charlie"),
        outsider=make_user(User.Role.REGION, username="dave", regions=[other_region]),
        region=region,
        other_region=other_region,
    )
