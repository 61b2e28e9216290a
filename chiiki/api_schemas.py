"""Error bodies every API router answers with, declared once.

On the project floor so that each app's API can name them without importing
another app's API modules (tests/test_layers.py).
"""

from __future__ import annotations

from ninja import Field, Schema

__all__ = ["ErrorOut", "FilterErrorOut"]


class ErrorOut(Schema):
    detail: str


class FilterErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Field name → messages (Japanese), as RegionFilterSet gives them."
    )
