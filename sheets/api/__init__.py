"""The sheets app's REST endpoints, mounted by chiiki.api under /api/v1/."""

from __future__ import annotations

from sheets.api.views import router

__all__ = ["router"]
