"""The sheets app's REST endpoints, mounted by chiiki.api under /api/v1/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["sheets"])

__all__ = ["router"]
