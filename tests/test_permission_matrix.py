"""Every web route and API operation, called as every role, answers as ruled.

Routes come from the URL conf and operations from the OpenAPI schema, so a
new endpoint is covered (and fails until tests/permission_rules.py has a
rule for it). The admin site and static files are Django's own and skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from accounts.tokens import issue_token
from audit.models import AuditEntry
from chiiki.api import api
from reports.choices import ReportStatus
from targets.models import PolicyGoal, Target
from tests import permission_areas
from tests.base import make_personas
from tests.factories import make_report
from tests.permission_rules import (
    API_RULES,
    IGNORED_WEB_ROUTES,
    PLANNED_API_RULES,
    ROLES,
    WEB_RULES,
    Case,
    World,
)

SKIPPED_NAMESPACES = {"admin", "djdt"}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_CONVERTER = re.compile(r"<(?:[^>:]+:)?([^>]+)>")


# --- discovery ---------------------------------------------------------------


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, str]]:
    """(namespace, name or route, route) of every URL pattern, recursively."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name or ""]))
            yield namespace, (name if pattern.name else route), route


def _template(route: str) -> str:
    """`regions/<str:code>` → `/regions/{code}`, as OpenAPI writes paths."""
    return "/" + _CONVERTER.sub(r"{\1}", route).lstrip("^").rstrip("$")


def discover_api_operations() -> list[str]:
    schema = api.get_openapi_schema()
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    )


def discover_web_routes() -> list[str]:
    """Named routes of the site, minus the admin and the API's operations."""
    operation_paths = {key.split(" ", 1)[1] for key in discover_api_operations()}
    routes = set()
    for namespace, name, route in _walk(get_resolver().url_patterns):
        if namespace.split(":")[0] in SKIPPED_NAMESPACES or route.startswith("static/"):
            continue
        if _template(route) in operation_paths:
            continue
        routes.add(name)
    return sorted(routes)


WEB_ROUTES = discover_web_routes()
API_OPERATIONS = discover_api_operations()
API_TABLE = {
    **{k: v for k, v in PLANNED_API_RULES.items() if k in API_OPERATIONS},
    **API_RULES,
}


# --- the table is complete -----------------------------------------------------


def test_every_web_route_has_a_rule() -> None:
    missing = [
        r for r in WEB_ROUTES if r not in WEB_RULES and r not in IGNORED_WEB_ROUTES
    ]
    assert not missing, (
        f"No permission rule for these web routes: {missing}. "
        "Add them to tests/permission_rules.py WEB_RULES."
    )


def test_every_api_operation_has_a_rule() -> None:
    missing = [op for op in API_OPERATIONS if op not in API_TABLE]
    assert not missing, (
        f"No permission rule for these API operations: {missing}. "
        "Add them to tests/permission_rules.py API_RULES."
    )


def test_no_rule_is_left_for_a_route_that_is_gone() -> None:
    stale = [r for r in WEB_RULES if r not in WEB_ROUTES]
    stale += [op for op in API_RULES if op not in API_OPERATIONS]
    assert not stale, f"Rules for routes that no longer exist: {stale}"


# --- the table holds -------------------------------------------------------------


# Roles that must be refused go first: they change nothing, so one set of test
# objects serves the whole row; the region's own staff then act before the
# officer, whose allowed answers (ALLOWED) include 409 for a step already done.
ROLE_ORDER = ("anonymous", "region_other", "reviewer", "region_own", "officer")
assert sorted(ROLE_ORDER) == sorted(ROLES)


def _cases(table: dict[str, list[Case]], keys: list[str]) -> list[Any]:
    params = []
    for key in keys:
        for index, case in enumerate(table.get(key, [])):
            case_id = f"{key}[{case.label}]" if case.label else key
            params.append(pytest.param(key, index, id=case_id))
    return params


@pytest.fixture
def world(db: None, settings: Any) -> World:
    settings.PASSWORD_HASHERS = FAST_HASHERS  # PBKDF2 would cost ~2 s per case
    personas = make_personas()
    draft = make_report(region=personas.region, fiscal_year=2004)
    accepted = make_report(
        region=personas.region, fiscal_year=2003, status=ReportStatus.ACCEPTED
    )
    accepted.accepted_version = accepted.current_version
    accepted.save(update_fields=["accepted_version"])
    users = {
        "region_own": personas.region_user,
        "region_other": personas.outsider,
        "reviewer": personas.reviewer,
        "officer": personas.officer,
    }
    world = World(
        region=personas.region,
        other_region=personas.other_region,
        draft=draft,
        accepted=accepted,
        audit_entry=AuditEntry.objects.first(),
        extra={"users": users, "target": _target()},
    )
    for area in permission_areas.modules():
        area.build(world)
    return world


def _target() -> Target:
    goal = PolicyGoal.objects.create(code="6-2", title_ja="地域の科学技術振興")
    return Target.objects.create(
        goal=goal, code="6-2-4", text_ja="特許出願2,000件", deadline_fy=2006
    )


def _user(world: World, role: str) -> User | None:
    return world.extra["users"].get(role)


def _call(client: Client, case: Case, path: str, world: World, **extra: Any) -> Any:
    if case.query:
        path = f"{path}?{case.query}"
    data = case.data(world) if case.data else None
    if case.method == "get":
        return client.get(path, data, **extra)
    if case.json:
        body = json.dumps(data or {})
        return getattr(client, case.method)(
            path, body, content_type="application/json", **extra
        )
    return getattr(client, case.method)(path, data or {}, **extra)


def _check_row(world: World, case: Case, call: Any) -> None:
    """Call as every role in ROLE_ORDER; report every answer that breaks the rule."""
    wrong = []
    for role in ROLE_ORDER:
        label, response = call(_user(world, role))
        if response.status_code not in case.expect[role]:
            wrong.append(
                f"{label} as {role}: {response.status_code}, expected "
                f"{sorted(case.expect[role])} {response.get('Location', '')} "
                f"{response.content[:200]!r}"
            )
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("key", "index"), _cases(WEB_RULES, WEB_ROUTES))
def test_web_route_answers_each_role_as_ruled(
    world: World, key: str, index: int
) -> None:
    case = WEB_RULES[key][index]
    path = reverse(key, kwargs=case.params(world) or None)

    def call(user: User | None) -> tuple[str, Any]:
        client = Client()
        if user is not None:
            client.force_login(user)
        return f"{case.method.upper()} {path}", _call(client, case, path, world)

    _check_row(world, case, call)


@pytest.mark.parametrize(("key", "index"), _cases(API_TABLE, list(API_OPERATIONS)))
def test_api_operation_answers_each_role_as_ruled(
    world: World, key: str, index: int
) -> None:
    case = API_TABLE[key][index]
    path = key.split(" ", 1)[1].format(**case.params(world))

    def call(user: User | None) -> tuple[str, Any]:
        headers = {}
        if user is not None:
            headers["Authorization"] = f"Bearer {issue_token(user).plaintext}"
        return key, _call(Client(), case, path, world, headers=headers)

    _check_row(world, case, call)
