"""Attribute the changes made while serving a request to its user and address.

The address is the client's behind our proxies (``CHIIKI_TRUSTED_PROXIES``,
chiiki/client_address.py), the same one django-axes keys its lockout on.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from audit.context import audit_context, new_request_id
from chiiki.client_address import client_address

__all__ = ["AuditContextMiddleware", "REQUEST_ID_HEADER"]

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's request id is reused only if it cannot smuggle anything odd into logs.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class AuditContextMiddleware:
    """Set the audit context for the request and echo its id in the response.

    The user is read lazily from ``request.user`` when an entry is written:
    the API swaps in the Bearer token's user after this middleware has run.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = _request_id(request)
        with audit_context(
            user_getter=lambda: getattr(request, "user", None),
            request_id=request_id,
            # Behind our proxies, the client's address, not the proxy's.
            remote_addr=client_address(request),
        ):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def _request_id(request: HttpRequest) -> str:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    return offered if _SAFE_REQUEST_ID.match(offered) else new_request_id()
