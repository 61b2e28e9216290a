"""Django validators over lib's pure checks, with Japanese messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from lib.errors import ConventionError
from lib.identifiers import normalize_corporate_number


def validate_corporate_number(value: str) -> None:
    """法人番号: 13 digits with a valid check digit (blank is allowed elsewhere)."""
    try:
        normalized = normalize_corporate_number(value)
    except ConventionError as exc:
        raise ValidationError(exc.message_ja, code=exc.code) from exc
    if normalized != value:
        raise ValidationError(
            "法人番号は13桁の半角数字で保存してください。", code="not_normalized"
        )
