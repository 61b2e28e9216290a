"""Permission rules for the sheets pages and API operations.

The world has no published sheet: the public gets "not yet published" pages
(200) and 404 for files and the API's sheet; officers get the live draft.
"""

from __future__ import annotations

from typing import Any

from tests.permission_rules import (
    ALLOWED,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OFFICER_PAGE,
    OK,
    UNAUTHORISED,
    Case,
    World,
    each,
    everyone,
)

FY = 2005


def _fy(world: World) -> dict[str, Any]:
    return {"fy": FY}


def _file(world: World) -> dict[str, Any]:
    return {"fy": FY, "fmt": "md"}


#: A draft is the officers'; before publication nobody else has a sheet.
DRAFT_ONLY = each(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)

WEB_RULES: dict[str, list[Case]] = {
    "sheets:index": [Case(everyone())],
    "sheets:detail": [Case(everyone(), params=_fy)],
    "sheets:download": [Case(DRAFT_ONLY, params=_file)],
    "sheets:edit": [Case(OFFICER_PAGE, params=_fy)],
    "sheets:publish": [
        Case(
            each(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED),
            method="post",
            params=_fy,
        )
    ],
    "sheets:compare": [
        Case(everyone()),
        Case(
            each(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
            query="before=2004&after=2005",
            label="two years",
        ),
    ],
    "sheets:source_outcomes": [
        Case(everyone(OK), query="kind=patent_applications&fiscal_year=2004")
    ],
    "sheets:source_budgets": [Case(everyone(OK), query="fiscal_year=2004")],
    "sheets:source_benchmarks": [Case(everyone(OK))],
    "sheets:source_evaluations": [Case(everyone(OK), query="fiscal_year=2004")],
}

API_RULES: dict[str, list[Case]] = {
    "GET /api/v1/sheets": [Case(everyone())],
    "GET /api/v1/sheets/{fy}": [Case(DRAFT_ONLY, params=_fy)],
    "POST /api/v1/sheets/{fy}/publish": [
        Case(
            each(UNAUTHORISED, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED),
            method="post",
            params=_fy,
        )
    ],
}


def build(world: World) -> None:
    """The sheets cases need no objects of their own (FY2005 is a number)."""
