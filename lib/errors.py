"""The single error type raised for input that breaks a convention.

Callers (Django validators, import scripts, the API) catch exactly one type and
can show the user a message in Japanese and in English, plus a stable ``code``
that tests and translations can key on.
"""

from __future__ import annotations

__all__ = ["ConventionError"]


class ConventionError(ValueError):
    """Invalid input for one of the conventions in :mod:`lib`.

    It subclasses :class:`ValueError` so that generic code that already catches
    ``ValueError`` keeps working, while new code can catch this narrower type.
    """

    def __init__(
        self,
        code: str,
        message_ja: str,
        message_en: str,
        value: object = None,
    ) -> None:
        super().__init__(code, message_ja, message_en, value)
        self.code = code
        self.message_ja = message_ja
        self.message_en = message_en
        self.value = value

    def __str__(self) -> str:
        return f"{self.message_ja} / {self.message_en}"

    def __repr__(self) -> str:
        return f"ConventionError(code={self.code!r}, value={self.value!r})"
