"""Prefectures and designated cities are public reference data."""

from __future__ import annotations

from accounts.policy import public_read_officer_write, register
from geo.models import DesignatedCity, Prefecture

__all__ = ["register_rules"]


def register_rules() -> None:
    for model in (Prefecture, DesignatedCity):
        register(model, public_read_officer_write())
