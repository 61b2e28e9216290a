"""The site's URLs plus a bare view: the floor of what one Django request costs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from chiiki.urls import urlpatterns as site_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench__/bare/", bare), *site_urlpatterns]
