"""Who may see and change the registry (registered in ProgrammesConfig.ready).

The registry is published data: everyone reads it, officers maintain it. A
region's staff may additionally import into and submit for their own
regions: ``can(user, Action.IMPORT, region)`` is what an import of a report
that does not exist yet asks.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from accounts.policy import (
    Action,
    Rule,
    is_officer,
    public_read_officer_write,
    region_ids,
    register,
)
from programmes.models import (
    BudgetFigure,
    Organisation,
    Programme,
    PromotionCouncil,
    Region,
    SpecialZone,
    StaffAssignment,
    Subsidy,
    Theme,
)

__all__ = ["REGION_OWN_ACTIONS", "register_rules"]

#: What a region's staff may do for a region they are bound to.
REGION_OWN_ACTIONS = (Action.IMPORT, Action.SUBMIT)
_READ = (Action.VIEW, Action.EXPORT)


def _region_check(user: Any, action: str, obj: Region | None) -> bool:
    if action in _READ or is_officer(user):
        return True
    own = obj is not None and obj.pk in region_ids(user)
    return own and action in REGION_OWN_ACTIONS


def _region_scope(user: Any, queryset: models.QuerySet[Any], action: str) -> Any:
    if action in _READ or is_officer(user):
        return queryset
    if action in REGION_OWN_ACTIONS:
        return queryset.filter(pk__in=region_ids(user))
    return queryset.none()


def register_rules() -> None:
    public = public_read_officer_write()
    for model in (
        Subsidy,
        Programme,
        BudgetFigure,
        Theme,
        Organisation,
        StaffAssignment,
        SpecialZone,
        PromotionCouncil,
    ):
        register(model, public)
    register(Region, Rule(check=_region_check, scope=_region_scope))
