"""chiiki.htmx: when a request gets a fragment instead of a page."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from chiiki.htmx import htmx_partial, vary_on_htmx


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"HX-Request": "true"}, True),
        ({"HX-Request": "true", "HX-Boosted": "true"}, False),
        ({"HX-Request": "true", "HX-History-Restore-Request": "true"}, False),
        ({"HX-Request": "false"}, False),
    ],
)
def test_it_wants_a_partial_only_for_plain_htmx_requests(
    rf: RequestFactory, headers: dict[str, str], expected: bool
) -> None:
    request = rf.get("/regions/", headers=headers)

    assert htmx_partial(request) is expected


def test_it_varies_responses_on_the_htmx_header() -> None:
    response = vary_on_htmx(HttpResponse("x"))

    assert response["Vary"] == "HX-Request"
