"""The site's error pages (403, 404, 500, CSRF failure) in Japanese, in the
site's layout, instead of Django's bare English ones.

Wired in chiiki/urls.py (``handler403/404/500``) and settings
(``CSRF_FAILURE_VIEW``). 400 is chiiki.request_guard.bad_request's. Each page
says what happened and where to go next; a message of ours (a Japanese
PermissionDenied or Http404 text) is shown, Django's internal ones (a
resolver's dictionary, English defaults) never are.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.template.exceptions import TemplateDoesNotExist
from django.utils.functional import Promise

__all__ = ["csrf_failure", "page_not_found", "permission_denied", "server_error"]


def permission_denied(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    context = {"message": _own_message(exception)}
    return _render(request, "errors/403.html", context, 403)


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    context = {"message": _own_message(exception), "path": request.path}
    return _render(request, "errors/404.html", context, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: rendered without the request's context processors, which may need
    the database that has just failed."""
    try:
        html = loader.get_template("errors/500.html").render({})
    except Exception:  # noqa: BLE001 - the last resort must not fail itself
        html = "<h1>500</h1><p>サーバーで問題が起きました。</p>"
    return HttpResponse(html, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form's security token was missing or stale (often: a page left
    open over the session's end, or cookies blocked)."""
    return _render(request, "errors/403_csrf.html", {}, 403)


def _render(
    request: HttpRequest, name: str, context: dict[str, Any], status: int
) -> HttpResponse:
    try:
        template = loader.get_template(name)
    except TemplateDoesNotExist:  # pragma: no cover - templates ship with the code
        return HttpResponse(status=status)
    return HttpResponse(template.render(context, request), status=status)


def _own_message(exception: Exception | None) -> str:
    """The exception's text if it is one of ours: a plain string that is not
    Django's English default."""
    if exception is None or not exception.args:
        return ""
    raw = exception.args[0]
    if not isinstance(raw, str | Promise):  # e.g. the resolver's dictionary
        return ""
    first = str(raw)
    if not first.strip():
        return ""
    if first.isascii():  # Django's own ("No Report matches the given query.")
        return ""
    return first
