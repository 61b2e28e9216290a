"""The one error type the evaluation workflows raise when a step is refused."""

from __future__ import annotations

from django.utils.functional import Promise

__all__ = ["WorkflowError"]


class WorkflowError(Exception):
    """A workflow step that cannot happen now (wrong state, missing data).

    Raised before anything is written, inside the service's transaction, so
    nothing changes. ``code`` is stable for the API (409) and tests; ``message``
    is the Japanese sentence to show.
    """

    def __init__(self, code: str, message: str | Promise) -> None:
        super().__init__(code, str(message))
        self.code = code
        self.message = str(message)

    def __str__(self) -> str:
        return self.message
