"""``HEAD`` answers wherever ``GET`` does: the same status and headers, no body.

Load balancers, link checkers and ``curl -I`` send HEAD; a 405 there made
/healthz look down and every API URL look broken.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from evaluations.models import Assignment, Evaluation, EvaluationItem

pytestmark = pytest.mark.usefixtures("demo")


def test_head_on_a_list_is_its_get_without_the_body(client: Client) -> None:
    get = client.get("/api/v1/regions")
    head = client.head("/api/v1/regions")

    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content)) != "0"
    assert head["ETag"] == get["ETag"]
    assert head["Content-Type"] == get["Content-Type"]


def test_head_on_healthz(client: Client) -> None:
    response = client.head("/healthz")

    assert response.status_code == 200
    assert response.content == b""


def test_head_honours_the_validators(client: Client) -> None:
    etag = client.get("/api/v1/programmes")["ETag"]

    response = client.head("/api/v1/programmes", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_head_is_refused_where_get_is(client: Client) -> None:
    response = client.head("/api/v1/allocations")

    assert response.status_code == 405
    assert response.content == b""
    assert response["Allow"] == "POST"


def _path_values() -> dict[str, str]:
    evaluation = Evaluation.objects.order_by("pk").first()
    item = EvaluationItem.objects.order_by("pk").first()
    sheet = Assignment.objects.order_by("pk").first()
    return {
        "code": "kc-sapporo",
        "fy": "2005",
        "evaluation_id": str(evaluation.pk if evaluation else 1),
        "item_id": str(item.pk if item else 1),
        "sheet_id": str(sheet.pk if sheet else 1),
    }


def _get_paths(client: Client) -> list[str]:
    spec = client.get("/api/v1/openapi.json").json()
    values = _path_values()
    paths = [
        re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
        for path, operations in spec["paths"].items()
        if "get" in operations
    ]
    return [*paths, "/api/v1/openapi.json", "/api/v1/", "/api/v1/docs"]


def test_every_get_route_of_the_schema_answers_head(client: Client) -> None:
    statuses: dict[str, Any] = {}
    for path in _get_paths(client):
        get = client.get(path)
        head = client.head(path)
        statuses[path] = head.status_code
        assert head.status_code == get.status_code, path
        assert head.content == b"", path
        if get.status_code == 200:
            assert head["Content-Length"] == str(len(get.content)), path
    # Most answer 200 with the demo data (the rest need a token).
    assert sum(status == 200 for status in statuses.values()) >= 12, statuses
