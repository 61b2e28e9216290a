"""Permission rules for the evaluations pages and API operations."""

from __future__ import annotations

from tests.permission_rules import Case, World

WEB_RULES: dict[str, list[Case]] = {}
API_RULES: dict[str, list[Case]] = {}


def build(world: World) -> None:
    """Add the evaluations objects the cases point at to world.extra."""
