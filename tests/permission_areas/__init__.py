"""Permission rules of one area each, merged into tests/permission_rules.py.

Each module defines ``WEB_RULES`` and ``API_RULES`` (same shape as the main
tables) and ``build(world)``, which adds the area's test objects to
``world.extra`` (the role's users are in ``world.extra["users"]``). Keeping an
area's rules beside each other keeps the main table readable.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

AREAS = ("evaluations", "sheets", "home", "impact")


def modules() -> list[ModuleType]:
    return [import_module(f"tests.permission_areas.{name}") for name in AREAS]
