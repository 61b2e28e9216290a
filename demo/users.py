"""The demo log-ins: one persona per role, all with the same public password.

These accounts exist so a newcomer can try each role after `make run`; the
password is printed by `manage.py demo_logins` and must never reach production
data. Passwords are set only when an account is created, so a changed password
survives a reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password

from accounts.models import User
from demo.records import set_m2m, upsert
from programmes.models import Region

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "DemoUser", "load_users"]

DEMO_PASSWORD = "chiiki-demo-2005"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    display_name: str
    regions: tuple[str, ...] = ()
    is_staff: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("officer", User.Role.OFFICER, "地域科学技術振興室（デモ）", is_staff=True),
    DemoUser("sapporo", User.Role.REGION, "札幌 中核機関（デモ）", ("kc-sapporo",)),
    DemoUser(
        "hakodate", User.Role.REGION, "函館エリア 中核機関（デモ）", ("ca-hakodate",)
    ),
    DemoUser("reviewer", User.Role.REVIEWER, "評価委員（デモ）"),
)


@cache
def _password_hash() -> str:
    """Hash once per process: PBKDF2 is slow by design and tests load often."""
    return make_password(DEMO_PASSWORD)


def load_users(regions: dict[str, Region]) -> dict[str, User]:
    return {spec.username: _load_user(spec, regions) for spec in DEMO_USERS}


def _load_user(spec: DemoUser, regions: dict[str, Region]) -> User:
    values = {
        "role": spec.role,
        "display_name": spec.display_name,
        "is_staff": spec.is_staff,
        "is_superuser": spec.is_staff,
    }
    user = upsert(
        User,
        {"username": spec.username},
        values,
        create_only={"password": _password_hash()},
    )
    set_m2m(user.regions, (regions[code].pk for code in spec.regions))
    return user
