"""Template filters of the evaluation pages: yen amounts and signed changes."""

from __future__ import annotations

from typing import Any

from django import template

from lib.money import format_yen

register = template.Library()


@register.filter
def yen(value: int | None) -> str:
    """1234567 → 「1,234,567円」; nothing → 「—」."""
    return "—" if value is None else format_yen(int(value))


@register.filter
def yen_change(value: int | None) -> str:
    """A signed change: 「+1,000円」, 「△1,000円」, 「±0円」."""
    if value is None:
        return "—"
    if value == 0:
        return "±0円"
    return ("+" if value > 0 else "") + format_yen(int(value))


@register.filter
def may_allocate(user: Any) -> bool:
    """Whether the allocation page is for this user (asks the policy)."""
    from accounts.policy import Action, can
    from evaluations.models import AllocationRun

    return can(user, Action.ALLOCATE, AllocationRun)
