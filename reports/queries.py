"""Report lookups shared by the web pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.policy import Action, can, get_object_for_user
from reports.models import AnnualReport, ReportVersion, StatusChange

__all__ = [
    "get_report_for_user",
    "has_full_access",
    "reports_for_list",
    "shown_version",
]


def reports_for_list() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.select_related("region", "current_version")


def get_report_for_user(
    request_or_user: Any, code: str, fy: int, action: str = Action.VIEW
) -> AnnualReport:
    """The report of region ``code`` for FY ``fy``: 404 if invisible, 403 if
    visible but ``action`` is not allowed."""
    return get_object_for_user(
        request_or_user,
        reports_for_list(),
        action,
        region__code=code,
        fiscal_year=fy,
    )


def has_full_access(user: Any, report: AnnualReport) -> bool:
    """Whether ``user`` sees the working state (drafts, rows, history).

    The public sees an accepted report's counts only; the history rule
    (StatusChange: own region and officers) draws exactly that line.
    """
    return can(user, Action.VIEW, StatusChange(report=report))


def shown_version(user: Any, report: AnnualReport) -> ReportVersion | None:
    """The current version for insiders, the accepted one for the public."""
    if has_full_access(user, report):
        return report.current_version
    return report.accepted_version
