"""Refuse requests that no page or API operation can serve, before any work.

Two kinds of request used to reach the views and hurt:

* **Bodies larger than any upload.** Django spools every file of a multipart
  body to ``/tmp`` before a view (or the CSRF check) sees it; 10 × 19 MB sent
  anonymously to ``/accounts/login/`` wrote 180 MB before the 403. The
  middleware answers 413 from the ``Content-Length`` header alone, without
  reading the body; :class:`chiiki.uploads.SizeCappedUploadHandler` enforces
  the same total while parsing (for a body whose length was not declared), and
  ``DATA_UPLOAD_MAX_NUMBER_FILES`` bounds the number of files.
* **Odd characters in the URL.** A NUL byte in a filter (``?region=a%00b``)
  went into a query and PostgreSQL answered with an error (500); invalid UTF-8
  was silently replaced. Control characters (U+0000–U+001F, U+007F–U+009F)
  and bytes that are not UTF-8 in the path or any query parameter are refused
  with 400, on both databases alike, so no view has to think of them.

The API (``/api/``) gets JSON ``{"detail": ...}`` (a 400 also ``errors`` per
field, like the API's other 400s); pages get a Japanese page.
Django's own refusals while parsing a body (too many files or fields, a body
over the limit) go through :func:`bad_request`, the project's ``handler400``,
which answers the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from lib.text import odd_character, visible

__all__ = ["RequestGuardMiddleware", "bad_request", "refusal"]

API_PREFIX = "/api/"


class RequestGuardMiddleware:
    """413 for a declared body over the limit, 400 for odd characters in the URL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        problem = _too_large(request)
        if problem is not None:
            return refusal(request, problem, status=413)
        problem = _odd_url(request)
        if problem is not None:
            return refusal(request, problem, status=400)
        return self.get_response(request)


def _too_large(request: HttpRequest) -> str | None:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _("Content-Length ヘッダーが数値ではありません。")
    limit = settings.CHIIKI_MAX_REQUEST_BYTES
    if declared <= limit:
        return None
    return too_large_message(declared, limit)


def too_large_message(size: int, limit: int) -> str:
    """The one wording for a body over the limit (middleware and upload handler)."""
    return _(
        "送信されたデータ（{size:,} バイト）が上限の {limit:,} バイト"
        "（{limit_mb} MB）を超えています。ファイルは1回に1つ、"
        "{file_mb} MB までにしてください。"
    ).format(
        size=size,
        limit=limit,
        limit_mb=limit // (1024 * 1024),
        file_mb=settings.CHIIKI_MAX_UPLOAD_BYTES // (1024 * 1024),
    )


def _odd_url(request: HttpRequest) -> str | None:
    """A message naming the first odd character of the path or query, or None."""
    raw_query = request.META.get("QUERY_STRING", "")
    try:
        unquote_to_bytes(raw_query.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        return _(
            "URL のパラメーターに UTF-8 として読めない文字が含まれています。"
            "入力を確かめてください。"
        )
    char = odd_character(request.path)
    if char is not None:
        return _odd_message(_("URL"), char)
    for name, values in request.GET.lists():
        for text in (name, *values):
            char = odd_character(text)
            if char is not None:
                return _odd_message(visible(name), char)
    return None


def _odd_message(where: str, char: str) -> str:
    return _(
        "「{where}」に使えない制御文字 {char} が含まれています。"
        "その文字を除いてからもう一度お試しください。"
    ).format(where=where, char=visible(char))


def refusal(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    """JSON for the API, the Japanese refusal page elsewhere."""
    if request.path.startswith(API_PREFIX):
        body: dict[str, object] = {"detail": message}
        if status == 400:
            # The shape of the API's other 400s (FilterErrorOut): per field.
            body["errors"] = {"query": [message]}
        return JsonResponse(
            body,
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    titles = {
        413: _("送信されたデータが大きすぎます"),
        400: _("リクエストを処理できません"),
    }
    response = TemplateResponse(
        request,
        "chiiki/request_refused.html",
        {"title": titles.get(status, titles[400]), "message": message},
        status=status,
    )
    return response.render()


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: Django's refusals (body too big, too many files) in Japanese."""
    message = getattr(exception, "chiiki_message", None) or _(
        "リクエストの内容を読み取れませんでした（送信できるファイルは1回に"
        "{files} 個まで、データは合計 {limit_mb} MB までです）。"
    ).format(
        files=settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        limit_mb=settings.CHIIKI_MAX_REQUEST_BYTES // (1024 * 1024),
    )
    return refusal(request, message, status=400)
