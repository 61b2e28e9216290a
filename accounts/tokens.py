"""API tokens: issued once, stored as a SHA-256 hash, expirable and revocable.

A token reads ``chiiki_<prefix>_<secret>``. The prefix finds the row without
scanning; the secret is compared by hash in constant time. Only the hash is
stored, so a database leak does not leak usable tokens, and a token that was
lost can only be revoked and replaced, never shown again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import ApiToken, User

__all__ = [
    "TOKEN_PATTERN",
    "IssuedToken",
    "hash_secret",
    "issue_token",
    "revoke_tokens",
    "user_for_token",
]

TOKEN_SCHEME = "chiiki"
#: The shape of a token, for the secret scanner and for log redaction.
TOKEN_PATTERN = r"chiiki_[0-9a-f]{12}_[A-Za-z0-9_-]{43}"
# last_used_at is refreshed at most this often: one write per minute per token,
# not one per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(
    user: User, name: str = "", expires_days: int | None = None
) -> IssuedToken:
    """Create a token for ``user``; the plaintext exists only in the result."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    expires_at = None
    if expires_days is not None:
        expires_at = timezone.now() + timedelta(days=expires_days)
    token = ApiToken.objects.create(
        user=user,
        name=name or f"token-{prefix}",
        prefix=prefix,
        secret_hash=hash_secret(secret),
        expires_at=expires_at,
    )
    return IssuedToken(token=token, plaintext=f"{TOKEN_SCHEME}_{prefix}_{secret}")


def user_for_token(raw: str) -> User | None:
    """The active user of a valid, unexpired, unrevoked token; None otherwise."""
    parsed = _parse(raw)
    if parsed is None:
        return None
    prefix, secret = parsed
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(prefix=prefix, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        return None
    _touch(token)
    return token.user


def revoke_tokens(tokens: Any) -> int:
    """Revoke every active token of the queryset; returns how many.

    Saved one by one (not ``update()``) so each revocation is audited.
    """
    count = 0
    for token in tokens.filter(revoked_at__isnull=True):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "last_updated"])
        count += 1
    return count


def _parse(raw: str) -> tuple[str, str] | None:
    scheme, _, rest = raw.strip().partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != TOKEN_SCHEME or len(prefix) != 12 or not secret:
        return None
    return prefix, secret


def _touch(token: ApiToken) -> None:
    """Record use without an audit entry: a queryset update sends no signal."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
