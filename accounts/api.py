"""`GET /api/v1/me`: who the API thinks the caller is (a token check for scripts)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from accounts.auth import api_user, token_auth
from accounts.models import User

__all__ = ["router"]

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    display_name: str
    role: User.Role
    regions: list[str] = Field(description="Codes of the regions a region user edits.")


@router.get("/me", response=MeOut, auth=token_auth, url_name="me")
def me(request: HttpRequest) -> dict[str, object]:
    """The token's user, role and regions; 401 without a valid token."""
    user = api_user(request)
    codes = user.regions.order_by("code").values_list("code", flat=True)
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "regions": list(codes),
    }
