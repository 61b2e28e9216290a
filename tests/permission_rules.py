"""The permission matrix: every web route and API operation, per role.

tests/test_permission_matrix.py discovers the routes from the URL conf and
the operations from the OpenAPI schema and calls each one as each role. A
route or operation that is not in this table fails that test, so a new
endpoint cannot ship without a decision about who may use it.

Roles (columns): ``anonymous``; ``region_own`` (region staff of the region the
objects belong to); ``region_other`` (region staff of another region);
``reviewer``; ``officer``. Expected answers are sets of status codes:

* ``OK`` — served (200);
* ``ALLOWED`` — past the access check; the answer depends on the request
  body (200/201/204 done, 400/409/422 refused on content), never 401/403/404;
* ``LOGIN`` — web page, anonymous: redirected to the login page;
* ``DENIED`` — 403, or 404 where the object must not even be seen;
* ``UNAUTHORISED`` — API without a valid token: 401.

To add an endpoint: add an entry keyed by the URL name (web, with its
namespace) or by ``"METHOD /api/v1/path/{param}"`` (API, as in OpenAPI),
with one or more :class:`Case`. ``params`` builds the URL's parameters from
the :class:`World` of test objects; ``data`` builds a POST body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

__all__ = [
    "API_RULES",
    "IGNORED_WEB_ROUTES",
    "PLANNED_API_RULES",
    "ROLES",
    "WEB_RULES",
    "Case",
    "World",
]

ROLES = ("anonymous", "region_own", "region_other", "reviewer", "officer")

OK = frozenset({200})
ALLOWED = frozenset({200, 201, 204, 302, 400, 409, 422})
LOGIN = frozenset({302})
REDIRECT = frozenset({302})
DENIED = frozenset({403, 404})
FORBIDDEN = frozenset({403})
NOT_FOUND = frozenset({404})
UNAUTHORISED = frozenset({401})


@dataclass
class World:
    """The objects every case can point at; all belong to ``region``."""

    region: Any
    other_region: Any
    draft: Any
    accepted: Any
    audit_entry: Any
    extra: dict[str, Any] = field(default_factory=dict)


Params = Callable[[World], dict[str, Any]]


def _no_params(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Case:
    expect: dict[str, frozenset[int]]
    method: str = "get"
    params: Params = _no_params
    data: Callable[[World], dict[str, Any]] | None = None
    query: str = ""
    label: str = ""
    #: Send ``data`` as a JSON body (API payloads) instead of a form.
    json: bool = False


def each(
    anonymous: frozenset[int],
    region_own: frozenset[int],
    region_other: frozenset[int],
    reviewer: frozenset[int],
    officer: frozenset[int],
) -> dict[str, frozenset[int]]:
    statuses = (anonymous, region_own, region_other, reviewer, officer)
    return dict(zip(ROLES, statuses, strict=True))


def everyone(statuses: frozenset[int] = OK) -> dict[str, frozenset[int]]:
    return dict.fromkeys(ROLES, statuses)


OFFICER_PAGE = each(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
TOKEN_HOLDERS = each(UNAUTHORISED, OK, OK, OK, OK)


def _region(world: World) -> dict[str, Any]:
    return {"code": world.region.code}


def _entry(world: World) -> dict[str, Any]:
    return {"pk": world.audit_entry.pk}


def _draft(world: World) -> dict[str, Any]:
    return {"code": world.region.code, "fy": world.draft.fiscal_year}


def _accepted(world: World) -> dict[str, Any]:
    return {"code": world.region.code, "fy": world.accepted.fiscal_year}


def _target(world: World) -> dict[str, Any]:
    return {"code": world.extra["target"].code}


def _language(world: World) -> dict[str, Any]:
    return {"language": "en", "next": "/"}


def _upload(world: World) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("report.csv", b"sheet,key\n", "text/csv")}


def _import_job(report: Any) -> int:
    """A finished background import of ``report`` (its result page is shown)."""
    from reports.models import ImportJob

    job, _ = ImportJob.objects.get_or_create(
        report=report,
        source_name="matrix.xlsx",
        defaults={"path": "/nonexistent", "status": "done", "result": {}},
    )
    return job.pk


def _draft_job(world: World) -> dict[str, Any]:
    return {**_draft(world), "job": _import_job(world.draft)}


def _accepted_job(world: World) -> dict[str, Any]:
    return {**_accepted(world), "job": _import_job(world.accepted)}


def _versions(world: World) -> dict[str, Any]:
    return {"from": 1, "to": 1}


def _workflow_form(world: World) -> dict[str, Any]:
    return {"lock_version": 0, "comment": "修正してください。"}


def _comment(world: World) -> dict[str, Any]:
    return {"comment": "修正してください。"}


def _report_cases(
    draft: dict[str, frozenset[int]],
    accepted: dict[str, frozenset[int]],
    **options: Any,
) -> list[Case]:
    """The same call on the region's draft and on its accepted report."""
    return [
        Case(draft, params=_draft, label="draft", **options),
        Case(accepted, params=_accepted, label="accepted", **options),
    ]


# What the policy says about a region's reports, by role (column order ROLES):
#: read a draft: insiders only; others must not learn it exists (404)
DRAFT_READ = each(NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK)
#: change a draft (import, submit): own region and officers
DRAFT_WRITE_WEB = each(NOT_FOUND, ALLOWED, NOT_FOUND, NOT_FOUND, ALLOWED)
DRAFT_WRITE_API = each(UNAUTHORISED, ALLOWED, NOT_FOUND, NOT_FOUND, ALLOWED)
#: a ministry step (accept, return) on a draft: officers only
DRAFT_REVIEW_WEB = each(NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, ALLOWED)
DRAFT_REVIEW_API = each(UNAUTHORISED, FORBIDDEN, NOT_FOUND, NOT_FOUND, ALLOWED)
#: anything but reading an accepted report: visible, so 403, except officers
ACCEPTED_WRITE_WEB = each(FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED)
ACCEPTED_WRITE_API = each(UNAUTHORISED, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED)
#: the history and version diffs: insiders only, even once accepted
INSIDERS = each(NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK)


# --- web pages (URL name → cases) ----------------------------------------------

WEB_RULES: dict[str, list[Case]] = {
    "dashboard:home": [Case(everyone())],
    "programmes:region_list": [
        Case(everyone()),
        Case(everyone(), query="export=csv", label="csv"),
    ],
    "programmes:region_detail": [Case(everyone(), params=_region)],
    "login": [Case(everyone())],
    "logout": [Case(everyone(REDIRECT), method="post")],
    "set_language": [Case(everyone(REDIRECT), method="post", data=_language)],
    "healthz": [Case(everyone())],
    "targets:list": [Case(everyone())],
    "targets:detail": [Case(everyone(), params=_target)],
    "targets:create": [Case(OFFICER_PAGE)],
    "targets:edit": [Case(OFFICER_PAGE, params=_target)],
    "reports:list": [Case(everyone())],
    "reports:template_xlsx": [Case(everyone())],
    "reports:template_csv": [Case(everyone())],
    "reports:detail": _report_cases(DRAFT_READ, everyone()),
    "reports:diff": _report_cases(INSIDERS, INSIDERS, data=_versions),
    "reports:upload": _report_cases(
        DRAFT_WRITE_WEB, ACCEPTED_WRITE_WEB, method="post", data=_upload
    ),
    "reports:submit": _report_cases(
        DRAFT_WRITE_WEB, ACCEPTED_WRITE_WEB, method="post", data=_workflow_form
    ),
    # the progress of a background import: whoever may import into the report
    "reports:import_progress": [
        Case(DRAFT_WRITE_WEB, params=_draft_job, label="draft"),
        Case(ACCEPTED_WRITE_WEB, params=_accepted_job, label="accepted"),
    ],
    "reports:prefill": _report_cases(
        DRAFT_WRITE_WEB, ACCEPTED_WRITE_WEB, method="post"
    ),
    "reports:accept": _report_cases(
        DRAFT_REVIEW_WEB, ACCEPTED_WRITE_WEB, method="post", data=_workflow_form
    ),
    "reports:return": _report_cases(
        DRAFT_REVIEW_WEB, ACCEPTED_WRITE_WEB, method="post", data=_workflow_form
    ),
    "audit:entry_list": [Case(OFFICER_PAGE)],
    "audit:entry_detail": [Case(OFFICER_PAGE, params=_entry)],
    "audit:entry_export": [Case(OFFICER_PAGE)],
    # The API's own pages (not operations): index, schema and docs are public.
    "api:api-root": [Case(everyone())],
    "api:openapi-json": [Case(everyone())],
    "api:openapi-view": [Case(everyone())],
}

#: Routes the matrix does not call, with the reason.
IGNORED_WEB_ROUTES: dict[str, str] = {
    "api:not-found": "catch-all JSON 404 of the API, not an endpoint",
}

# --- API operations ("METHOD /path" as in OpenAPI → cases) ---------------------

API_RULES: dict[str, list[Case]] = {
    "GET /api/v1/programmes": [Case(everyone())],
    "GET /api/v1/budgets": [Case(everyone())],
    "GET /api/v1/regions": [Case(everyone())],
    "GET /api/v1/regions/{code}": [Case(everyone(), params=_region)],
    "GET /api/v1/prefectures": [Case(everyone())],
    "GET /api/v1/targets": [Case(everyone())],
    "GET /api/v1/targets/{code}": [Case(everyone(), params=_target)],
    "GET /api/v1/me": [Case(TOKEN_HOLDERS)],
    "GET /api/v1/reports/{code}/{fy}": _report_cases(DRAFT_READ, everyone()),
    "POST /api/v1/reports/{code}/{fy}/import": _report_cases(
        DRAFT_WRITE_API, ACCEPTED_WRITE_API, method="post", data=_upload
    ),
    "POST /api/v1/reports/{code}/{fy}/submit": _report_cases(
        DRAFT_WRITE_API, ACCEPTED_WRITE_API, method="post"
    ),
    "POST /api/v1/reports/{code}/{fy}/prefill": _report_cases(
        DRAFT_WRITE_API, ACCEPTED_WRITE_API, method="post"
    ),
    "POST /api/v1/reports/{code}/{fy}/accept": _report_cases(
        DRAFT_REVIEW_API, ACCEPTED_WRITE_API, method="post"
    ),
    "POST /api/v1/reports/{code}/{fy}/return": _report_cases(
        DRAFT_REVIEW_API,
        ACCEPTED_WRITE_API,
        method="post",
        data=_comment,
        json=True,
    ),
}

#: Operations announced but not built yet: checked once they appear, and not
#: reported as stale while they are missing. Move them to API_RULES when built.
PLANNED_API_RULES: dict[str, list[Case]] = {}


def _merge_areas() -> None:
    """Add the tables of tests/permission_areas/ (one module per area)."""
    from tests.permission_areas import modules

    for module in modules():
        for table, extra in (
            (WEB_RULES, module.WEB_RULES),
            (API_RULES, module.API_RULES),
        ):
            clash = set(table) & set(extra)
            assert not clash, f"{module.__name__} repeats rules: {sorted(clash)}"
            table.update(extra)


_merge_areas()
