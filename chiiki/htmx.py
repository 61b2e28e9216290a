"""The one place that decides whether a request wants an htmx partial."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers

__all__ = ["htmx_partial", "vary_on_htmx"]


def htmx_partial(request: HttpRequest) -> bool:
    """True when htmx asked for a fragment rather than a whole page.

    Boosted links and history restores (back button after a cache miss) need
    the full page, so only plain htmx requests get the partial.
    """
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def vary_on_htmx(response: HttpResponseBase) -> HttpResponseBase:
    """Keep caches from serving a fragment where a full page was asked for."""
    patch_vary_headers(response, ["HX-Request"])
    return response
