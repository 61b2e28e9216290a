"""The evaluations app's REST endpoints, mounted by chiiki.api under /api/v1/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["evaluations"])

__all__ = ["router"]

# The operations register themselves on the router when imported.
from evaluations.api import views as _views  # noqa: E402, F401
