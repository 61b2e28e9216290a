"""The OpenAPI document is exact: what a strict parser accepts and clients rely on.

Swagger UI reads the document with a YAML parser that refuses a mapping key
seen twice; Python's ``json`` silently keeps the last one. Both strict
readers are used here, on the bytes the server sends.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest
import yaml
from django.test import Client

from accounts.models import User
from accounts.tokens import issue_token
from evaluations.tests.factories import make_closed_panel
from tests.factories import make_user

pytestmark = pytest.mark.django_db


class DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise DuplicateKeyError(f"duplicate keys {twice} in {keys}")
    return dict(pairs)


class StrictYamlLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a duplicated mapping key like Swagger UI."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise DuplicateKeyError(f"duplicated mapping key {key!r}")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@pytest.fixture
def raw_spec(client: Client) -> str:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def spec(raw_spec: str) -> dict[str, Any]:
    return json.loads(raw_spec, object_pairs_hook=_no_duplicates)


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
    ]


def test_the_strict_loaders_catch_a_duplicated_code() -> None:
    """The checks below can fail: the shape the 11 operations once had."""
    twice = '{"responses": {"404": {}, "422": {}, "404": {}}}'
    with pytest.raises(DuplicateKeyError):
        json.loads(twice, object_pairs_hook=_no_duplicates)
    with pytest.raises(DuplicateKeyError):
        yaml.load(twice, Loader=StrictYamlLoader)  # noqa: S506 (safe loader)


def test_no_key_appears_twice_for_json_or_yaml(raw_spec: str, spec: Any) -> None:
    as_yaml = yaml.load(raw_spec, Loader=StrictYamlLoader)  # noqa: S506
    assert as_yaml == spec
    # And back: the YAML form of the document reads as the same document.
    assert yaml.load(yaml.safe_dump(spec), Loader=StrictYamlLoader) == spec  # noqa: S506


def test_every_operation_declares_each_response_code_once(spec: Any) -> None:
    for method, path, operation in _operations(spec):
        codes = list(operation["responses"])
        assert all(isinstance(code, str) and code.isdigit() for code in codes), (
            method,
            path,
            codes,
        )
        assert len(codes) == len(set(codes)), (method, path, codes)


def _component(spec: Any, name: str) -> dict[str, Any]:
    return spec["components"]["schemas"][name]


def _resolve(spec: Any, schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return _component(spec, schema["$ref"].rsplit("/", 1)[1])
    variants = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(variants) == 1:
        return _resolve(spec, variants[0])
    return schema


@pytest.mark.parametrize(
    ("schema", "field", "values"),
    [
        ("ReportOut", "status", {"draft", "submitted", "returned", "accepted"}),
        ("EvaluationOut", "kind", {"selection", "interim", "final", "continuation"}),
        ("EvaluationOut", "state", {"draft", "open", "closed", "published"}),
        ("ImportOut", "status", {"imported", "validated", "rejected"}),
        ("AllocationRegionOut", "bound", {"none", "floor", "ceiling"}),
        ("AllocationResultOut", "weighting", {"rating", "score", "equal"}),
    ],
)
def test_closed_sets_of_values_are_enums(
    spec: Any, schema: str, field: str, values: set[str]
) -> None:
    declared = _resolve(spec, _component(spec, schema)["properties"][field])
    assert set(declared["enum"]) == values


def test_the_rejected_import_body_is_the_documented_422(spec: Any) -> None:
    operation = spec["paths"]["/api/v1/reports/{code}/{fy}/import"]["post"]
    body = operation["responses"]["422"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ImportRejectedOut"}
    assert "errors" in _component(spec, "ImportRejectedOut")["properties"]


def test_allocation_results_are_typed_to_the_last_field(spec: Any) -> None:
    """No untyped object anywhere under AllocationOut."""
    pending = [_component(spec, "AllocationOut")]
    seen = 0
    while pending:
        schema = pending.pop()
        seen += 1
        assert schema.get("additionalProperties") is not True, schema
        if schema.get("type") == "object" or "properties" in schema:
            assert schema.get("properties"), schema
        for sub in schema.get("properties", {}).values():
            pending.append(_resolve(spec, sub))
            if "items" in sub or "items" in _resolve(spec, sub):
                pending.append(_resolve(spec, _resolve(spec, sub)["items"]))
    assert seen > 20


def _primitive_types(spec: Any, schema: dict[str, Any]) -> set[str]:
    schema = _resolve(spec, schema)
    if "anyOf" in schema:
        return set().union(*(_primitive_types(spec, s) for s in schema["anyOf"]))
    kind = schema.get("type")
    return {kind} if kind in {"integer", "number", "string", "boolean"} else set()


def test_a_field_name_has_one_type_in_every_schema(spec: Any) -> None:
    """``score`` once was the string "4.612" in one answer and a number in
    another; a field of one name means one type across the API."""
    types: dict[str, set[str]] = defaultdict(set)
    where: dict[str, list[str]] = defaultdict(list)
    for name, schema in spec["components"]["schemas"].items():
        for field, sub in schema.get("properties", {}).items():
            found = _primitive_types(spec, sub)
            types[field] |= found
            where[field].append(f"{name}:{sorted(found)}")
    # A target's id is its section number ("6-2-1"); other ids are integers.
    types.pop("id")
    mixed = {f: where[f] for f, t in types.items() if len(t) > 1}
    assert not mixed, mixed
    assert types["value"] == {"number"}
    assert types["score"] == {"number"}


def test_an_allocation_score_is_a_number_in_the_answer() -> None:
    officer = make_user(User.Role.OFFICER)
    panel = make_closed_panel(regions=3, members=2, min_reviewers=2)
    body = {
        "programme": panel.evaluation.programme.code,
        "fiscal_year": 2005,
        "budget_yen": 300_000_000,
        "base_yen": 100_000_000,
        "evaluation_id": panel.evaluation.pk,
        "weighting": "score",
    }
    response = Client().post(
        "/api/v1/allocations",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {issue_token(officer).plaintext}"},
    )
    assert response.status_code == 200, response.content
    regions = response.json()["allocation"]["regions"]
    assert regions and all(isinstance(r["score"], float) for r in regions)
    assert {r["bound"] for r in regions} <= {"none", "floor", "ceiling"}
