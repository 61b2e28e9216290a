"""Django validators that wrap the pure identifier checks in lib."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from lib.errors import ConventionError
from lib.identifiers import normalize_local_government_code


def validate_local_government_code(value: str) -> None:
    try:
        normalize_local_government_code(value)
    except ConventionError as exc:
        raise ValidationError(exc.message_ja, code=exc.code) from exc
