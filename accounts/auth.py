"""Bearer-token authentication for the API (django-ninja).

The API knows only tokens: a browser session is ignored there, so no API
call can be forged cross-site with a visitor's cookie, and CSRF does not
apply. Two variants:

* :data:`token_auth` — the operation needs a valid token (writes).
* :data:`optional_token_auth` — public reads: anonymous without a header,
  the token's user with a valid one, 401 for a bad one (a client that
  sends a token expects to be recognised, not silently downgraded).

Both set ``request.user`` so the policy and the audit trail see the caller.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from accounts.tokens import user_for_token

__all__ = [
    "OptionalTokenAuth",
    "TokenAuth",
    "api_user",
    "optional_token_auth",
    "token_auth",
]


class TokenAuth(HttpBearer):
    """``Authorization: Bearer chiiki_…`` required."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.headers.get("Authorization"):
            raise AuthenticationError(401, _("API トークンが必要です。"))
        header = request.headers["Authorization"]
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError(
                401, _("Authorization ヘッダーの形式が不正です。")
            )
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            raise AuthenticationError(
                401, _("API トークンが無効です（期限切れ・失効・誤り）。")
            )
        request.user = user
        return user


class OptionalTokenAuth:
    """Anonymous unless a token is sent; a bad token is still a 401.

    Not an ``AuthBase``: the OpenAPI schema then lists no security
    requirement for public reads, which is the truth.
    """

    def __init__(self) -> None:
        self._required = TokenAuth()

    def __call__(self, request: HttpRequest) -> Any:
        if not request.headers.get("Authorization"):
            request.user = AnonymousUser()
            return AnonymousUser()
        return self._required(request)


def api_user(request: HttpRequest) -> Any:
    """The caller of an API operation: the token's user or AnonymousUser."""
    auth = getattr(request, "auth", None)
    return auth if auth is not None else AnonymousUser()


token_auth = TokenAuth()
optional_token_auth = OptionalTokenAuth()
