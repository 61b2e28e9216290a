"""The REST API: one NinjaAPI that mounts each app's router under /api/v1/.

Every answer under /api/v1/ is JSON, errors included: ``{"detail": "..."}``
with a precise status code (see DESCRIPTION). The docs page is ninja's
bundled Swagger UI served from our static files, so it works offline and
under the site's strict Content-Security-Policy.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.urls import URLPattern, URLResolver, re_path, reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.renderers import JSONRenderer

from accounts.api import router as accounts_router
from accounts.auth import optional_token_auth
from audit.concurrency import ConflictError
from evaluations.api import router as evaluations_router
from impact.api import router as impact_router
from programmes.api import router as programmes_router
from reports.api import router as reports_router
from sheets.api import router as sheets_router
from targets.api import router as targets_router

__all__ = ["api"]

DESCRIPTION = """\
地域科学技術振興事業費補助金（知的クラスター創成事業・都市エリア産学官連携促進事業）\
の公開データと報告の API。

Public reads need no token; writes need `Authorization: Bearer <token>`
(`manage.py issue_token NAME`). A browser session is not used by the API.
A token sent to a public read must be valid: a wrong, expired or revoked
token answers 401 rather than being ignored.

Lists that can grow (`/regions`) are paged with `limit` (default 100, max 500) and
`offset` and answer `{"count", "limit", "offset", "items", "next_cursor"}`; `ordering`
takes a field name, `-` for descending. For deep or complete walks pass the
`next_cursor` of a page as `?cursor=` (same filters and ordering, offset 0): cursor
pages cost the same however far they go; `next_cursor` is null on the last page.

Public reads answer `ETag` and `Last-Modified`; send them back as `If-None-Match` /
`If-Modified-Since` and an unchanged answer is `304 Not Modified` with no body.

Errors are JSON `{"detail": "..."}`:
400 a filter or ordering value was rejected (`errors` lists messages per field),
401 missing or invalid token, 403 the token's user may not do this,
404 no such object or URL (also for objects the caller may not see),
405 method not allowed on this URL,
409 the object changed since it was read (`If-Match` / version mismatch),
422 a parameter does not match its declared type or range (`detail` is a list).
"""

ViewFunc = Callable[..., HttpResponseBase]
UrlList = list[URLResolver | URLPattern]


class ChiikiAPI(NinjaAPI):
    """NinjaAPI whose 405s and unknown URLs answer JSON like its other errors.

    Ninja answers a method no operation accepts with Django's plain-text
    HttpResponseNotAllowed, and leaves unknown paths to the site's HTML 404;
    API clients should never have to parse HTML.
    """

    @property
    def urls(self) -> tuple[UrlList, str, str]:
        patterns, app_name, namespace = super().urls
        wrapped: UrlList = [self._jsonify(p) for p in patterns]
        wrapped.append(re_path(r"^.*$", self._not_found, name="not-found"))
        return wrapped, app_name, namespace

    def _jsonify(self, pattern: URLResolver | URLPattern) -> Any:
        if not isinstance(pattern, URLPattern):
            return pattern
        if pattern.name == "api-root":
            # Ninja's root raises a bare Http404; a small index helps newcomers.
            return URLPattern(pattern.pattern, self._index, name=pattern.name)
        if inspect.iscoroutinefunction(pattern.callback):
            return pattern  # no async operations yet; wrap them when there are
        view = _json_not_allowed(pattern.callback, self)
        return URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The schema, with the errors every operation can answer documented.

        Any operation answers 401 for a bad token (optional auth rejects
        it too) and 422 when a parameter fails its declared type, and one
        with a body 400 when the body cannot be parsed; listing
        them once here keeps each router's ``response=`` to its own codes.
        """
        schema = super().get_openapi_schema(**kwargs)
        _document_common_errors(schema)
        return schema

    def _index(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        links = {
            "title": self.title,
            "version": self.version,
            "docs": request.build_absolute_uri(reverse("api:openapi-view")),
            "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
        }
        return self.create_response(request, links, status=200)

    def _not_found(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return _not_found_response(request, Http404(), api=self)


class ReadableJSONRenderer(JSONRenderer):
    """JSON with Japanese text as UTF-8 rather than \\uXXXX escapes."""

    json_dumps_params = {"ensure_ascii": False}


_ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"title": "Detail"}},
    "required": ["detail"],
}
_COMMON_ERRORS = {
    "400": (
        "A query parameter or the path holds a control character or is not "
        "UTF-8 (chiiki.request_guard; `detail`, and `errors` per field)."
    ),
    "401": "Missing, wrong, expired or revoked token (JSON `detail`).",
    "422": "A parameter does not match its declared type or range.",
}
# accounts.policy answers these: 404 for an object the caller may not see
# (or that does not exist), 403 for a visible one the caller may not change.
_PATH_ERRORS = {"404": "No such object, or not visible to the caller."}
_SECURED_ERRORS = {"403": "The token's user may not do this to this object."}
# Ninja answers a body it cannot parse (not JSON, a broken multipart) with 400.
_BODY_ERRORS = {"400": "The request body could not be parsed."}


def _document_common_errors(schema: dict[str, Any]) -> None:
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            errors = dict(_COMMON_ERRORS)
            if "{" in path:
                errors.update(_PATH_ERRORS)
            if operation.get("security"):
                errors.update(_SECURED_ERRORS)
            if "requestBody" in operation:
                errors.update(_BODY_ERRORS)
            # Routers declare codes as ints, these are strings: one key per
            # code, as strings, else the JSON holds "404" twice and Swagger UI
            # refuses the whole document ("duplicated mapping key").
            responses = {
                str(code): body
                for code, body in operation.setdefault("responses", {}).items()
            }
            operation["responses"] = responses
            for code, text in errors.items():
                responses.setdefault(
                    code,
                    {
                        "description": text,
                        "content": {
                            "application/json": {"schema": dict(_ERROR_SCHEMA)}
                        },
                    },
                )


def _json_not_allowed(view: ViewFunc, api: NinjaAPI) -> ViewFunc:
    """405 as JSON, and ``HEAD`` answered wherever ``GET`` is.

    Ninja knows only the methods an operation declares; declaring HEAD on
    each would double every read in the schema. A HEAD runs the GET (same
    status, validators and length) and sends no body (RFC 9110 §9.3.2).
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        if isinstance(response, HttpResponseNotAllowed):
            response = _not_allowed(request, response, api)
        return _without_body(response) if head else response

    return wrapper


def _not_allowed(
    request: HttpRequest, response: HttpResponseBase, api: NinjaAPI
) -> HttpResponseBase:
    message = _("{method} メソッドはこの URL では使えません。").format(
        method=request.method
    )
    json_response = api.create_response(request, {"detail": message}, status=405)
    allowed = [m.strip() for m in response["Allow"].split(",") if m.strip()]
    if "GET" in allowed and "HEAD" not in allowed:
        allowed.append("HEAD")
    json_response["Allow"] = ", ".join(allowed)
    return json_response


def _without_body(response: HttpResponseBase) -> HttpResponseBase:
    """The answer to a HEAD: the GET's headers, its length, no content."""
    if isinstance(response, HttpResponse):
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


def _not_found_response(
    request: HttpRequest, exc: Http404, api: NinjaAPI
) -> HttpResponse:
    return api.create_response(request, {"detail": _("見つかりません。")}, status=404)


def _unauthorized_response(
    request: HttpRequest, exc: AuthenticationError, api: NinjaAPI
) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else _("認証が必要です。")
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="chiiki"'
    return response


def _forbidden_response(
    request: HttpRequest, exc: PermissionDenied, api: NinjaAPI
) -> HttpResponse:
    message = str(exc) or _("この操作を行う権限がありません。")
    return api.create_response(request, {"detail": message}, status=403)


def _conflict_response(
    request: HttpRequest, exc: ConflictError, api: NinjaAPI
) -> HttpResponse:
    body = {"detail": exc.message, "current_version": exc.current}
    return api.create_response(request, body, status=409)


api = ChiikiAPI(
    title="Chiiki API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    renderer=ReadableJSONRenderer(),
    # Bundled Swagger UI (ninja is in INSTALLED_APPS, so its static template is
    # used, not the CDN one); no validator badge, which would call swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    # Every operation knows its caller: anonymous, or the Bearer token's user.
    # Writes declare auth=token_auth (accounts.auth) to require a token.
    auth=optional_token_auth,
)
api.add_exception_handler(Http404, functools.partial(_not_found_response, api=api))
api.add_exception_handler(
    AuthenticationError, functools.partial(_unauthorized_response, api=api)
)
api.add_exception_handler(
    PermissionDenied, functools.partial(_forbidden_response, api=api)
)
api.add_exception_handler(ConflictError, functools.partial(_conflict_response, api=api))
api.add_router("/", programmes_router)
api.add_router("/", targets_router)
api.add_router("/", accounts_router)
api.add_router("/", reports_router)
api.add_router("/", evaluations_router)
api.add_router("/", sheets_router)
api.add_router("/", impact_router)
