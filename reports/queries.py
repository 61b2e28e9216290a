"""Report lookups shared by the web pages, the homes and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.policy import Action, can, get_object_for_user
from reports.choices import ReportStatus
from reports.models import AnnualReport, ReportVersion, StatusChange

__all__ = [
    "NOT_SUBMITTED",
    "ReportFilter",
    "get_report_for_user",
    "has_full_access",
    "is_overdue",
    "latest_changes",
    "overdue_q",
    "reports_for_list",
    "shown_version",
    "status_counts",
]

#: Statuses in which the region still holds the report (it is theirs to send).
NOT_SUBMITTED = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def reports_for_list() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.select_related(
        "region", "region__programme", "current_version"
    )


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


# --- the yearly cycle: overdue, filters, counts --------------------------------


def overdue_q(today: date) -> Q:
    """Reports the region still holds although their due date has passed."""
    return Q(status__in=NOT_SUBMITTED, due_date__lt=today)


def is_overdue(report: AnnualReport, today: date) -> bool:
    return (
        report.status in NOT_SUBMITTED
        and report.due_date is not None
        and report.due_date < today
    )


def latest_changes(reports: list[AnnualReport], status: str) -> dict[int, StatusChange]:
    """The latest change *to* ``status`` of each report (one query).

    The homes and the detail page show the last 差戻し with its reason, who
    and when, and the waiting time since the last 提出.
    """
    ids = [report.pk for report in reports]
    if not ids:
        return {}
    changes = (
        StatusChange.objects.filter(report_id__in=ids, new_status=status)
        .select_related("actor")
        .order_by("report_id", "at", "pk")
    )
    return {change.report_id: change for change in changes}


@dataclass(frozen=True)
class ReportFilter:
    """The report list's filters: programme, FY, status, overdue, region.

    Built from a validated ReportListForm's ``cleaned_data``; the sort order
    is the table's own (column headers, ``?sort=``).
    """

    programme: str = ""
    fiscal_year: int | None = None
    status: str = ""
    overdue: bool = False
    region: str = ""

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> ReportFilter:
        return cls(
            programme=data.get("programme") or "",
            fiscal_year=data.get("fiscal_year") or None,
            status=data.get("status") or "",
            overdue=bool(data.get("overdue")),
            region=(data.get("region") or "").strip(),
        )

    def apply(
        self, reports: QuerySet[AnnualReport], today: date, *, with_status: bool = True
    ) -> QuerySet[AnnualReport]:
        """``reports`` narrowed by every filter (the status one if asked)."""
        if self.programme:
            reports = reports.filter(region__programme__code=self.programme)
        if self.fiscal_year:
            reports = reports.filter(fiscal_year=self.fiscal_year)
        if self.region:
            reports = reports.filter(region__code=self.region)
        if self.overdue:
            reports = reports.filter(overdue_q(today))
        if with_status and self.status:
            reports = reports.filter(status=self.status)
        return reports


def status_counts(reports: QuerySet[AnnualReport]) -> dict[str, int]:
    """Reports per status (every status, zeros included), in workflow order."""
    rows = reports.order_by().values("status").annotate(n=Count("pk"))
    found = {row["status"]: row["n"] for row in rows}
    return {status: found.get(status, 0) for status in ReportStatus.values}
