"""Fast password hashing for these tests (PBKDF2 costs ~0.5 s per user).

Panels create a reviewer account per committee member, so hashing dominated.
"""

from __future__ import annotations

from typing import Any

import pytest

FAST_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    # Still verifies PBKDF2 hashes made elsewhere (e.g. the demo users).
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS
