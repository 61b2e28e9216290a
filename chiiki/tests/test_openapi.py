"""The OpenAPI schema is valid and the docs page works offline under our CSP."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

SCRIPT_OPENING_TAG = re.compile(r"<script\b([^>]*)>")


def test_it_serves_a_valid_openapi_document(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert {"/api/v1/programmes", "/api/v1/regions", "/api/v1/prefectures"} <= set(
        spec["paths"]
    )


def test_it_documents_the_region_filters_and_error_responses(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()

    operation = spec["paths"]["/api/v1/regions"]["get"]
    params = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert set(params) >= {"q", "programme", "fiscal_year", "prefecture", "status"}
    assert params["fiscal_year"]["type"] == "integer"
    assert {"200", "400"} <= set(operation["responses"])
    detail = spec["paths"]["/api/v1/regions/{code}"]["get"]
    assert {"200", "404"} <= set(detail["responses"])


def test_it_serves_the_docs_page(client: Client) -> None:
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert "Chiiki API" in response.content.decode()


def test_it_references_no_external_url_on_the_docs_page(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()

    assert re.findall(r"https?://|//cdn", html) == []


def test_it_loads_the_docs_scripts_from_bundled_static_files(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()

    sources = re.findall(r'<script[^>]*\bsrc="/static/([^"]+)"', html)
    assert sources == ["ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js"]
    for path in [*sources, "ninja/swagger-ui.css"]:
        assert finders.find(path), path


def test_it_has_no_inline_script_that_the_csp_would_block(client: Client) -> None:
    response = client.get("/api/v1/docs")

    for attrs in SCRIPT_OPENING_TAG.findall(response.content.decode()):
        # A JSON data block is not executed, so script-src does not apply.
        assert "src=" in attrs or 'type="application/json"' in attrs
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_no_two_schemas_share_a_name() -> None:
    """OpenAPI components are keyed by class name: a second schema of the same
    name silently replaces the first in the document (evaluations' score sheet
    once described the 事業評価書's responses)."""
    from ninja import Schema

    from chiiki.api import api

    api.get_openapi_schema()  # imports every router's schemas
    seen: dict[str, type] = {}
    clashes = []
    pending = list(Schema.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in {"ninja", "pydantic", "abc"}:
            continue
        first = seen.setdefault(cls.__name__, cls)
        # Twins of one shape (each app's ErrorOut) describe the same thing.
        if first is not cls and first.model_json_schema() != cls.model_json_schema():
            clashes.append((f"{first.__module__}", f"{cls.__module__}", cls.__name__))
    assert not clashes, clashes
