"""Text people type, checked once for forms and API schemas alike.

:func:`lib.text.check_text` refuses bidi embedding/override/isolate controls
(U+202A–U+202E, U+2066–U+2069: they reverse how the rest of a line reads to
every later reader) and control characters other than tab and line breaks
(NUL, which PostgreSQL refuses in text, among them). This module adapts it:

* :class:`CheckedTextMixin` — a form mixin that gives every ``CharField`` of
  the form the check (a field error with the Japanese message);
* :data:`CheckedText` — a pydantic ``str`` type for ninja schemas (422 with
  the Japanese message).
"""

from __future__ import annotations

from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from lib.errors import ConventionError
from lib.text import check_text

__all__ = ["CheckedText", "CheckedTextMixin", "validate_text"]


def validate_text(value: Any) -> None:
    """Django validator over :func:`lib.text.check_text`."""
    if not isinstance(value, str):
        return
    try:
        check_text(value)
    except ConventionError as exc:
        raise ValidationError(exc.message_ja, code=exc.code) from exc


class CheckedTextMixin:
    """Check every text field of the form (including fields added in ``__init__``)."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and validate_text not in (
                field.validators
            ):
                field.validators.append(validate_text)
        super().full_clean()  # type: ignore[misc]


def _checked(value: str) -> str:
    try:
        return check_text(value)
    except ConventionError as exc:
        raise PydanticCustomError(exc.code, exc.message_ja) from exc


#: A schema field of typed text: ``comment: CheckedText = Field("", ...)``.
CheckedText = Annotated[str, AfterValidator(_checked)]
